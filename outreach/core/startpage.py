"""Min side: each feature contributes panels to the personal start page.

A feature registers a panel source with `@panel_provider(name, title, order=…, shows_for=…)`
on a function that takes the user and returns a `Panel`, or None when it has nothing to show
now. Features register their sources in create_app() through their package, so the core
knows none of them.

The page itself only lists the sources that `shows_for` the user (a check on roles or the
staff profile, no reading of their data); each panel is then loaded on its own
(`/panels/<name>`), so the page appears at once and a slow panel holds up no other.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)


def everyone(user) -> bool:
    return True


def has_profile(user) -> bool:
    return user.profile is not None


def has_any_role(*roles) -> Callable:
    def shows_for(user) -> bool:
        return user.has_role(*roles)
    return shows_for


@dataclass(frozen=True)
class PanelSource:
    name: str  # its address: /panels/<name>
    title: object  # a lazy string, translated when shown
    build: Callable  # user -> Panel | None
    order: int
    shows_for: Callable  # user -> bool, without reading the panel's data


_sources: dict[str, PanelSource] = {}


def panel_provider(name: str, title, *, order: int, shows_for: Callable = everyone) -> Callable:
    def register(build: Callable) -> Callable:
        _sources[name] = PanelSource(name, title, build, order, shows_for)
        return build
    return register


def sources_for(user) -> list[PanelSource]:
    """The panels Min side asks for, in the page's order."""
    return sorted((source for source in _sources.values() if source.shows_for(user)),
                  key=lambda source: source.order)


def source_named(name: str) -> PanelSource | None:
    return _sources.get(name)
