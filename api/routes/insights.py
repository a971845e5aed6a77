"""What the graph suggests: unexplored partners, dormant relationships, what it holds."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from api.deps import Conf, Home, IsoDate, State, Store
from graph.cypher import examples as example_queries
from graph.questions import Dormant, Suggestion, dormant

router = APIRouter(prefix="/api", tags=["insights"])


@router.get("/unexplored", response_model=list[Suggestion])
def unexplored_partners(
    state: State,
    home: Home,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    label: Annotated[list[str] | None, Query(description="Only these labels.")] = None,
) -> list[Suggestion]:
    """Entities close to the home city in the graph but not yet engaged, each with reasons."""
    return state.unexplored(home=home.id, limit=limit, labels=frozenset(label) if label else None)


@router.get("/dormant", response_model=Dormant)
def dormant_relationships(
    store: Store,
    settings: Conf,
    home: Home,
    months: Annotated[int | None, Query(ge=1)] = None,
    as_of: Annotated[
        IsoDate | None, Query(description="YYYY-MM-DD; default: where the sources reach.")
    ] = None,
) -> Dormant:
    """Partners and agreements with no engagement for ``months`` months."""
    return dormant(store, home=home.id, months=months or settings.dormant_months, as_of=as_of)


class Stats(BaseModel):
    """What the graph holds and whether this app takes uploads."""

    model_config = ConfigDict(extra="forbid")

    home: str = Field(description="Id of the home city or province asked for (or the setting).")
    counts: dict[str, int] = Field(description="Nodes per label and relationships per type.")
    writable: bool = Field(description="Whether uploads are possible (a key is set).")


class LabelInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    doc: str
    properties: dict[str, str] = Field(description="Each property's type (LadybugDB's names).")


class RelInfo(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    doc: str
    from_: list[str] = Field(alias="from", description="Labels it may start from.")
    to: list[str] = Field(description="Labels it may end at.")
    properties: dict[str, str] = Field(description="Each property's type (LadybugDB's names).")


class SchemaInfo(BaseModel):
    """Labels (internal ones left out) and relationship types, with their properties."""

    model_config = ConfigDict(extra="forbid")

    labels: dict[str, LabelInfo]
    relationships: dict[str, RelInfo]


@router.get("/stats", response_model=Stats)
def stats(state: State, home: Home) -> Stats:
    """Nodes per label and relationships per type."""
    return Stats(home=home.id, counts=state.counts(), writable=state.writable)


@router.get("/schema", response_model=SchemaInfo)
def schema(store: Store) -> SchemaInfo:
    """Labels, relationship types and their properties (of the store's model), for the console
    and for tools."""
    model = store.model
    return SchemaInfo(
        labels={
            name: LabelInfo(
                doc=label.doc, properties={p: prop.type for p, prop in label.properties.items()}
            )
            for name, label in model.labels.items()
            if not label.internal
        },
        relationships={
            name: RelInfo(
                doc=rel.doc,
                from_=rel.from_labels,
                to=rel.to_labels,
                properties={p: prop.type for p, prop in rel.properties.items()},
            )
            for name, rel in model.rels.items()
        },
    )


class ExampleQuery(BaseModel):
    """A query of the console's library, in the store's dialect, ready to run."""

    model_config = ConfigDict(extra="forbid")
    name: str
    description: str
    query: str
    parameters: dict[str, Any]


@router.get("/examples", response_model=list[ExampleQuery])
def examples(store: Store, home: Home) -> list[ExampleQuery]:
    """The library of example queries, with their parameters (the home's id among them)."""
    return [
        ExampleQuery(name=e.name, description=e.description, query=e.query, parameters=e.parameters)
        for e in example_queries(store.dialect, home.id)
    ]
