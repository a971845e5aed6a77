"""The index of who engaged whom (graph.stores.history_index): its tables and its queries.

It is the store's own, outside the schema: a ``HistoryCard`` per engagement and per standing
tie (its fields, its parties with the roots of each party's side, its sources, as JSON), a
``HistoryPair`` per pair of ids that a history can ask (``"home|partner"``), and a ``LISTS``
link from a pair to each card of that pair's history; each pair keeps its partner's label and
its answer ready-made (the entries and ties its cards make, compressed JSON; only for a pair of
:data:`graph.questions.history_answer.READY_MIN` to ``READY_MAX`` cards). The pair ``"home|"`` keeps
the latest dates the home side's engagements reach. A history is then one primary-key read of
the pair and one of the partner's names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.cypher.names import ident

if TYPE_CHECKING:
    from graph.schema import Model

__all__ = [
    "INDEX_VERSION",
    "META",
    "attached_up",
    "engagements_of",
    "ids_of",
    "index_ddl",
    "index_neo4j_schema",
    "located_of",
    "positions_up",
    "ties_around",
]

INDEX_VERSION = "2"
"""Raised when what a card holds or which pairs list it changes: an open rebuilds the index."""

META = "#meta"
"""The pair node that holds the index's version and the write counter, not a pair."""

TABLES = ("HistoryCard", "HistoryPair", "LISTS")


def index_ddl() -> list[str]:
    """LadybugDB tables of the index, safe to run again."""
    return [
        "CREATE NODE TABLE IF NOT EXISTS `HistoryCard`(`id` STRING, `card` STRING, "
        "PRIMARY KEY(`id`))",
        "CREATE NODE TABLE IF NOT EXISTS `HistoryPair`(`id` STRING, `reach` STRING, "
        "`writes` INT64, `uid` STRING, `label` STRING, `answer` BLOB, PRIMARY KEY(`id`))",
        "CREATE REL TABLE IF NOT EXISTS `LISTS`(FROM `HistoryPair` TO `HistoryCard`)",
    ]


def index_neo4j_schema() -> list[str]:
    """Neo4j 5 constraints of the index, safe to run again."""
    return [
        "CREATE CONSTRAINT historycard_id IF NOT EXISTS FOR (n:HistoryCard) REQUIRE n.id IS UNIQUE",
        "CREATE CONSTRAINT historypair_id IF NOT EXISTS FOR (n:HistoryPair) REQUIRE n.id IS UNIQUE",
    ]


# -- what a card is made of, read in the write's transaction ----------------------------------
_ATTACHED = "LOCATED_IN|PART_OF"


def attached_up(label: str | None) -> str:
    """The places and bodies ``$ids`` (of ``label``; None: every such link in the graph) are
    located in or part of, one level up."""
    if label is None:
        return f"MATCH (x)-[:{_ATTACHED}]->(y) RETURN x.id AS x, y.id AS y, «label y» AS label"
    return (
        f"UNWIND $ids AS i MATCH (x:{ident(label)} {{id: i}})-[:{_ATTACHED}]->(y) "
        "RETURN x.id AS x, y.id AS y, «label y» AS label"
    )


def positions_up(label: str | None) -> str:
    """Where ``$ids`` hold positions (None: every position in the graph)."""
    if label is None:
        return "MATCH (x)-[:HOLDS_POSITION]->(y) RETURN x.id AS x, y.id AS y, «label y» AS label"
    return (
        f"UNWIND $ids AS i MATCH (x:{ident(label)} {{id: i}})-[:HOLDS_POSITION]->(y) "
        "RETURN x.id AS x, y.id AS y, «label y» AS label"
    )


def engagements_of(label: str) -> str:
    """The engagements ``$ids`` (of ``label``) take part in, or take place in."""
    return (
        f"UNWIND $ids AS i MATCH (x:{ident(label)} {{id: i}})-[:PARTICIPATED_IN]->(e) "
        "RETURN e.id AS id, «label e» AS label"
        "\nUNION\n"
        f"UNWIND $ids AS i MATCH (x:{ident(label)} {{id: i}})<-[:LOCATED_IN]-(e) "
        "RETURN e.id AS id, «label e» AS label"
    )


def located_of(label: str) -> str:
    """Where the engagements ``$ids`` of ``label`` take place."""
    return (
        f"UNWIND $ids AS i MATCH (e:{ident(label)} {{id: i}})-[:LOCATED_IN]->(y) "
        "RETURN e.id AS e, y.id AS y, «label y» AS label"
    )


def ids_of(label: str) -> str:
    """The ids of every ``label`` node, in order (a whole index is built a piece at a time)."""
    return f"MATCH (e:{ident(label)}) RETURN e.id AS id ORDER BY id"


TIE_TYPES = ("INVESTS_IN", "MEMBER_OF", "TWINNED_WITH", "WORKS_WITH")
_TIE_DETAILS = ("amount", "unit", "period", "rank", "since")


def ties_around(model: Model, rel_type: str, label: str | None, *, incoming: bool = False) -> str:
    """The standing ties of one type (investment, membership, twinning, working relations)
    from ``$ids`` of ``label`` (``incoming``: to them; None: every tie of the type), as
    :func:`graph.cypher.ties_of` gives them. One type and one way per read: LadybugDB 0.22
    gave a property that a type lacks as 1970-01-01 when the pattern named several types and
    was anchored on some labels, and a ``UNION`` of the two ways did the same."""
    has = model.rel(rel_type).properties
    details = ", ".join(f"r.{p} AS {p}" if p in has else f"NULL AS {p}" for p in _TIE_DETAILS)
    columns = (
        "a.id AS from_id, a.name AS from_name, «label a» AS from_label, b.id AS to_id, "
        f"b.name AS to_name, «label b» AS to_label, '{rel_type}' AS type, r.source AS source, "
        f"r.evidence AS evidence, {details}"
    )
    if label is None:
        return f"MATCH (a)-[r:{ident(rel_type)}]->(b) RETURN {columns}"
    pattern = f"(x:{ident(label)} {{id: i}})"
    a, b = (
        ("(a)", pattern.replace("(x:", "(b:"))
        if incoming
        else (pattern.replace("(x:", "(a:"), "(b)")
    )
    return f"UNWIND $ids AS i MATCH {a}-[r:{ident(rel_type)}]->{b} RETURN {columns}"


def coded_actors(label: str) -> str:
    """The ids of ``label`` nodes that carry one of the country codes ``$codes``."""
    return f"MATCH (x:{ident(label)}) WHERE x.country_code IN $codes RETURN x.id AS id ORDER BY id"


# -- the index's own reads and writes --------------------------------------------------------
CARDS_OF_PAIR = "MATCH (p:HistoryPair {id: $key})-[:LISTS]->(c:HistoryCard) RETURN c.card AS card"
"""The cards a pair lists (one anchored read; an ``UNWIND`` of keys before it planned a scan:
90 ms against 0.2 ms on the sample)."""

REACH = "MATCH (p:HistoryPair {id: $key}) RETURN p.reach AS reach"

READY = (
    "OPTIONAL MATCH (p:HistoryPair {id: $key}) OPTIONAL MATCH (h:HistoryPair {id: $reach}) "
    "RETURN p.label AS label, p.answer AS answer, h.reach AS reach"
)
"""A pair's partner label and ready-made answer, and the home's reach: primary-key reads."""


def names_of(label: str) -> str:
    """The names of the node ``$id`` of ``label`` (what :func:`graph.cypher.node_by_id` gives,
    for one label)."""
    return f"MATCH (n:{ident(label)} {{id: $id}}) RETURN n.name AS name, n.name_vi AS name_vi"


CARDS_AND_REACH = (
    "OPTIONAL MATCH (h:HistoryPair {id: $reach}) "
    "OPTIONAL MATCH (p:HistoryPair {id: $key})-[:LISTS]->(c:HistoryCard) "
    "RETURN h.reach AS reach, c.card AS card"
)
"""The pair's cards and the home's reach in one read (each row carries the reach; one row
with no card when the pair lists nothing)."""


ENGAGEMENTS_CITING = (
    "MATCH (e)-[:SOURCED_FROM]->(s:Source {id: $id}) RETURN e.id AS id, «label e» AS label"
)

PAIR_NODES = "UNWIND $ids AS i MATCH (p:HistoryPair {id: i}) RETURN p.id AS id, p.reach AS reach"

CARDS = "UNWIND $ids AS i MATCH (c:HistoryCard {id: i}) RETURN c.id AS id, c.card AS card"

UNLIST = "UNWIND $ids AS i MATCH (:HistoryPair)-[l:LISTS]->(c:HistoryCard {id: i}) DELETE l"

PUT_CARDS = "UNWIND $rows AS r MERGE (c:HistoryCard {id: r.id}) SET c.card = r.card"

PUT_PAIRS = "UNWIND $rows AS r MERGE (p:HistoryPair {id: r.id}) SET p.reach = r.reach"

NEW_PAIRS = "UNWIND $rows AS r MERGE (p:HistoryPair {id: r.id}) SET p.label = r.label"

PAIR_SIZE = "MATCH (p:HistoryPair {id: $key})-[:LISTS]->(c:HistoryCard) RETURN count(c) AS n"
"""How many cards a pair lists (one anchored read per pair, as :data:`CARDS_OF_PAIR`)."""

PAIRS_OF_CARDS = (
    "UNWIND $ids AS i MATCH (p:HistoryPair)-[:LISTS]->(c:HistoryCard {id: i}) "
    "RETURN DISTINCT p.id AS id"
)

PUT_ANSWERS = "UNWIND $rows AS r MATCH (p:HistoryPair {id: r.id}) SET p.answer = r.answer"

CLEAR_ANSWERS = "UNWIND $ids AS i MATCH (p:HistoryPair {id: i}) SET p.answer = NULL"

LIST = (
    "UNWIND $rows AS r MATCH (p:HistoryPair {id: r.pair}) WITH p, r "
    "MATCH (c:HistoryCard {id: r.card}) CREATE (p)-[:LISTS]->(c)"
)

META_READ = (
    f"MATCH (p:HistoryPair {{id: '{META}'}}) "
    "RETURN p.reach AS version, p.writes AS writes, p.uid AS uid"
)

META_WRITE = (
    f"MERGE (p:HistoryPair {{id: '{META}'}}) "
    "SET p.reach = $version, p.writes = coalesce(p.writes, 0) + 1"
)

META_SET = (
    f"MERGE (p:HistoryPair {{id: '{META}'}}) "
    "SET p.reach = $version, p.writes = $writes, p.uid = $uid"
)

CLEAR = [
    "MATCH (:HistoryPair)-[l:LISTS]->(:HistoryCard) DELETE l",
    "MATCH (c:HistoryCard) DELETE c",
    "MATCH (p:HistoryPair) DELETE p",
]
