"""The guard on Neo4j 5 (issue 12): the harmless syntax researchers write passes, the
administration, the files and the other databases stay refused, and what reaches the server is
pinned against the recording driver (no server needed)."""

from __future__ import annotations

import neo4j
import pytest

from graph.errors import QueryRefused
from graph.guard import check_neo4j_statement, check_read_only
from tests.graph.stores.test_neo4j import FakeDriver, store

PASS = [
    "MATCH (c:City) CALL { WITH c MATCH (c)-[:TWINNED_WITH]-(t) RETURN count(t) AS n } "
    "RETURN c.name, n",
    "MATCH (c:City) CALL (c) { MATCH (c)-[:LOCATED_IN]->(k) RETURN k } RETURN c, k",
    "CALL { MATCH (a:City) RETURN a.id AS id UNION MATCH (b:Country) RETURN b.id AS id } "
    "RETURN id ORDER BY id",
    "SHOW INDEXES",
    "SHOW RANGE INDEXES YIELD name, labelsOrTypes WHERE name STARTS WITH 'city' RETURN name",
    "SHOW CONSTRAINTS",
    "SHOW UNIQUE CONSTRAINTS YIELD *",
    "SHOW PROCEDURES",
    "SHOW PROCEDURES EXECUTABLE BY CURRENT USER YIELD name",
    "SHOW FUNCTIONS",
    "show built in functions yield name where name starts with 'a' return name",
    "CALL db.labels()",
    "CALL db.labels() YIELD label RETURN label ORDER BY label",
    "CALL db.relationshipTypes()",
    "CALL db.schema.visualization()",
    "MATCH (n) RETURN n.name AS set, n.id AS name",
    "MATCH (show:City) RETURN show.name AS terminate",  # names, not commands
    "MATCH (n:City {show: 1}) RETURN n.transactions",
    "CYPHER 25 MATCH (n:City) RETURN n.id",
    "CYPHER runtime=slotted MATCH (n:City) RETURN n.id",
    "MATCH (a:City) RETURN a.id AS id UNION ALL MATCH (b:Country) RETURN b.id AS id",
    "OPTIONAL MATCH (n:City) RETURN n LIMIT 1",
    "UNWIND [1, 2] AS x RETURN x;",
    # APOC's functions that only compute on their arguments
    "RETURN apoc.coll.sum([1, 2]) AS s, apoc.text.join(['a', 'b'], ',') AS t",
    "MATCH (c:City) RETURN apoc.map.removeKey(c {.*}, 'aliases') AS c LIMIT 3",
]
REFUSED = {
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line": "outside the graph",
    "USE system SHOW USERS": "another database",
    "CALL apoc.load.json('file:///etc/passwd')": "apoc",
    "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {})": "apoc",
    "RETURN apoc.cypher.runFirstColumnSingle('MATCH (n) DETACH DELETE n', {})": "apoc",
    "RETURN apoc.util.sleep(100000)": "apoc",
    "RETURN apoc.coll.sum([1]), apoc.load.json('file:///etc/passwd')": "apoc",
    "RETURN apoc.coll.sum([1]) // apoc.load.json": "apoc",
    "RETURN apoc . coll.sum([1])": "apoc",
    "RETURN `apoc`.load.json('x')": "apoc",
    "RETURN apoc.text.x.y('x')": "apoc",
    "CALL apoc.coll.sum([1])": "not allowed",
    "CALL dbms.listConfig()": "dbms",
    "CALL dbms.components()": "dbms",
    "SHOW USERS": "administers",
    "SHOW DATABASES": "administers",
    "SHOW ROLES": "administers",
    "SHOW PRIVILEGES": "administers",
    "SHOW SETTINGS": "administers",
    "SHOW SERVERS": "administers",
    "SHOW TRANSACTIONS": "administers",
    "SHOW CURRENT USER": "administers",
    "SHOW TRANSACTIONS YIELD transactionId AS t TERMINATE TRANSACTIONS t": "administers",
    "SHOW INDEXES YIELD name TERMINATE TRANSACTIONS 'x'": "command of its own",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'": "starting with TERMINATE",
    "CREATE USER x SET PASSWORD 'y'": "starting with CREATE",
    "ALTER USER neo4j SET PASSWORD 'x'": "starting with ALTER",
    "GRANT ROLE admin TO x": "starting with GRANT",
    "DENY READ ON GRAPH * TO x": "starting with DENY",
    "REVOKE ROLE admin FROM x": "starting with REVOKE",
    "CREATE DATABASE foo": "starting with CREATE",
    "STOP DATABASE neo4j": "starting with STOP",
    "START DATABASE neo4j": "starting with START",
    "ENABLE SERVER 'x'": "starting with ENABLE",
    "DROP INDEX city_name": "starting with DROP",
    "CREATE INDEX x FOR (n:City) ON (n.x)": "starting with CREATE",
    "CYPHER 5 CREATE (n:City {id: 'x'})": "starting with CREATE",
    "MERGE (n:Country {id: 'zz'})": "starting with MERGE",
    "MATCH (a:City) RETURN a UNION CREATE (b:City) RETURN b": "after UNION",
    "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS RETURN 1": "IN TRANSACTIONS",
    "SHOW INDEXES; DROP INDEX city_name": "one statement",
    "EXPLAIN MATCH (n) RETURN n": "console's to add",
    "PROFILE MATCH (n) RETURN n": "console's to add",
    "CALL db.createLabel('X')": "not allowed",
    "CALL db.index.fulltext.queryNodes('x', 'y')": "not allowed",
}


@pytest.mark.parametrize("query", PASS)
def test_neo4j_5_reads_pass(query: str) -> None:
    assert check_read_only(query, dialect="neo4j") == query


@pytest.mark.parametrize("query,why", REFUSED.items())
def test_administration_files_and_other_databases_are_refused(query: str, why: str) -> None:
    with pytest.raises(QueryRefused, match=why):
        check_read_only(query, dialect="neo4j")


def test_the_embedded_store_keeps_its_own_rules() -> None:
    with pytest.raises(QueryRefused, match="CALL"):
        check_read_only("CALL { MATCH (n:City) RETURN n } RETURN n")
    assert check_read_only("MATCH (show:City) RETURN show") == "MATCH (show:City) RETURN show"


def test_a_show_command_says_what_it_lists() -> None:
    assert check_neo4j_statement("SHOW RANGE INDEXES") == "INDEXES"
    assert check_neo4j_statement("SHOW BUILT IN FUNCTIONS YIELD name") == "FUNCTIONS"
    assert check_neo4j_statement("MATCH (n) RETURN n") is None


def test_a_show_command_goes_as_written_in_a_read_transaction() -> None:
    """SHOW is a command, not a query the server plans: no EXPLAIN before it; still a read
    transaction with the time limit (layer two)."""
    driver = FakeDriver({"SHOW INDEXES": [{"name": "city_id", "type": "RANGE"}]})
    s = store(driver, read_only=True)
    driver.calls.clear()  # what opening the store asked (the history index's state)
    result = s.query_readonly("SHOW INDEXES", timeout_ms=1500)
    assert result.rows == [["city_id", "RANGE"]]
    assert [(m, q, t) for m, q, _, t in driver.calls] == [(neo4j.READ_ACCESS, "SHOW INDEXES", 1.5)]


def test_a_subquery_is_planned_by_the_server_before_it_runs() -> None:
    driver = FakeDriver()
    s = store(driver, read_only=True)
    driver.calls.clear()  # what opening the store asked (the history index's state)
    query = PASS[0]
    s.query_readonly(query)
    assert [q for _, q, _, _ in driver.calls] == ["EXPLAIN " + query, query]


@pytest.mark.parametrize(
    "query",
    [
        "LOAD CSV FROM 'http://example.org/x.csv' AS l RETURN l",
        "SHOW USERS",
        "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
        "USE system MATCH (n) RETURN n",
        "CALL apoc.load.json('http://example.org')",
    ],
)
def test_refused_queries_never_reach_the_server(query: str) -> None:
    """LOAD CSV in a read transaction is let through by the server (over http): the guard is
    the layer that refuses it, before anything is sent."""
    driver = FakeDriver()
    s = store(driver, read_only=True)
    driver.calls.clear()  # what opening the store asked (the history index's state)
    with pytest.raises(QueryRefused):
        s.query_readonly(query)
    assert driver.calls == []
