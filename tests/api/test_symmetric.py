"""A symmetric relationship type (the schema's `symmetric`) is shown without direction: no
arrow in the network view, one group on the entity page whichever end it is read from."""

from __future__ import annotations

import httpx

from graph.schema import MODEL


def test_symmetric_types_come_from_the_schema_and_have_no_arrow(client: httpx.Client) -> None:
    symmetric = {name for name, rel in MODEL.rels.items() if rel.symmetric}
    assert {"TWINNED_WITH", "WORKS_WITH"} <= symmetric
    graph = client.get("/api/graph", params={"centre": "haiphong-vn", "depth": 1}).json()
    kinds = {e["type"] for e in graph["edges"]}
    assert {"WORKS_WITH", "TWINNED_WITH", "PARTICIPATED_IN"} <= kinds, kinds
    for edge in graph["edges"]:
        assert edge["directed"] is (edge["type"] not in symmetric), edge


def test_the_entity_page_groups_works_with_from_either_end(client: httpx.Client) -> None:
    """KOTRA is worked with by Hai Phong: its page lists Hai Phong under the same heading as
    Hai Phong's page lists KOTRA."""
    home = client.get("/entities/haiphong-vn", params={"lang": "en"}).text
    kotra = client.get("/entities/kotra", params={"lang": "en"}).text
    assert 'data-group="works_with-both"' in home, home[:300]
    assert 'data-group="works_with-both"' in kotra, kotra[:300]
