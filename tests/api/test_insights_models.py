"""/api/stats and /api/schema answer with the shapes their OpenAPI models promise."""

from __future__ import annotations

import httpx

from api.routes.insights import SchemaInfo, Stats
from graph.schema import MODEL


def _response_ref(spec: dict[str, object], path: str) -> str:
    op = spec["paths"][path]["get"]  # type: ignore[index]
    ref: str = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    return ref.rsplit("/", 1)[-1]


def test_stats_and_schema_have_response_models_in_openapi(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    assert _response_ref(spec, "/api/stats") == "Stats"
    assert _response_ref(spec, "/api/schema") == "SchemaInfo"
    rel = spec["components"]["schemas"]["RelInfo"]
    assert {"from", "to", "properties"} <= set(rel["required"]), rel


def test_stats_and_schema_answers_read_back_into_their_models(client: httpx.Client) -> None:
    stats = Stats.model_validate(client.get("/api/stats").json())
    assert stats.counts["Country"] > 0 and set(stats.counts) == {*MODEL.labels, *MODEL.rels}
    body = client.get("/api/schema").json()
    schema = SchemaInfo.model_validate(body)
    assert body["relationships"]["LOCATED_IN"]["from"] == MODEL.rel("LOCATED_IN").from_labels
    assert schema.relationships["LOCATED_IN"].to == MODEL.rel("LOCATED_IN").to_labels
    assert set(schema.labels) == set(MODEL.domain_labels), set(schema.labels)
