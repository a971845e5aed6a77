"""The history of the relationship between the home city and a partner."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import Any

from pydantic import BaseModel, Field

from graph import cypher
from graph.dates import months_since
from graph.questions.history_answer import (
    NOT_CONTACT,
    Found,
    HistoryEntry,
    Party,
    SourceRef,
    Tie,
    counts,
    entry,
    in_order,
    parties,
    render,
    tie,
    unpack,
)
from graph.questions.home import find_home
from graph.questions.lookup import SearchHit, find_entity, side, side_members
from graph.stores.base import GraphStore

__all__ = ["NOT_CONTACT", "History", "HistoryEntry", "Party", "SourceRef", "Tie", "history"]


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
    asked through it, for a home that is a city or province: given both as ids, one read of
    the pair's ready-made answer and one of the partner's names; else the two are found first
    and the pair's cards read. ``use_index=False`` reads the graph itself, as the index's tests
    do to compare."""
    indexed = store.history_index if use_index is None else use_index
    ready = _ready(store, home, partner) if indexed and home != partner else None
    known = None  # the summary's counts of every entry, when stored
    if isinstance(ready, tuple):
        hit, entries, ties, known, reach = ready
        home_id = home
        as_of = as_of or reach or dt.date.today()
    else:
        hit = ready or find_entity(store, partner)
        home_hit = find_home(store, home)
        home_id = home_hit.id
        if indexed and home_hit.label == "City" and hit.id != home_hit.id:
            entries, ties, reach = _from_index(store, home_hit.id, hit.id, as_of is None)
            as_of = as_of or reach or dt.date.today()
        else:
            home_ids = side(store, home_hit.id, home_hit.label)
            if as_of is None:
                from graph.questions.dormant import sources_reach

                as_of = sources_reach(store, home_ids) or dt.date.today()
            found, ties = _from_graph(store, hit, home_hit, home_ids)
            entries = [entry(*f) for f in found]
            in_order(entries, ties)
    kept = [e for e in entries if _by(e, as_of)]
    if len(kept) < len(entries):
        entries, known = kept, None
    return History(
        home=home_id,
        partner=hit,
        as_of=as_of.isoformat(),
        entries=entries,
        ties=ties,
        summary=_summary(entries, as_of, dormant_months, known),
    )


def _by(e: HistoryEntry, as_of: dt.date) -> bool:
    """Whether an entry is in a history as of that day (what was planned always is)."""
    return not e.date or e.status in NOT_CONTACT or dt.date.fromisoformat(e.date) <= as_of


_Entries = tuple[list[HistoryEntry], list[Tie], dt.date | None]


_Found = tuple[SearchHit, list[HistoryEntry], list[Tie], dict[str, Any] | None, dt.date | None]


def _ready(
    store: GraphStore, home: str, partner: str
) -> (
    tuple[SearchHit, list[HistoryEntry], list[Tie], dict[str, Any] | None, dt.date | None]
    | SearchHit
    | None
):
    """The pair ``home|partner`` of ids, from its ready-made answer (its cards when it keeps
    none), with the partner as :func:`find_entity` finds it by id. A home that has a reach but
    no such pair (nothing in common with the partner) has an empty history: the partner is
    found by id. Else the partner found (a name given) or None: the caller goes on from there."""
    from graph.cypher import index as index_q
    from graph.stores.history_index import pair_key, reach_date, reach_key

    key = pair_key(home, partner)
    rows = store.read(index_q.READY, {"key": key, "reach": reach_key(home)})
    row = rows[0] if rows else {"label": None, "reach": None}
    if row["label"] is None:
        if row["reach"] is None:
            return None  # not a home the index knows by this id: the caller finds it
        hit = find_entity(store, partner)
        return (hit, [], [], None, reach_date(row["reach"])) if hit.id == partner else hit
    named = store.read(index_q.names_of(row["label"]), {"id": partner})
    if not named:
        return None
    hit = SearchHit(
        id=partner,
        label=row["label"],
        name=named[0]["name"],
        name_vi=named[0]["name_vi"],
        matched=partner,
        score=100,
    )
    if row["answer"] is not None:
        return (hit, *unpack(row["answer"]), reach_date(row["reach"]))
    # a pair of fewer than READY_MIN or more than READY_MAX cards keeps none: its cards
    cards = store.read(index_q.CARDS_OF_PAIR, {"key": key})
    return (
        hit,
        *render([json.loads(r["card"]) for r in cards], home, partner),
        None,
        reach_date(row["reach"]),
    )


def _from_index(store: GraphStore, home: str, partner: str, reach: bool) -> _Entries:
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
    cards = [json.loads(r["card"]) for r in rows if r["card"] is not None]
    entries, ties = render(cards, home, partner)
    return entries, ties, as_of


def _from_graph(
    store: GraphStore, hit: SearchHit, home_hit: SearchHit, home_ids: dict[str, str]
) -> tuple[list[Found], list[Tie]]:
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

    found: list[Found] = []
    for label, ids in by_label.items():
        for r in store.read(cypher.engagement_details(label), {"ids": sorted(ids)}):
            node = r["e"]
            found_parties = parties(r["parties"], where)
            if node["id"] in located_ids and not any(p.side == "home" for p in found_parties):
                continue  # took place there, but without the home side
            found.append((label, node, found_parties, r["sources"]))
    ties = [
        tie(r)
        for r in store.read(cypher.ties_of(home_hit.label), {"id": home_hit.id})
        if r["from_id"] in partner_ids or r["to_id"] in partner_ids
    ]
    return found, ties


def _summary(
    entries: list[HistoryEntry],
    as_of: dt.date,
    dormant_months: int,
    known: dict[str, Any] | None = None,
) -> Summary:
    """The summary of ``entries`` as of that day (``known``: their :func:`counts`)."""
    counted = dict(known or counts(entries))
    end = counted.pop("end")
    months = months_since(dt.date.fromisoformat(end), as_of) if end else None
    if not entries:
        status = "none"
    elif months is None or months > dormant_months:
        status = "dormant"
    else:
        status = "active"
    return Summary(**counted, status=status, months_since_last=months)
