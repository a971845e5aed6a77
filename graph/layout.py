"""Where the network view draws a neighbourhood: a radial tree laid out in one pass (so the
browser has no physics to run on 2,000 nodes), and each node's place on a map.

The radial layout walks the view breadth first from its centre. Each node that leads on gets a
wedge of its parent's angle in proportion to the leaves below it, the leaves among a node's
children are spread over its whole wedge, and each ring of the walk is a band of rows, as many
as its nodes need to sit ``gap`` apart (no two nearer): a country with 1,500 cities is a disc
of rows around it, not a ring 5,000 units across.

>>> from graph.questions.neighbourhood import GraphEdge, GraphNode, Neighbourhood
>>> nodes = [GraphNode(id=i, label="City", name=i, depth=d) for i, d in
...          [("a", 0), ("b", 1), ("c", 1), ("d", 2)]]
>>> edges = [GraphEdge(source="a", target=t, type="TWINNED_WITH") for t in "bc"]
>>> edges.append(GraphEdge(source="b", target="d", type="TWINNED_WITH"))
>>> at = radial(Neighbourhood(centre="a", depth=2, nodes=nodes, edges=edges))

b, which leads on to d, sits beyond the leaf c's row, and d one ring beyond b:

>>> at["a"], round(math.dist(at["a"], at["b"])), round(math.dist(at["b"], at["d"]))
((0.0, 0.0), 200, 160)
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
    view: Neighbourhood, *, ring: float = 160.0, gap: float = 40.0
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
        # the children that lead on share the wedge by their leaves; the leaves among the
        # children are spread over the whole wedge, in the ring before the others' (a leaf
        # given only its own share crowds the inner ring where a partner's wedge is wide)
        start, width = wedge[n]
        leads = [c for c in children[n] if children[c]]
        total = sum(leaves[c] for c in leads)
        for c in leads:
            share = width * leaves[c] / total
            wedge[c] = (start, share)
            angle[c] = start + share / 2
            start += share
        kids = [c for c in children[n] if not children[c]]
        for i, c in enumerate(kids):
            angle[c] = wedge[n][0] + width * (i + 0.5) / len(kids)
            wedge[c] = (angle[c], 0.0)
    by_ring: dict[int, list[str]] = defaultdict(list)
    for n in order[1:]:
        by_ring[depth[n]].append(n)
    at = {view.centre: (0.0, 0.0)}
    inner = 0.0
    for d in sorted(by_ring):
        members = sorted(by_ring[d], key=angle.__getitem__)
        inner += ring
        # nodes with children keep the outer rows, so that their own ring starts beyond them
        rest = _rows([n for n in members if not children[n]], angle, inner, gap)
        start = max(rest.values()) + gap if rest else inner
        ends = _rows([n for n in members if children[n]], angle, start, gap)
        for n, r in (rest | ends).items():
            at[n] = (r * math.cos(angle[n]), r * math.sin(angle[n]))
        inner = max(ends.values(), default=start - gap)
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in at.items()}


def _rows(
    members: list[str], angle: dict[str, float], inner: float, gap: float
) -> dict[str, float]:
    """Each member's radius in a band of rows ``gap`` apart from ``inner`` out: in the order of
    their angles, each on the first row where it sits ``gap`` beyond the row's last member (and
    its first, once round). A wedge crowded with leaves (a partner's wedge is as wide as its
    own leaves ask, which the inner rings' leaves share at a shorter radius) takes more rows;
    two nodes are never nearer than ``gap``."""
    first: list[float] = []
    last: list[float] = []
    radius: dict[str, float] = {}
    for n in members:
        a = angle[n]
        for k in range(len(last) + 1):
            r = inner + k * gap
            if k == len(last):
                first.append(a)
                last.append(a)
            elif (a - last[k]) * r < gap or (first[k] + 2 * math.pi - a) * r < gap:
                continue
            last[k] = a
            radius[n] = r
            break
    return radius


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
