"""/api/examples answers through its model (it was a list of dicts)."""

from __future__ import annotations

import httpx

from api.routes.insights import ExampleQuery


def test_examples_have_a_response_model(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    answer = spec["paths"]["/api/examples"]["get"]["responses"]["200"]["content"]
    items = answer["application/json"]["schema"]["items"]
    assert items == {"$ref": "#/components/schemas/ExampleQuery"}, items
    examples = [ExampleQuery.model_validate(e) for e in client.get("/api/examples").json()]
    assert examples and all(e.query for e in examples), examples
    assert any(e.parameters.get("home") == "haiphong-vn" for e in examples), examples
