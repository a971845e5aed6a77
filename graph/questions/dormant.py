"""Relationships gone quiet: partners and agreements with no activity for N months.

Quiet is measured *as of* a date: by default the latest date the sources reach (the end of the
home's latest dated engagement: an archive of 2022 news says nothing about 2026), else the date
asked for (``--as-of``, a brief's visit date). Months count from the end of the last contact's
period: an engagement "in 2022" was possibly in December 2022.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel, Field

from graph import cypher
from graph.dates import months_since, period_end, shown
from graph.questions.history import NOT_CONTACT
from graph.questions.home import find_home
from graph.questions.lookup import side
from graph.stores.base import GraphStore

__all__ = ["Dormant", "DormantItem", "dormant", "sources_reach"]


class DormantItem(BaseModel):
    id: str
    name: str
    label: str
    last_activity: str | None = Field(description="The last contact's date (first day).")
    last_precision: str | None = Field(None, description="day, month or year.")
    last_shown: str = Field("", description="The last contact as written: 2022, Nov 2023.")
    months_quiet: int | None
    engagements: int
    note: str


class Dormant(BaseModel):
    home: str
    as_of: str
    as_of_basis: str = Field(description="'sources' (the latest date they reach) or 'given'.")
    sources_reach: str | None = Field(None, description="The end of the latest dated contact.")
    months: int
    partners: list[DormantItem]
    agreements: list[DormantItem]


def sources_reach(store: GraphStore, home: Mapping[str, str] | list[str]) -> dt.date | None:
    """The end of the period of the home side's latest dated engagement. ``home``: the side's
    ids with their labels (id -> label: one anchored read per id), or the ids alone (one read
    that scans every table)."""
    not_contact = sorted(NOT_CONTACT)
    if isinstance(home, Mapping):
        rows = [
            r
            for node_id, label in sorted(home.items())
            for r in store.read(
                cypher.home_reach(label), {"id": node_id, "not_contact": not_contact}
            )
        ]
    else:
        rows = store.read(cypher.HOME_ENGAGEMENT_DATES, {"home": home, "not_contact": not_contact})
    ends = [period_end(r["date"], r["precision"]) for r in rows]
    return max((e for e in ends if e), default=None)


def _latest(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The dated row whose period ends last (ties: the later start, the more precise date)."""
    dated = [r for r in rows if r.get("date")]
    return max(
        dated,
        key=lambda r: (period_end(r["date"], r["precision"]), r["date"]),
        default=None,
    )


def dormant(
    store: GraphStore, *, home: str, months: int = 12, as_of: dt.date | None = None
) -> Dormant:
    """Partners the home side has engaged whose last dated engagement ended more than
    ``months`` before ``as_of`` (undated-only partners are listed too: nobody can say they are
    active), and agreements with no engagement with their partners since. The longest quiet
    come first, and among them those with the most engagements."""
    home_hit = find_home(store, home)
    home_side = side(store, home_hit.id, home_hit.label)
    home_ids = sorted(home_side)
    reach = sources_reach(store, home_side)
    basis = "given" if as_of else "sources"
    as_of = as_of or reach or dt.date.today()

    by_partner: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in store.read(
        cypher.HOME_PARTNERS, {"home": home_ids, "not_contact": sorted(NOT_CONTACT)}
    ):
        by_partner[r["id"]].append(r)
    last_by_partner: dict[str, dict[str, Any] | None] = {}
    partners = []
    for pid, rows in by_partner.items():
        last = last_by_partner[pid] = _latest(rows)
        item = _item(
            rows[0],
            last,
            as_of,
            engagements=len({r["engagement"] for r in rows}),
            note=lambda when: f"no engagement since {when}",
            undated="engagements on record carry no date",
        )
        if item.months_quiet is None or item.months_quiet > months:
            partners.append(item)
    agreements = []
    for r in store.read(cypher.AGREEMENTS_OF_HOME, {"home": home_ids}):
        if r["status"] in {"lapsed", "terminated"}:
            continue
        contacts = [r, *(last_by_partner.get(p) for p in r["partners"])]
        dated = [c for c in contacts if c and c.get("date")]
        item = _item(
            {**r, "label": "Agreement"},
            _latest(dated),
            as_of,
            engagements=len(dated),
            note=lambda when: f"no follow-up with its partners recorded since {when}",
            undated="undated, and no dated follow-up",
        )
        if item.months_quiet is None or item.months_quiet > months:
            agreements.append(item)

    def key(item: DormantItem) -> tuple[bool, int, int, str]:
        return (item.months_quiet is None, -(item.months_quiet or 0), -item.engagements, item.name)

    return Dormant(
        home=home_hit.id,
        as_of=as_of.isoformat(),
        as_of_basis=basis,
        sources_reach=reach.isoformat() if reach else None,
        months=months,
        partners=sorted(partners, key=key),
        agreements=sorted(agreements, key=key),
    )


def _item(
    row: dict[str, Any],
    last: dict[str, Any] | None,
    as_of: dt.date,
    *,
    engagements: int,
    note: Callable[[str], str],
    undated: str,
) -> DormantItem:
    end = period_end(last["date"], last["precision"]) if last else None
    when = shown(last["date"], last["precision"]) if last else ""
    return DormantItem(
        id=row["id"],
        name=row["name"],
        label=row["label"],
        last_activity=str(last["date"])[:10] if last else None,
        last_precision=last["precision"] if last else None,
        last_shown=when,
        months_quiet=months_since(end, as_of) if end else None,
        engagements=engagements,
        note=note(when) if last else undated,
    )
