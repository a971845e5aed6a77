"""Request bodies name every field they take: an unknown one is refused, not ignored."""

from __future__ import annotations

import httpx


def test_a_cypher_body_with_params_instead_of_parameters_is_refused(client: httpx.Client) -> None:
    query = "MATCH (c:City {id: $id}) RETURN c.id AS id"
    ok = client.post("/api/cypher", json={"query": query, "parameters": {"id": "haiphong-vn"}})
    assert ok.status_code == 200 and ok.json()["rows"] == [["haiphong-vn"]], ok.text
    wrong = client.post("/api/cypher", json={"query": query, "params": {"id": "haiphong-vn"}})
    assert wrong.status_code == 422, wrong.text  # it used to run, without its parameter
    assert "params" in wrong.json()["message"], wrong.json()


def test_every_json_body_of_the_api_forbids_unknown_fields(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    bodies = []
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            content = op.get("requestBody", {}).get("content", {})
            ref = content.get("application/json", {}).get("schema", {}).get("$ref")
            if ref:
                bodies.append((f"{method.upper()} {path}", ref.rsplit("/", 1)[-1]))
    assert len(bodies) >= 3, bodies  # the console's query, accept and merge
    for where, name in bodies:
        assert schemas[name].get("additionalProperties") is False, (where, name)
