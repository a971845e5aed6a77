"""/api/entities/{ref} answers with typed sources and neighbours: OpenAPI names their models,
and the answer reads back into them (it used to be ``list[dict[str, Any]]``)."""

from __future__ import annotations

import httpx

from graph.questions.lookup import EntitySource, EntityView, Neighbour


def test_entity_view_has_typed_sources_and_neighbours_in_openapi(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    view = schemas["EntityView"]["properties"]
    assert view["neighbours"]["items"] == {"$ref": "#/components/schemas/Neighbour"}, view
    assert view["sources"]["items"] == {"$ref": "#/components/schemas/EntitySource"}, view
    neighbour = schemas["Neighbour"]
    assert set(neighbour["required"]) == {"type", "id", "label", "direction", "source"}, neighbour
    assert neighbour["properties"]["direction"]["enum"] == ["out", "in"], neighbour
    assert neighbour.get("additionalProperties") is False, neighbour


def test_entity_answer_reads_back_into_its_model(client: httpx.Client) -> None:
    body = client.get("/api/entities/haiphong-vn").json()
    view = EntityView.model_validate(body)
    assert all(isinstance(n, Neighbour) for n in view.neighbours)
    assert all(isinstance(s, EntitySource) for s in view.sources)
    twins = view.linked("TWINNED_WITH")
    assert twins and all(n.label == "City" for n in twins), twins[:3]
    # engagements first, as the page and the briefs read them
    kinds = [n.type for n in view.neighbours]
    others = next(i for i, k in enumerate(kinds) if k != "PARTICIPATED_IN")
    assert others > 0 and "PARTICIPATED_IN" not in kinds[others:], kinds[:20]
