"""Unexplored partners: close to the home city in the graph, not yet engaged; each with why.

Signals, each explained by paths in the graph:

- ``shared_membership``: a fellow member of a network the home city belongs to;
- ``sister_of_partner``: a sister city of a partner (or of the home city's sister cities);
- ``top_investor``: a city, company or body of a country that ranks among the top investors;
- ``priority_sector``: a body or company in a sector the home city prioritises;
- ``adamic_adar``, ``resource_allocation``: link prediction over shared neighbours (networkx);
- ``pagerank``: personalised PageRank from the home node (networkx).

The score is a weighted sum; weights are in :data:`WEIGHTS`.
"""

from __future__ import annotations

import gc
import heapq
import math
from collections import defaultdict
from collections.abc import Callable, Iterator, Set
from functools import cached_property
from itertools import chain
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from graph import cypher
from graph.questions.home import find_home
from graph.questions.lookup import SearchHit, find_entity, side
from graph.stores.base import GraphStore

if TYPE_CHECKING:  # networkx costs 20 MB: imported where a view is built
    import networkx as nx

__all__ = ["WEIGHTS", "Reason", "Suggestion", "Via", "opportunities", "unexplored"]

WEIGHTS = {
    "shared_membership": 3.0,
    "sister_of_partner": 2.0,
    "top_investor": 2.0,
    "priority_sector": 1.5,
    "adamic_adar": 1.0,
    "resource_allocation": 2.0,
    "pagerank": 1.0,
}
# From a hub that has engaged more partner cities than this, the sister cities of the closest
# ones only (most engagements shared) are weighed: the rest add paths, not ranking (measured:
# 28,000 partner cities gave 120,000 paths and most of a 1.5 s answer).
PARTNER_CITY_CAP = 500


class _Evidence:
    """One signal for one candidate while ranking: its summed score, how many paths gave it,
    and the first few of those paths as raw ids (rendered only for the candidates shown)."""

    __slots__ = ("count", "examples", "score")

    def __init__(self) -> None:
        self.score = 0.0
        self.count = 0
        self.examples: list[tuple[Any, ...]] = []


_Render = Callable[..., tuple[str, list[str]]]


class _Reasons:
    def __init__(self) -> None:
        self.by: dict[str, dict[str, _Evidence]] = defaultdict(dict)

    def add(self, x: str, signal: str, score: float, *via: Any) -> None:
        evidence = self.by[x].setdefault(signal, _Evidence())
        evidence.score += score
        evidence.count += 1
        if len(evidence.examples) < 3:
            evidence.examples.append(via)

    def total(self, x: str) -> float:
        return sum(e.score for e in self.by[x].values())

    def explain(
        self, x: str, render: dict[str, _Render], through: Callable[..., list[Via]]
    ) -> list[Reason]:
        """``x``'s reasons, strongest first: each said in words with its first path, and the
        entities its shown examples go through (``through(signal, x, *example)``)."""
        out: list[Reason] = []
        for signal, e in sorted(self.by[x].items(), key=lambda kv: -kv[1].score):
            shown = [render[signal](x, *via) for via in e.examples]
            vias = {v.id: v for via in e.examples for v in through(signal, x, *via)}
            text = "; ".join(t for t, _ in shown)
            if e.count > len(shown):
                text += f" (and {e.count - len(shown)} more)"
            same = next((r for r in out if r.text == text), None)
            if same is not None:  # two measures of the same shared neighbours: said once
                same.score = round(same.score + e.score, 4)
                continue
            out.append(
                Reason(
                    signal=signal,
                    score=round(e.score, 4),
                    text=text,
                    path=shown[0][1],
                    via=list(vias.values()),
                )
            )
        return out


class Via(BaseModel):
    """An entity a reason goes through (a sister city, a network, a sector), with its names,
    so that a brief can say the reason in its own language."""

    id: str
    name: str
    name_vi: str | None = None
    country_code: str | None = None


class Reason(BaseModel):
    signal: str
    score: float
    text: str
    path: list[str]
    via: list[Via] = []


class Suggestion(BaseModel):
    id: str
    name: str
    name_vi: str | None = None
    label: str
    country_code: str | None = None
    population: int | None = None
    score: float
    reasons: list[Reason]


def unexplored(
    store: GraphStore,
    *,
    home: str,
    limit: int = 20,
    labels: set[str] | None = None,
    graph: nx.MultiDiGraph | None = None,
) -> list[Suggestion]:
    """Rank entities the home side has not engaged. ``graph`` may be passed to reuse a
    networkx view across calls (the web app and the benchmark do)."""
    hit = find_home(store, home)
    g = graph if graph is not None else store.to_networkx()
    ranking = _Ranking(g, hit, store, labels or store.model.candidate_labels)
    ranking.gather()
    return ranking.suggestions(limit)


class _Ranking:
    """One ranking: who may be suggested, the signals gathered for each candidate, and how each
    signal is said."""

    def __init__(
        self, g: nx.MultiDiGraph, home: SearchHit, store: GraphStore, allowed: Set[str]
    ) -> None:
        self.g, self.home_id, self.allowed = g, home.id, allowed
        # link prediction over the labels the model takes in (figures and documents left out)
        self.adj = _adjacency(g, {n for n, lab in store.model.labels.items() if not lab.analytics})
        self.home_side = set(side(store, home.id, home.label)) & set(g)
        self.t = _typed(g)
        self.engaged = _engaged(self.t, self.home_side)
        self.domestic = _domestic(g, self.t, home.id)
        self.reasons = _Reasons()
        self._verdicts: dict[str, bool] = {}

    def name(self, n: str) -> str:
        return str(self.g.nodes[n].get("name", n))

    def candidate(self, n: str) -> bool:
        """Not engaged, not the home's, not domestic, of a label asked for. Asked for every
        path: remembered per node."""
        verdict = self._verdicts.get(n)
        if verdict is None:
            verdict = (
                n not in self.engaged
                and n not in self.home_side
                and n not in self.domestic
                and self.t.label.get(n) in self.allowed
            )
            self._verdicts[n] = verdict
        return verdict

    def add(self, x: str, signal: str, *via: Any, score: float | None = None) -> None:
        if self.candidate(x):
            self.reasons.add(x, signal, WEIGHTS[signal] if score is None else score, *via)

    def gather(self) -> None:
        """Every signal, for every candidate it reaches."""
        t, g, add = self.t, self.g, self.add
        for org, x in _two_hop(t, self.home_side, "MEMBER_OF", "MEMBER_OF"):
            add(x, "shared_membership", org)
        for sector, x in _two_hop(t, {self.home_id}, "PRIORITISES", "CONCERNS"):
            add(x, "priority_sector", sector)
        home_twins = _twins(t, self.home_id)  # sister cities of partners and of home's sisters
        partner_cities = heapq.nsmallest(
            PARTNER_CITY_CAP,
            (n for n in self.engaged if t.label.get(n) == "City"),
            key=lambda n: (-self.engaged[n], n),
        )
        for p in partner_cities:
            via = "a sister city" if p in home_twins else "a partner"
            for x in _twins(t, p):
                add(x, "sister_of_partner", p, via)
        for country, _, d in g.in_edges(self.home_id, data=True):  # the top investors' members
            if d["type"] == "INVESTS_IN" and g.nodes[country].get("label") == "Country":
                rank, weight = d.get("rank"), WEIGHTS["top_investor"] / (d.get("rank") or 3)
                for x in _members_of_country(t, country):
                    add(x, "top_investor", country, rank, d.get("period"), score=weight)
        _link_prediction(self.adj, self.home_id, self.candidate, self.reasons)

    @cached_property
    def near(self) -> set[str]:
        """The home's neighbours (sources and figures left out)."""
        return set(self.adj.get(self.home_id, ()))

    def through(self, signal: str, x: str, *via: Any) -> list[Via]:
        """The entities one example of a signal goes through, with their names: the network,
        sector, partner city or investing country, or the home's neighbours it shares."""
        if signal in {"adamic_adar", "resource_allocation"}:
            ids = _common_neighbours(self.adj, self.near, x)
        elif signal == "pagerank":
            ids = _common_neighbours(self.adj, self.near, x, 1)
        else:
            ids = [via[0]]
        nodes = self.g.nodes
        return [
            Via(
                id=n,
                name=self.name(n),
                name_vi=nodes[n].get("name_vi"),
                country_code=nodes[n].get("country_code"),
            )
            for n in ids
        ]

    def renderers(self) -> dict[str, _Render]:
        """Each signal in plain words, with the path it goes by."""
        adj, name, near = self.adj, self.name, self.near
        home = name(self.home_id)

        def through(x: str) -> tuple[str, list[str]]:
            common = _common_neighbours(adj, near, x)
            shared = ", ".join(name(c) for c in common)
            return (
                f"linked to {shared}, as {home} is" if common else f"close to {home} in the graph",
                [home, "—", name(common[0]), "—", name(x)] if common else [home, "…", name(x)],
            )

        def steps(x: str) -> tuple[str, list[str]]:
            common = _common_neighbours(adj, near, x, 1)
            if not common:
                return f"within a few steps of {home} in the network", [home, "…", name(x)]
            return (
                f"within a few steps of {home} in the network, through {name(common[0])}",
                [home, "—", name(common[0]), "—", name(x)],
            )

        return {
            "shared_membership": lambda x, org: (
                f"a fellow member of {name(org)}",
                [home, "MEMBER_OF", name(org), "MEMBER_OF", name(x)],
            ),
            "priority_sector": lambda x, sector: (
                f"works in {name(sector)}, a priority sector of {home}",
                [home, "PRIORITISES", name(sector), "CONCERNS", name(x)],
            ),
            "sister_of_partner": lambda x, p, via: (
                f"sister city of {name(p)}, {via} of {home}",
                [home, "…", name(p), "TWINNED_WITH", name(x)],
            ),
            "top_investor": lambda x, country, rank, period: (
                f"in {name(country)}, "
                + (f"investor no. {rank}" if rank else "an investor")
                + f" in {home} ({period or 'period not given'})",
                [name(x), "LOCATED_IN", name(country), "INVESTS_IN", home],
            ),
            # link prediction in plain words: the measure's value stays in the reason's score
            "adamic_adar": lambda x, value: through(x),
            "resource_allocation": lambda x, value: through(x),
            "pagerank": lambda x, rank: steps(x),
        }

    def suggestions(self, limit: int) -> list[Suggestion]:
        """The ``limit`` best candidates, each with its reasons; ties settled by name."""
        reasons, g, name = self.reasons, self.g, self.name
        totals = {n: reasons.total(n) for n in reasons.by}
        top = heapq.nlargest(limit * 2, totals, key=totals.__getitem__)
        ranked = sorted(top, key=lambda n: (-totals[n], name(n)))[:limit]
        render = self.renderers()
        return [
            Suggestion(
                id=n,
                name=name(n),
                label=g.nodes[n]["label"],
                country_code=g.nodes[n].get("country_code"),
                score=round(reasons.total(n), 4),
                reasons=reasons.explain(n, render, self.through),
            )
            for n in ranked
        ]


def _domestic(g: nx.MultiDiGraph, t: _Typed, home_id: str) -> set[str]:
    """The home's own country and everything in it: never an international partner."""
    node = g.nodes[home_id]
    code = str(node.get("country_code") or (home_id if node.get("label") == "Country" else ""))
    if not code:
        return set()
    out = set(t.by_country.get(code.lower(), ()))
    out.update(n for n in t.label if n == code.lower() and t.label[n] == "Country")
    return out


class _Typed:
    """Neighbours by relationship type and direction, built once per networkx view: the
    questions below walk typed edges of hubs, and networkx's filtered edge views cost ten
    times more than a dict look-up."""

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.into: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.by_country: dict[str, set[str]] = defaultdict(set)
        self.label: dict[str, str] = dict(g.nodes(data="label"))
        for a, b, t in g.edges(data="type"):
            self.out[t][a].append(b)
            self.into[t][b].append(a)
        for n, cc in g.nodes(data="country_code"):
            if cc:
                self.by_country[str(cc).lower()].add(n)

    def fwd(self, node: str, *types: str) -> list[str]:
        return [x for t in types for x in self.out[t].get(node, ())]

    def back(self, node: str, *types: str) -> list[str]:
        return [x for t in types for x in self.into[t].get(node, ())]


def _typed(g: nx.MultiDiGraph) -> _Typed:
    if "_typed" not in g.graph:
        g.graph["_typed"] = _Typed(g)
        gc.freeze()  # see _long_lived
    typed: _Typed = g.graph["_typed"]
    return typed


def _engaged(t: _Typed, home_side: set[str]) -> dict[str, int]:
    """Everything the home side already deals with, with how many engagements and direct
    relationships it shares with the home side (plain loops: a hub has 25,000 engagements)."""
    out: dict[str, int] = defaultdict(int)
    participants, located = t.into["PARTICIPATED_IN"], t.out["LOCATED_IN"]
    for h in home_side:
        for e in t.out["PARTICIPATED_IN"].get(h, ()):
            for a in participants.get(e, ()):
                out[a] += 1
            for place in located.get(e, ()):
                out[place] += 1
        for x in t.fwd(h, "MEMBER_OF", "TWINNED_WITH", "WORKS_WITH"):
            out[x] += 1
        for x in t.back(h, "TWINNED_WITH", "INVESTS_IN", "WORKS_WITH"):
            out[x] += 1
    for h in home_side:
        out.pop(h, None)
    return out


def _two_hop(t: _Typed, starts: set[str], out_type: str, in_type: str) -> Iterator[tuple[str, str]]:
    """(middle, x) for every start -out_type-> middle <-in_type- x."""
    for start in starts:
        for middle in t.fwd(start, out_type):
            for x in t.back(middle, in_type):
                yield middle, x


def _twins(t: _Typed, city: str) -> set[str]:
    return set(t.fwd(city, "TWINNED_WITH")) | set(t.back(city, "TWINNED_WITH"))


def _members_of_country(t: _Typed, country: str) -> set[str]:
    return set(t.back(country, "LOCATED_IN", "PART_OF")) | t.by_country.get(country, set())


def _link_prediction(
    adj: dict[str, list[str]], home: str, candidate: Callable[[str], bool], reasons: _Reasons
) -> None:
    """Adamic-Adar and resource allocation in one sweep over the paths home - c - n (the same
    sums networkx's adamic_adar_index and resource_allocation_index make, without visiting
    pairs that share nothing), and personalised PageRank by local push from home."""
    if home not in adj:
        return
    aa: dict[str, float] = defaultdict(float)
    ra: dict[str, float] = defaultdict(float)
    for c in adj[home]:
        nbrs = adj[c]
        degree = len(nbrs)
        aa_share = 1 / math.log(degree) if degree > 1 else 0.0
        ra_share = 1 / degree
        for n in nbrs:
            aa[n] += aa_share
            ra[n] += ra_share
    aa.pop(home, None)
    ra.pop(home, None)
    for n, value in ra.items():  # every n with a path; Adamic-Adar skips degree-one middles
        if candidate(n):
            reasons.add(n, "resource_allocation", WEIGHTS["resource_allocation"] * value, value)
            if aa[n] > 0:
                reasons.add(n, "adamic_adar", WEIGHTS["adamic_adar"] * aa[n], aa[n])
    ranks = personalised_pagerank(adj, home)
    ranks.pop(home, None)
    kept = {n: rank for n, rank in ranks.items() if candidate(n)}
    top = max(kept.values(), default=0.0) or 1.0
    for n, rank in kept.items():
        if rank / top >= 0.01:
            reasons.add(n, "pagerank", WEIGHTS["pagerank"] * math.sqrt(rank / top), rank)


def _common_neighbours(
    adj: dict[str, list[str]], near: set[str], x: str, limit: int = 3
) -> list[str]:
    """The first few neighbours ``x`` shares with the home node (whose neighbours are
    ``near``): the paths behind a link-prediction score, found only for the candidates shown."""
    return [c for c in adj.get(x, ()) if c in near][:limit]


def personalised_pagerank(
    adj: dict[str, list[str]], seed: str, *, alpha: float = 0.15, epsilon: float = 1e-5
) -> dict[str, float]:
    """Personalised PageRank from ``seed`` by local push (Andersen, Chung and Lang, 2006), the
    same walk as ``networkx.pagerank(alpha=1 - alpha)``, with work bounded by
    1 / (alpha * epsilon) whatever the size of the graph.

    >>> import networkx as nx
    >>> g = nx.path_graph(["a", "b", "c", "d"])
    >>> r = personalised_pagerank({n: list(g[n]) for n in g}, "a")
    >>> exact = nx.pagerank(g, personalization={"a": 1})
    >>> sorted(r, key=r.get, reverse=True) == sorted(exact, key=exact.get, reverse=True)
    True
    """
    rank: dict[str, float] = defaultdict(float)
    residual: dict[str, float] = defaultdict(float)
    residual[seed] = 1.0
    queue = [seed]
    while queue:
        v = queue.pop()
        nbrs = adj[v]
        degree = len(nbrs)
        mass = residual[v]
        if degree == 0 or mass < epsilon * degree:
            continue
        rank[v] += alpha * mass
        residual[v] = 0.0
        share = (1 - alpha) * mass / degree
        for w in nbrs:
            before = residual[w]
            residual[w] = before + share
            if before < epsilon * len(adj[w]) <= residual[w]:
                queue.append(w)
    return dict(rank)


# _long_lived: a view and its indexes hold millions of objects for the life of the process;
# gc.freeze() moves them out of the cyclic collector's reach, whose full passes over them
# stalled answers for 2-3 s at random (they hold no cycles: refcounts free them when dropped).


def _adjacency(g: nx.MultiDiGraph, skip_labels: set[str]) -> dict[str, list[str]]:
    """Undirected neighbour lists of the domain graph without the nodes of ``skip_labels``
    (figures and sources: a simple graph, each neighbour once), built once per view and set
    of labels. Plain lists: the push asks millions of times on a hub, and networkx's views
    cost a wrapper object per call; building them straight from the view took 1 s where an
    undirected networkx copy took 12 s."""
    key = ("_adjacency", frozenset(skip_labels))
    if key not in g.graph:
        skip = {n for n, label in g.nodes(data="label") if label in skip_labels}
        succ, pred = g.succ, g.pred
        g.graph[key] = {
            n: [x for x in dict.fromkeys(chain(succ[n], pred[n])) if x not in skip]
            for n in g
            if n not in skip
        }
        gc.freeze()  # see _long_lived
    adj: dict[str, list[str]] = g.graph[key]
    return adj


# -- opportunities about one partner ---------------------------------------------------------
# What ties a candidate to the home, strongest first. A sister city of one of the home's sister
# cities or a fellow member of its networks is a ready introduction; a sister city in a country
# the home works with says little on its own, so it counts per country and at most four times.
OPPORTUNITY_WEIGHTS = {
    "sister_of_home_twin": 3.0,
    "shared_membership": 3.0,
    "sister_of_partner": 2.5,
    "partner_theme": 2.0,
    "priority_sector": 2.0,
    "investor": 2.0,
    "sister_in_home_country": 2.0,
    "works_with_partner": 1.5,
    "sister_in_partner_countries": 0.5,
}
_PER_COUNTRY_CAP = 4


def opportunities(
    store: GraphStore,
    partner: str,
    *,
    home: str,
    themes: dict[str, str] | None = None,
    limit: int = 6,
) -> list[Suggestion]:
    """Whom the home might approach about ``partner``: for a country, its cities, companies and
    bodies that the home side has not engaged; for a city, its country's other actors and its
    own partners (sister cities, working relations). Ranked by what ties each to the home (see
    :data:`OPPORTUNITY_WEIGHTS`), the larger city first on a tie; never a domestic entity.
    ``themes`` (sector id → name): the sectors of the home's engagements with the partner.

    Each suggestion says why in plain words (``Reason.text``) and through what (``Reason.via``),
    with the weight behind it (``Reason.score``). A handful of anchored reads: no networkx."""
    hit = find_entity(store, partner)
    home_hit = find_home(store, home)
    themes = themes or {}
    # the candidates that carry a country's code: a country's cities, companies and bodies
    coded = [
        n
        for n, lab in store.model.labels.items()
        if lab.candidate and "country_code" in lab.properties
    ]
    home_side = side(store, home_hit.id, home_hit.label)
    home_node = store.read(cypher.node(home_hit.label), {"id": home_hit.id})[0]["n"]
    home_cc = str(
        home_node.get("country_code") or (home_hit.id if home_hit.label == "Country" else "")
    ).upper()
    near = store.read(cypher.neighbours_of(home_hit.label), {"id": home_hit.id})

    def around(kind: str, direction: str) -> dict[str, dict[str, Any]]:
        return {n["id"]: n for n in near if n["type"] == kind and n["direction"] == direction}

    home_twins = {n["id"]: n for n in near if n["type"] == "TWINNED_WITH"}
    networks, priorities = around("MEMBER_OF", "out"), around("PRIORITISES", "out")
    investors, tied = around("INVESTS_IN", "in"), {n["id"] for n in near}
    partner_cities = {
        r["id"]: r
        for r in store.read(cypher.home_partners(home_hit.label, "City"), {"id": home_hit.id})
    }
    partner_countries = {
        r["country_code"]: r
        for r in store.read(cypher.home_partners(home_hit.label, "Country"), {"id": home_hit.id})
        if r["country_code"] != home_cc
    }
    node = store.read(cypher.node(hit.label), {"id": hit.id})[0]["n"]
    if hit.label == "City":
        partner_cities.setdefault(
            hit.id, {"id": hit.id, "name": hit.name, "name_vi": hit.name_vi, **_cc(node)}
        )
    cc = hit.id.upper() if hit.label == "Country" else str(node.get("country_code") or "").upper()

    found: dict[str, dict[str, Any]] = {}
    if cc and cc != home_cc:
        for label in coded:
            for row in store.read(cypher.actors_in_country(label), {"cc": cc}):
                found[row["id"]] = row
    works_with: set[str] = set()
    own_ids: set[str] = set()
    if hit.label != "Country":
        own: dict[str, set[str]] = defaultdict(set)
        for n in store.read(cypher.neighbours_of(hit.label), {"id": hit.id}):
            if n["type"] in {"TWINNED_WITH", "WORKS_WITH"} and n["label"] in coded:
                own[n["label"]].add(n["id"])
                if n["type"] == "WORKS_WITH":
                    works_with.add(n["id"])
        for label, wanted in own.items():
            own_ids |= wanted
            for row in store.read(cypher.actors_by_id(label), {"ids": sorted(wanted - set(found))}):
                found[row["id"]] = row
    for n in [hit.id, *home_side, *tied]:
        found.pop(n, None)
    found = {k: r for k, r in found.items() if (r["country_code"] or "").upper() != home_cc}
    by_label: dict[str, list[str]] = defaultdict(list)
    for k, r in found.items():
        by_label[r["label"]].append(k)
    home_ids = sorted(home_side)
    for label, ids in by_label.items():
        for row in store.read(cypher.engaged_with_home(label), {"ids": ids, "home": home_ids}):
            found.pop(row["id"], None)
    by_label = {lab: [k for k in ids if k in found] for lab, ids in by_label.items()}

    ties: dict[str, dict[str, list[Via]]] = defaultdict(lambda: defaultdict(list))

    def tie(x: str, signal: str, via: dict[str, Any]) -> None:
        ties[x][signal].append(
            Via(
                id=via["id"],
                name=via.get("name") or via["id"],
                name_vi=via.get("name_vi"),
                country_code=via.get("country_code"),
            )
        )

    if by_label.get("City"):
        for row in store.read(cypher.CITY_TWINS, {"ids": by_label["City"]}):
            x, twin = row["id"], {**row, "id": row["twin"]}
            code = (row["country_code"] or "").upper()
            if row["twin"] in home_twins:
                tie(x, "sister_of_home_twin", twin)
            elif row["twin"] in partner_cities:
                tie(x, "sister_of_partner", twin)
            elif code == home_cc:
                tie(x, "sister_in_home_country", twin)
            elif code in partner_countries and code != cc:
                tie(x, "sister_in_partner_countries", twin)
    for label, ids in by_label.items():
        if not ids:
            continue
        for row in store.read(cypher.memberships_of(label), {"ids": ids}):
            if row["via"] in networks:
                tie(row["id"], "shared_membership", networks[row["via"]])
        if label == "City":
            continue
        for row in store.read(cypher.concerns_of(label), {"ids": ids}):
            if row["via"] in themes:
                tie(row["id"], "partner_theme", {"id": row["via"], "name": themes[row["via"]]})
            elif row["via"] in priorities:
                tie(row["id"], "priority_sector", priorities[row["via"]])
    for x in found:
        if x in investors:
            tie(x, "investor", {"id": home_hit.id, "name": home_hit.name})
        if x in works_with:
            tie(x, "works_with_partner", {"id": hit.id, "name": hit.name})

    home_name = home_hit.name

    def reason(signal: str, via: list[Via]) -> Reason:
        if signal == "sister_in_partner_countries":
            countries = len({v.country_code for v in via})
            score = OPPORTUNITY_WEIGHTS[signal] * min(countries, _PER_COUNTRY_CAP)
        else:
            score = OPPORTUNITY_WEIGHTS[signal] * len(via)
        names = ", ".join(v.name for v in via[:3]) + (
            f" (and {len(via) - 3} more)" if len(via) > 3 else ""
        )
        text = {
            "sister_of_home_twin": f"a sister city of {names}, as {home_name} is",
            "sister_of_partner": f"a sister city of {names}, which {home_name} has worked with",
            "sister_in_home_country": f"a sister city of {names}, in {home_hit.name}'s country",
            "sister_in_partner_countries": (
                f"a sister city of {names}, in countries {home_name} works with"
            ),
            "shared_membership": f"a fellow member of {names}, as {home_name} is",
            "priority_sector": f"works in {names}, a priority of {home_name}",
            "partner_theme": f"works in {names}, a subject of {home_name}'s engagements with "
            f"{hit.name}",
            "investor": f"invests in {home_name}",
            "works_with_partner": f"works with {hit.name}",
        }[signal]
        return Reason(
            signal=signal,
            score=round(score, 4),
            text=text,
            path=[home_name, "…", via[0].name, "—", "…"],
            via=via,
        )

    out = []
    for x, signals in ties.items():
        reasons = sorted(
            (reason(sig, via) for sig, via in signals.items()), key=lambda r: (-r.score, r.signal)
        )
        row = found[x]
        for why in reasons:
            why.path[-1] = row["name"]
        out.append(
            Suggestion(
                id=x,
                name=row["name"],
                name_vi=row["name_vi"],
                label=row["label"],
                country_code=row["country_code"],
                population=row["population"],
                score=round(sum(r.score for r in reasons), 4),
                reasons=reasons,
            )
        )
    out.sort(key=lambda s: (-s.score, -(s.population or 0), s.name))
    if not own_ids:
        return out[:limit]
    # a city's own partners and its country's other actors, in turns
    mine = [s for s in out if s.id in own_ids]
    others = [s for s in out if s.id not in own_ids]
    mixed = [s for pair in zip(mine, others, strict=False) for s in pair]
    rest = mine[len(others) :] + others[len(mine) :]
    return (mixed + rest)[:limit]


def _cc(node: dict[str, Any]) -> dict[str, Any]:
    return {"country_code": node.get("country_code")}
