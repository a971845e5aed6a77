"""All of partnergraph's own Cypher, as named queries. Values always travel as parameters.

Identifiers (labels, relationship types, property names) are the only things put into query
text, and only after :func:`ident` has checked them against the schema.

Examples
--------
>>> ident("City")
'`City`'
>>> ident("City) DETACH DELETE (n")
Traceback (most recent call last):
...
graph.errors.ValidationError: 'City) DETACH DELETE (n' is not a label, ... in the schema
"""

from __future__ import annotations

from graph.errors import ValidationError
from graph.schema import MODEL, Model

__all__ = [
    "create_rels",
    "ddl",
    "fetch_nodes",
    "ident",
    "rel_keys",
    "upsert_nodes",
]


def _known_identifiers(model: Model) -> set[str]:
    names: set[str] = set(model.labels) | set(model.rels)
    for lab in model.labels.values():
        names |= set(lab.properties)
    for rel in model.rels.values():
        names |= set(rel.properties)
    return names


_KNOWN = _known_identifiers(MODEL)


def ident(name: str) -> str:
    """Backtick-quote a schema identifier, refusing anything the schema does not declare."""
    if name not in _KNOWN:
        raise ValidationError(
            f"{name!r} is not a label, relationship type or property in the schema"
        )
    return f"`{name}`"


# -- DDL ------------------------------------------------------------------------------------
def ddl(model: Model = MODEL) -> list[str]:
    """LadybugDB DDL for every label and relationship type, safe to run again."""
    out: list[str] = []
    for lab in model.labels.values():
        cols = ", ".join(f"{ident(p)} {prop.type}" for p, prop in lab.properties.items())
        out.append(f"CREATE NODE TABLE IF NOT EXISTS {ident(lab.name)}({cols}, PRIMARY KEY(`id`))")
    for rel in model.rels.values():
        pairs = ", ".join(
            f"FROM {ident(a)} TO {ident(b)}" for a in rel.from_labels for b in rel.to_labels
        )
        cols = "".join(f", {ident(p)} {prop.type}" for p, prop in rel.properties.items())
        out.append(f"CREATE REL TABLE IF NOT EXISTS {ident(rel.name)}({pairs}{cols})")
    return out


# -- writes ---------------------------------------------------------------------------------
def fetch_nodes(label: str) -> str:
    """Existing nodes of one label among ``$ids``, to merge with before writing."""
    return f"MATCH (n:{ident(label)}) WHERE n.id IN $ids RETURN n"


def _cast(prop: str, ptype: str) -> str:
    # Typed even when every row's value is null, so a column never gets a guessed type.
    value = f"r.{ident(prop)}"
    return value if ptype == "STRING" else f"CAST({value} AS {ptype})"


def upsert_nodes(label: str) -> str:
    """``$rows``: maps with every property of ``label`` (merged values, see the store)."""
    props = MODEL.label(label).properties
    sets = ", ".join(f"n.{ident(p)} = {_cast(p, t.type)}" for p, t in props.items() if p != "id")
    return f"UNWIND $rows AS r MERGE (n:{ident(label)} {{id: r.id}}) SET {sets}"


def create_rels(rel_type: str, from_label: str, to_label: str) -> str:
    """``$rows``: maps with ``from``, ``to`` and every property; the caller has checked that
    none of them exists yet (see :func:`rel_keys`)."""
    rel = MODEL.rel(rel_type)
    props = ", ".join(f"{ident(p)}: {_cast(p, t.type)}" for p, t in rel.properties.items())
    # Two MATCHes joined by WITH: LadybugDB plans a comma-joined pair as a scan per row
    # (40 times slower on 25,000 rows).
    return (
        f"UNWIND $rows AS r MATCH (a:{ident(from_label)} {{id: r.from}}) WITH a, r "
        f"MATCH (b:{ident(to_label)} {{id: r.to}}) CREATE (a)-[:{ident(rel_type)} {{{props}}}]->(b)"
    )


def rel_keys(rel_type: str, from_label: str, to_label: str) -> str:
    """Keys (from, to, source, and the type's key) of the relationships ``$sources`` stated."""
    rel = MODEL.rel(rel_type)
    keys = "".join(f", e.{ident(k)}" for k in rel.key)
    return (
        f"MATCH (a:{ident(from_label)})-[e:{ident(rel_type)}]->(b:{ident(to_label)}) "
        f"WHERE e.source IN $sources RETURN a.id, b.id, e.source{keys}"
    )


def count_nodes(label: str) -> str:
    return f"MATCH (n:{ident(label)}) RETURN count(n)"


def count_rels(rel_type: str) -> str:
    return f"MATCH ()-[e:{ident(rel_type)}]->() RETURN count(e)"


def all_rels(rel_type: str) -> str:
    return f"MATCH (a)-[e:{ident(rel_type)}]->(b) RETURN a.id, b.id, e"


def ids_of_label(label: str) -> str:
    """Which of ``$ids`` exist with this label."""
    return f"MATCH (n:{ident(label)}) WHERE n.id IN $ids RETURN n.id AS id"


def names_of_label(label: str) -> str:
    """Every name a node of this label goes by, for search and entity resolution."""
    country = "n.country_code" if "country_code" in MODEL.label(label).properties else "NULL"
    return (
        f"MATCH (n:{ident(label)}) RETURN n.id AS id, n.name AS name, n.name_vi AS name_vi, "
        f"n.aliases AS aliases, {country} AS country_code"
    )


def source_by_id() -> str:
    return "MATCH (s:Source {id: $id}) RETURN s.id AS id, s.sha256 AS sha256, s.file AS file"


# -- questions ------------------------------------------------------------------------------
HOME_SIDE = """
MATCH (h {id: $home})
OPTIONAL MATCH (b)-[:PART_OF]->(h)
OPTIONAL MATCH (p:Person)-[:HOLDS_POSITION]->(x) WHERE x.id = $home OR x.id = b.id
RETURN collect(DISTINCT b.id) AS bodies, collect(DISTINCT p.id) AS people
"""

ATTACHED_TO = """
MATCH (x)-[r]->(p)
WHERE p.id IN $ids AND label(r) IN ['LOCATED_IN', 'PART_OF']
  AND NOT label(x) IN ['Visit', 'Event', 'Agreement']
RETURN DISTINCT x.id AS id
"""

PEOPLE_OF = """
MATCH (p:Person)-[:HOLDS_POSITION]->(x) WHERE x.id IN $ids RETURN DISTINCT p.id AS id
"""


def with_country_code(label: str) -> str:
    return f"MATCH (n:{ident(label)}) WHERE n.country_code = $cc RETURN n.id AS id"


SHARED_ENGAGEMENTS = """
MATCH (h)-[:PARTICIPATED_IN]->(e)<-[:PARTICIPATED_IN]-(p)
WHERE h.id IN $home AND p.id IN $partner AND h.id <> p.id
RETURN DISTINCT e.id AS id
UNION
MATCH (h)-[:PARTICIPATED_IN]->(e)-[:LOCATED_IN]->(p)
WHERE h.id IN $home AND p.id IN $partner AND h.id <> p.id
RETURN DISTINCT e.id AS id
"""

ENGAGEMENTS = """
MATCH (e) WHERE e.id IN $ids AND label(e) IN ['Visit', 'Event', 'Agreement']
RETURN e AS e, label(e) AS label
"""

PARTICIPANTS = """
MATCH (a)-[r:PARTICIPATED_IN]->(e) WHERE e.id IN $ids
RETURN e.id AS engagement, a.id AS id, a.name AS name, a.name_vi AS name_vi, label(a) AS label,
       r.role AS role, r.source AS source, r.wording AS wording
"""

NODE_SOURCES = """
MATCH (n)-[s:SOURCED_FROM]->(src:Source) WHERE n.id IN $ids
RETURN n.id AS node, src.id AS source, src.name AS title, src.url AS url, src.file AS file,
       s.evidence AS evidence, s.offset AS offset, s.wording AS wording
"""

DIRECT_TIES = """
MATCH (a)-[r]->(b)
WHERE ((a.id IN $home AND b.id IN $partner) OR (a.id IN $partner AND b.id IN $home))
  AND label(r) IN ['INVESTS_IN', 'MEMBER_OF', 'TWINNED_WITH', 'WORKS_WITH']
RETURN a.id AS from_id, a.name AS from_name, label(r) AS type, b.id AS to_id, b.name AS to_name,
       r.source AS source, r.evidence AS evidence, r.amount AS amount, r.unit AS unit,
       r.period AS period, r.rank AS rank, r.since AS since
"""

NODE_BY_ID = "MATCH (n) WHERE n.id = $id RETURN n AS n, label(n) AS label"

NEIGHBOURS = """
MATCH (n)-[r]->(m) WHERE n.id = $id AND label(r) <> 'SOURCED_FROM'
RETURN label(r) AS type, m.id AS id, m.name AS name, label(m) AS label, 'out' AS direction,
       r.role AS role, r.source AS source
UNION ALL
MATCH (n)<-[r]-(m) WHERE n.id = $id AND label(r) <> 'SOURCED_FROM'
RETURN label(r) AS type, m.id AS id, m.name AS name, label(m) AS label, 'in' AS direction,
       r.role AS role, r.source AS source
"""

HOME_PARTNERS = """
MATCH (h)-[:PARTICIPATED_IN]->(e)<-[:PARTICIPATED_IN]-(p)
WHERE h.id IN $home AND NOT p.id IN $home AND label(p) <> 'Person'
RETURN p.id AS id, p.name AS name, label(p) AS label, max(e.date) AS last_date,
       count(DISTINCT e) AS engagements, collect(DISTINCT e.id) AS ids
"""

AGREEMENTS_OF_HOME = """
MATCH (h)-[:PARTICIPATED_IN]->(a:Agreement)
WHERE h.id IN $home
OPTIONAL MATCH (p)-[:PARTICIPATED_IN]->(a) WHERE NOT p.id IN $home
RETURN a.id AS id, a.name AS name, a.kind AS kind, a.status AS status, a.date AS date,
       collect(DISTINCT p.id) AS partners
"""

REVIEW_LIST = """
MATCH (r:ReviewItem) WHERE $status = '' OR r.status = $status
RETURN r.id AS id, r.status AS status, r.kind AS kind, r.label AS label, r.text AS text,
       r.candidates AS candidates, r.source AS source, r.evidence AS evidence,
       r.proposal AS proposal
ORDER BY r.created_at, r.id
"""

REVIEW_SET_STATUS = "MATCH (r:ReviewItem {id: $id}) SET r.status = $status"

SOURCE_TEXT = "MATCH (s:Source {id: $id}) RETURN s.text AS text, s.name AS name"
