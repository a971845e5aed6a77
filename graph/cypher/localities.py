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

__all__ = ["CLIMBS", "locality_parties", "side_engagements", "side_engagements_coded"]

_STEP = re.compile(r"<-\[([^\]]+)\]-\((\w*)\)")


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
    found by its code), with the party."""
    return (
        f"MATCH (x:{ident(label)})-[:PARTICIPATED_IN]->(e) WHERE x.id IN $ids "
        "RETURN DISTINCT e.id AS id, «label e» AS label, x.id AS party ORDER BY id, party"
    )


def locality_parties(label: str, climb: int) -> str:
    """For the ``$ids`` engagements of one label, the parties that belong (by way ``climb``
    of :data:`CLIMBS`) to a city or province of the country ``$cc``, with that locality and
    the engagement's date and status."""
    up = CLIMBS[climb]
    who = "x" if up.startswith("(x)") else "l"
    return (
        f"UNWIND $ids AS i MATCH (e:{ident(label)} {{id: i}})<-[:PARTICIPATED_IN]-{up} "
        "WHERE l.country_code = $cc "
        f"RETURN DISTINCT e.id AS engagement, {who}.id AS party, l.id AS id, l.name AS name, "
        "l.name_vi AS name_vi, e.date AS date, e.date_precision AS precision, "
        "e.status AS status ORDER BY engagement, id, party"
    )
