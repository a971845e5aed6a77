"""Relationships gone quiet: partners and agreements with no activity for N months."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from graph import cypher
from graph.questions.history import months_between
from graph.questions.lookup import find_entity, side
from graph.stores.base import GraphStore

__all__ = ["Dormant", "DormantItem", "dormant"]


class DormantItem(BaseModel):
    id: str
    name: str
    label: str
    last_activity: str | None
    months_quiet: int | None
    engagements: int
    note: str


class Dormant(BaseModel):
    home: str
    as_of: str
    months: int
    partners: list[DormantItem]
    agreements: list[DormantItem]


def dormant(
    store: GraphStore, *, home: str, months: int = 12, as_of: dt.date | None = None
) -> Dormant:
    """Partners the home side has engaged whose last dated engagement is more than ``months``
    before ``as_of`` (undated-only partners are listed too: nobody can say they are active),
    and agreements with no engagement with their partners since."""
    as_of = as_of or dt.date.today()
    home_hit = find_entity(store, home)
    home_ids = sorted(side(store, home_hit.id, home_hit.label))
    partners = []
    last_by_partner: dict[str, str | None] = {}
    for r in store.read(cypher.HOME_PARTNERS, {"home": home_ids}):
        last = r["last_date"]
        last_by_partner[r["id"]] = last
        quiet = months_between(dt.date.fromisoformat(last), as_of) if last else None
        if quiet is not None and quiet <= months:
            continue
        note = f"no engagement since {last[:7]}" if last else "engagements on record carry no date"
        partners.append(
            DormantItem(
                id=r["id"],
                name=r["name"],
                label=r["label"],
                last_activity=last,
                months_quiet=quiet,
                engagements=r["engagements"],
                note=note,
            )
        )
    agreements = []
    for r in store.read(cypher.AGREEMENTS_OF_HOME, {"home": home_ids}):
        if r["status"] in {"lapsed", "terminated"}:
            continue
        dates = [d for d in [r["date"], *(last_by_partner.get(p) for p in r["partners"])] if d]
        last = max(dates) if dates else None
        quiet = months_between(dt.date.fromisoformat(last), as_of) if last else None
        if quiet is not None and quiet <= months:
            continue
        agreements.append(
            DormantItem(
                id=r["id"],
                name=r["name"],
                label="Agreement",
                last_activity=last,
                months_quiet=quiet,
                engagements=len(dates),
                note="no follow-up engagement with its partners recorded since"
                if last
                else "undated, and no dated follow-up",
            )
        )

    def key(item: DormantItem) -> tuple[bool, int, str]:
        return (item.months_quiet is None, -(item.months_quiet or 0), item.name)

    return Dormant(
        home=home_hit.id,
        as_of=as_of.isoformat(),
        months=months,
        partners=sorted(partners, key=key),
        agreements=sorted(agreements, key=key),
    )
