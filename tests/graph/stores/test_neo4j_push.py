"""``push`` into Neo4j and the server's version, pinned against the recording driver (issue 12):
constraints and indexes first, then rows as parameters in statements of at most ROWS_PER_RUN,
relationships merged without reading back what the source stated (the read that grew with
every batch), and the notification filter asked of the servers that have it."""

from __future__ import annotations

from typing import Any

import pytest

from graph import cypher
from graph.cypher.index import META_READ, index_neo4j_schema
from graph.errors import StoreError
from graph.schema import MODEL
from graph.stores import LadybugStore
from graph.stores.neo4j import ROWS_PER_RUN, Neo4jStore, copy_rels, server_version
from graph.stores.transfer import copy_graph
from tests.graph.stores.test_neo4j import FakeDriver, store


def _merged(params: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
    """A server on which every end exists and nothing was there: all found, all created."""
    return [{"found": len(params["rows"])}], len(params["rows"])


def test_push_sends_constraints_first_then_parameters_in_bounded_statements(
    sample_store: LadybugStore,
) -> None:
    counted = [{"count": 10**6}]  # the counts at the end: nothing short
    meta = [{"version": "stale", "writes": 0, "uid": "u"}]  # a server gives the stale mark back
    driver = FakeDriver(
        {
            "UNWIND $rows AS row MATCH (a:": _merged,
            "MATCH (n:": counted,
            "MATCH ()-[": counted,
            META_READ: meta,
        }
    )
    target = store(driver)
    schema = cypher.neo4j_schema(MODEL)
    created = [q for _, q, _, _ in driver.calls if q.startswith("CREATE ")]
    assert created == [*schema, *index_neo4j_schema()]  # first
    assert any("FOR ()-[e:`SOURCED_FROM`]-() ON (e.source)" in q for q in schema)
    assert "CREATE INDEX city_country_code IF NOT EXISTS FOR (n:`City`) ON (n.country_code)" in (
        schema
    )
    for label in MODEL.labels:  # a label's uniqueness constraint before its indexes
        mine = [q for q in schema if f"(n:`{label}`)" in q]
        assert mine[0].startswith(f"CREATE CONSTRAINT {label.lower()}_id "), mine
    driver.calls.clear()
    report = copy_graph(sample_store, target, batch=300, progress=None)
    sent = [(q, p) for _, q, p, _ in driver.calls]
    rels = sum(v for k, v in sample_store.counts().items() if k in MODEL.rels)
    assert report.relationships_copied == rels > 300, report
    # every value travels as a parameter, a few thousand rows at most per statement
    names = {n.props["id"] for n in sample_store.iter_nodes("City")}
    assert not [q for q, _ in sent if any(f"'{n}'" in q for n in names)]
    assert all(len(p.get("rows", p.get("ids", []))) <= ROWS_PER_RUN for _, p in sent)
    # relationships: merged on their key, never looked up by source first
    assert not [q for q, _ in sent if "WHERE e.source IN $sources" in q]
    copies = [p for q, p in sent if " ON CREATE SET e += properties(row.props)" in q]
    assert sum(len(p["rows"]) for p in copies) == rels
    assert all(set(r) == {"from", "to", "key", "props"} for p in copies for r in p["rows"])


def test_copied_relationships_are_merged_on_their_key() -> None:
    query = copy_rels("PARTICIPATED_IN", "City", "Visit")
    assert query == (
        "UNWIND $rows AS row MATCH (a:`City` {id: row.from}) MATCH (b:`Visit` {id: row.to}) "
        "MERGE (a)-[e:`PARTICIPATED_IN` {key: row.key}]->(b) "
        "ON CREATE SET e += properties(row.props) RETURN count(*) AS found"
    )


def test_a_second_push_matches_what_is_there(sample_store: LadybugStore) -> None:
    def there(params: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
        return [{"found": len(params["rows"])}], 0  # every relationship merged, none created

    target = store(FakeDriver({"UNWIND $rows AS row MATCH (a:": there}))
    rels = list(sample_store.iter_rels("PARTICIPATED_IN"))
    report = target.copy_in([], rels)
    assert report.relationships_created == 0 and report.relationships_matched == len(rels)


def test_a_relationship_without_its_ends_fails_the_copy(sample_store: LadybugStore) -> None:
    def short(params: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
        return [{"found": len(params["rows"]) - 1}], len(params["rows"]) - 1

    target = store(FakeDriver({"UNWIND $rows AS row MATCH (a:": short}))
    rels = list(sample_store.iter_rels("LOCATED_IN"))
    with pytest.raises(StoreError, match=r"1 LOCATED_IN relationships of the copy lack an end"):
        target.copy_in([], rels)


class _Server(FakeDriver):
    def __init__(self, agent: str) -> None:
        super().__init__()
        self.agent = agent

    def get_server_info(self) -> Any:
        return type("Info", (), {"agent": self.agent})()


@pytest.mark.parametrize(
    "agent,version,filtered",
    [
        ("Neo4j/5.3.0", (5, 3, 0), False),
        ("Neo4j/5.7.0", (5, 7, 0), True),
        ("Neo4j/5.26.4", (5, 26, 4), True),
        ("Neo4j/2025.01.0", (2025, 1, 0), True),
    ],
)
def test_the_server_version_decides_the_notification_filter(
    agent: str, version: tuple[int, ...], filtered: bool
) -> None:
    driver = _Server(agent)
    s = Neo4jStore(driver, database="graphdb", read_only=True)  # type: ignore[arg-type]
    assert s.server_version == version
    s.read(cypher.count_nodes("City"))
    asked = driver.sessions[-1].get("notifications_min_severity")
    assert asked == ("OFF" if filtered else None), driver.sessions


def test_an_unknown_agent_is_no_version() -> None:
    assert server_version("") is None and server_version("Memgraph/2.1") is None
