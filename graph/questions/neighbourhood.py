"""The neighbourhood of an entity as nodes and edges, for the network view and the API.

Filters are the same everywhere (the API, the page's own filters): a node is shown when its label
is allowed and, if it is an engagement with a date, its year is in range; an edge is shown when its
type is allowed and both ends are shown. The walk only goes through what is shown.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from graph.schema import Model

if TYPE_CHECKING:  # networkx costs 20 MB: imported where a view is built
    import networkx as nx

__all__ = ["GraphEdge", "GraphNode", "Neighbourhood", "neighbourhood", "year_of"]


class GraphNode(BaseModel):
    id: str
    label: str
    name: str
    name_vi: str | None = None
    date: str | None = None
    year: int | None = None
    depth: int
    degree: int = Field(0, description="How many relationships it has in the whole graph.")
    expanded: bool = Field(
        True, description="False for a hub the walk did not go through (see ``hub_limit``)."
    )
    engagements: int = Field(
        0,
        description="How many engagements it takes part in, in the whole graph (the web app "
        "fills it from its kept count; 0 here).",
    )


class GraphEdge(BaseModel):
    source: str
    target: str
    type: str
    role: str | None = None
    date: str | None = None
    year: int | None = None
    evidence: str | None = None
    source_id: str | None = Field(None, description="The Source the relationship came from.")
    directed: bool = Field(
        True, description="False for a symmetric type (sister cities): drawn without an arrow."
    )


class Neighbourhood(BaseModel):
    centre: str
    depth: int
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool = Field(False, description="True when the walk stopped at max_nodes.")


def year_of(value: Any) -> int | None:
    """The year of an ISO date, or None: ``year_of("2022-05-14")`` is 2022."""
    text = str(value or "")
    return int(text[:4]) if len(text) >= 4 and text[:4].isdigit() else None


def neighbourhood(
    g: nx.MultiDiGraph,
    centre: str,
    *,
    model: Model,
    depth: int = 1,
    labels: set[str] | None = None,
    types: set[str] | None = None,
    years: tuple[int | None, int | None] = (None, None),
    max_nodes: int = 2000,
    hub_limit: int = 60,
) -> Neighbourhood:
    """Everything within ``depth`` steps of ``centre`` (either direction) that passes the
    filters, breadth first, up to ``max_nodes`` nodes. ``centre`` must be a node of ``g``;
    ``model`` (the store's) says which labels are engagements and which types symmetric.

    A hub (more than ``hub_limit`` relationships, such as a country with every city of the
    twin list in it) is shown but not walked through unless it is the centre: otherwise one
    step through Viet Nam would bring in seven hundred cities nobody asked for."""
    low, high = years
    dated = set(model.engagement_labels)  # a year filters these

    def shown(n: str) -> bool:
        data = g.nodes[n]
        if labels and data.get("label") not in labels:
            return False
        if data.get("label") in dated:
            year = year_of(data.get("date"))
            if year is not None and (
                (low is not None and year < low) or (high is not None and year > high)
            ):
                return False
        return True

    found = {centre: 0}
    queue = deque([centre])
    truncated = False
    while queue and not truncated:
        n = queue.popleft()
        if found[n] >= depth or (n != centre and g.degree(n) > hub_limit):
            continue
        for m in _around(g, n, types):
            if m in found or not shown(m):
                continue
            if len(found) >= max_nodes:
                truncated = True
                break
            found[m] = found[n] + 1
            queue.append(m)
    nodes = [
        _node(g, n, d, dated, expanded=d < depth and (n == centre or g.degree(n) <= hub_limit))
        for n, d in found.items()
    ]
    symmetric = {name for name, rel in model.rels.items() if rel.symmetric}
    edges = [
        _edge(g, a, b, data, dated, symmetric)
        for a, b, data in g.subgraph(found).edges(data=True)
        if not types or data.get("type") in types
    ]
    return Neighbourhood(centre=centre, depth=depth, nodes=nodes, edges=edges, truncated=truncated)


def _around(g: nx.MultiDiGraph, n: str, types: set[str] | None) -> list[str]:
    out = [b for _, b, t in g.out_edges(n, data="type") if not types or t in types]
    return out + [a for a, _, t in g.in_edges(n, data="type") if not types or t in types]


def _node(g: nx.MultiDiGraph, n: str, depth: int, dated: set[str], *, expanded: bool) -> GraphNode:
    data = g.nodes[n]
    date = data.get("date") if data.get("label") in dated else None
    return GraphNode(
        id=n,
        label=data.get("label", "?"),
        name=str(data.get("name") or n),
        name_vi=data.get("name_vi"),
        date=date,
        year=year_of(date),
        depth=depth,
        degree=g.degree(n),
        expanded=expanded,
    )


def _edge(
    g: nx.MultiDiGraph,
    a: str,
    b: str,
    data: dict[str, Any],
    dated: set[str],
    symmetric: set[str],
) -> GraphEdge:
    date = next(
        (g.nodes[x].get("date") for x in (b, a) if g.nodes[x].get("label") in dated),
        None,
    ) or data.get("since")
    kind = data.get("type", "?")
    return GraphEdge(
        source=a,
        target=b,
        type=kind,
        role=data.get("role"),
        date=date,
        year=year_of(date),
        evidence=data.get("evidence"),
        source_id=data.get("source"),
        directed=kind not in symmetric,
    )
