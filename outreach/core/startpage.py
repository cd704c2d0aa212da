"""Min side: each feature contributes panels to the personal start page.

A feature registers a panel source with `@panel_provider(name, title, order=…, action=…)`
on a function that takes the user and returns a `Panel`, or None when it has nothing to show
now. Features register their sources in create_app() through their package, so the core
knows none of them.

The page itself only lists the sources whose policy action (auth/policy.py, "panel.…": a check
on roles or the staff profile, no reading of their data) the user passes; each panel is then
loaded on its own (`/panels/<name>`), so the page appears at once and a slow panel holds up
no other.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from outreach.auth.policy import RULES, SIGNED_IN, can


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)


@dataclass(frozen=True)
class PanelSource:
    name: str  # its address: /panels/<name>
    title: object  # a lazy string, translated when shown
    build: Callable  # user -> Panel | None
    order: int
    action: str  # the policy rule (auth/policy.py) of who is shown it


_sources: dict[str, PanelSource] = {}


def panel_provider(name: str, title, *, order: int, action: str = SIGNED_IN) -> Callable:
    if action not in RULES:
        raise KeyError(f"no authorization rule named {action!r}")

    def register(build: Callable) -> Callable:
        _sources[name] = PanelSource(name, title, build, order, action)
        return build
    return register


def sources_for(user) -> list[PanelSource]:
    """The panels Min side asks for, in the page's order."""
    return sorted((source for source in _sources.values() if can(user, source.action)),
                  key=lambda source: source.order)


def source_named(name: str) -> PanelSource | None:
    return _sources.get(name)
