from __future__ import annotations

from graph.stores import LadybugStore


def test_twin_cities_match_what_the_graph_holds(full_store: LadybugStore) -> None:
    rows = full_store.read(
        "MATCH (h:City {id: 'haiphong-vn'})-[:TWINNED_WITH]-(c:City) RETURN c.name AS name ORDER BY name"
    )
    assert [r["name"] for r in rows] == [
        "Da Nang",
        "Incheon",
        "Kitakyushu",
        "Livorno",
        "Nanning",
        "Saint Petersburg",
        "Seattle",
        "Tianjin",
    ], rows
    dupes = full_store.read(
        "MATCH (c:City) WHERE c.name = 'Hai Phong' OR c.name = 'Haiphong' RETURN c.id AS id"
    )
    assert dupes == [{"id": "haiphong-vn"}], dupes


def test_messy_country_strings_resolve(full_store: LadybugStore) -> None:
    rows = full_store.read(
        "MATCH (c:City)-[r:LOCATED_IN]->(k:Country {id: 'gb'}) WHERE r.wording = 'England, United Kingdom' "
        "RETURN count(c) AS n"
    )
    assert rows[0]["n"] > 100, rows
    counts = full_store.counts()
    assert counts["TWINNED_WITH"] > 25_000, counts


def test_unreadable_rows_go_to_review_with_their_line(full_store: LadybugStore) -> None:
    rows = full_store.read("MATCH (r:ReviewItem {kind: 'unresolved'}) RETURN r.text AS text")
    assert 0 < len(rows) < 10, rows
    assert all(r["text"].startswith("line ") for r in rows), rows


def test_misspelt_countries_and_slipped_rows_resolve(full_store: LadybugStore) -> None:
    unresolved = " ".join(
        r["text"]
        for r in full_store.read("MATCH (r:ReviewItem {kind: 'unresolved'}) RETURN r.text AS text")
    )
    for text in ["'Grece'", "'Kazakhstah'", "Varna, Bulgaria"]:
        assert text not in unresolved, unresolved
    assert "'Japa'" in unresolved, "four letters are too few to guess a typo"
    varna = full_store.read(
        "MATCH (c:City {id: 'varna-bg'})-[:TWINNED_WITH]-(t) RETURN count(t) AS n"
    )
    assert varna[0]["n"] > 0, varna
