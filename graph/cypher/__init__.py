"""All of partnergraph's own Cypher, in one package. Values always travel as parameters.

Identifiers (labels, relationship types, property names) are the only things put into query
text, and only after :func:`ident` has checked that they are schema names. A query that depends
on what the schema holds (a label's properties, the engagement labels) takes the model it is
for (``store.model``) as its first argument. This module holds the named queries (writes,
questions, Neo4j writes); beside it:

- :mod:`graph.cypher.names`: :func:`ident`, the check;
- :mod:`graph.cypher.dialects`: where LadybugDB and Neo4j 5 differ (:func:`render`);
- :mod:`graph.cypher.ddl`: the schema as each store's DDL (:func:`ddl`, :func:`neo4j_schema`);
- :mod:`graph.cypher.examples`: the researchers' example queries (:func:`examples`).

``from graph import cypher`` reaches all of them, as before the split.
"""

from __future__ import annotations

from graph.cypher.ddl import ddl, neo4j_schema
from graph.cypher.dialects import DIALECTS, render
from graph.cypher.examples import EXAMPLES, Example, examples
from graph.cypher.names import ident
from graph.schema import Model

__all__ = [
    "DIALECTS",
    "EXAMPLES",
    "Example",
    "create_rels",
    "ddl",
    "examples",
    "fetch_nodes",
    "ident",
    "neo4j_schema",
    "rel_keys",
    "render",
    "upsert_nodes",
]


# -- writes ---------------------------------------------------------------------------------
def fetch_nodes(label: str) -> str:
    """Existing nodes of one label among ``$ids``, to merge with before writing."""
    return f"UNWIND $ids AS i MATCH (n:{ident(label)} {{id: i}}) RETURN n"


def existing_ids(label: str) -> str:
    """Which of ``$ids`` exist with this label (primary-key look-ups, not a scan)."""
    return f"UNWIND $ids AS i MATCH (n:{ident(label)} {{id: i}}) RETURN n.id"


def _cast(prop: str, ptype: str) -> str:
    # Typed even when every row's value is null, so a column never gets a guessed type.
    value = f"r.{ident(prop)}"
    return value if ptype == "STRING" else f"CAST({value} AS {ptype})"


def upsert_nodes(model: Model, label: str) -> str:
    """``$rows``: maps with every property of ``label`` (merged values, see the store)."""
    props = model.label(label).properties
    sets = ", ".join(f"n.{ident(p)} = {_cast(p, t.type)}" for p, t in props.items() if p != "id")
    return f"UNWIND $rows AS r MERGE (n:{ident(label)} {{id: r.id}}) SET {sets}"


def create_rels(model: Model, rel_type: str, from_label: str, to_label: str) -> str:
    """``$rows``: maps with ``from``, ``to`` and every property; the caller has checked that
    none of them exists yet (see :func:`rel_keys`)."""
    rel = model.rel(rel_type)
    props = ", ".join(f"{ident(p)}: {_cast(p, t.type)}" for p, t in rel.properties.items())
    # Two MATCHes joined by WITH: LadybugDB plans a comma-joined pair as a scan per row
    # (40 times slower on 25,000 rows).
    return (
        f"UNWIND $rows AS r MATCH (a:{ident(from_label)} {{id: r.from}}) WITH a, r "
        f"MATCH (b:{ident(to_label)} {{id: r.to}}) CREATE (a)-[:{ident(rel_type)} {{{props}}}]->(b)"
    )


def rel_keys(model: Model, rel_type: str, from_label: str, to_label: str) -> str:
    """Keys (from, to, source, and the type's key) of the relationships ``$sources`` stated."""
    rel = model.rel(rel_type)
    keys = "".join(f", e.{ident(k)}" for k in rel.key)
    return (
        f"MATCH (a:{ident(from_label)})-[e:{ident(rel_type)}]->(b:{ident(to_label)}) "
        f"WHERE e.source IN $sources RETURN a.id, b.id, e.source{keys}"
    )


def count_nodes(label: str) -> str:
    return f"MATCH (n:{ident(label)}) RETURN count(n)"


def count_rels(rel_type: str) -> str:
    return f"MATCH ()-[e:{ident(rel_type)}]->() RETURN count(e)"


def all_nodes(model: Model, label: str) -> str:
    """Every node of a label, a column per property, in id order (so that views built from it
    are the same each time)."""
    cols = ", ".join(f"n.{ident(p)} AS {ident(p)}" for p in model.label(label).properties)
    return f"MATCH (n:{ident(label)}) RETURN {cols} ORDER BY n.id"


REL_ENDS = ("_from", "_to", "_from_label", "_to_label")


def all_rels(model: Model, rel_type: str) -> str:
    """Every relationship of a type, its endpoints (columns :data:`REL_ENDS`) and a column per
    property, in a stable order (the store scans in parallel)."""
    rel = model.rel(rel_type)
    cols = "".join(f", e.{ident(p)} AS {ident(p)}" for p in rel.properties)
    # What makes a relationship one (its ends, its source, its type's key) orders it wholly.
    keys = "".join(f", e.{ident(k)}" for k in rel.key)
    return (
        f"MATCH (a)-[e:{ident(rel_type)}]->(b) RETURN a.id AS _from, b.id AS _to, "
        f"«label a» AS _from_label, «label b» AS _to_label{cols} "
        f"ORDER BY a.id, b.id, e.source{keys}, e.offset"
    )


def names_of_label(model: Model, label: str) -> str:
    """Every name a node of this label goes by, for search and entity resolution."""
    country = "n.country_code" if "country_code" in model.label(label).properties else "NULL"
    return (
        f"MATCH (n:{ident(label)}) RETURN n.id AS id, n.name AS name, n.name_vi AS name_vi, "
        f"n.aliases AS aliases, {country} AS country_code ORDER BY id"
    )


def source_by_id() -> str:
    return "MATCH (s:Source {id: $id}) RETURN s.id AS id, s.sha256 AS sha256, s.file AS file"


# -- questions ------------------------------------------------------------------------------


HOME_PARTNERS = """
MATCH (h)-[:PARTICIPATED_IN]->(e)<-[:PARTICIPATED_IN]-(p)
WHERE h.id IN $home AND NOT p.id IN $home AND «label p» <> 'Person'
  AND NOT coalesce(e.status, '') IN $not_contact
RETURN DISTINCT p.id AS id, p.name AS name, «label p» AS label, e.id AS engagement,
       e.date AS date, e.date_precision AS precision
ORDER BY id, engagement
"""

AGREEMENTS_OF_HOME = """
MATCH (h)-[:PARTICIPATED_IN]->(a:Agreement)
WHERE h.id IN $home
OPTIONAL MATCH (p)-[:PARTICIPATED_IN]->(a) WHERE NOT p.id IN $home
RETURN a.id AS id, a.name AS name, a.kind AS kind, a.status AS status, a.date AS date,
       a.date_precision AS precision, collect(DISTINCT p.id) AS partners
ORDER BY id
"""

HOME_ENGAGEMENT_DATES = """
MATCH (h)-[:PARTICIPATED_IN]->(e)
WHERE h.id IN $home AND e.date IS NOT NULL
  AND NOT coalesce(e.status, '') IN $not_contact
RETURN DISTINCT e.id AS id, e.date AS date, e.date_precision AS precision
ORDER BY id
"""


def home_reach(label: str) -> str:
    """The latest date of ``$id``'s dated engagements that were contact, per date precision
    (at most one row each): anchored on the id, aggregated in the store. Asking the rows of
    :data:`HOME_ENGAGEMENT_DATES` with an unlabelled ``h.id IN $home`` scanned every table and
    returned every engagement of the home (0.67 s for 25,000 at a million relationships,
    against 13 ms this way)."""
    return (
        f"MATCH (h:{ident(label)} {{id: $id}})-[:PARTICIPATED_IN]->(e) "
        "WHERE e.date IS NOT NULL AND NOT coalesce(e.status, '') IN $not_contact "
        "RETURN e.date_precision AS precision, max(e.date) AS date ORDER BY precision"
    )


REVIEW_LIST = """
MATCH (r:ReviewItem) WHERE $status = '' OR r.status = $status
RETURN r.id AS id, r.status AS status, r.kind AS kind, r.label AS label, r.text AS text,
       r.candidates AS candidates, r.source AS source, r.evidence AS evidence,
       r.proposal AS proposal, r.decided_at AS decided_at, r.decision AS decision
ORDER BY r.created_at, r.id
"""

REVIEW_ITEM = """
MATCH (r:ReviewItem {id: $id})
RETURN r.id AS id, r.status AS status, r.kind AS kind, r.label AS label, r.text AS text,
       r.candidates AS candidates, r.source AS source, r.evidence AS evidence,
       r.proposal AS proposal, r.decided_at AS decided_at, r.decision AS decision
"""

REVIEW_SET_STATUS = "MATCH (r:ReviewItem {id: $id}) SET r.status = $status"

REVIEW_DECIDE = """
MATCH (r:ReviewItem {id: $id})
SET r.status = $status, r.decided_at = $decided_at, r.decision = $decision
"""


# -- history, anchored on labelled primary-key look-ups ---------------------------------------
# LadybugDB scans every table for `MATCH (n) WHERE n.id = ...`; `(n:Label {id: ...})` uses the
# primary-key index. So every question starts from labelled look-ups.
_ATTACHED = "LOCATED_IN|PART_OF"
# Ways something belongs to an entity: itself, its places and bodies (two levels), its people.
_MEMBER_PATHS = [
    "",
    f"<-[:{_ATTACHED}]-(x)",
    f"<-[:{_ATTACHED}]-()<-[:{_ATTACHED}]-(x)",
    "<-[:HOLDS_POSITION]-(x)",
    f"<-[:{_ATTACHED}]-()<-[:HOLDS_POSITION]-(x)",
    f"<-[:{_ATTACHED}]-()<-[:{_ATTACHED}]-()<-[:HOLDS_POSITION]-(x)",
]


def node_by_id(model: Model) -> str:
    """Label and names of the node ``$id``, whatever its label: a primary-key look-up per
    label (internal labels left out)."""
    return "\nUNION ALL\n".join(
        f"MATCH (n:{ident(label)} {{id: $id}}) "
        f"RETURN n.id AS id, '{label}' AS label, n.name AS name, n.name_vi AS name_vi"
        for label in model.domain_labels
    )


def node(label: str) -> str:
    return f"MATCH (n:{ident(label)} {{id: $id}}) RETURN n AS n"


def side_of(model: Model, label: str) -> str:
    """What belongs to ``$id``, with labels and the index of the path in _MEMBER_PATHS it was
    reached by (-1: something of a country that carries its code ``$cc``: the schema's
    ``by_code`` labels)."""
    parts = [
        f"MATCH (p:{ident(label)} {{id: $id}}){path} "
        f"RETURN x.id AS id, «label x» AS label, {i} AS path"
        for i, path in enumerate(_MEMBER_PATHS)
        if path
    ]
    if label == "Country":
        parts += [
            f"MATCH (x:{ident(other)}) WHERE x.country_code = $cc "
            "RETURN x.id AS id, «label x» AS label, -1 AS path"
            for other in model.coded_labels
        ]
    return "\nUNION\n".join(parts)


def shared_engagements(label: str, paths: list[int]) -> str:
    """Engagements in which something of ``$id``'s side, reached by one of ``paths``, and
    something of ``$home`` (ids) take part. Only the paths the side populates are asked: each
    multi-hop branch costs several milliseconds in LadybugDB even when it finds nothing."""
    parts = []
    for i in paths:
        path = _MEMBER_PATHS[i]
        who = "x" if path else "p"
        parts.append(
            f"MATCH (p:{ident(label)} {{id: $id}}){path}-[:PARTICIPATED_IN]->(e)"
            f"<-[:PARTICIPATED_IN]-(h) WHERE h.id IN $home AND {who}.id <> h.id "
            "RETURN e.id AS id, «label e» AS label"
        )
    return "\nUNION\n".join(parts)


def coded_engagements(label: str) -> str:
    """Engagements of the ``$ids`` nodes of one label (companies and bodies found by their
    country code) that ``$home`` takes part in."""
    return (
        f"MATCH (x:{ident(label)})-[:PARTICIPATED_IN]->(e)<-[:PARTICIPATED_IN]-(h) "
        "WHERE x.id IN $ids AND h.id IN $home RETURN DISTINCT e.id AS id, «label e» AS label "
        "ORDER BY id"
    )


def located_engagements(model: Model, label: str, *, members: bool) -> str:
    """Engagements that take place in ``$id`` (and, ``members``, in its places). Labelled
    per engagement type: a ``label(e) = ...`` filter made LadybugDB read every neighbour."""
    where = model.rel("LOCATED_IN")
    located = [lab for lab in model.engagement_labels if where.allows(lab, label)]
    via = ["", f"<-[:{_ATTACHED}]-()"] if members else [""]
    return (
        "\nUNION\n".join(
            f"MATCH (p:{ident(label)} {{id: $id}}){path}<-[:LOCATED_IN]-(e:{ident(lab)}) "
            f"RETURN e.id AS id, '{lab}' AS label"
            for path in via
            for lab in located
        )
        or f"MATCH (p:{ident(label)} {{id: $id}}) WHERE false RETURN p.id AS id, '' AS label"
    )


def engagement_details(label: str) -> str:
    """``$ids`` engagements of one label with their parties and their sources (anchored
    OPTIONAL MATCHes: a join over SOURCED_FROM from the other side cost five times more)."""
    return (
        f"UNWIND $ids AS i MATCH (e:{ident(label)} {{id: i}}) "
        "OPTIONAL MATCH (e)<-[r:PARTICIPATED_IN]-(a) "
        "OPTIONAL MATCH (e)-[s:SOURCED_FROM]->(src) "
        "RETURN e AS e, collect(DISTINCT {id: a.id, name: a.name, name_vi: a.name_vi, "
        "label: «label a», role: r.role}) AS parties, collect(DISTINCT {id: src.id, "
        "title: src.name, url: src.url, file: src.file, evidence: s.evidence, "
        "offset: s.offset}) AS sources ORDER BY e.id"
    )


def sectors_of(label: str) -> str:
    """The sectors an engagement, body or company ``$id`` concerns."""
    return (
        f"MATCH (n:{ident(label)} {{id: $id}})-[:CONCERNS]->(s:Sector) "
        "RETURN s.id AS id ORDER BY id"
    )


def sectors_named_of(label: str) -> str:
    """The sectors ``$id`` concerns, with their names."""
    return (
        f"MATCH (n:{ident(label)} {{id: $id}})-[:CONCERNS]->(s:Sector) "
        "RETURN DISTINCT s.id AS id, s.name AS name, s.name_vi AS name_vi ORDER BY id"
    )


SOURCE_META = """
MATCH (s:Source {id: $id})
RETURN s.id AS id, s.name AS title, s.publisher AS publisher, s.url AS url, s.file AS file,
       s.published AS published, s.kind AS kind, s.language AS language,
       s.ingested_at AS ingested_at
"""

SOURCES_META = """
MATCH (s:Source) WHERE s.id IN $ids
RETURN s.id AS id, s.name AS title, s.publisher AS publisher, s.url AS url, s.file AS file,
       s.published AS published, s.kind AS kind, s.language AS language,
       s.ingested_at AS ingested_at
"""


def sectors_named_of_each(label: str) -> str:
    """The sectors each of ``$ids`` concerns, with their names (one read for a brief's
    engagements of a label)."""
    return (
        f"MATCH (n:{ident(label)})-[:CONCERNS]->(s:Sector) WHERE n.id IN $ids "
        "RETURN DISTINCT n.id AS node, s.id AS id, s.name AS name, s.name_vi AS name_vi "
        "ORDER BY node, id"
    )


def nodes_by_id(label: str) -> str:
    return f"MATCH (n:{ident(label)}) WHERE n.id IN $ids RETURN n.id AS id, n AS n"


def indicators_of(label: str) -> str:
    """The figures that measure ``$id``, each with its source and wording."""
    return (
        f"MATCH (i:Indicator)-[m:MEASURES]->(x:{ident(label)} {{id: $id}}) "
        "RETURN i.id AS id, i.name AS name, i.name_vi AS name_vi, i.metric AS metric, "
        "i.value AS value, i.unit AS unit, i.approximate AS approximate, i.period AS period, "
        "m.source AS source, m.evidence AS evidence ORDER BY id, source"
    )


def sources_of_node(label: str) -> str:
    """Where the node ``$id`` comes from. (The one-id form: 20x faster than UNWIND of one.)"""
    return (
        f"MATCH (n:{ident(label)} {{id: $id}})-[s:SOURCED_FROM]->(src:Source) "
        "RETURN n.id AS node, src.id AS source, src.name AS title, src.url AS url, "
        "src.file AS file, s.evidence AS evidence, s.offset AS offset, s.wording AS wording "
        "ORDER BY source, offset"
    )


# Up to this many ids of a label are looked up one by one (each an index look-up); more are
# found by one scan of the label, which LadybugDB makes of ``n.id IN $ids`` (cheaper from about
# 16 ids on the sample's 17,000 cities).
ANCHORED_IDS = 8


def sources_of_nodes(ids: dict[str, list[str]]) -> tuple[str, dict[str, object]]:
    """Where each node comes from, for nodes of several labels (label -> ids) in one read: the
    query and its parameters. A UNION: the rows come in the store's order, so the caller sorts
    them (a source that states a node twice gives two rows)."""
    parts: list[str] = []
    params: dict[str, object] = {}
    for label, of_label in sorted(ids.items()):
        name = ident(label)  # refuses a name no schema could declare
        # the label is the rows' own column: one id could name nodes of two labels
        columns = f"RETURN '{label}' AS label, n.id AS node, src.id AS source"
        if len(of_label) > ANCHORED_IDS:
            key = f"ids{len(params)}"
            params[key] = list(of_label)
            parts.append(
                f"MATCH (n:{name})-[s:SOURCED_FROM]->(src:Source) WHERE n.id IN ${key} {columns}"
            )
            continue
        for node_id in of_label:
            key = f"id{len(params)}"
            params[key] = node_id
            parts.append(
                f"MATCH (n:{name} {{id: ${key}}})-[s:SOURCED_FROM]->(src:Source) {columns}"
            )
    return " UNION ALL ".join(parts), params


def ties_of(label: str) -> str:
    """Standing ties (investment, membership, twinning, working relations) of ``$id``. A
    UNION: its rows come in the store's order (an ORDER BY would sort only the last part, on
    both stores), so the caller sorts them (:func:`graph.questions.history.history`)."""
    kinds = "INVESTS_IN|MEMBER_OF|TWINNED_WITH|WORKS_WITH"
    columns = (
        "«type r» AS type, r.source AS source, r.evidence AS evidence, r.amount AS amount, "
        "r.unit AS unit, r.period AS period, r.rank AS rank, r.since AS since"
    )
    return (
        f"MATCH (h:{ident(label)} {{id: $id}})-[r:{kinds}]->(x) "
        f"RETURN h.id AS from_id, h.name AS from_name, x.id AS to_id, x.name AS to_name, {columns}"
        "\nUNION ALL\n"
        f"MATCH (h:{ident(label)} {{id: $id}})<-[r:{kinds}]-(x) "
        f"RETURN x.id AS from_id, x.name AS from_name, h.id AS to_id, h.name AS to_name, {columns}"
    )


def neighbours_of(label: str) -> str:
    """What ``$id`` is linked to, both ways. A UNION, in the store's order: callers sort."""
    return (
        f"MATCH (n:{ident(label)} {{id: $id}})-[r]->(m) WHERE «type r» <> 'SOURCED_FROM' "
        "RETURN «type r» AS type, m.id AS id, m.name AS name, m.name_vi AS name_vi, "
        "«label m» AS label, 'out' AS direction, r.role AS role, r.source AS source\nUNION ALL\n"
        f"MATCH (n:{ident(label)} {{id: $id}})<-[r]-(m) WHERE «type r» <> 'SOURCED_FROM' "
        "RETURN «type r» AS type, m.id AS id, m.name AS name, m.name_vi AS name_vi, "
        "«label m» AS label, 'in' AS direction, r.role AS role, r.source AS source"
    )


# -- opportunities about a partner (graph.questions.unexplored.opportunities) ------------------
def actors_in_country(model: Model, label: str) -> str:
    """The cities, companies or bodies that carry the country code ``$cc``."""
    return f"MATCH (c:{ident(label)}) WHERE c.country_code = $cc " + _actor_columns(model, label)


def actors_by_id(model: Model, label: str) -> str:
    return f"MATCH (c:{ident(label)}) WHERE c.id IN $ids " + _actor_columns(model, label)


def _actor_columns(model: Model, label: str) -> str:
    population = "c.population" if "population" in model.label(label).properties else "NULL"
    return (
        f"RETURN c.id AS id, '{label}' AS label, c.name AS name, c.name_vi AS name_vi, "
        f"c.country_code AS country_code, {population} AS population ORDER BY id"
    )


def engaged_with_home(label: str) -> str:
    """Which of the ``$ids`` nodes of one label share an engagement with ``$home`` (ids)."""
    return (
        f"MATCH (c:{ident(label)})-[:PARTICIPATED_IN]->(e)<-[:PARTICIPATED_IN]-(h) "
        "WHERE c.id IN $ids AND h.id IN $home RETURN DISTINCT c.id AS id ORDER BY id"
    )


CITY_TWINS = """
MATCH (c:City)-[:TWINNED_WITH]-(t:City) WHERE c.id IN $ids
RETURN DISTINCT c.id AS id, t.id AS twin, t.name AS name, t.name_vi AS name_vi,
       t.country_code AS country_code
ORDER BY id, twin
"""


def memberships_of(label: str) -> str:
    return (
        f"MATCH (c:{ident(label)})-[:MEMBER_OF]->(o:Organisation) WHERE c.id IN $ids "
        "RETURN DISTINCT c.id AS id, o.id AS via ORDER BY id, via"
    )


def concerns_of(label: str) -> str:
    return (
        f"MATCH (c:{ident(label)})-[:CONCERNS]->(s:Sector) WHERE c.id IN $ids "
        "RETURN DISTINCT c.id AS id, s.id AS via ORDER BY id, via"
    )


def home_partners(home_label: str, label: str) -> str:
    """The cities or countries that share an engagement with the home node ``$id``."""
    return (
        f"MATCH (h:{ident(home_label)} {{id: $id}})-[:PARTICIPATED_IN]->(e)"
        f"<-[:PARTICIPATED_IN]-(c:{ident(label)}) WHERE c.id <> h.id "
        "RETURN DISTINCT c.id AS id, c.name AS name, c.name_vi AS name_vi, "
        + ("c.country_code" if label == "City" else "upper(c.id)")
        + " AS country_code ORDER BY id"
    )


# -- Neo4j 5 writes -------------------------------------------------------------------------


def neo4j_merge_nodes(label: str) -> str:
    """Upsert ``$rows`` (maps with ``id`` and properties) of one label (Neo4j's writes and the
    Cypher script). ``properties(row)``, not ``row``: Neo4j 5 cannot tell that a row from a
    parameter is a map, and warns that setting properties from a node is deprecated."""
    return f"UNWIND $rows AS row MERGE (n:{ident(label)} {{id: row.id}}) SET n += properties(row)"


def neo4j_merge_rels(rel_type: str, from_label: str, to_label: str) -> str:
    """Upsert ``$rows`` ({from, to, key, props}) of one type; ``key`` makes it idempotent."""
    return (
        f"UNWIND $rows AS row MATCH (a:{ident(from_label)} {{id: row.from}}) "
        f"MATCH (b:{ident(to_label)} {{id: row.to}}) "
        f"MERGE (a)-[e:{ident(rel_type)} {{key: row.key}}]->(b) "
        "SET e += properties(row.props)"
    )
