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
from collections.abc import Callable

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

    reasons: dict[str, list[Reason]] = defaultdict(list)

    def name(n: str) -> str:
        return str(g.nodes[n].get("name", n))

    # shared memberships: home -MEMBER_OF-> o <-MEMBER_OF- x
    for _, org, d in g.out_edges(home_side, data=True):
        if d["type"] != "MEMBER_OF":
            continue
        for x, _, d2 in g.in_edges(org, data=True):
            if d2["type"] == "MEMBER_OF" and candidate(x):
                reasons[x].append(
                    Reason(
                        signal="shared_membership",
                        score=WEIGHTS["shared_membership"],
                        text=f"a fellow member of {name(org)}",
                        path=[name(home_id), "MEMBER_OF", name(org), "MEMBER_OF", name(x)],
                    )
                )
    # sister cities of partners (and of the home city's own sisters)
    partners = {n for n in engaged if g.nodes[n].get("label") == "City"}
    for p in sorted(partners):
        for x in _twins(g, p):
            if candidate(x):
                via = "a sister city" if _twinned(g, p, home_id) else "a partner"
                reasons[x].append(
                    Reason(
                        signal="sister_of_partner",
                        score=WEIGHTS["sister_of_partner"],
                        text=f"sister city of {name(p)}, {via} of {name(home_id)}",
                        path=[name(home_id), "…", name(p), "TWINNED_WITH", name(x)],
                    )
                )
    # countries that invest most: their cities, companies and bodies
    for country, _, d in g.in_edges(home_id, data=True):
        if d["type"] != "INVESTS_IN" or g.nodes[country].get("label") != "Country":
            continue
        rank = d.get("rank")
        weight = WEIGHTS["top_investor"] / (rank or 3)
        for x in _members_of_country(g, country):
            if candidate(x):
                reasons[x].append(
                    Reason(
                        signal="top_investor",
                        score=weight,
                        text=f"in {name(country)}, "
                        + (f"investor no. {rank}" if rank else "an investor")
                        + f" in {name(home_id)} ({d.get('period') or 'period not given'})",
                        path=[name(x), "LOCATED_IN", name(country), "INVESTS_IN", name(home_id)],
                    )
                )
    # priority sectors
    for _, sector, d in g.out_edges(home_id, data=True):
        if d["type"] != "PRIORITISES":
            continue
        for x, _, d2 in g.in_edges(sector, data=True):
            if d2["type"] == "CONCERNS" and candidate(x):
                reasons[x].append(
                    Reason(
                        signal="priority_sector",
                        score=WEIGHTS["priority_sector"],
                        text=f"works in {name(sector)}, a priority sector of {name(home_id)}",
                        path=[name(home_id), "PRIORITISES", name(sector), "CONCERNS", name(x)],
                    )
                )
    _link_prediction(g, home_id, candidate, reasons, name)
    out = []
    for n, rs in reasons.items():
        rs.sort(key=lambda r: -r.score)
        out.append(
            Suggestion(
                id=n,
                name=name(n),
                label=g.nodes[n]["label"],
                country_code=g.nodes[n].get("country_code"),
                score=round(sum(r.score for r in rs), 4),
                reasons=rs,
            )
        )
    out.sort(key=lambda s: (-s.score, s.name))
    return out[:limit]


def _analytic(g: nx.MultiDiGraph) -> nx.Graph:
    """Undirected simple projection without figures and sources."""
    keep = [n for n, d in g.nodes(data=True) if d.get("label") not in _ANALYTIC_SKIP]
    return nx.Graph(g.subgraph(keep))


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


def _twins(g: nx.MultiDiGraph, city: str) -> set[str]:
    out = {b for _, b, d in g.out_edges(city, data=True) if d["type"] == "TWINNED_WITH"}
    return out | {a for a, _, d in g.in_edges(city, data=True) if d["type"] == "TWINNED_WITH"}


def _twinned(g: nx.MultiDiGraph, a: str, b: str) -> bool:
    return b in _twins(g, a)


def _members_of_country(g: nx.MultiDiGraph, country: str) -> set[str]:
    cc = country.upper()
    out = {
        x for x, _, d in g.in_edges(country, data=True) if d["type"] in {"LOCATED_IN", "PART_OF"}
    }
    return out | {n for n, d in g.nodes(data=True) if d.get("country_code") == cc}


def _link_prediction(
    g: nx.MultiDiGraph,
    home: str,
    candidate: Callable[[str], bool],
    reasons: dict[str, list[Reason]],
    name: Callable[[str], str],
) -> None:
    u = _analytic(g)
    if home not in u:
        return
    near = {n for n in nx.single_source_shortest_path_length(u, home, cutoff=2)}
    pairs = [(home, n) for n in near if n != home and candidate(n)]
    for signal, fn in (
        ("adamic_adar", nx.adamic_adar_index),
        ("resource_allocation", nx.resource_allocation_index),
    ):
        for _, n, value in fn(u, pairs):
            if value <= 0:
                continue
            common = sorted(nx.common_neighbors(u, home, n), key=lambda c: u.degree(c))[:3]
            reasons[n].append(
                Reason(
                    signal=signal,
                    score=round(WEIGHTS[signal] * value, 4),
                    text=f"{signal.replace('_', ' ')} {value:.3f} through "
                    + ", ".join(name(c) for c in common),
                    path=[name(home), "—", name(common[0]), "—", name(n)] if common else [],
                )
            )
    ranks = nx.pagerank(u, personalization={home: 1.0}, max_iter=100, tol=1e-6)
    top = max((v for n, v in ranks.items() if n != home), default=0.0) or 1.0
    for n in list(reasons) + [n for n in near if candidate(n)]:
        if n in ranks and candidate(n) and not any(r.signal == "pagerank" for r in reasons[n]):
            value = ranks[n] / top
            if value <= 0:
                continue
            path = nx.shortest_path(u, home, n)
            reasons[n].append(
                Reason(
                    signal="pagerank",
                    score=round(WEIGHTS["pagerank"] * math.sqrt(value), 4),
                    text=f"personalised PageRank from {name(home)}: {ranks[n]:.4f}",
                    path=[name(p) for p in path],
                )
            )
