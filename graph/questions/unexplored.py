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

import math
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import NamedTuple

import networkx as nx
from pydantic import BaseModel

from graph.questions.lookup import find_entity, side
from graph.stores.base import GraphStore

__all__ = ["WEIGHTS", "Reason", "Suggestion", "unexplored"]

WEIGHTS = {
    "shared_membership": 3.0,
    "sister_of_partner": 2.0,
    "top_investor": 2.0,
    "priority_sector": 1.5,
    "adamic_adar": 1.0,
    "resource_allocation": 2.0,
    "pagerank": 1.0,
}
CANDIDATE_LABELS = {"City", "Organisation", "Company", "Country"}
ENGAGEMENT_LABELS = {"Visit", "Event", "Agreement"}
_ANALYTIC_SKIP = {"Indicator", "Source"}


class _R(NamedTuple):
    """A reason while ranking: light, turned into a :class:`Reason` for the top only."""

    signal: str
    score: float
    text: str
    path: list[str]


class Reason(BaseModel):
    signal: str
    score: float
    text: str
    path: list[str]


class Suggestion(BaseModel):
    id: str
    name: str
    label: str
    country_code: str | None = None
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
    home_hit = find_entity(store, home)
    g = graph if graph is not None else store.to_networkx()
    home_id = home_hit.id
    home_side = set(side(store, home_id, home_hit.label)) & set(g)
    engaged = _engaged(g, home_side)
    allowed = labels or CANDIDATE_LABELS

    def candidate(n: str) -> bool:
        return n not in engaged and n not in home_side and g.nodes[n].get("label") in allowed

    reasons: dict[str, list[_R]] = defaultdict(list)

    def name(n: str) -> str:
        return str(g.nodes[n].get("name", n))

    def add(x: str, signal: str, text: str, path: list[str], score: float | None = None) -> None:
        if candidate(x):
            reasons[x].append(_R(signal, WEIGHTS[signal] if score is None else score, text, path))

    home = name(home_id)
    for org, x in _two_hop(g, home_side, "MEMBER_OF", "MEMBER_OF"):
        add(
            x,
            "shared_membership",
            f"a fellow member of {name(org)}",
            [home, "MEMBER_OF", name(org), "MEMBER_OF", name(x)],
        )
    for sector, x in _two_hop(g, {home_id}, "PRIORITISES", "CONCERNS"):
        add(
            x,
            "priority_sector",
            f"works in {name(sector)}, a priority sector of {home}",
            [home, "PRIORITISES", name(sector), "CONCERNS", name(x)],
        )
    # sister cities of partners (and of the home city's own sisters)
    home_twins = _twins(g, home_id)
    for p in sorted(n for n in engaged if g.nodes[n].get("label") == "City"):
        via = "a sister city" if p in home_twins else "a partner"
        for x in _twins(g, p):
            add(
                x,
                "sister_of_partner",
                f"sister city of {name(p)}, {via} of {home}",
                [home, "…", name(p), "TWINNED_WITH", name(x)],
            )
    # countries that invest most: their cities, companies and bodies
    for country, _, d in g.in_edges(home_id, data=True):
        if d["type"] != "INVESTS_IN" or g.nodes[country].get("label") != "Country":
            continue
        rank = d.get("rank")
        investor = f"investor no. {rank}" if rank else "an investor"
        text = f"in {name(country)}, {investor} in {home} ({d.get('period') or 'period not given'})"
        for x in _members_of_country(g, country):
            add(
                x,
                "top_investor",
                text,
                [name(x), "LOCATED_IN", name(country), "INVESTS_IN", home],
                score=WEIGHTS["top_investor"] / (rank or 3),
            )
    _link_prediction(g, home_id, candidate, reasons, name)
    totals = sorted(
        ((sum(r.score for r in rs), n) for n, rs in reasons.items()),
        key=lambda t: (-t[0], name(t[1])),
    )
    out = []
    for total, n in totals[:limit]:
        rs = sorted(reasons[n], key=lambda r: -r.score)
        out.append(
            Suggestion(
                id=n,
                name=name(n),
                label=g.nodes[n]["label"],
                country_code=g.nodes[n].get("country_code"),
                score=round(total, 4),
                reasons=[Reason(**r._asdict()) for r in rs],
            )
        )
    out.sort(key=lambda s: (-s.score, s.name))
    return out[:limit]


def _analytic(g: nx.MultiDiGraph) -> nx.Graph:
    """Undirected simple projection without figures and sources, built once per view."""
    if "_analytic" not in g.graph:
        keep = [n for n, d in g.nodes(data=True) if d.get("label") not in _ANALYTIC_SKIP]
        g.graph["_analytic"] = nx.Graph(g.subgraph(keep))
    cached: nx.Graph = g.graph["_analytic"]
    return cached


def _engaged(g: nx.MultiDiGraph, home_side: set[str]) -> set[str]:
    """Everything the home side already deals with: co-participants, direct relationships."""
    out: set[str] = set()
    for h in home_side:
        for _, e, d in g.out_edges(h, data=True):
            if d["type"] == "PARTICIPATED_IN":
                out |= {
                    p for p, _, d2 in g.in_edges(e, data=True) if d2["type"] == "PARTICIPATED_IN"
                }
                out |= {
                    loc for _, loc, d2 in g.out_edges(e, data=True) if d2["type"] == "LOCATED_IN"
                }
            elif d["type"] in {"MEMBER_OF", "TWINNED_WITH", "WORKS_WITH"}:
                out.add(e)
        for x, _, d in g.in_edges(h, data=True):
            if d["type"] in {"TWINNED_WITH", "INVESTS_IN", "WORKS_WITH"}:
                out.add(x)
    return out - home_side


def _two_hop(
    g: nx.MultiDiGraph, starts: set[str], out_type: str, in_type: str
) -> Iterator[tuple[str, str]]:
    """(middle, x) for every start -out_type-> middle <-in_type- x."""
    for start in starts:
        for _, middle, d in g.out_edges(start, data=True):
            if d["type"] == out_type:
                for x, _, d2 in g.in_edges(middle, data=True):
                    if d2["type"] == in_type:
                        yield middle, x


def _twins(g: nx.MultiDiGraph, city: str) -> set[str]:
    out = {b for _, b, d in g.out_edges(city, data=True) if d["type"] == "TWINNED_WITH"}
    return out | {a for a, _, d in g.in_edges(city, data=True) if d["type"] == "TWINNED_WITH"}


def _members_of_country(g: nx.MultiDiGraph, country: str) -> set[str]:
    if "_by_country" not in g.graph:
        index: dict[str, set[str]] = defaultdict(set)
        for n, d in g.nodes(data=True):
            if d.get("country_code"):
                index[str(d["country_code"]).lower()].add(n)
        g.graph["_by_country"] = index
    out = {
        x for x, _, d in g.in_edges(country, data=True) if d["type"] in {"LOCATED_IN", "PART_OF"}
    }
    members: set[str] = g.graph["_by_country"].get(country, set())
    return out | members


def _link_prediction(
    g: nx.MultiDiGraph,
    home: str,
    candidate: Callable[[str], bool],
    reasons: dict[str, list[_R]],
    name: Callable[[str], str],
) -> None:
    """Adamic-Adar and resource allocation in one sweep over the paths home - c - n (the same
    sums networkx's adamic_adar_index and resource_allocation_index make, without visiting
    pairs that share nothing), and personalised PageRank by local push from home."""
    u = _analytic(g)
    if home not in u:
        return
    aa: dict[str, float] = defaultdict(float)
    ra: dict[str, float] = defaultdict(float)
    via: dict[str, list[str]] = defaultdict(list)
    for c in u[home]:
        degree = u.degree(c)
        for n in u[c]:
            if n == home or not candidate(n):
                continue
            if degree > 1:
                aa[n] += 1 / math.log(degree)
            ra[n] += 1 / degree
            if len(via[n]) < 3:
                via[n].append(c)
    for signal, values in (("adamic_adar", aa), ("resource_allocation", ra)):
        for n, value in values.items():
            if value <= 0:
                continue
            common = via[n]
            reasons[n].append(
                _R(
                    signal=signal,
                    score=round(WEIGHTS[signal] * value, 4),
                    text=f"{signal.replace('_', ' ')} {value:.3f} through "
                    + ", ".join(name(c) for c in common),
                    path=[name(home), "—", name(common[0]), "—", name(n)],
                )
            )
    ranks = personalised_pagerank(u, home)
    top = max((v for n, v in ranks.items() if n != home and candidate(n)), default=0.0) or 1.0
    for n, rank in ranks.items():
        if n == home or not candidate(n) or rank / top < 0.01:
            continue
        path = [name(home), "—", name(via[n][0]), "—", name(n)] if via.get(n) else []
        reasons[n].append(
            _R(
                signal="pagerank",
                score=round(WEIGHTS["pagerank"] * math.sqrt(rank / top), 4),
                text=f"personalised PageRank from {name(home)}: {rank:.5f}",
                path=path,
            )
        )


def personalised_pagerank(
    u: nx.Graph, seed: str, *, alpha: float = 0.15, epsilon: float = 1e-5
) -> dict[str, float]:
    """Personalised PageRank from ``seed`` by local push (Andersen, Chung and Lang, 2006), the
    same walk as ``networkx.pagerank(alpha=1 - alpha)``, with work bounded by
    1 / (alpha * epsilon) whatever the size of the graph.

    >>> g = nx.path_graph(["a", "b", "c", "d"])
    >>> r = personalised_pagerank(g, "a")
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
        degree = u.degree(v)
        mass = residual[v]
        if degree == 0 or mass < epsilon * degree:
            continue
        rank[v] += alpha * mass
        residual[v] = 0.0
        share = (1 - alpha) * mass / degree
        for w in u[v]:
            before = residual[w]
            residual[w] = before + share
            if before < epsilon * u.degree(w) <= residual[w]:
                queue.append(w)
    return dict(rank)
