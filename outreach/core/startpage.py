"""Min side: each feature contributes panels to the personal start page.

A panel provider takes the user and returns a `Panel` or None. Features register their
providers in create_app() through their package, so the core knows none of them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 50


_providers: list[Callable] = []


def panel_provider(func: Callable) -> Callable:
    if func not in _providers:
        _providers.append(func)
    return func


def panels_for(user) -> list[Panel]:
    panels = [panel for provider in _providers if (panel := provider(user)) is not None]
    return sorted(panels, key=lambda panel: panel.order)
