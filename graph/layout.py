"""Where the network view draws a neighbourhood: a radial tree laid out in one pass (so the
browser has no physics to run on 2,000 nodes), and each node's place on a map.

The radial layout walks the view breadth first from its centre. Each node gets a wedge of its
parent's angle in proportion to the leaves below it, and each ring of the walk is a band of
rows wide enough for its nodes to sit ``gap`` apart: a country with 1,500 cities is a disc of
rows around it, not a ring 5,000 units across.

>>> from graph.questions.neighbourhood import GraphEdge, GraphNode, Neighbourhood
>>> nodes = [GraphNode(id=i, label="City", name=i, depth=d) for i, d in
...          [("a", 0), ("b", 1), ("c", 1), ("d", 2)]]
>>> edges = [GraphEdge(source="a", target=t, type="TWINNED_WITH") for t in "bc"]
>>> edges.append(GraphEdge(source="b", target="d", type="TWINNED_WITH"))
>>> at = radial(Neighbourhood(centre="a", depth=2, nodes=nodes, edges=edges))

b, which leads on to d, sits beyond the leaf c's row, and d one ring beyond b:

>>> at["a"], round(math.dist(at["a"], at["b"])), round(math.dist(at["b"], at["d"]))
((0.0, 0.0), 190, 160)
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

    from graph.questions.neighbourhood import Neighbourhood

__all__ = ["places", "radial"]


def radial(
    view: Neighbourhood, *, ring: float = 160.0, gap: float = 30.0
) -> dict[str, tuple[float, float]]:
    """Each node's (x, y): the centre at (0, 0), each step of the walk ``ring`` further out,
    nodes at least about ``gap`` apart within a ring. The walk follows the order of the view's
    nodes, whatever the order of its edges (which a store may answer differently each time)."""
    ids = [n.id for n in view.nodes]
    rank = {n: i for i, n in enumerate(ids)}
    around: dict[str, list[str]] = defaultdict(list)
    for e in view.edges:
        around[e.source].append(e.target)
        around[e.target].append(e.source)
    for near in around.values():  # the nodes' order, not the edges': the same view, the same layout
        near.sort(key=lambda m: rank.get(m, len(rank)))
    known = set(ids)
    children: dict[str, list[str]] = defaultdict(list)
    depth = {view.centre: 0}
    order = [view.centre]
    for n in order:  # breadth first; order grows as it is read
        for m in around[n]:
            if m in known and m not in depth:
                depth[m] = depth[n] + 1
                children[n].append(m)
                order.append(m)
    for n in ids:  # a node no edge of the view reaches hangs from the centre
        if n not in depth:
            depth[n] = 1
            children[view.centre].append(n)
            order.append(n)
    leaves: dict[str, int] = {}
    for n in reversed(order):
        leaves[n] = sum(leaves[c] for c in children[n]) or 1
    angle = {view.centre: 0.0}
    wedge = {view.centre: (0.0, 2 * math.pi)}
    for n in order:
        start, width = wedge[n]
        for c in children[n]:
            share = width * leaves[c] / leaves[n]
            wedge[c] = (start, share)
            angle[c] = start + share / 2
            start += share
    by_ring: dict[int, list[str]] = defaultdict(list)
    for n in order[1:]:
        by_ring[depth[n]].append(n)
    at = {view.centre: (0.0, 0.0)}
    inner = 0.0
    for d in sorted(by_ring):
        members = sorted(by_ring[d], key=angle.__getitem__)
        inner += ring
        # nodes with children keep the outer row, so that their own ring starts beyond it
        ends = [n for n in members if children[n]]
        rest = [n for n in members if not children[n]]
        rows = max(1, math.ceil(len(rest) * gap / (2 * math.pi * inner)))
        for i, n in enumerate(rest):  # spread over the band's rows by the golden ratio: no spokes
            r = inner + round(((i * 0.618034) % 1) * (rows - 1)) * gap
            at[n] = (r * math.cos(angle[n]), r * math.sin(angle[n]))
        outer = inner + (rows * gap if rest and ends else (rows - 1) * gap)
        for n in ends:
            at[n] = (outer * math.cos(angle[n]), outer * math.sin(angle[n]))
        inner = outer
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in at.items()}


def places(view: Neighbourhood, g: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Each node's (longitude, latitude) where one can be given: a city's own coordinates; a
    country's the median of its cities' in the graph; anything else the median of the placed
    nodes it is linked to in the view (an organisation at its country, a visit between its
    parties). Nodes with nothing placed around them are left out."""
    own: dict[str, tuple[float, float]] = {}
    for n in view.nodes:
        data = g.nodes[n.id]
        point = _point(data)
        if point is None and n.label == "Country":
            cities = [_point(g.nodes[m]) for m in _linked(g, n.id)]
            found = [p for p in cities if p is not None]
            if found:
                point = (
                    statistics.median(p[0] for p in found),
                    statistics.median(p[1] for p in found),
                )
        if point is not None:
            own[n.id] = point
    around: dict[str, list[str]] = defaultdict(list)
    for e in view.edges:
        around[e.source].append(e.target)
        around[e.target].append(e.source)
    placed = dict(own)
    for n in view.nodes:
        if n.id in own:
            continue
        near = [own[m] for m in around[n.id] if m in own]
        if near:
            placed[n.id] = (
                statistics.median(p[0] for p in near),
                statistics.median(p[1] for p in near),
            )
    return {n: (round(lon, 4), round(lat, 4)) for n, (lon, lat) in placed.items()}


def _point(data: dict[str, Any]) -> tuple[float, float] | None:
    lat, lon = data.get("latitude"), data.get("longitude")
    if isinstance(lat, int | float) and isinstance(lon, int | float):
        return float(lon), float(lat)
    return None


def _linked(g: nx.MultiDiGraph, country: str) -> list[str]:
    """The nodes located in a country (its cities, in the twin list and the articles)."""
    return [a for a, _, t in g.in_edges(country, data="type") if t == "LOCATED_IN"]
