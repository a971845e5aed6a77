"""Finding entities: search, one entity, its history (the neighbourhood: api/routes/graph.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Conf, Home, IsoDate, Store
from graph.errors import ValidationError
from graph.questions import EntityView, History, SearchHit, history, search, show
from graph.questions.localities import Localities, localities
from graph.questions.lookup import MAX_SEARCH_TEXT
from graph.schema import Model

router = APIRouter(prefix="/api", tags=["entities"])

Labels = Annotated[
    list[str] | None, Query(description="Only these labels (GET /api/schema lists them).")
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
    return search(store, q, limit=limit, labels=labels_of(store.model, label))


@router.get("/entities/{ref}", response_model=EntityView)
def entity(store: Store, ref: str) -> EntityView:
    """One entity by id or name: properties, sources, neighbours."""
    return show(store, ref)


@router.get("/entities/{ref}/history", response_model=History)
def entity_history(
    store: Store,
    settings: Conf,
    home: Home,
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
        home=home.id,
        as_of=as_of,
        dormant_months=months or settings.dormant_months,
    )


@router.get("/entities/{ref}/localities", response_model=Localities)
def entity_localities(store: Store, home: Home, ref: str) -> Localities:
    """The cities and provinces of the home's country that engage this partner, each with as
    many engagements as its history counts and its latest contact; the most engaged first."""
    return localities(store, ref, home=home.id)


def labels_of(model: Model, labels: list[str] | None) -> list[str] | None:
    """The labels a request names, each one of the store's model (none: every label)."""
    if not labels:
        return None
    unknown = sorted(set(labels) - set(model.labels))
    if unknown:
        raise ValidationError(f"unknown labels {unknown}; known: {', '.join(model.domain_labels)}")
    return labels
