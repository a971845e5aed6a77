"""Neo4j's Cypher on the embedded store (issue 13): the translation's own rules, refusals that
show the rewrite, errors that teach, and the guard still deciding on what runs. The battery of
researchers' queries is in test_dialect_battery.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.dialect import translate
from graph.errors import QueryFailed, QueryRefused
from graph.schema import MODEL
from graph.stores import LadybugStore
from tests.graph.test_dialect_battery import REFUSED
from tests.graph.test_guard import HOSTILE


@pytest.mark.parametrize(
    ("neo4j", "ladybug"),
    [
        ("MATCH (n) RETURN type(r)", "MATCH (n) RETURN label(r)"),
        ("RETURN labels(n)[0]", "RETURN [label(n)][1]"),
        ("MATCH (n) WHERE n:City RETURN n", "MATCH (n) WHERE (label(n) = 'City') RETURN n"),
        ("MATCH (n:City|Country) RETURN n", "MATCH (n:City:Country) RETURN n"),
        ("RETURN substring(s, 6, 4)", "RETURN substring(s, (6) + 1, 4)"),
        ("RETURN l[1..3], l[-2..], l[..-1]", "RETURN l[2..3], l[-2..], l[1..-2]"),
        ("RETURN m['a'], l[$i]", "RETURN m['a'], l[$i]"),
        ("RETURN [x IN l | x.a]", "RETURN list_transform(l, x -> x.a)"),
        ("RETURN n {.a, b: 1, c}", "RETURN {a: n.a, b: 1, c: c}"),
        (
            "MATCH (a)-[:T*1..2]-(b) RETURN b",
            "MATCH (a)-[:T* TRAIL 1..2 ]-(b) RETURN b",
        ),
        (  # written in LadybugDB's own words: as written
            "MATCH p = (a)-[* SHORTEST 1..3]-(b) RETURN p",
            "MATCH p = (a)-[* SHORTEST 1..3]-(b) RETURN p",
        ),
        (
            "MATCH (a)-[:X]->(b), (c)-[:Y]->(d) RETURN a",
            "MATCH (a)-[:X]->(b), (c)-[:Y]->(d) RETURN a",  # different types: never the same
        ),
        (
            "MATCH (n) WHERE n.name = 'labels(n)' RETURN n",
            "MATCH (n) WHERE n.name = 'labels(n)' RETURN n",
        ),
        ("RETURN 1 // type(r)\n", "RETURN 1 // type(r)\n"),
    ],
)
def test_the_translation_rewrites_constructs_not_text(neo4j: str, ladybug: str) -> None:
    assert translate(neo4j, MODEL) == ladybug


@pytest.mark.parametrize(("query", "hint"), REFUSED, ids=[h for _, h in REFUSED])
def test_what_cannot_have_neo4js_meaning_is_refused_with_the_rewrite(
    full_store: LadybugStore, query: str, hint: str
) -> None:
    with pytest.raises(QueryFailed) as caught:
        full_store.query_readonly(query)
    assert hint in str(caught.value), caught.value


@pytest.mark.parametrize(
    ("query", "hint"),
    [
        ("MATCH (c:Contry) RETURN c", "Did you mean Country?"),
        ("MATCH (c:City) RETURN c.nmae", "Did you mean name?"),
        ("RETURN toLowr('A')", "Did you mean toLower"),
        ("MATCH (v:Visit) RETURN v.date.year", "date_part('year', d)"),
    ],
)
def test_engine_errors_say_what_to_write(full_store: LadybugStore, query: str, hint: str) -> None:
    with pytest.raises(QueryFailed) as caught:
        full_store.query_readonly(query)
    assert hint in str(caught.value), caught.value


def test_a_missing_parameter_is_an_error_not_an_empty_answer(full_store: LadybugStore) -> None:
    with pytest.raises(QueryFailed, match=r"\$id but no value"):
        full_store.query_readonly("MATCH (c:City {id: $id}) RETURN c.name")
    # a $ inside a string is text, not a parameter
    assert full_store.query_readonly("RETURN '$id' AS t").rows == [["$id"]]


@pytest.mark.parametrize("query", [q for q in HOSTILE if q.strip()])
def test_the_translation_never_lets_a_hostile_query_run(
    full_store: LadybugStore, query: str
) -> None:
    before = full_store.counts()
    with pytest.raises((QueryRefused, QueryFailed)) as caught:
        full_store.query_readonly(query, {"show_tables": "/etc/passwd"})
    if isinstance(caught.value, QueryFailed):  # the engine's parser, or the translation's word
        assert "Parser exception" in str(caught.value) or "does not run" in str(caught.value)
    assert full_store.counts() == before


def test_the_command_line_answers_neo4js_dialect_and_prints_errors_as_written(
    tmp_path: Path,
) -> None:
    from tests.api.test_cli import run

    db = tmp_path / "graph.lbdb"
    assert run(db, "load-sample", "--no-reference").returncode == 0
    done = run(
        db,
        "--json",
        "cypher",
        "MATCH (c:City {id: $id}) RETURN labels(c)[0] AS l",
        "-p",
        "id=haiphong-vn",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["rows"] == [["City"]]
    failed = run(db, "cypher", "RETURN labels(n) AS l")  # n is named nowhere
    assert failed.returncode == 3, failed.stderr
    assert "[label(n)]" in failed.stderr and "Traceback" not in failed.stderr, failed.stderr
    missing = run(db, "cypher", "MATCH (c:City {id: $id}) RETURN c.name")
    assert missing.returncode == 3 and "--param id=" in missing.stderr, missing.stderr
