"""The history of the relationship between the home city and a partner."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from pydantic import BaseModel, Field

from graph import cypher
from graph.questions.lookup import SearchHit, find_entity, side
from graph.stores.base import GraphStore

__all__ = ["History", "HistoryEntry", "history", "months_between"]


class Party(BaseModel):
    id: str
    name: str
    name_vi: str | None = None
    label: str
    role: str
    side: str  # home, partner or other


class SourceRef(BaseModel):
    id: str
    title: str | None = None
    url: str | None = None
    file: str | None = None
    evidence: str | None = None
    offset: int | None = None


class HistoryEntry(BaseModel):
    id: str
    label: str
    name: str
    name_vi: str | None = None
    date: str | None = None
    date_precision: str | None = None
    kind: str | None = None
    direction: str | None = None
    cameo: str | None = None
    parties: list[Party]
    sources: list[SourceRef]


class Tie(BaseModel):
    """A standing relationship between the two sides: investment, membership, twinning."""

    type: str
    from_id: str
    from_name: str
    to_id: str
    to_name: str
    details: dict[str, Any] = Field(default_factory=dict)
    source: str
    evidence: str | None = None


class Summary(BaseModel):
    first_contact: str | None
    last_contact: str | None
    engagements: int
    undated: int
    by_kind: dict[str, int]
    by_year: dict[str, int]
    status: str  # active, dormant or none
    months_since_last: int | None


class History(BaseModel):
    home: str
    partner: SearchHit
    as_of: str
    entries: list[HistoryEntry]
    ties: list[Tie]
    summary: Summary


def months_between(a: dt.date, b: dt.date) -> int:
    return (b.year - a.year) * 12 + (b.month - a.month)


def history(
    store: GraphStore,
    partner: str,
    *,
    home: str,
    as_of: dt.date | None = None,
    dormant_months: int = 12,
) -> History:
    """Every engagement linking the home side with the partner side, in date order (undated
    last), with roles and sources, the standing ties, and a summary."""
    as_of = as_of or dt.date.today()
    hit = find_entity(store, partner)
    home_hit = find_entity(store, home)
    home_ids = side(store, home_hit.id, home_hit.label)
    partner_ids = side(store, hit.id, hit.label) - home_ids
    params = {"home": sorted(home_ids), "partner": sorted(partner_ids)}
    ids = sorted({r["id"] for r in store.read(cypher.SHARED_ENGAGEMENTS, params)})
    nodes = {
        r["e"]["id"]: (r["e"], r["label"]) for r in store.read(cypher.ENGAGEMENTS, {"ids": ids})
    }
    parties: dict[str, list[Party]] = {i: [] for i in ids}
    for r in store.read(cypher.PARTICIPANTS, {"ids": ids}):
        where = "home" if r["id"] in home_ids else "partner" if r["id"] in partner_ids else "other"
        party = Party(
            id=r["id"],
            name=r["name"],
            name_vi=r["name_vi"],
            label=r["label"],
            role=r["role"],
            side=where,
        )
        if party not in parties[r["engagement"]]:
            parties[r["engagement"]].append(party)
    sources: dict[str, list[SourceRef]] = {i: [] for i in ids}
    for r in store.read(cypher.NODE_SOURCES, {"ids": ids}):
        sources[r["node"]].append(
            SourceRef(
                id=r["source"],
                title=r["title"],
                url=r["url"],
                file=r["file"],
                evidence=r["evidence"],
                offset=r["offset"],
            )
        )
    entries = []
    for eid, (node, label) in nodes.items():
        if node.get("date") and dt.date.fromisoformat(node["date"]) > as_of:
            continue
        entries.append(
            HistoryEntry(
                id=eid,
                label=label,
                name=node["name"],
                name_vi=node.get("name_vi"),
                date=node.get("date"),
                date_precision=node.get("date_precision"),
                kind=node.get("kind"),
                direction=node.get("direction"),
                cameo=node.get("cameo"),
                parties=sorted(parties[eid], key=lambda p: (p.side != "home", p.name)),
                sources=sorted(sources[eid], key=lambda s: s.id),
            )
        )
    entries.sort(key=lambda e: (e.date is None, e.date or "", e.label, e.name))
    ties = [
        Tie(
            type=r["type"],
            from_id=r["from_id"],
            from_name=r["from_name"],
            to_id=r["to_id"],
            to_name=r["to_name"],
            source=r["source"],
            evidence=r["evidence"],
            details={
                k: r[k] for k in ("amount", "unit", "period", "rank", "since") if r[k] is not None
            },
        )
        for r in store.read(cypher.DIRECT_TIES, params)
    ]
    return History(
        home=home_hit.id,
        partner=hit,
        as_of=as_of.isoformat(),
        entries=entries,
        ties=ties,
        summary=_summary(entries, as_of, dormant_months),
    )


def _summary(entries: list[HistoryEntry], as_of: dt.date, dormant_months: int) -> Summary:
    dated = [e for e in entries if e.date]
    last = dated[-1].date if dated else None
    months = months_between(dt.date.fromisoformat(last), as_of) if last else None
    if not entries:
        status = "none"
    elif months is None or months > dormant_months:
        status = "dormant"
    else:
        status = "active"
    return Summary(
        first_contact=dated[0].date if dated else None,
        last_contact=last,
        engagements=len(entries),
        undated=len(entries) - len(dated),
        by_kind=dict(Counter(e.label if not e.kind else f"{e.label}:{e.kind}" for e in entries)),
        by_year=dict(sorted(Counter((e.date or "")[:4] for e in dated).items())),
        status=status,
        months_since_last=months,
    )
