"""The guard's two parts on their own: the pre-check of the text (what could act while the engine
only binds a statement) and the decision on the engine's plan (every operator a read)."""

from __future__ import annotations

import pytest

from graph.errors import QueryRefused
from graph.guard import check_plan, check_read_only, plan_operators

# Queries that must never change the graph, read a file or reach the network, whatever layer
# stops them (the store-level tests run each of them for real).
HOSTILE = [
    "CREATE (n:City {id: 'x', name: 'X'})",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n:City) SET n.name = 'x'",
    "MERGE (n:Country {id: 'zz'})",
    "MATCH (n:City) REMOVE n.name",
    "DROP TABLE City",
    "ALTER TABLE City ADD x STRING",
    "COPY City FROM '/etc/passwd'",
    "LOAD FROM '/etc/passwd' RETURN *",
    "ATTACH '/tmp/other.lbdb' AS other (dbtype lbug)",
    "INSTALL httpfs",
    "LOAD EXTENSION httpfs",
    "EXPORT DATABASE '/tmp/out'",
    "CALL threads=1",
    "MATCH (n) RETURN n; MATCH (m) DETACH DELETE m",
    "MATCH (n) RETURN n /* */ ; CREATE (x:City {id:'y', name:'y'})",
    "MATCH (n) // comment\n cReAtE (x:City {id:'y', name:'y'})",
    "match (n) with n dElEtE n",
    "BEGIN TRANSACTION",
    "// only a comment",
    "FOREACH (x IN [1] | CREATE (:City {id: 'q', name: 'q'}))",
    "CHECKPOINT",
    "CREATE MACRO pwn(x) AS x + 1",
    "PROFILE UPDATE json",
    # Issue 10's wrappers: comments that end for a regular expression but not for the engine.
    '/* **/ RETURN 1 \' */ ROLLBACK; CREATE (:Country {id:"zz", name:"pwned"}); '
    "BEGIN TRANSACTION READ ONLY // '",
    '/* **/ RETURN 1 \' */ CREATE (:Country {id:"zz", name:"pwned"}) // \'',
    "/* **/ RETURN 1 ' */ MATCH (c:Country {id: 'dk'}) SET c.name = 'pwned' // '",
    "/* **/ RETURN 1 ' */ ROLLBACK; CHECKPOINT; BEGIN TRANSACTION READ ONLY // '",
    "COPY (MATCH (s:Source) RETURN s.id) TO 'out.csv'",
    'UNWIND [4 //*\r*/ 2] AS x LOAD FROM "/etc/hostname" (file_format="csv") RETURN *',
    "CALL `read_csv_serial`($show_tables) RETURN *",
    "CALL current_setting('home_directory') RETURN *",
    "CALL timeout=0",
    # borrowing the exemptions of aliases and strings (issue 13)
    "RETURN 1 AS\nLOAD FROM '/etc/passwd' RETURN *",
    "// it's\nLOAD FROM '/etc/passwd' RETURN * // '",
    "RETURN 'a\\' LOAD FROM \"/etc/passwd\" RETURN * //'",
    "RETURN 2 AS load ORDER BY load LOAD FROM '/etc/passwd' RETURN *",
]


@pytest.mark.parametrize(
    "query",
    [
        "LOAD FROM '/etc/passwd' RETURN *",
        'LOAD WITH HEADERS (a STRING) FROM "/etc/passwd" (file_format="csv", header=false) RETURN *',
        "/* **/ RETURN 1 ' */ LOAD WITH HEADERS (a STRING) FROM '/etc/passwd' RETURN * // '",
        'UNWIND [4 //*\r*/ 2] AS x LOAD FROM "/etc/hostname" RETURN *',
        "COPY (MATCH (s:Source) RETURN s.id) TO 'out.csv'",
        "MATCH (n) RETURN n // COPY (MATCH (s) RETURN s) TO 'x'",  # in a comment, to be safe
        "INSTALL httpfs",
        "/* **/ RETURN 1 ' */ INSTALL httpfs // '",
        "LOAD EXTENSION httpfs",
        "ATTACH '/tmp/x.lbdb' AS x (dbtype lbug)",
        "EXPORT DATABASE '/tmp/out'",
        "IMPORT DATABASE '/tmp/out'",
        "CALL `read_csv_serial`($show_tables) RETURN *",
        "CALL read_csv_serial('/etc/passwd') RETURN *",
        "CALL/**/read_csv('/etc/passwd') RETURN *",
        "CALL current_setting('home_directory') RETURN *",
        "CALL timeout=0",
        "cAlL threads = 1",
        "MATCH (n) CALL read_json('/etc/passwd') RETURN *",
        "",
        "   ",
        "RETURN '\x00'",
        "RETURN 1" + " " * 20_001,
        # the exemptions of aliases and strings cannot be borrowed by a clause
        "RETURN 1 AS\nLOAD FROM '/etc/passwd' RETURN *",
        "RETURN 1 AS /* */ LOAD FROM '/etc/passwd' RETURN *",
        "RETURN 1 AS x, 2 AS load ORDER BY load LOAD FROM '/etc/passwd' RETURN *",
        "MATCH (n) WHERE n. AS LOAD FROM '/etc/passwd' RETURN *",
        "RETURN $AS LOAD FROM '/etc/passwd' RETURN *",
        "// it's\nLOAD FROM '/etc/passwd' RETURN * // '",
        "RETURN 'a\\' LOAD FROM \"/etc/passwd\" RETURN * //'",
        "RETURN `a'` LOAD FROM '/etc/passwd' RETURN *",
        "RETURN 'x' + \"'\" LOAD FROM '/etc/passwd' RETURN *",
        "RETURN 'CALL' CALL read_csv('/etc/passwd') RETURN *",
    ],
)
def test_what_could_act_at_bind_time_is_refused_before_the_engine_sees_it(query: str) -> None:
    with pytest.raises(QueryRefused):
        check_read_only(query)


@pytest.mark.parametrize(
    "query",
    [
        "MATCH (c:City) RETURN c.name LIMIT 5",
        "MATCH (c:Country {id: $id}) RETURN c",
        "MATCH (n) WHERE n.name = 'DELETE me; CREATE' RETURN n",  # the plan decides on writes
        "OPTIONAL MATCH (a)-[r:TWINNED_WITH]->(b) RETURN count(r)",
        "CALL show_tables() RETURN *",
        "CALL table_info('City') RETURN *",
        "call  SHOW_TABLES () RETURN *",
        "MATCH (n:City) RETURN n.name; ",
        "UNWIND [1, 2] AS x RETURN x",
        "MATCH (n:City) WHERE n.name = $load RETURN n.upload, n.download",  # parameter, property
        # words in alias position or inside plain strings are names and values (issue 13)
        "MATCH (n:City) RETURN n.name AS export, n.id AS import",
        "RETURN 1 AS load, 2 AS\tcopy, 'x' AS use",
        "MATCH (n:Organisation) WHERE n.name CONTAINS 'Export' RETURN n",
        "MATCH (n) WHERE n.name = \"Import-Export Bank\" OR n.name = 'LOAD' RETURN n",
        "MATCH (n) WHERE n.name = 'call centre' RETURN n",
        "CALL show_functions() RETURN name",
    ],
)
def test_reads_pass_the_pre_check(query: str) -> None:
    assert check_read_only(query) == query


def _box(name: str, number: int, extra: str = "") -> str:
    return f"┌────┐\n│ {name}[{number}] │\n{extra}└────┘\n"


def test_a_plan_of_reads_passes() -> None:
    plan = _box("RESULT_COLLECTOR", 2) + _box("PROJECTION", 1) + _box("SCAN_NODE_TABLE", 0)
    check_plan(plan)
    assert plan_operators(plan)[0] == {0: "SCAN_NODE_TABLE", 1: "PROJECTION", 2: "RESULT_COLLECTOR"}


@pytest.mark.parametrize(
    ("operator", "why"),
    [
        ("INSERT", "writes to the graph"),
        ("SET_PROPERTY", "writes to the graph"),
        ("COPY_TO", "writes a file"),
        ("TRANSACTION", "transactions"),
        ("STANDALONE_CALL", "settings"),
        ("INSTALL_EXTENSION", "extension"),
        ("CREATE_MACRO", "does not run"),
        ("SOMETHING_NEW", "does not run"),  # unknown means refused
    ],
)
def test_an_operator_that_is_not_a_read_is_refused(operator: str, why: str) -> None:
    plan = _box("RESULT_COLLECTOR", 1) + _box(operator, 0)
    with pytest.raises(QueryRefused, match=why):
        check_plan(plan)


def test_a_table_function_that_is_not_a_catalogue_read_is_refused() -> None:
    plan = _box("RESULT_COLLECTOR", 1) + _box("TABLE_FUNCTION_CALL", 0, "│ Function: READ_CSV │\n")
    with pytest.raises(QueryRefused, match="READ_CSV"):
        check_plan(plan)


def test_a_plan_not_read_whole_is_refused() -> None:
    # operator 1 is missing: something the guard could not read sits there
    plan = _box("RESULT_COLLECTOR", 2) + _box("SCAN_NODE_TABLE", 0)
    with pytest.raises(QueryRefused, match="could not read"):
        check_plan(plan)
    with pytest.raises(QueryRefused, match="could not read"):
        check_plan("")


def test_text_a_query_puts_in_its_plan_can_only_add_refusals() -> None:
    # A string literal shown in the plan that names an operator adds it: refused, never hidden.
    plan = _box("RESULT_COLLECTOR", 1) + _box("PROJECTION", 0, "│ Expressions: COPY_TO[7] │\n")
    with pytest.raises(QueryRefused):
        check_plan(plan)


@pytest.mark.parametrize(
    "query",
    [
        "MATCH (c:City) CALL { WITH c MATCH (c)-[:TWINNED_WITH]-(t) RETURN count(t) AS n } "
        "RETURN c.name, n",
        "MATCH (c:City) CALL (c) { MATCH (c)-[:LOCATED_IN]->(k) RETURN k } RETURN c, k",
        "CALL db.labels() YIELD label RETURN label",
        "CALL db.relationshipTypes()",
        "CALL db.schema.visualization()",
        "MATCH (n) RETURN n.name AS set, n.id AS name",
    ],
)
def test_neo4j_reads_pass_its_pre_check(query: str) -> None:
    assert check_read_only(query, dialect="neo4j") == query


@pytest.mark.parametrize(
    "query",
    [
        "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
        "USE system SHOW USERS",
        "CALL apoc.load.json('file:///etc/passwd')",
        "RETURN apoc.load.csv('file:///etc/passwd')",
        "CALL dbms.listConfig()",
        "CALL db.index.fulltext.queryNodes('x', 'y')",
        "MATCH (c:City) CALL { CALL apoc.load.json('http://x') YIELD value RETURN value } RETURN 1",
    ],
)
def test_neo4j_outside_the_graph_is_refused(query: str) -> None:
    with pytest.raises(QueryRefused):
        check_read_only(query, dialect="neo4j")


def test_subqueries_are_only_for_neo4j() -> None:
    with pytest.raises(QueryRefused, match="CALL"):
        check_read_only("MATCH (c:City) CALL { RETURN 1 AS x } RETURN x")
