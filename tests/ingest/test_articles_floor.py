"""End to end, a floor for the article reader: two articles written for the tests (tests/data/,
invented people and events in the patterns of real reporting), a province as home."""

from __future__ import annotations

from graph.stores import LadybugStore
from ingest.pipeline import ingest_paths
from tests.conftest import DATA


def _ids(store: LadybugStore, source: str, label: str) -> set[str]:
    rows = store.read(
        f"MATCH (n:{label})-[:SOURCED_FROM]->(s:Source {{id: $s}}) RETURN DISTINCT n.id AS id",
        {"s": source},
    )
    return {r["id"] for r in rows}


def test_an_english_article_with_a_province_as_home(empty_store: LadybugStore) -> None:
    report = ingest_paths(empty_store, [DATA / "province-mou-en.txt"], home="ninh-binh-vn")[0]
    home = empty_store.read("MATCH (c:City {id: 'ninh-binh-vn'}) RETURN c.kind AS k, c.name AS n")
    assert home == [{"k": "province", "n": "Ninh Binh"}], home
    src = empty_store.read(
        "MATCH (s:Source {id: $s}) RETURN s.published AS p, s.url AS u", {"s": report.source}
    )
    assert str(src[0]["p"]) == "2024-03-15", src
    people = _ids(empty_store, report.source, "Person")
    assert {"kenji-moriyama", "tran-van-binh"} <= people, people
    assert not any("committee" in p for p in people), people  # the title is not in the name
    agreements = empty_store.read(
        "MATCH (a:Agreement)-[:SOURCED_FROM]->(:Source {id: $s}) RETURN DISTINCT a.status AS st, a.date AS d",
        {"s": report.source},
    )
    assert {"st": "signed", "d": "2024-03-14"} in [{**a, "d": str(a["d"])} for a in agreements], (
        agreements
    )  # year from the header
    assert any(a["st"] == "proposed" for a in agreements), agreements  # "towards signing"
    parties = empty_store.read(
        "MATCH (p)-[r:PARTICIPATED_IN {source: $s}]->(:Visit) RETURN p.id AS p, r.role AS role",
        {"s": report.source},
    )
    assert {"p": "tran-van-binh", "role": "host"} in parties, parties
    assert {"p": "kenji-moriyama", "role": "guest"} in parties, parties
    visits = empty_store.read(
        "MATCH (v:Visit)-[:SOURCED_FROM]->(:Source {id: $s}) RETURN DISTINCT v.id AS id, v.direction AS d",
        {"s": report.source},
    )
    assert [v["d"] for v in visits] == ["incoming"], visits  # one visit, its mentions merged
    cities = _ids(empty_store, report.source, "City")
    assert cities <= {"ninh-binh-vn", "nara-shi-jp", "nara-jp"}, cities  # no common word as a city


def test_a_vietnamese_article_with_a_planned_visit(empty_store: LadybugStore) -> None:
    report = ingest_paths(empty_store, [DATA / "province-consul-vi.txt"], home="ninh-binh-vn")[0]
    people = _ids(empty_store, report.source, "Person")
    assert {"le-thi-hoa", "marco-bellini"} <= people, people
    orgs = _ids(empty_store, report.source, "Organisation")
    assert "tong-lanh-su-quan-italy" in orgs, orgs
    meetings = empty_store.read(
        "MATCH (e:Event {kind: 'meeting'})-[:SOURCED_FROM]->(:Source {id: $s}) RETURN DISTINCT e.date AS d",
        {"s": report.source},
    )
    assert [str(m["d"]) for m in meetings] == ["2023-10-19"], meetings  # the consul's call, once
    # the planned trip did not happen: it is kept as planned, never as a contact
    visits = empty_store.read(
        "MATCH (v:Visit)-[:SOURCED_FROM]->(:Source {id: $s}) RETURN v.name AS n, v.status AS st",
        {"s": report.source},
    )
    assert visits and all(v["st"] == "planned" for v in visits), visits
    assert any("Bologna" in v["n"] for v in visits), visits
