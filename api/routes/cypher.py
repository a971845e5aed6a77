"""Researchers' Cypher over HTTP: read-only, with a time limit and a row cap."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.deps import Conf, Store
from graph.errors import NotFound
from graph.guard import MAX_QUERY_CHARS
from graph.stores.base import QueryResult

router = APIRouter(prefix="/api", tags=["cypher"])


MAX_PARAMETERS_BYTES = 2**20
GUIDE = Path(__file__).resolve().parents[2] / "docs" / "cypher.md"


class CypherRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: str = Field(
        max_length=MAX_QUERY_CHARS, description="One read-only statement: MATCH ... RETURN ..."
    )
    parameters: dict[str, Any] = Field(default_factory=dict, description="Values for $names.")
    timeout_ms: int | None = Field(None, ge=100, description="At most the app's own limit.")
    max_rows: int | None = Field(None, ge=1, description="At most the app's own cap.")

    @field_validator("parameters")
    @classmethod
    def _small(cls, value: dict[str, Any]) -> dict[str, Any]:
        size = len(json.dumps(value, default=str))
        if size > MAX_PARAMETERS_BYTES:
            raise ValueError(
                f"the parameters take {size:,} bytes of JSON; at most {MAX_PARAMETERS_BYTES:,}"
            )
        return value


@router.post(
    "/cypher",
    response_model=QueryResult,
    responses={200: {"content": {"text/csv": {}}}, 403: {"description": "Refused: it writes."}},
)
def run_cypher(
    request: CypherRequest,
    store: Store,
    settings: Conf,
    format: Annotated[Literal["json", "csv"], Query(description="json or csv.")] = "json",
) -> QueryResult | Response:
    """Run a read-only query. Writes, files, the network and several statements are refused;
    a query that runs too long is stopped; rows beyond the cap are cut (``truncated``)."""
    result = store.query_readonly(
        request.query,
        request.parameters,
        timeout_ms=min(request.timeout_ms or settings.query_timeout_ms, settings.query_timeout_ms),
        max_rows=min(request.max_rows or settings.max_rows, settings.max_rows),
    )
    if format == "csv":
        return Response(
            result.to_csv(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="query.csv"'},
        )
    return result


@router.get("/cypher/dialect", response_class=PlainTextResponse)
def dialect_guide() -> PlainTextResponse:
    """ "Neo4j and the embedded store": what is translated, refused and still different."""
    try:
        text = GUIDE.read_text(encoding="utf-8")
    except OSError:
        raise NotFound(
            "the guide docs/cypher.md is not installed; read it in the repository"
        ) from None
    return PlainTextResponse(text, media_type="text/plain; charset=utf-8")
