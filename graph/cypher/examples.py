"""The researchers' example queries: the console's library and the command line's docs,
written once with dialect tokens (see :mod:`graph.cypher.dialects`)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from graph.cypher.dialects import render

__all__ = ["EXAMPLES", "Example", "examples"]


@dataclass(frozen=True, slots=True)
class Example:
    name: str
    description: str
    query: str
    parameters: dict[str, Any]


def examples(dialect: str, home: str | None = None) -> list[Example]:
    """The example library in a store's dialect, with ``$home`` set to the home city's id
    (the console shows and runs these)."""
    out = []
    for e in EXAMPLES:
        params = {**e.parameters, "home": home} if home and "home" in e.parameters else e.parameters
        out.append(replace(e, query=render(e.query, dialect), parameters=params))
    return out


EXAMPLES = (
    Example(
        "History with a partner country",
        "Engagements of the home city with a country or anything located in it, by date.",
        "MATCH (home:City {id: $home})-[:PARTICIPATED_IN]->(e)<-[r:PARTICIPATED_IN]-(p)\n"
        "OPTIONAL MATCH (p)-[:LOCATED_IN]->(c:Country)\n"
        "WITH e, p, r, c WHERE p.id = $country OR c.id = $country\n"
        "RETURN DISTINCT e.date AS date, «label e» AS kind, e.name AS engagement,\n"
        "       p.name AS partner, r.role AS role\n"
        "ORDER BY date, kind, engagement, partner, role",
        {"home": "haiphong-vn", "country": "dk"},
    ),
    Example(
        "Members of a network",
        "Who belongs to an organisation such as CityNet, with the source that says so.",
        "MATCH (m)-[r:MEMBER_OF]->(o:Organisation)\n"
        "WHERE o.name = $network OR $network IN o.aliases\n"
        "RETURN m.name AS member, «label m» AS kind, o.name AS network, r.source AS source\n"
        "ORDER BY network, member, source",
        {"network": "CityNet"},
    ),
    Example(
        "Sister cities of partners",
        "Cities twinned with the cities the home city has engaged: candidates to approach.",
        "MATCH (home:City {id: $home})-[:PARTICIPATED_IN]->(e)<-[:PARTICIPATED_IN]-(p:City)\n"
        "MATCH (p)-[t:TWINNED_WITH]-(s:City) WHERE s.id <> $home\n"
        "RETURN DISTINCT p.name AS partner, s.name AS sister_city, s.country_code AS country,\n"
        "       t.source AS source\n"
        "ORDER BY partner, sister_city, country, source",
        {"home": "haiphong-vn"},
    ),
    Example(
        "Who met whom in a year",
        "Pairs of participants in the same engagement in one year, with their roles.",
        "MATCH (a)-[ra:PARTICIPATED_IN]->(e)<-[rb:PARTICIPATED_IN]-(b)\n"
        "WHERE a.id < b.id AND «year e.date» = $year\n"
        "RETURN DISTINCT e.date AS date, e.name AS engagement, a.name AS first, ra.role AS role,\n"
        "       b.name AS second, rb.role AS their_role\n"
        "ORDER BY date, engagement, first, second, role, their_role",
        {"year": 2022},
    ),
    Example(
        "Sources that disagree on FDI",
        "Every figure for foreign investment attracted, with the source and its wording.",
        "MATCH (i:Indicator {metric: 'fdi_attracted'})-[s:SOURCED_FROM]->(src:Source)\n"
        "RETURN src.id AS source, i.value AS value, i.unit AS unit, i.approximate AS approximate,\n"
        "       i.period AS period, s.wording AS wording\n"
        "ORDER BY source, value",
        {},
    ),
    Example(
        "An engagement as a graph",
        "Visits with their participants as nodes and relationships (drawn as a graph).",
        "MATCH (a)-[r:PARTICIPATED_IN]->(e:Visit)\nWHERE «year e.date» = $year\n"
        "RETURN a, r, e ORDER BY e.id, a.id, r.role LIMIT 100",
        {"year": 2022},
    ),
)
