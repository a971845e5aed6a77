"""The history of the relationship between the home city and a partner."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from typing import Any

from pydantic import BaseModel, Field

from graph import cypher
from graph.dates import months_since, period_end, shown
from graph.questions.home import find_home
from graph.questions.lookup import SearchHit, find_entity, side, side_members
from graph.stores.base import GraphStore

__all__ = ["NOT_CONTACT", "History", "HistoryEntry", "history"]

# Engagements on record that were not (yet) contact: planned, cancelled, only proposed.
NOT_CONTACT = frozenset({"planned", "cancelled", "proposed"})


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
    status: str | None = Field(None, description="happened, planned, signed, proposed...")
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
    first_shown: str = Field("", description="The first contact at its precision: 2022.")
    last_shown: str = Field("", description="The last contact at its precision: Nov 2023.")
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


def history(
    store: GraphStore,
    partner: str,
    *,
    home: str,
    as_of: dt.date | None = None,
    dormant_months: int = 12,
    use_index: bool | None = None,
) -> History:
    """Every engagement linking the home side with the partner side, in date order (undated
    last), with roles and sources, the standing ties, and a summary. ``as_of`` defaults to the
    latest date the sources reach (the end of the home's latest dated engagement).

    A store that keeps the index of who engaged whom (:mod:`graph.stores.history_index`) is
    asked through it, for a home that is a city or province (one anchored read of the pair);
    ``use_index=False`` reads the graph itself, as the index's tests do to compare."""
    hit = find_entity(store, partner)
    home_hit = find_home(store, home)
    indexed = store.history_index if use_index is None else use_index
    if indexed and home_hit.label == "City" and hit.id != home_hit.id:
        rows, reach = _from_index(store, home_hit.id, hit.id, as_of is None)
        as_of = as_of or reach or dt.date.today()
        found, ties = rows
    else:
        home_ids = side(store, home_hit.id, home_hit.label)
        if as_of is None:
            from graph.questions.dormant import sources_reach

            as_of = sources_reach(store, home_ids) or dt.date.today()
        found, ties = _from_graph(store, hit, home_hit, home_ids)
    entries = []
    for label, node, parties, sources in found:
        planned = node.get("status") in NOT_CONTACT
        if node.get("date") and dt.date.fromisoformat(node["date"]) > as_of and not planned:
            continue
        entries.append(
            HistoryEntry(
                id=node["id"],
                label=label,
                name=node["name"],
                name_vi=node.get("name_vi"),
                date=node.get("date"),
                date_precision=node.get("date_precision"),
                kind=node.get("kind"),
                direction=node.get("direction"),
                status=node.get("status"),
                cameo=node.get("cameo"),
                parties=sorted(
                    parties, key=lambda p: (p.side != "home", p.name, p.id, p.role or "")
                ),
                sources=sorted(
                    (SourceRef(**src) for src in sources if src["id"]),
                    key=lambda s: (s.id, s.evidence or "", s.offset or 0),
                ),
            )
        )
    entries.sort(key=lambda e: (e.date is None, e.date or "", e.label, e.name))
    # the same order on every store (a UNION ALL comes back in store order)
    ties.sort(
        key=lambda t: (t.type, t.from_id, t.to_id, t.source, t.evidence or "", repr(t.details))
    )
    return History(
        home=home_hit.id,
        partner=hit,
        as_of=as_of.isoformat(),
        entries=entries,
        ties=ties,
        summary=_summary(entries, as_of, dormant_months),
    )


# An engagement found for a history: its label, its fields, its parties, its sources.
_Found = tuple[str, dict[str, Any], list[Party], list[dict[str, Any]]]


def _parties(rows: list[dict[str, Any]], where: Any) -> list[Party]:
    parties: dict[tuple[Any, ...], Party] = {}  # each once, in the order first met
    for p in rows:
        if p["id"] is None:
            continue
        side = where(p)
        key = (p["id"], p["name"], p.get("name_vi"), p["label"], p.get("role"), side)
        if key not in parties:
            parties[key] = Party(side=side, **{k: v for k, v in p.items() if k != "roots"})
    return list(parties.values())


def _tie(r: dict[str, Any]) -> Tie:
    return Tie(
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


def _from_index(
    store: GraphStore, home: str, partner: str, reach: bool
) -> tuple[tuple[list[_Found], list[Tie]], dt.date | None]:
    """The pair's cards, each party's side told by the roots of its own side."""
    from graph.cypher import index as index_q
    from graph.stores.history_index import pair_key, reach_date, reach_key

    as_of = None
    rows = store.read(
        index_q.CARDS_AND_REACH if reach else index_q.CARDS_OF_PAIR,
        {"key": pair_key(home, partner), "reach": reach_key(home)},
    )
    if reach:
        as_of = reach_date(rows[0]["reach"]) if rows else None
    found: list[_Found] = []
    ties = []

    def where(p: dict[str, Any]) -> str:
        roots = p["roots"]
        return "home" if home in roots else "partner" if partner in roots else "other"

    for r in rows:
        if r["card"] is None:
            continue  # the reach's row of a pair that lists nothing
        card = json.loads(r["card"])
        if card["kind"] == "engagement":
            parties = _parties(card["parties"], where)
            found.append((card["label"], card["e"], parties, card["sources"]))
            continue
        row = card["row"]
        other = row["to_id"] if row["from_id"] == home else row["from_id"]
        if other == partner or home not in card["roots"][other]:
            ties.append(_tie(row))
    return (found, ties), as_of


def _from_graph(
    store: GraphStore, hit: SearchHit, home_hit: SearchHit, home_ids: dict[str, str]
) -> tuple[list[_Found], list[Tie]]:
    """The engagements and ties read from the graph itself (a store without the index)."""
    members = [m for m in side_members(store, hit.id, hit.label) if m["id"] not in home_ids]
    partner_ids = {hit.id: hit.label} | {m["id"]: m["label"] for m in members}
    params = {"id": hit.id, "home": sorted(home_ids)}
    paths = sorted({0} | {m["path"] for m in members if m["path"] >= 0})
    by_label: dict[str, set[str]] = defaultdict(set)
    for r in store.read(cypher.shared_engagements(hit.label, paths), params):
        by_label[r["label"]].add(r["id"])
    coded: dict[str, list[str]] = defaultdict(list)
    for m in members:
        if m["path"] < 0:
            coded[m["label"]].append(m["id"])
    for label, coded_ids in coded.items():
        query = cypher.coded_engagements(label)
        for r in store.read(query, {"ids": coded_ids, "home": params["home"]}):
            by_label[r["label"]].add(r["id"])
    located = cypher.located_engagements(store.model, hit.label, members=1 in paths)
    located_ids = set()
    for r in store.read(located, {"id": hit.id}):
        by_label[r["label"]].add(r["id"])
        located_ids.add(r["id"])

    def where(p: dict[str, Any]) -> str:
        return "home" if p["id"] in home_ids else "partner" if p["id"] in partner_ids else "other"

    found: list[_Found] = []
    for label, ids in by_label.items():
        for r in store.read(cypher.engagement_details(label), {"ids": sorted(ids)}):
            node = r["e"]
            parties = _parties(r["parties"], where)
            if node["id"] in located_ids and not any(p.side == "home" for p in parties):
                continue  # took place there, but without the home side
            found.append((label, node, parties, r["sources"]))
    ties = [
        _tie(r)
        for r in store.read(cypher.ties_of(home_hit.label), {"id": home_hit.id})
        if r["from_id"] in partner_ids or r["to_id"] in partner_ids
    ]
    return found, ties


def _summary(entries: list[HistoryEntry], as_of: dt.date, dormant_months: int) -> Summary:
    """Contacts are what happened: a planned visit or a proposed agreement is listed, not
    counted as contact."""
    dated = [e for e in entries if e.date and e.status not in NOT_CONTACT]
    last_entry = max(
        dated, key=lambda e: (period_end(e.date, e.date_precision), e.date), default=None
    )
    last = last_entry.date if last_entry else None
    end = period_end(last, last_entry.date_precision) if last_entry else None
    months = months_since(end, as_of) if end else None
    if not entries:
        status = "none"
    elif months is None or months > dormant_months:
        status = "dormant"
    else:
        status = "active"
    return Summary(
        first_contact=dated[0].date if dated else None,
        last_contact=last,
        first_shown=shown(dated[0].date, dated[0].date_precision) if dated else "",
        last_shown=shown(last, last_entry.date_precision) if last_entry else "",
        engagements=len(entries),
        undated=sum(1 for e in entries if not e.date),
        by_kind=dict(Counter(e.label if not e.kind else f"{e.label}:{e.kind}" for e in entries)),
        by_year=dict(sorted(Counter((e.date or "")[:4] for e in dated).items())),
        status=status,
        months_since_last=months,
    )
