"""The network view's data: an entity's neighbourhood as nodes and edges, laid out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import Field

from api.deps import Home, State
from api.routes.entities import Labels, labels_of
from graph.errors import NotFound, ValidationError
from graph.layout import places, radial
from graph.questions import find_entity
from graph.questions.neighbourhood import Neighbourhood, neighbourhood

router = APIRouter(prefix="/api", tags=["entities"])


class NetworkView(Neighbourhood):
    """A neighbourhood with where to draw it."""

    layout: dict[str, tuple[float, float]] = Field(
        default_factory=dict,
        description="Each node's (x, y) in a radial tree from the centre: drawn as it is.",
    )
    places: dict[str, tuple[float, float]] = Field(
        default_factory=dict,
        description="(longitude, latitude) of the nodes that have or are linked to a place.",
    )


@router.get("/graph", response_model=NetworkView)
def graph_view(
    state: State,
    home: Home,
    centre: Annotated[str | None, Query(description="Id or name; default the home city.")] = None,
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    label: Labels = None,
    type: Annotated[list[str] | None, Query(description="Only these relationship types.")] = None,
    year_from: Annotated[int | None, Query(ge=1800, le=2200)] = None,
    year_to: Annotated[int | None, Query(ge=1800, le=2200)] = None,
    max_nodes: Annotated[int, Query(ge=1, le=20_000)] = 2000,
    hub_limit: Annotated[
        int, Query(ge=1, description="Show, but do not walk through, nodes with more links.")
    ] = 60,
    evidence: Annotated[bool, Query(description="Include each edge's evidence sentence.")] = True,
) -> Response:
    """The neighbourhood of an entity as nodes and edges, filtered by label, relationship type
    and year of engagement, with a layout and the nodes' places on a map."""
    hit = find_entity(state.store, centre) if centre else home
    g = state.graph()
    if hit.id not in g:
        raise NotFound(f"{hit.name} ({hit.id}) is a {hit.label}, which the network view leaves out")
    model = state.store.model
    unknown = sorted(set(type or []) - set(model.rels))
    if unknown:
        raise ValidationError(
            f"unknown relationship types {unknown}; known: {', '.join(model.rels)}"
        )
    labels = labels_of(model, label)

    def answer() -> bytes:
        view = neighbourhood(
            g,
            hit.id,
            model=model,
            depth=depth,
            labels=set(labels) if labels else None,
            types=set(type) if type else None,
            years=(year_from, year_to),
            max_nodes=max_nodes,
            hub_limit=hub_limit,
        )
        if not evidence:
            for edge in view.edges:
                edge.evidence = None
        engaged = state.engagements()  # kept per graph version, as the view is
        for node in view.nodes:
            node.engagements = engaged.get(node.id, 0)
        laid = NetworkView(**dict(view), layout=radial(view), places=places(view, g))
        # 2,000 nodes built by our own code: serialised once, not validated again on the way out
        return laid.model_dump_json().encode()

    if labels or type or year_from or year_to or evidence:
        return Response(answer(), media_type="application/json")
    # the page's own question (a centre, a depth, no filters): kept until the graph changes,
    # so the views people open again (the home's, a partner's) are sent at once
    key = ("network", hit.id, depth, max_nodes, hub_limit)
    return Response(state.remember(key, answer), media_type="application/json")
