from __future__ import annotations

import time
from pathlib import Path

import pytest

from graph.batch import Batch, NodeRow
from graph.errors import QueryFailed, QueryRefused, StoreError
from graph.schema import MODEL
from graph.stores import LadybugStore
from tests.graph.test_guard import HOSTILE


def _batch(source: str = "s1") -> Batch:
    src = NodeRow(
        label="Source", props=MODEL.validate_node("Source", {"id": source, "name": source})
    )
    return Batch(source=src, model=MODEL)


def test_a_batch_is_idempotent(empty_store: LadybugStore) -> None:
    batch = _batch()
    batch.add_node("Country", {"id": "dk", "name": "Denmark"})
    batch.add_node("City", {"id": "esbjerg-dk", "name": "Esbjerg", "country_code": "DK"})
    batch.add_rel(
        "LOCATED_IN",
        from_label="City",
        from_id="esbjerg-dk",
        to_label="Country",
        to_id="dk",
        props={"evidence": "Esbjerg (Đan Mạch)"},
    )
    first = empty_store.write_batch(batch)
    before = empty_store.counts()
    second = empty_store.write_batch(batch)
    assert first.relationships_created == 1 and second.relationships_created == 0, (first, second)
    assert empty_store.counts() == before


def test_a_bad_batch_writes_nothing(empty_store: LadybugStore) -> None:
    batch = _batch()
    batch.add_node("Country", {"id": "dk", "name": "Denmark"})
    batch.add_rel(
        "LOCATED_IN",
        from_label="City",
        from_id="nowhere-xx",
        to_label="Country",
        to_id="dk",
        props={},
    )
    with pytest.raises(StoreError, match="City 'nowhere-xx'"):
        empty_store.write_batch(batch)
    counts = empty_store.counts()
    assert counts["Country"] == 0 and counts["Source"] == 0, counts


def test_stored_values_are_not_overwritten(empty_store: LadybugStore) -> None:
    first = _batch("s1")
    first.add_node("City", {"id": "rotterdam-nl", "name": "Rotterdam", "population": 650000})
    empty_store.write_batch(first)
    second = _batch("s2")
    second.add_node("City", {"id": "rotterdam-nl", "name": "Roterdam", "population": 868135})
    report = empty_store.write_batch(second)
    row = empty_store.read(
        "MATCH (c:City {id: 'rotterdam-nl'}) RETURN c.population AS p, c.aliases AS a"
    )[0]
    assert row["p"] == 650000, row
    assert "Roterdam" in row["a"], row
    assert report.conflicts and "population" in report.conflicts[0], report
    review = empty_store.read("MATCH (r:ReviewItem) RETURN r.kind AS kind, r.text AS text")
    assert review and review[0]["kind"] == "conflict", review
    sources = empty_store.read("MATCH (c:City)-[s:SOURCED_FROM]->(x) RETURN x.id AS id ORDER BY id")
    assert [s["id"] for s in sources] == ["s1", "s2"], sources


@pytest.mark.parametrize("query", [q for q in HOSTILE if q.strip()])
def test_hostile_queries_change_nothing(sample_store: LadybugStore, query: str) -> None:
    """Refused by the guard or the read-only worker, or failing in the engine's parser (a
    statement it does not have): never run."""
    before = sample_store.counts()
    with pytest.raises((QueryRefused, QueryFailed)) as caught:
        sample_store.query_readonly(query)
    if isinstance(caught.value, QueryFailed):
        assert "Parser exception" in str(caught.value), caught.value
    assert sample_store.counts() == before


def test_the_row_cap_truncates(full_store: LadybugStore) -> None:
    result = full_store.query_readonly("MATCH (c:City) RETURN c.id", max_rows=25)
    assert len(result.rows) == 25 and result.truncated, result


def test_a_runaway_query_is_stopped_by_the_time_limit(full_store: LadybugStore) -> None:
    start = time.perf_counter()
    with pytest.raises(QueryFailed, match="time limit"):
        full_store.query_readonly(
            "MATCH (a:City)-[:TWINNED_WITH*1..8]-(b:City) RETURN count(*)", timeout_ms=300
        )
    assert time.perf_counter() - start < 30  # stopped, not run to the end (minutes)
    assert full_store.query_readonly("RETURN 1").rows == [[1]]  # and the store still answers


def test_a_read_only_database_refuses_writes_even_past_the_guard(tmp_path: Path) -> None:
    path = tmp_path / "ro.lbdb"
    LadybugStore(path).close()
    store = LadybugStore(path, read_only=True)
    try:
        with pytest.raises(StoreError, match="read-only"):
            store.write("CREATE (:Country {id: 'zz', name: 'Z'})")
        with pytest.raises(StoreError):
            store.write_batch(_batch())
    finally:
        store.close()


def test_opening_a_missing_database_read_only_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="load-sample"):
        LadybugStore(tmp_path / "missing.lbdb", read_only=True)


def test_results_are_json_ready(full_store: LadybugStore) -> None:
    result = full_store.query_readonly(
        "MATCH (c:City {id: 'esbjerg-dk'})-[r:LOCATED_IN]->(k:Country) RETURN c, r, k"
    )
    city, rel, country = result.rows[0]
    assert city["_label"] == "City" and city["name"] == "Esbjerg", city
    assert rel["_label"] == "LOCATED_IN" and rel["source"], rel
    assert country["name_vi"] == "Đan Mạch", country


def test_networkx_view_has_the_domain_graph(sample_store: LadybugStore) -> None:
    g = sample_store.to_networkx()
    assert g.nodes["dk"]["label"] == "Country"
    assert "seed-000" not in g  # sources stay out of analytics by default
    types = {d["type"] for _, _, d in g.edges(data=True)}
    assert "PARTICIPATED_IN" in types and "SOURCED_FROM" not in types, types


@pytest.mark.parametrize("threshold", [1, 10_000], ids=["bulk-load", "unwind"])
def test_both_write_paths_are_atomic_and_idempotent(
    empty_store: LadybugStore, monkeypatch: pytest.MonkeyPatch, threshold: int
) -> None:
    monkeypatch.setattr("graph.stores.ladybug.BULK_THRESHOLD", threshold)
    batch = _batch()
    for i in range(30):
        batch.add_node("City", {"id": f"c{i}", "name": f"C {i}", "aliases": [f"c-{i}"]})
    for i in range(29):
        batch.add_rel(
            "TWINNED_WITH",
            from_label="City",
            from_id=f"c{i}",
            to_label="City",
            to_id=f"c{i + 1}",
            props={"evidence": f"line {i}", "offset": i},
        )
    report = empty_store.write_batch(batch)
    assert report.relationships_created == 29 and len(report.created["City"]) == 30, report
    again = empty_store.write_batch(batch)
    assert again.relationships_created == 0 and again.relationships_matched == 29, again
    row = empty_store.read(
        "MATCH (a:City {id: 'c3'})-[e:TWINNED_WITH]->(b) RETURN b.id AS b, e.offset AS o, a.aliases AS al"
    )
    assert row == [{"b": "c4", "o": 3, "al": ["c-3"]}], row

    broken = _batch("s2")
    broken.add_node("City", {"id": "new-city", "name": "New"})
    broken.add_rel(
        "TWINNED_WITH",
        from_label="City",
        from_id="new-city",
        to_label="City",
        to_id="ghost",
        props={},
    )
    before = empty_store.counts()
    with pytest.raises(StoreError, match="City 'ghost'"):
        empty_store.write_batch(broken)
    assert empty_store.counts() == before


def test_whole_table_reads_match_what_is_stored(sample_store: LadybugStore) -> None:
    """iter_nodes/iter_rels read columns in bulk; each row equals the entity read one by one
    (dates as ISO text, no empty values, endpoints and their labels)."""
    visits = {n.id: n.props for n in sample_store.iter_nodes("Visit")}
    one = sample_store.read("MATCH (v:Visit) WHERE v.date IS NOT NULL RETURN v LIMIT 1")[0]["v"]
    stored = {k: v for k, v in one.items() if not k.startswith("_") and v not in (None, [])}
    assert visits[one["id"]] == stored, (visits[one["id"]], stored)
    assert all(v not in (None, []) for props in visits.values() for v in props.values())
    rels = list(sample_store.iter_rels("PARTICIPATED_IN"))
    assert rels and all(r.props["source"] and r.props["role"] for r in rels)
    stamped = [r.props["ingested_at"] for r in rels if "ingested_at" in r.props]
    assert stamped and all("T" in s for s in stamped), stamped[:3]
    first = rels[0]
    back = sample_store.read(
        "MATCH (a)-[r:PARTICIPATED_IN]->(b) WHERE a.id = $a AND b.id = $b "
        "RETURN label(a) AS al, label(b) AS bl",
        {"a": first.from_id, "b": first.to_id},
    )
    assert (first.from_label, first.to_label) == (back[0]["al"], back[0]["bl"])


def test_a_file_from_an_older_release_is_upgraded_by_a_read_only_open(tmp_path: Path) -> None:
    import ladybug

    path = tmp_path / "old.lbdb"
    LadybugStore(path).close()
    db = ladybug.Database(str(path))  # as an older partnergraph left it: no Visit.status
    conn = ladybug.Connection(db)
    conn.execute("ALTER TABLE Visit DROP status")
    conn.close()
    db.close()
    store = LadybugStore(path, read_only=True)
    try:
        assert store.read("MATCH (v:Visit) RETURN v.status AS s") == []  # the column is there
        assert list(store.iter_nodes("Visit")) == []
    finally:
        store.close()


def test_an_older_file_another_process_holds_says_what_to_do(tmp_path: Path) -> None:
    import ladybug

    path = tmp_path / "old.lbdb"
    LadybugStore(path).close()
    db = ladybug.Database(str(path))
    conn = ladybug.Connection(db)
    conn.execute("ALTER TABLE Visit DROP status")
    conn.close()
    db.close()
    from graph.stores.lock import DbLock

    other = DbLock(path)  # another reader, as the keyless app would be
    other.acquire(exclusive=False)
    try:
        with pytest.raises(StoreError, match="older partnergraph") as caught:
            LadybugStore(path, read_only=True)
        assert "delete" not in str(caught.value)
    finally:
        other.release()
