"""The questions users ask of the graph, one module each; all return pydantic models.

Each name is imported from its module when first asked for (PEP 562), so that a command
asking one question does not load the others: ``show`` needs neither history's
nor unexplored's modules (networkx among them).
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.questions.dormant import Dormant, dormant
    from graph.questions.history import History, history
    from graph.questions.lookup import EntityView, SearchHit, find_entity, search, show, side
    from graph.questions.unexplored import Suggestion, unexplored

_MODULES = {
    "Dormant": "dormant",
    "dormant": "dormant",
    "History": "history",
    "history": "history",
    "EntityView": "lookup",
    "SearchHit": "lookup",
    "find_entity": "lookup",
    "search": "lookup",
    "show": "lookup",
    "side": "lookup",
    "Suggestion": "unexplored",
    "unexplored": "unexplored",
}

__all__ = [
    "Dormant",
    "EntityView",
    "History",
    "SearchHit",
    "Suggestion",
    "dormant",
    "find_entity",
    "history",
    "search",
    "show",
    "side",
    "unexplored",
]


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # asked once
    return value


class _Package(types.ModuleType):
    """``history``, ``dormant`` and ``unexplored`` name both a question and its module; when
    the module is first imported, the import system binds its name on this package, which
    would hide the question. The name stays the question's, as when this package imported
    them all (the module is in ``sys.modules``)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if not (name in _MODULES and isinstance(value, types.ModuleType)):
            super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
