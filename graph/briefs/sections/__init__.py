"""The sections of a brief, one module each: every module here registers its section with
:func:`section` (its key, its place in the brief, the nodes whose sources it cites), and
:func:`parts` gives them all in the order a brief shows them. Adding a section is adding a
module; nothing else lists them.

A section is a function of the brief's :class:`~graph.briefs.context.Context`, which holds
what the sections read (the history, the two views, the themes; the opportunities when a
section first asks for them). What a section cites of the nodes' own sources it declares in
``cites``: ``build_brief`` reads those of every section in one read before the first is
written, so that a brief's reads do not grow with its lines.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graph.briefs.context import Context
    from graph.briefs.model import Section

__all__ = ["Part", "parts", "section"]

Write = Callable[["Context"], "Section"]
Cites = Callable[["Context"], Iterable[tuple[str, str]]]


def _none(ctx: Context) -> Iterable[tuple[str, str]]:
    return ()


@dataclass(frozen=True)
class Part:
    """One section: its key, its place (the brief shows the smallest first), the function
    that writes it, and the nodes (label, id) whose own sources it cites."""

    key: str
    order: int
    write: Write
    cites: Cites = _none


_PARTS: dict[str, Part] = {}


def section(key: str, *, order: int, cites: Cites = _none) -> Callable[[Write], Write]:
    """Register the decorated function as the section ``key``, at ``order`` in the brief."""

    def register(write: Write) -> Write:
        taken = [p.key for p in _PARTS.values() if p.key == key or p.order == order]
        if taken:
            raise ValueError(
                f"the brief section {key!r} (place {order}) clashes with {taken[0]!r}: give "
                "each module of graph/briefs/sections its own key and place"
            )
        _PARTS[key] = Part(key=key, order=order, write=write, cites=cites)
        return write

    return register


def parts() -> list[Part]:
    """Every section of a brief, in order (each module of this package imported once)."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return sorted(_PARTS.values(), key=lambda p: p.order)
