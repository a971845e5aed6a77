"""The Neo4j store's exact Cypher and parameters, pinned against a recording driver (no server
needed). The conformance suite (test_conformance.py) runs it against a real Neo4j."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import neo4j
import pytest

from graph import cypher
from graph.batch import Batch, Mention, NodeRow
from graph.cypher import index as index_q
from graph.cypher.index import index_neo4j_schema
from graph.errors import QueryRefused, StoreError
from graph.questions.history import history
from graph.schema import MODEL
from graph.stores.neo4j import Neo4jStore, merge_rels


class _Counters:
    def __init__(self, relationships_created: int = 0) -> None:
        self.relationships_created = relationships_created


class _Summary:
    def __init__(self, query: str, created: int = 0) -> None:
        # What a Neo4j server answers for EXPLAIN: the kind of statement it planned.
        writes = any(w in query.upper() for w in ("CREATE", "DELETE", "MERGE", " SET "))
        self.query_type = "w" if writes else "r"
        self.counters = _Counters(created)


class _Result:
    def __init__(self, rows: list[dict[str, Any]], query: str = "", created: int = 0) -> None:
        self.rows = rows
        self.query = query
        self.created = created

    def __iter__(self) -> Iterator[Any]:
        for row in self.rows:
            yield _Record(row)

    def keys(self) -> list[str]:
        return list(self.rows[0]) if self.rows else []

    def consume(self) -> _Summary:
        return _Summary(self.query, self.created)


class _Record(dict[str, Any]):
    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, int):
            return list(self.values())[key]
        return super().__getitem__(key)


class FakeDriver:
    """Records every statement with its parameters, the access mode and the time limit (and
    each session's configuration). An answer is rows, or a function of the parameters that
    gives the rows and how many relationships the statement created."""

    def __init__(self, answers: dict[str, Any] | None = None) -> None:
        self.calls: list[tuple[str, str, dict[str, Any], float | None]] = []
        self.sessions: list[dict[str, Any]] = []
        self.answers = answers or {}

    @contextmanager
    def session(self, *, database: str, default_access_mode: str, **config: Any) -> Iterator[Any]:
        driver = self
        self.sessions.append(config)

        class Tx:
            def __init__(self, timeout: float | None) -> None:
                self.timeout = timeout

            def run(
                self, query: str, parameters: dict[str, Any] | None = None, **kw: Any
            ) -> _Result:
                params = {**(parameters or {}), **kw}
                driver.calls.append((default_access_mode, query, params, self.timeout))
                for start, rows in driver.answers.items():
                    if query.startswith(start):
                        if callable(rows):
                            made, created = rows(params)
                            return _Result(made, query, created)
                        return _Result(rows, query)
                return _Result([], query)

        class Session:
            def execute_read(self, work: Any) -> Any:
                return work(Tx(getattr(work, "timeout", None)))

            def execute_write(self, work: Any) -> Any:
                return work(Tx(getattr(work, "timeout", None)))

        assert database == "graphdb"
        yield Session()

    def close(self) -> None:
        pass


def store(driver: FakeDriver, read_only: bool = False) -> Neo4jStore:
    return Neo4jStore(driver, database="graphdb", read_only=read_only)  # type: ignore[arg-type]


def test_constraints_from_the_schema_each_in_its_own_transaction() -> None:
    driver = FakeDriver()
    store(driver)
    listed = [(mode, q) for mode, q, _, _ in driver.calls[:2]]  # what the database has: nothing
    assert listed == [
        (neo4j.READ_ACCESS, "SHOW CONSTRAINTS YIELD name RETURN name"),
        (neo4j.READ_ACCESS, "SHOW INDEXES YIELD name RETURN name"),
    ]
    created = [c for c in driver.calls[2:] if c[1].startswith("CREATE ")]
    assert [q for _, q, _, _ in created] == [*cypher.neo4j_schema(MODEL), *index_neo4j_schema()]
    assert created[0][1] == (
        "CREATE CONSTRAINT country_id IF NOT EXISTS FOR (n:`Country`) REQUIRE n.id IS UNIQUE"
    )
    assert all(mode == neo4j.WRITE_ACCESS for mode, _, _, _ in created)


def test_an_open_creates_only_the_constraints_and_indexes_missing() -> None:
    """Each CREATE ... IF NOT EXISTS is a schema transaction even when there is nothing to do:
    a database that has them all is only asked for their names."""
    schema = [*cypher.neo4j_schema(MODEL), *index_neo4j_schema()]
    names = [{"name": q.split()[2]} for q in schema]
    driver = FakeDriver({"SHOW CONSTRAINTS": names[:1], "SHOW INDEXES": names[2:]})
    store(driver)
    created = [q for _, q, _, _ in driver.calls[2:] if q.startswith("CREATE ")]
    assert created == [schema[1]], driver.calls


def test_a_batch_is_one_write_transaction_of_unwind_merges() -> None:
    driver = FakeDriver()
    s = store(driver)
    driver.calls.clear()
    src = NodeRow("Source", MODEL.validate_node("Source", {"id": "src-1", "name": "A source"}))
    batch = Batch(source=src, model=MODEL)
    batch.add_node(
        "City",
        {"id": "esbjerg-dk", "name": "Esbjerg", "country_code": "DK"},
        Mention(evidence="Esbjerg (Đan Mạch)", offset=3),
    )
    batch.add_node(
        "Visit",
        {"id": "visit-1", "name": "A visit", "date": "2022-05-14", "date_precision": "day"},
        Mention(evidence="Chiều 14-5"),
    )
    batch.add_rel(
        "PARTICIPATED_IN",
        from_label="City",
        from_id="esbjerg-dk",
        to_label="Visit",
        to_id="visit-1",
        props={"role": "guest", "source": "src-1", "evidence": "tiếp"},
    )
    report = s.write_batch(batch, stamp=False)
    statements = [q for _, q, _, _ in driver.calls]
    index = statements.index(cypher.render(index_q.META_READ, "neo4j"))
    statements, kept = statements[:index], statements[index:]
    assert statements == [
        *(cypher.existing_ids(label) for label in MODEL.labels),  # ids unique across labels
        "UNWIND $ids AS i MATCH (n:`Source` {id: i}) RETURN n",  # stamped already? (no)
        "UNWIND $ids AS i MATCH (n:`Source` {id: i}) RETURN n",
        "UNWIND $rows AS row MERGE (n:`Source` {id: row.id}) SET n += properties(row)",
        "UNWIND $ids AS i MATCH (n:`City` {id: i}) RETURN n",
        "UNWIND $rows AS row MERGE (n:`City` {id: row.id}) SET n += properties(row)",
        "UNWIND $ids AS i MATCH (n:`Visit` {id: i}) RETURN n",
        "UNWIND $rows AS row MERGE (n:`Visit` {id: row.id}) SET n += properties(row)",
        cypher.rel_keys(MODEL, "SOURCED_FROM", "City", "Source"),
        merge_rels("SOURCED_FROM", "City", "Source"),
        cypher.rel_keys(MODEL, "SOURCED_FROM", "Visit", "Source"),
        merge_rels("SOURCED_FROM", "Visit", "Source"),
        cypher.rel_keys(MODEL, "PARTICIPATED_IN", "City", "Visit"),
        merge_rels("PARTICIPATED_IN", "City", "Visit"),
    ]
    # then the history index, in the same transaction: no index yet, so built whole
    assert kept[1] == kept[0] and kept[2:5] == index_q.CLEAR, kept  # read again, cleared
    assert kept[-1] == index_q.META_SET, kept
    assert all(mode == neo4j.WRITE_ACCESS for mode, _, _, _ in driver.calls)
    visit_rows = driver.calls[len(MODEL.labels) + 6][2]["rows"]
    assert visit_rows[0]["date"] == dt.date(2022, 5, 14)  # a Cypher DATE, not text
    rel = driver.calls[index - 1][2]["rows"][0]
    assert rel["from"] == "esbjerg-dk" and rel["to"] == "visit-1"
    assert rel["key"] == "src-1|guest"  # source and the type's key: MERGE makes it idempotent
    assert rel["props"]["evidence"] == "tiếp" and isinstance(
        rel["props"]["ingested_at"], dt.datetime
    )
    assert report.created == {"Source": ["src-1"], "City": ["esbjerg-dk"], "Visit": ["visit-1"]}
    assert report.relationships_created == 1


def test_a_relationship_already_stated_by_the_source_is_matched() -> None:
    driver = FakeDriver(
        {
            "UNWIND $ids AS i MATCH (n:`City` {id: i})": [],
            "MATCH (a:`City`)-[e:`PARTICIPATED_IN`]->(b:`Visit`)": [
                {"a.id": "esbjerg-dk", "b.id": "visit-1", "e.source": "src-1", "e.role": "guest"}
            ],
        }
    )
    s = store(driver)
    src = NodeRow("Source", MODEL.validate_node("Source", {"id": "src-1", "name": "A source"}))
    batch = Batch(source=src, model=MODEL)
    batch.add_node("City", {"id": "esbjerg-dk", "name": "Esbjerg"})
    batch.add_node("Visit", {"id": "visit-1", "name": "A visit"})
    batch.add_rel(
        "PARTICIPATED_IN",
        from_label="City",
        from_id="esbjerg-dk",
        to_label="Visit",
        to_id="visit-1",
        props={"role": "guest", "source": "src-1"},
    )
    driver.calls.clear()
    report = s.write_batch(batch, stamp=False)
    assert report.relationships_matched == 1 and report.relationships_created == 0
    assert merge_rels("PARTICIPATED_IN", "City", "Visit") not in [q for _, q, _, _ in driver.calls]


def test_named_queries_are_sent_in_neo4j_dialect_as_reads() -> None:
    driver = FakeDriver()
    s = store(driver, read_only=True)
    s.read(cypher.neighbours_of("City"), {"id": "haiphong-vn"})
    mode, query, params, timeout = driver.calls[-1]
    assert mode == neo4j.READ_ACCESS and params == {"id": "haiphong-vn"}
    assert "type(r) <> 'SOURCED_FROM'" in query and "labels(m)[0] AS label" in query
    assert "«" not in query and "label(" not in query.replace("labels(", "")
    assert timeout == 300


def test_researchers_queries_guarded_read_only_with_time_limit_and_row_cap() -> None:
    driver = FakeDriver({"MATCH (c:City)": [{"c.id": f"c{i}"} for i in range(5)]})
    s = store(driver, read_only=True)
    result = s.query_readonly("MATCH (c:City) RETURN c.id", {}, timeout_ms=1500, max_rows=3)
    mode, query, _, timeout = driver.calls[-1]
    assert mode == neo4j.READ_ACCESS and query == "MATCH (c:City) RETURN c.id" and timeout == 1.5
    assert result.rows == [["c0"], ["c1"], ["c2"]] and result.truncated
    assert driver.calls[-2][1] == "EXPLAIN MATCH (c:City) RETURN c.id"  # planned first
    before = len(driver.calls)
    with pytest.raises(QueryRefused, match="a write"):
        s.query_readonly("MATCH (c:City) DETACH DELETE c")
    # the server planned it (EXPLAIN runs nothing) and the statement itself never ran
    assert [q for _, q, _, _ in driver.calls[before:]] == ["EXPLAIN MATCH (c:City) DETACH DELETE c"]
    with pytest.raises(QueryRefused, match="outside the graph"):
        s.query_readonly("LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l")
    assert len(driver.calls) == before + 1  # refused before it reached the server


def test_read_only_store_refuses_writes_without_a_call() -> None:
    driver = FakeDriver()
    s = store(driver, read_only=True)
    opened = list(driver.calls)  # whether the history index is there: one read
    assert [(mode, q) for mode, q, _, _ in opened] == [
        (neo4j.READ_ACCESS, cypher.render(index_q.META_READ, "neo4j"))
    ]
    with pytest.raises(StoreError, match="read-only"):
        s.write(cypher.REVIEW_SET_STATUS, {"id": "x", "status": "rejected"})
    assert driver.calls == opened


def test_a_wrong_address_is_a_clear_error() -> None:
    with pytest.raises(
        StoreError, match=r"(?s)cannot reach Neo4j at bolt://127.0.0.1:1: .*check the address"
    ):
        Neo4jStore.connect("bolt://127.0.0.1:1", password="x")


def test_whole_tables_are_read_as_columns_in_a_read_transaction() -> None:
    rel_query = cypher.render(cypher.all_rels(MODEL, "PARTICIPATED_IN"), "neo4j")
    driver = FakeDriver(
        {
            "MATCH (n:`City`)": [{"id": "esbjerg-dk", "name": "Esbjerg", "aliases": []}],
            rel_query: [
                {
                    "_from": "esbjerg-dk",
                    "_to": "visit-1",
                    "_from_label": "City",
                    "_to_label": "Visit",
                    "role": "guest",
                    "source": "src-1",
                    "evidence": None,
                }
            ],
        }
    )
    s = store(driver, read_only=True)
    nodes = list(s.iter_nodes("City"))
    rels = list(s.iter_rels("PARTICIPATED_IN"))
    assert [(n.label, n.props) for n in nodes] == [
        ("City", {"id": "esbjerg-dk", "name": "Esbjerg"})
    ]
    assert [(r.type, r.from_label, r.from_id, r.to_label, r.to_id, r.props) for r in rels] == [
        (
            "PARTICIPATED_IN",
            "City",
            "esbjerg-dk",
            "Visit",
            "visit-1",
            {"role": "guest", "source": "src-1"},
        )
    ]
    sent = [(mode, q) for mode, q, _, _ in driver.calls if q.startswith("MATCH")]
    assert sent[-1] == (neo4j.READ_ACCESS, rel_query)
    assert "labels(a)[0] AS _from_label" in rel_query and "e.`role` AS `role`" in rel_query


def test_a_batch_keeps_a_current_history_index_by_its_changed_cards() -> None:
    """With the index there, a batch re-makes the cards it touches: the visit's card, from
    its parties and their places, unlisted and listed again under its pairs."""
    meta = [{"version": index_q.INDEX_VERSION, "writes": 3, "uid": "u"}]
    parties = [
        {"id": "esbjerg-dk", "name": "Esbjerg", "name_vi": None, "label": "City", "role": "guest"},
        {
            "id": "haiphong-vn",
            "name": "Hai Phong",
            "name_vi": None,
            "label": "City",
            "role": "host",
        },
    ]
    details = [{"e": {"id": "visit-1", "name": "A visit"}, "parties": parties, "sources": []}]
    driver = FakeDriver(
        {
            "MATCH (p:HistoryPair {id: '#meta'})": meta,
            cypher.existing_ids("City"): lambda p: (
                [{"id": "esbjerg-dk"}] if "esbjerg-dk" in p["ids"] else [],
                0,
            ),
            "UNWIND $ids AS i MATCH (e:`Visit` {id: i}) OPTIONAL MATCH": details,
            "UNWIND $ids AS i MATCH (x:`City` {id: i})-[:LOCATED_IN|PART_OF]->(y)": [
                {"x": "esbjerg-dk", "y": "dk", "label": "Country"}
            ],
        }
    )
    s = store(driver)
    assert s.history_index
    driver.calls.clear()
    src = NodeRow("Source", MODEL.validate_node("Source", {"id": "src-1", "name": "A source"}))
    batch = Batch(source=src, model=MODEL)
    batch.add_node("Visit", {"id": "visit-1", "name": "A visit"})
    batch.add_rel(
        "PARTICIPATED_IN",
        from_label="City",
        from_id="esbjerg-dk",
        to_label="Visit",
        to_id="visit-1",
        props={"role": "guest", "source": "src-1"},
    )
    s.write_batch(batch, stamp=False)
    sent = {q: p for _, q, p, _ in driver.calls}
    assert index_q.CLEAR[0] not in sent  # not built again
    assert sent[index_q.UNLIST] == {"ids": ["visit-1"]}
    listed = {(r["pair"], r["card"]) for r in sent[index_q.LIST]["rows"]}
    assert listed == {
        ("haiphong-vn|esbjerg-dk", "visit-1"),
        ("haiphong-vn|dk", "visit-1"),
        ("esbjerg-dk|haiphong-vn", "visit-1"),
    }, listed
    card = json.loads(sent[index_q.PUT_CARDS]["rows"][0]["card"])
    assert [p["roots"] for p in card["parties"]] == [["dk", "esbjerg-dk"], ["haiphong-vn"]]
    assert sent[index_q.META_WRITE] == {"version": index_q.INDEX_VERSION}
    assert all(mode == neo4j.WRITE_ACCESS for mode, _, _, _ in driver.calls)


def test_history_reads_the_pair_of_the_index_on_neo4j() -> None:
    card = {
        "kind": "engagement",
        "label": "Visit",
        "e": {"id": "visit-1", "name": "A visit", "date": "2022-05-14", "date_precision": "day"},
        "parties": [
            {
                "id": "esbjerg-dk",
                "name": "Esbjerg",
                "name_vi": None,
                "label": "City",
                "role": "guest",
                "roots": ["dk", "esbjerg-dk"],
            },
            {
                "id": "haiphong-vn",
                "name": "Hai Phong",
                "name_vi": None,
                "label": "City",
                "role": "host",
                "roots": ["haiphong-vn"],
            },
        ],
        "sources": [],
        "homes": ["esbjerg-dk", "haiphong-vn"],
    }
    by_id = {"dk": ("Country", "Denmark"), "haiphong-vn": ("City", "Hai Phong")}
    driver = FakeDriver(
        {
            "MATCH (p:HistoryPair {id: '#meta'})": [
                {"version": index_q.INDEX_VERSION, "writes": 1, "uid": "u"}
            ],
            "OPTIONAL MATCH (h:HistoryPair {id: $reach})": [
                {"reach": '{"day": "2022-05-14"}', "card": json.dumps(card)}
            ],
            "MATCH (n:`Country` {id: $id})": lambda p: (
                [
                    {
                        "id": p["id"],
                        "label": by_id[p["id"]][0],
                        "name": by_id[p["id"]][1],
                        "name_vi": None,
                    }
                ]
                if p["id"] in by_id
                else [],
                0,
            ),
        }
    )
    s = store(driver, read_only=True)
    assert s.history_index
    driver.calls.clear()
    found = history(s, "dk", home="haiphong-vn")
    sent = [(q, p) for _, q, p, _ in driver.calls]
    assert (index_q.CARDS_AND_REACH, {"key": "haiphong-vn|dk", "reach": "haiphong-vn|"}) in sent
    assert not [q for q, _ in sent if "PARTICIPATED_IN" in q]  # the graph is not walked
    assert [e.id for e in found.entries] == ["visit-1"] and found.as_of == "2022-05-14"
    assert [(p.id, p.side) for p in found.entries[0].parties] == [
        ("haiphong-vn", "home"),
        ("esbjerg-dk", "partner"),
    ]
