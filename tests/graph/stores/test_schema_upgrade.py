"""A database file made by an older partnergraph gains what the schema added since, on open."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import ladybug
import pytest

from graph.batch import Batch, NodeRow
from graph.schema import MODEL
from graph.stores import LadybugStore


def _as_older_release(path: Path, *statements: str) -> None:
    """A file with today's tables, then ``statements`` run on it to take back what an older
    schema did not have."""
    LadybugStore(path).close()
    db = ladybug.Database(str(path))
    conn = ladybug.Connection(db)
    for statement in statements:
        conn.execute(statement)
    conn.close()
    db.close()


def _pairs(store: LadybugStore, rel_type: str) -> set[tuple[str, str]]:
    rows = store.read(f"CALL show_connection('{rel_type}') RETURN *")
    return {(row["source table name"], row["destination table name"]) for row in rows}


@pytest.fixture
def older(tmp_path: Path) -> Iterator[Path]:
    """A file whose LOCATED_IN cannot go from an Event to a City, whose PARTICIPATED_IN has no
    role and which has no MEMBER_OF table."""
    path = tmp_path / "older.lbdb"
    _as_older_release(
        path,
        "ALTER TABLE LOCATED_IN DROP FROM Event TO City",
        "ALTER TABLE PARTICIPATED_IN DROP role",
        "DROP TABLE MEMBER_OF",
    )
    yield path


def test_the_older_file_lacks_what_the_test_says(older: Path) -> None:
    db = ladybug.Database(str(older), read_only=True)
    conn = ladybug.Connection(db)
    try:
        pairs = conn.execute("CALL show_connection('LOCATED_IN') RETURN *").get_all()
        tables = {row[1] for row in conn.execute("CALL show_tables() RETURN *").get_all()}
    finally:
        conn.close()
        db.close()
    assert ["Event", "City"] not in [row[:2] for row in pairs], pairs
    assert "MEMBER_OF" not in tables and "LOCATED_IN" in tables, tables


def test_a_read_write_open_adds_endpoint_pairs_and_a_write_uses_one(older: Path) -> None:
    store = LadybugStore(older)
    try:
        rel = MODEL.rel("LOCATED_IN")
        want = {(a, b) for a in rel.from_labels for b in rel.to_labels}
        assert _pairs(store, "LOCATED_IN") == want
        src = NodeRow(
            label="Source", props=MODEL.validate_node("Source", {"id": "s1", "name": "s1"})
        )
        batch = Batch(source=src, model=MODEL)
        batch.add_node("City", {"id": "esbjerg-dk", "name": "Esbjerg", "country_code": "DK"})
        batch.add_node("Event", {"id": "forum-2022", "name": "Forum 2022"})
        batch.add_rel(
            "LOCATED_IN",
            from_label="Event",
            from_id="forum-2022",
            to_label="City",
            to_id="esbjerg-dk",
            props={"evidence": "Forum 2022 in Esbjerg"},
        )
        report = store.write_batch(batch)
        assert report.relationships_created == 1, report
        rows = store.read("MATCH (e:Event)-[:LOCATED_IN]->(c:City) RETURN e.id AS e, c.id AS c")
        assert rows == [{"e": "forum-2022", "c": "esbjerg-dk"}], rows
    finally:
        store.close()


def test_a_read_write_open_adds_relationship_properties_and_tables(older: Path) -> None:
    store = LadybugStore(older)
    try:
        assert store.read("MATCH ()-[r:PARTICIPATED_IN]->() RETURN r.role AS role") == []
        assert store.read("MATCH ()-[r:MEMBER_OF]->() RETURN count(r) AS n") == [{"n": 0}]
    finally:
        store.close()


def test_a_read_only_open_upgrades_a_missing_table_and_relationship_property(
    older: Path,
) -> None:
    store = LadybugStore(older, read_only=True)
    try:
        assert store.read("MATCH ()-[r:PARTICIPATED_IN]->() RETURN r.role AS role") == []
        assert store.read("MATCH ()-[r:MEMBER_OF]->() RETURN count(r) AS n") == [{"n": 0}]
    finally:
        store.close()
