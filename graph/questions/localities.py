"""Which localities of the home's country engage a partner: "Denmark: Hai Phong 6 engagements,
Da Nang 2". One graph can hold every locality of a country; this is the partner's page seen
from all of them at once.

A locality's count is the number of entries of its own :func:`~graph.questions.history.history`
with the partner: the engagements in which something of the partner's side and something of
the locality's side (itself, its places and bodies, their people) take part, or which took place
in the partner with the locality's side there. It is read from the partner's engagements, up
from each party to the city it belongs to, not by asking every locality's history.
"""

from __future__ import annotations

from collections import defaultdict

from pydantic import BaseModel, ConfigDict, Field

from graph import cypher
from graph.cypher import localities as queries
from graph.dates import period_end, shown
from graph.questions.history import NOT_CONTACT
from graph.questions.home import find_home, home_country
from graph.questions.lookup import SearchHit, find_entity, side_members
from graph.stores.base import GraphStore

__all__ = ["Localities", "Locality", "localities"]


class Locality(BaseModel):
    """A city or province and its engagements with the partner."""

    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    name_vi: str | None = None
    engagements: int = Field(description="As many as its history with the partner lists.")
    last_contact: str | None = Field(None, description="The latest contact's date (first day).")
    last_precision: str | None = Field(None, description="day, month or year.")
    last_shown: str = Field("", description="The latest contact as written: 2022, Nov 2023.")


class Localities(BaseModel):
    """The localities of one country that engage a partner, the most engaged first."""

    model_config = ConfigDict(extra="forbid")

    partner: SearchHit
    home: str = Field(description="The home asked for; its country's localities are listed.")
    country: str | None = Field(description="Their country's ISO code (none: the home has none).")
    localities: list[Locality]


def localities(store: GraphStore, partner: str, *, home: str) -> Localities:
    """The cities and provinces of the home's country that engage ``partner``, each with as
    many engagements as its history with the partner counts and its latest contact; the most
    engaged first, then by name. The partner itself is never listed."""
    hit = find_entity(store, partner)
    home_hit = find_home(store, home)
    cc = home_country(store, home_hit)
    found = Localities(partner=hit, home=home_hit.id, country=cc, localities=[])
    if cc is None:
        return found
    labels, partner_parties, located = _partner_engagements(store, hit)
    by_label: dict[str, list[str]] = defaultdict(list)
    for e, label in sorted(labels.items()):
        by_label[label].append(e)
    # each engagement's parties and their dates; then, from each party up, its locality
    parties: dict[str, set[str]] = defaultdict(set)  # engagement -> parties
    of_label: dict[str, set[str]] = defaultdict(set)  # party label -> ids
    for label, ids in sorted(by_label.items()):
        for r in store.read(queries.engagement_parties(label), {"ids": ids}):
            parties[r["engagement"]].add(r["party"])
            of_label[r["label"]].add(r["party"])
    belongs: dict[str, set[str]] = defaultdict(set)  # party -> its localities
    names: dict[str, tuple[str, str | None]] = {}
    for label, members in sorted(of_label.items()):
        for climb in queries.climbs_from(store.model, label):
            query = queries.localities_of(label, climb)
            for r in store.read(query, {"ids": sorted(members)}):
                if str(r["country"] or "").upper() != cc:
                    continue
                belongs[r["party"]].add(r["id"])
                names[r["id"]] = (r["name"], r["name_vi"])
    theirs: dict[tuple[str, str], set[str]] = defaultdict(set)  # (engagement, locality) -> parties
    for e, found_parties in parties.items():
        for party in found_parties:
            for place in belongs.get(party, ()):
                theirs[(e, place)].add(party)
    when = {
        r["id"]: r
        for label, ids in sorted(by_label.items())
        for r in store.read(queries.engagement_dates(label), {"ids": ids})
    }
    counted: dict[str, list[str]] = defaultdict(list)
    for (e, place), own in sorted(theirs.items()):
        if place == hit.id:
            continue
        # as history reads it: a party of the partner's side that is not the locality's own
        # (the partner itself always is), with a party of the locality's side beside it
        others = {x for x in partner_parties.get(e, ()) if x == hit.id or x not in own}
        if e in located or any(x != h for x in others for h in own):
            counted[place].append(e)
    rows = []
    for place, engagements in counted.items():
        contacts = [
            when[e] for e in engagements if when[e]["date"] and when[e]["status"] not in NOT_CONTACT
        ]
        last = max(
            contacts, key=lambda r: (period_end(r["date"], r["precision"]), r["date"]), default=None
        )
        rows.append(
            Locality(
                id=place,
                name=names[place][0],
                name_vi=names[place][1],
                engagements=len(engagements),
                last_contact=str(last["date"])[:10] if last else None,
                last_precision=last["precision"] if last else None,
                last_shown=shown(last["date"], last["precision"]) if last else "",
            )
        )
    rows.sort(key=lambda r: (-r.engagements, r.name, r.id))
    found.localities = rows
    return found


def _partner_engagements(
    store: GraphStore, hit: SearchHit
) -> tuple[dict[str, str], dict[str, set[str]], set[str]]:
    """The partner side's engagements (id -> label), the side's parties in each, and those that
    took place in the partner (or its places)."""
    members = side_members(store, hit.id, hit.label)
    paths = sorted({0} | {m["path"] for m in members if m["path"] >= 0})
    labels: dict[str, str] = {}
    parties: dict[str, set[str]] = defaultdict(set)
    rows = [
        r for i in paths for r in store.read(queries.side_engagements(hit.label, i), {"id": hit.id})
    ]
    coded: dict[str, list[str]] = defaultdict(list)
    for m in members:
        if m["path"] < 0:
            coded[m["label"]].append(m["id"])
    for label, ids in sorted(coded.items()):
        rows += store.read(queries.side_engagements_coded(label), {"ids": sorted(ids)})
    for r in rows:
        labels[r["id"]] = r["label"]
        parties[r["id"]].add(r["party"])
    located = set()
    located_q = cypher.located_engagements(store.model, hit.label, members=1 in paths)
    for r in store.read(located_q, {"id": hit.id}):
        labels[r["id"]] = r["label"]
        located.add(r["id"])
    return labels, parties, located
