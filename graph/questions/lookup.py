"""Finding entities: search by any name (diacritic-insensitive, alias-aware), show one, and the
"side" of an entity (itself, its places, bodies and people).

Search runs over a :class:`~graph.questions.names.NameIndex` of every name, folded, kept in a
file beside the database for the graph's version (read back in milliseconds, built again after
a write) and, in the web app, in memory per store (see :func:`keep_index`).
"""

from __future__ import annotations

import threading
import weakref
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from graph import cypher
from graph.errors import NO_ENTITY, NO_ENTITY_CLOSE, NotFound
from graph.questions.names import (
    MAX_SEARCH_TEXT,
    NameIndex,
    SearchHit,
    check_length,
    kept_index,
)
from graph.stores.base import GraphStore

__all__ = [
    "MAX_SEARCH_TEXT",
    "EntitySource",
    "EntityView",
    "NameIndex",
    "Neighbour",
    "SearchHit",
    "find_entity",
    "keep_index",
    "name_index",
    "refresh_index",
    "search",
    "show",
    "side",
]


class _Kept:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.index: NameIndex | None = None


_KEPT: weakref.WeakKeyDictionary[GraphStore, _Kept] = weakref.WeakKeyDictionary()
_KEPT_LOCK = threading.Lock()


def keep_index(store: GraphStore) -> None:
    """Keep one name index for ``store``, built on first use and shared by every later search
    and look-up, until :func:`refresh_index`. For a long-lived owner of the store that knows
    when the graph changes (the web app); others get an index per call."""
    with _KEPT_LOCK:
        _KEPT.setdefault(store, _Kept())


def refresh_index(store: GraphStore) -> None:
    """The graph of ``store`` changed: the next search reads a new index (the file kept for
    the old version is not read: its version is not the graph's)."""
    kept = _KEPT.get(store)
    if kept is not None:
        with kept.lock:
            kept.index = None


def name_index(store: GraphStore) -> NameIndex:
    """The index kept in memory for ``store`` (read or built now if need be), else the one
    kept beside its database (:func:`~graph.questions.names.kept_index`)."""
    kept = _KEPT.get(store)
    if kept is None:
        return kept_index(store)
    with kept.lock:
        if kept.index is None:
            kept.index = kept_index(store)
        return kept.index


def search(
    store: GraphStore, text: str, *, limit: int = 20, labels: list[str] | None = None
) -> list[SearchHit]:
    """Entities whose name, Vietnamese name or an alias matches ``text``: exact, then prefix,
    then contained, then close (typos). "dan mach", "Đan Mạch" and "Denmark" all find Denmark.
    A text longer than :data:`MAX_SEARCH_TEXT` is refused (:class:`ValidationError`)."""
    check_length(text)
    return name_index(store).search(text, limit=limit, labels=labels)


def find_entity(store: GraphStore, text: str) -> SearchHit:
    """One entity by id or by a name in either language; :class:`NotFound` lists close matches."""
    rows = store.read(cypher.node_by_id(store.model), {"id": text})
    if rows:
        row = rows[0]
        return SearchHit(
            id=row["id"],
            label=row["label"],
            name=row["name"],
            name_vi=row["name_vi"],
            matched=text,
            score=100,
        )
    if len(text) > MAX_SEARCH_TEXT:
        raise NotFound(
            f"no entity has the id {text[:40]!r}...; a name is at most {MAX_SEARCH_TEXT} characters"
        )
    hits = search(store, text, limit=8)
    # Its name in either language first, else an alias ("Roterdam"), if one entity has it;
    # of several, the one actor among them.
    exact = [h for h in hits if h.score >= 99] or [h for h in hits if h.score >= 94]
    if len(exact) == 1:
        return exact[0]
    actors = [h for h in exact if h.label in store.model.actor_labels]
    if len(actors) == 1:
        return actors[0]
    close = ", ".join(f"{h.name} ({h.id})" for h in hits[:5])
    raise NotFound(
        f"no entity is called {text!r}"
        + (
            f"; close matches: {close}. Give one of these ids"
            if close
            else "; try 'partnergraph search' with part of the name"
        ),
        msgid=NO_ENTITY_CLOSE if close else NO_ENTITY,
        params={"name": text},
    )


def side_members(store: GraphStore, node_id: str, label: str) -> list[dict[str, Any]]:
    """What belongs to an entity, each with its label and the path it belongs by (see
    :func:`graph.cypher.side_of`). Engagements located there are not members."""
    rows = store.read(cypher.side_of(store.model, label), {"id": node_id, "cc": node_id.upper()})
    return [r for r in rows if r["label"] not in store.model.engagement_labels]


def side(store: GraphStore, node_id: str, label: str) -> dict[str, str]:
    """The entity with what belongs to it, id → label: places and bodies in it (two levels),
    the people who hold positions in any of them, and for a country the companies and bodies
    that carry its code."""
    members = {r["id"]: r["label"] for r in side_members(store, node_id, label)}
    return {node_id: label, **members}


class EntitySource(BaseModel):
    """A source that states the entity, with the sentence."""

    model_config = ConfigDict(extra="forbid")
    node: str
    source: str
    """The Source's id."""
    title: str | None = None
    url: str | None = None
    file: str | None = None
    evidence: str | None = None
    offset: int | None = None
    wording: str | None = None
    """The source's own words for the entity ("Cảng Roterdam")."""


class Neighbour(BaseModel):
    """What the entity is linked to by one relationship (provenance left out), either way."""

    model_config = ConfigDict(extra="forbid")
    type: str
    """The relationship type."""
    id: str
    name: str | None = None
    name_vi: str | None = None
    label: str
    direction: Literal["out", "in"]
    """``out``: the entity is the relationship's start."""
    role: str | None = None
    """A party's role (PARTICIPATED_IN)."""
    source: str
    """The Source's id that states the relationship (every relationship has one)."""


class EntityView(BaseModel):
    """One entity: its properties (the schema's, bookkeeping left out), the sources that state
    it and what it is linked to."""

    id: str
    label: str
    properties: dict[str, Any]
    """Its label's properties (``graph/schema.yaml``): which ones depends on the label."""
    sources: list[EntitySource]
    neighbours: list[Neighbour]

    def linked(self, rel_type: str) -> list[Neighbour]:
        """The neighbours by one relationship type, in the view's order."""
        return [n for n in self.neighbours if n.type == rel_type]


def show(store: GraphStore, text: str, *, limit: int = 200) -> EntityView:
    hit = find_entity(store, text)
    node = store.read(cypher.node(hit.label), {"id": hit.id})[0]
    props = {k: v for k, v in node["n"].items() if not k.startswith("_")}
    sources = sorted(
        (EntitySource(**r) for r in store.read(cypher.sources_of_node(hit.label), {"id": hit.id})),
        key=lambda s: (s.source, s.offset or 0, s.wording or ""),
    )
    neighbours = sorted(  # engagements first, then places, bodies and the rest by name
        (Neighbour(**r) for r in store.read(cypher.neighbours_of(hit.label), {"id": hit.id})),
        key=lambda n: (  # whole: a UNION comes back in store order
            *(n.type != "PARTICIPATED_IN", n.type, n.name or "", n.id),
            *(n.direction, n.role or "", n.source),
        ),
    )[:limit]
    return EntityView(
        id=hit.id, label=hit.label, properties=props, sources=sources, neighbours=neighbours
    )
