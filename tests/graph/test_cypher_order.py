"""Every named query that returns rows gives them in an order it states (issue 12: Neo4j gave
``history kr``'s ties in another order one run in four). A query whose rows only fill a set or
a dict, or that gives one row, may leave the order to the store; a UNION cannot be sorted in
Cypher on both stores (an ORDER BY sorts only its last part, shown below on the embedded store;
Neo4j reads it the same way), so its callers sort wholly in Python."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Iterator

import pytest

from graph import cypher
from graph.schema import MODEL
from graph.stores import LadybugStore

# Rows that fill a set or a dict keyed by what they return, or one row: order is immaterial.
UNORDERED = {
    "node": "one row",
    "node_by_id": "one row (an id names one node whatever its label)",
    "count_nodes": "one row",
    "count_rels": "one row",
    "source_by_id": "one row",
    "fetch_nodes": "a dict by id (the writer)",
    "existing_ids": "a set (the writer)",
    "rel_keys": "a set (the writer)",
    "side_of": "a dict by id (lookup.side) and sets (history)",
    "shared_engagements": "a set per label (history), then engagement_details in id order",
    "located_engagements": "a set per label (history)",
    "SOURCE_META": "one row",
    "REVIEW_ITEM": "one row",
    "SOURCES_META": "a dict by id (graph.briefs.sources)",
    "nodes_by_id": "a dict by id (graph.briefs.context)",
}
# UNIONs whose callers sort the rows on every field that tells them apart.
SORTED_BY_CALLER = {
    "ties_of": "graph.questions.history.history",
    "neighbours_of": "graph.questions.lookup.show (unexplored keys them by id and type)",
}


def _named() -> Iterator[tuple[str, str]]:
    """(name, Cypher in Neo4j's dialect) of every named read, for every label it takes."""
    labels = list(MODEL.labels)
    for name, value in vars(cypher).items():
        if isinstance(value, str):
            if name.isupper() and "RETURN" in value:
                yield name, cypher.render(value, "neo4j")
            continue
        if name.startswith("_") or not inspect.isfunction(value):
            continue
        if value.__module__ != cypher.__name__:
            continue
        params = list(inspect.signature(value).parameters)
        if params[:1] == ["model"]:  # a query that depends on what the schema holds
            value, params = functools.partial(value, MODEL), params[1:]
        try:
            if params == ["label"]:
                made = [value(lab) for lab in labels]
            elif params in (["rel_type"], ["rel_type", "from_label", "to_label"]):
                rel = next(iter(MODEL.rels.values()))
                args = [rel.name, rel.from_labels[0], rel.to_labels[0]][: len(params)]
                made = [value(*args)]
            elif params == []:
                made = [value()]
            elif name == "shared_engagements":
                made = [value("City", [0, 1, 3])]
            elif name == "located_engagements":
                made = [value("City", members=True)]
            elif name == "home_partners":
                made = [value("City", "Country")]
            else:
                continue
        except Exception:  # a label the query does not take
            continue
        for text in made:
            if isinstance(text, str) and "RETURN" in text:
                yield name, cypher.render(text, "neo4j")


NAMED = sorted(set(_named()))


def test_the_named_queries_are_found() -> None:
    names = {n for n, _ in NAMED}
    assert {"ties_of", "neighbours_of", "engagement_details", "all_rels", "HOME_PARTNERS"} <= names
    assert len(names) > 25, names


@pytest.mark.parametrize("name,query", NAMED, ids=[f"{n}-{i}" for i, (n, _) in enumerate(NAMED)])
def test_rows_come_in_a_stated_order(name: str, query: str) -> None:
    if name in UNORDERED:
        return
    if "\nUNION" in query:
        assert name in SORTED_BY_CALLER, f"{name}: a UNION that nobody sorts"
        last = query.rsplit("UNION", 1)[1]
        assert "ORDER BY" not in last, f"{name}: an ORDER BY that sorts only the last part"
        return
    assert "ORDER BY" in query, f"{name} returns rows in the store's order:\n{query}"


def test_the_examples_come_in_a_stated_order() -> None:
    for example in cypher.examples("neo4j"):
        assert "ORDER BY" in example.query, example.name


def test_an_order_by_after_a_union_sorts_only_its_last_part(empty_store: LadybugStore) -> None:
    """Why a UNION's callers sort: the embedded store's own reading (Neo4j's is the same)."""
    rows = empty_store.read(
        "UNWIND [3, 1] AS x RETURN x AS v UNION ALL UNWIND [2, 0] AS x RETURN x AS v ORDER BY v"
    )
    assert [r["v"] for r in rows] != [0, 1, 2, 3], rows


def test_all_rels_orders_by_what_makes_a_relationship_one() -> None:
    query = cypher.all_rels(MODEL, "PARTICIPATED_IN")
    assert query.endswith("ORDER BY a.id, b.id, e.source, e.`role`, e.offset"), query
