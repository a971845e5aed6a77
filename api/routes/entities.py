"""Finding entities and what links them: search, one entity, its history, its neighbourhood."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Conf, IsoDate, State, Store
from graph.errors import NotFound, ValidationError
from graph.questions import EntityView, History, SearchHit, find_entity, history, search, show
from graph.questions.lookup import MAX_SEARCH_TEXT
from graph.questions.neighbourhood import Neighbourhood, neighbourhood
from graph.schema import MODEL

router = APIRouter(prefix="/api", tags=["entities"])

Labels = Annotated[
    list[str] | None, Query(description=f"Only these labels: {', '.join(MODEL.domain_labels)}.")
]


@router.get("/search", response_model=list[SearchHit])
def search_entities(
    store: Store,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=MAX_SEARCH_TEXT,
            description="Any name, with or without diacritics.",
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    label: Labels = None,
) -> list[SearchHit]:
    """Entities by name, Vietnamese name or alias: "dan mach" finds Denmark."""
    return search(store, q, limit=limit, labels=_labels(label))


@router.get("/entities/{ref}", response_model=EntityView)
def entity(store: Store, ref: str) -> EntityView:
    """One entity by id or name: properties, sources, neighbours."""
    return show(store, ref)


@router.get("/entities/{ref}/history", response_model=History)
def entity_history(
    store: Store,
    settings: Conf,
    ref: str,
    as_of: Annotated[
        IsoDate | None, Query(description="The relationship as it stood then (YYYY-MM-DD).")
    ] = None,
    months: Annotated[
        int | None, Query(ge=1, description="Quiet months that mean dormant.")
    ] = None,
) -> History:
    """Every engagement between the home side and this partner, with roles and sources."""
    return history(
        store,
        ref,
        home=settings.home,
        as_of=as_of,
        dormant_months=months or settings.dormant_months,
    )


@router.get("/graph", response_model=Neighbourhood)
def graph_view(
    state: State,
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
) -> Neighbourhood:
    """The neighbourhood of an entity as nodes and edges, filtered by label, relationship type
    and year of engagement."""
    hit = find_entity(state.store, centre or state.settings.home)
    g = state.graph()
    if hit.id not in g:
        raise NotFound(f"{hit.name} ({hit.id}) is a {hit.label}, which the network view leaves out")
    unknown = sorted(set(type or []) - set(MODEL.rels))
    if unknown:
        raise ValidationError(
            f"unknown relationship types {unknown}; known: {', '.join(MODEL.rels)}"
        )
    labels = _labels(label)
    view = neighbourhood(
        g,
        hit.id,
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
    return view


def _labels(labels: list[str] | None) -> list[str] | None:
    if not labels:
        return None
    unknown = sorted(set(labels) - set(MODEL.labels))
    if unknown:
        raise ValidationError(f"unknown labels {unknown}; known: {', '.join(MODEL.domain_labels)}")
    return labels
