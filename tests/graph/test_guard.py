from __future__ import annotations

import pytest

from graph.errors import QueryRefused
from graph.guard import check_read_only

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
    "",
    "   ",
    "// only a comment",
    "FOREACH (x IN [1] | CREATE (:City {id: 'q', name: 'q'}))",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_writes_files_network_and_several_statements_are_refused(query: str) -> None:
    with pytest.raises(QueryRefused):
        check_read_only(query)


@pytest.mark.parametrize(
    "query",
    [
        "MATCH (c:City) RETURN c.name LIMIT 5",
        "MATCH (c:Country {id: $id}) RETURN c",
        "MATCH (n) WHERE n.name = 'DELETE me; CREATE' RETURN n",
        "OPTIONAL MATCH (a)-[r:TWINNED_WITH]->(b) RETURN count(r)",
        "CALL show_tables() RETURN *",
        "MATCH (n:City) RETURN n.name; ",
        "UNWIND [1, 2] AS x RETURN x",
    ],
)
def test_reads_pass(query: str) -> None:
    assert check_read_only(query) == query
