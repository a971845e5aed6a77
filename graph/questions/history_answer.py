"""A history's answer as models, and a pair's answer made from the index's cards.

The entries and ties of a pair ``home|partner`` depend only on the cards the pair lists (each
party's side is told by the roots of its own side), so the index keeps them ready-made
(:func:`pack`): a history reads them back (:func:`unpack`), filters them by its ``as_of`` and
counts its summary. This module imports no store: the index's writer makes answers with it.
"""

from __future__ import annotations

import zlib
from collections import Counter
from typing import Any

from pydantic import BaseModel, Field

from graph.dates import period_end, shown

__all__ = [
    "NOT_CONTACT",
    "READY_MAX",
    "READY_MIN",
    "HistoryEntry",
    "Party",
    "SourceRef",
    "Tie",
    "counts",
    "pack",
    "render",
    "unpack",
]

# Engagements on record that were not (yet) contact: planned, cancelled, only proposed.
NOT_CONTACT = frozenset({"planned", "cancelled", "proposed"})

READY_MIN = 5
"""The fewest cards a pair's ready-made answer is kept for. A smaller pair's history renders
its few cards as it reads them (a millisecond); at a million relationships 5,394 of 1.74
million pairs list five or more, so the build makes thousands of answers, not millions (every
pair kept one: the whole build took 2.6 times the CPU, and held every card's text)."""

READY_MAX = 2_000
"""The most cards a pair's ready-made answer holds. A pair listing more (the home with the
country holding a quarter of the graph: 10,000 cards at a million relationships) keeps none:
rewriting megabytes at every write that touches it would slow an article's ingest, and its
history reads and renders its cards instead."""


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


# An engagement found for a history: its label, its fields, its parties, its sources.
Found = tuple[str, dict[str, Any], list[Party], list[dict[str, Any]]]


def parties(rows: list[dict[str, Any]], where: Any) -> list[Party]:
    out: dict[tuple[Any, ...], Party] = {}  # each once, in the order first met
    for p in rows:
        if p["id"] is None:
            continue
        side = where(p)
        key = (p["id"], p["name"], p.get("name_vi"), p["label"], p.get("role"), side)
        if key not in out:
            out[key] = Party(side=side, **{k: v for k, v in p.items() if k != "roots"})
    return list(out.values())


def tie(r: dict[str, Any]) -> Tie:
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


def entry(label: str, node: dict[str, Any], found: list[Party], sources: list[Any]) -> HistoryEntry:
    return HistoryEntry(
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
        parties=sorted(found, key=lambda p: (p.side != "home", p.name, p.id, p.role or "")),
        sources=sorted(
            (SourceRef(**src) for src in sources if src["id"]),
            key=lambda s: (s.id, s.evidence or "", s.offset or 0),
        ),
    )


def in_order(entries: list[HistoryEntry], ties: list[Tie]) -> None:
    """The answer's order, the same on every store (a UNION ALL comes back in store order)."""
    entries.sort(key=lambda e: (e.date is None, e.date or "", e.label, e.name))
    ties.sort(
        key=lambda t: (t.type, t.from_id, t.to_id, t.source, t.evidence or "", repr(t.details))
    )


def render(
    cards: list[dict[str, Any]], home: str, partner: str
) -> tuple[list[HistoryEntry], list[Tie]]:
    """The entries (every one, whatever the date) and ties of the pair ``home|partner`` from
    the cards it lists, in the answer's order."""

    def where(p: dict[str, Any]) -> str:
        roots = p["roots"]
        return "home" if home in roots else "partner" if partner in roots else "other"

    entries, ties = [], []
    for card in cards:
        if card["kind"] == "engagement":
            found = parties(card["parties"], where)
            entries.append(entry(card["label"], card["e"], found, card["sources"]))
            continue
        row = card["row"]
        other = row["to_id"] if row["from_id"] == home else row["from_id"]
        if other == partner or home not in card["roots"][other]:
            ties.append(tie(row))
    in_order(entries, ties)
    return entries, ties


def counts(entries: list[HistoryEntry]) -> dict[str, Any]:
    """What a history's summary counts of its entries, whatever the day it is asked for;
    ``end``: the last day of the latest contact's period (ISO), from which the status is told.
    Contacts are what happened: a planned visit or a proposed agreement is listed, not
    counted as contact."""
    dated = [e for e in entries if e.date and e.status not in NOT_CONTACT]
    last_entry = max(
        dated, key=lambda e: (period_end(e.date, e.date_precision), e.date), default=None
    )
    last = last_entry.date if last_entry else None
    end = period_end(last, last_entry.date_precision) if last_entry else None
    return {
        "first_contact": dated[0].date if dated else None,
        "last_contact": last,
        "first_shown": shown(dated[0].date, dated[0].date_precision) if dated else "",
        "last_shown": shown(last, last_entry.date_precision) if last_entry else "",
        "engagements": len(entries),
        "undated": sum(1 for e in entries if not e.date),
        "by_kind": dict(Counter(e.label if not e.kind else f"{e.label}:{e.kind}" for e in entries)),
        "by_year": dict(sorted(Counter((e.date or "")[:4] for e in dated).items())),
        "end": end.isoformat() if end else None,
    }


class _Ready(BaseModel):
    entries: list[HistoryEntry]
    ties: list[Tie]
    counts: dict[str, Any] | None = None


Ready = tuple[list[HistoryEntry], list[Tie], dict[str, Any] | None]


def pack(entries: list[HistoryEntry], ties: list[Tie]) -> bytes:
    """A pair's answer as stored: its JSON without the fields at their defaults, with its
    summary's :func:`counts`, compressed from :data:`_PLAIN` bytes up (a country's 150
    entries: 73 kB of JSON, 6 kB stored; a pair of one card is a few hundred bytes, which
    compressing would cost more time than it saves room)."""
    ready = _Ready(entries=entries, ties=ties, counts=counts(entries))
    text = ready.model_dump_json(exclude_defaults=True).encode()
    return zlib.compress(text, 6) if len(text) >= _PLAIN else text


_PLAIN = 2048


def unpack(stored: bytes) -> Ready:
    """A stored answer: its entries and ties, and its summary's counts."""
    text = stored if stored[:1] == b"{" else zlib.decompress(stored)
    ready = _Ready.model_validate_json(text)
    return ready.entries, ready.ties, ready.counts


def pack_cards(cards: list[dict[str, Any]], home: str, partner: str) -> bytes:
    """The stored answer of a pair from its cards."""
    return pack(*render(cards, home, partner))
