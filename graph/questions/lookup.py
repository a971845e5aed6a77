"""Finding entities: search by any name (diacritic-insensitive, alias-aware), show one, and the
"side" of an entity (itself, its places, bodies and people)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from rapidfuzz import fuzz

from graph import cypher
from graph.errors import NotFound
from graph.schema import MODEL
from graph.stores.base import GraphStore
from graph.text import fold

__all__ = ["EntityView", "SearchHit", "find_entity", "search", "show", "side"]

_SEARCHABLE = [lab for lab in MODEL.domain_labels if lab not in {"Source"}]


class SearchHit(BaseModel):
    id: str
    label: str
    name: str
    name_vi: str | None = None
    matched: str
    score: float


def search(
    store: GraphStore, text: str, *, limit: int = 20, labels: list[str] | None = None
) -> list[SearchHit]:
    """Entities whose name, Vietnamese name or an alias matches ``text``: exact, then prefix,
    then contained, then close (typos). "dan mach", "Đan Mạch" and "Denmark" all find Denmark."""
    key = fold(text)
    if not key:
        return []
    hits: dict[str, SearchHit] = {}
    for label in labels or _SEARCHABLE:
        for row in store.read(cypher.names_of_label(label)):
            best: tuple[float, str] | None = None
            for name in [row["name"], row["name_vi"], *(row["aliases"] or [])]:
                if not name:
                    continue
                folded = fold(name)
                if folded == key:
                    score = 100.0
                elif folded.startswith(key):
                    score = 90.0 - min(len(folded) - len(key), 20) * 0.1
                elif key in folded:
                    score = 80.0 - min(len(folded) - len(key), 40) * 0.1
                else:
                    score = fuzz.ratio(key, folded) * 0.75 if len(key) >= 4 else 0.0
                    if score < 60:
                        continue
                if best is None or score > best[0]:
                    best = (score, name)
            if best:
                hits[row["id"]] = SearchHit(
                    id=row["id"],
                    label=label,
                    name=row["name"],
                    name_vi=row["name_vi"],
                    matched=best[1],
                    score=round(best[0], 1),
                )
    label_rank = {lab: i for i, lab in enumerate(_SEARCHABLE)}
    return sorted(hits.values(), key=lambda h: (-h.score, label_rank[h.label], h.name))[:limit]


def find_entity(store: GraphStore, text: str) -> SearchHit:
    """One entity by id or by a name in either language; :class:`NotFound` lists close matches."""
    rows = store.read(cypher.node_by_id(), {"id": text})
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
    hits = search(store, text, limit=8)
    if hits and hits[0].score >= 99 and (len(hits) == 1 or hits[1].score < 99):
        return hits[0]
    if hits and hits[0].score >= 99:
        exact = [h for h in hits if h.score >= 99]
        actors = [h for h in exact if MODEL.labels[h.label].group == "actor"]
        if len(actors) == 1:
            return actors[0]
    close = ", ".join(f"{h.name} ({h.id})" for h in hits[:5])
    raise NotFound(
        f"no entity is called {text!r}"
        + (
            f"; close matches: {close}. Give one of these ids"
            if close
            else "; try 'partnergraph search' with part of the name"
        )
    )


def side_members(store: GraphStore, node_id: str, label: str) -> list[dict[str, Any]]:
    """What belongs to an entity, each with its label and the path it belongs by (see
    :func:`graph.cypher.side_of`). Engagements located there are not members."""
    rows = store.read(cypher.side_of(label), {"id": node_id, "cc": node_id.upper()})
    return [r for r in rows if r["label"] not in cypher.ENGAGEMENT_LABELS]


def side(store: GraphStore, node_id: str, label: str) -> dict[str, str]:
    """The entity with what belongs to it, id → label: places and bodies in it (two levels),
    the people who hold positions in any of them, and for a country the companies and bodies
    that carry its code."""
    members = {r["id"]: r["label"] for r in side_members(store, node_id, label)}
    return {node_id: label, **members}


class EntityView(BaseModel):
    id: str
    label: str
    properties: dict[str, Any]
    sources: list[dict[str, Any]]
    neighbours: list[dict[str, Any]]


def show(store: GraphStore, text: str, *, limit: int = 200) -> EntityView:
    hit = find_entity(store, text)
    node = store.read(cypher.node(hit.label), {"id": hit.id})[0]
    props = {k: v for k, v in node["n"].items() if not k.startswith("_")}
    sources = sorted(
        store.read(cypher.sources_of_node(hit.label), {"id": hit.id}),
        key=lambda r: (r["source"], r["offset"] or 0, r["wording"] or ""),
    )
    neighbours = sorted(  # engagements first, then places, bodies and the rest by name
        store.read(cypher.neighbours_of(hit.label), {"id": hit.id}),
        key=lambda r: (r["type"] != "PARTICIPATED_IN", r["type"], r["name"] or "", r["id"]),
    )[:limit]
    return EntityView(
        id=hit.id, label=hit.label, properties=props, sources=sources, neighbours=neighbours
    )
