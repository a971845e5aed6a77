"""The queries of :mod:`graph.questions.localities`: which localities of a country engage a
partner. Each is one anchored pattern, ordered, with every value a parameter.

A locality's side is the one history reads (``_MEMBER_PATHS``: itself, its places and bodies
two levels down, the people who hold positions in them); here it is walked the other way, from
a party of an engagement up to the city it belongs to.
"""

from __future__ import annotations

import re

from graph.cypher import _MEMBER_PATHS
from graph.cypher.names import ident
from graph.schema import Model

__all__ = [
    "CLIMBS",
    "climbs_from",
    "engagement_dates",
    "engagement_parties",
    "localities_of",
    "side_engagements",
    "side_engagements_coded",
]

_STEP = re.compile(r"<-\[([^\]]+)\]-\((\w*)\)")
_FIRST = re.compile(r"^\(x\)-\[:([^\]]+)\]->")


def _climb(path: str) -> str:
    """A member path read from the member up to the locality ``l``.

    >>> _climb("<-[:LOCATED_IN|PART_OF]-()<-[:HOLDS_POSITION]-(x)")
    '(x)-[:HOLDS_POSITION]->()-[:LOCATED_IN|PART_OF]->(l:City)'
    >>> _climb("")
    '(l:City)'
    """
    steps = _STEP.findall(path)
    if not steps:
        return "(l:City)"
    up = steps[::-1]  # from the member: its step first, the locality last
    nodes = [n for _, n in up[1:]] + ["l:City"]
    return "(x)" + "".join(f"-[{t}]->({n})" for (t, _), n in zip(up, nodes, strict=True))


CLIMBS = [_climb(p) for p in _MEMBER_PATHS]
"""From a party up to its locality, one per way of belonging (index as in ``_MEMBER_PATHS``)."""


def side_engagements(label: str, path: int) -> str:
    """The engagements in which something of ``$id``'s side, reached by member path ``path``,
    takes part, with that party."""
    steps = _MEMBER_PATHS[path]
    who = "x" if steps else "p"
    return (
        f"MATCH (p:{ident(label)} {{id: $id}}){steps}-[:PARTICIPATED_IN]->(e) "
        f"RETURN DISTINCT e.id AS id, «label e» AS label, {who}.id AS party ORDER BY id, party"
    )


def side_engagements_coded(label: str) -> str:
    """The engagements of the ``$ids`` nodes of one label (a country's companies and bodies,
    found by its code), with the party: anchored on each id (an ``x.id IN $ids`` filter read
    the whole label)."""
    return (
        f"UNWIND $ids AS i MATCH (x:{ident(label)} {{id: i}})-[:PARTICIPATED_IN]->(e) "
        "RETURN DISTINCT e.id AS id, «label e» AS label, x.id AS party ORDER BY id, party"
    )


def engagement_parties(label: str) -> str:
    """The parties of the ``$ids`` engagements of one label, with their labels."""
    return (
        f"UNWIND $ids AS i MATCH (e:{ident(label)} {{id: i}})<-[:PARTICIPATED_IN]-(x) "
        "RETURN DISTINCT e.id AS engagement, x.id AS party, «label x» AS label "
        "ORDER BY engagement, party"
    )


def engagement_dates(label: str) -> str:
    """The date, its precision and the status of the ``$ids`` engagements of one label."""
    return (
        f"UNWIND $ids AS i MATCH (e:{ident(label)} {{id: i}}) RETURN e.id AS id, e.date AS date, "
        "e.date_precision AS precision, e.status AS status ORDER BY id"
    )


def climbs_from(model: Model, label: str) -> list[int]:
    """The ways of :data:`CLIMBS` a node of ``label`` can belong to a city, as the schema's
    relationship ends allow (a person holds a position; a body is part of or located in)."""
    ways = []
    for i, up in enumerate(CLIMBS):
        first = _FIRST.search(up)
        types = first.group(1).split("|") if first else []
        if any(label in model.rel(t).from_labels for t in types) if types else label == "City":
            ways.append(i)
    return ways


def localities_of(label: str, climb: int) -> str:
    """For the ``$ids`` nodes of one label, the cities and provinces they belong to by way
    ``climb`` of :data:`CLIMBS` (anchored on each id, walked up), with their country's code.
    The caller keeps one country's: a ``WHERE l.country_code = $cc`` here made LadybugDB plan
    a scan of every city (10 ms against 1 ms)."""
    up = CLIMBS[climb]
    start = f"(x:{ident(label)} {{id: i}})"
    pattern = start + up[3:] if up.startswith("(x)") else f"(l:{ident(label)} {{id: i}})"
    return (
        f"UNWIND $ids AS i MATCH {pattern} RETURN DISTINCT i AS party, l.id AS id, "
        "l.name AS name, l.name_vi AS name_vi, l.country_code AS country ORDER BY party, id"
    )
