"""What the graph suggests: unexplored partners, dormant relationships, what it holds."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import Conf, IsoDate, State, Store
from graph.cypher import examples as example_queries
from graph.questions import Dormant, Suggestion, dormant
from graph.schema import MODEL

router = APIRouter(prefix="/api", tags=["insights"])


@router.get("/unexplored", response_model=list[Suggestion])
def unexplored_partners(
    state: State,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    label: Annotated[list[str] | None, Query(description="Only these labels.")] = None,
) -> list[Suggestion]:
    """Entities close to the home city in the graph but not yet engaged, each with reasons."""
    return state.unexplored(limit=limit, labels=frozenset(label) if label else None)


@router.get("/dormant", response_model=Dormant)
def dormant_relationships(
    store: Store,
    settings: Conf,
    months: Annotated[int | None, Query(ge=1)] = None,
    as_of: Annotated[
        IsoDate | None, Query(description="YYYY-MM-DD; default: where the sources reach.")
    ] = None,
) -> Dormant:
    """Partners and agreements with no engagement for ``months`` months."""
    return dormant(store, home=settings.home, months=months or settings.dormant_months, as_of=as_of)


@router.get("/stats")
def stats(state: State) -> dict[str, Any]:
    """Nodes per label and relationships per type."""
    return {
        "home": state.settings.home,
        "counts": state.counts(),
        "writable": state.writable,
    }


@router.get("/schema")
def schema() -> dict[str, Any]:
    """Labels, relationship types and their properties, for the console and for tools."""
    return {
        "labels": {
            name: {
                "doc": label.doc,
                "properties": {p: prop.type for p, prop in label.properties.items()},
            }
            for name, label in MODEL.labels.items()
            if not label.internal
        },
        "relationships": {
            name: {
                "doc": rel.doc,
                "from": rel.from_labels,
                "to": rel.to_labels,
                "properties": {p: prop.type for p, prop in rel.properties.items()},
            }
            for name, rel in MODEL.rels.items()
        },
    }


@router.get("/examples")
def examples(store: Store, settings: Conf) -> list[dict[str, Any]]:
    """The library of example queries, with their parameters."""
    return [
        {"name": e.name, "description": e.description, "query": e.query, "parameters": e.parameters}
        for e in example_queries(store.dialect, settings.home)
    ]
