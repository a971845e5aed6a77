"""Where LadybugDB's Cypher and Neo4j 5's differ, in the queries partnergraph writes itself."""

from __future__ import annotations

import re

__all__ = ["DIALECTS", "render"]

# The questions' queries are written once. Where LadybugDB and Neo4j 5 differ, a query holds a
# token that each store renders in its own dialect (see :func:`render`):
#   «label x»  the label of node x      label(x)                labels(x)[0]
#   «type r»   the type of relationship  label(r)                type(r)
#   «year d»   the year of date d        date_part('year', d)    d.year
DIALECTS: dict[str, dict[str, str]] = {
    "ladybug": {"label": "label({})", "type": "label({})", "year": "date_part('year', {})"},
    "neo4j": {"label": "labels({})[0]", "type": "type({})", "year": "{}.year"},
}
_DIALECT_TOKEN = re.compile(r"«(label|type|year) ([^»]+)»")


def render(query: str, dialect: str) -> str:
    """A named query in a store's dialect.

    >>> render("MATCH (a)-[r]->(b) RETURN «label a», «type r», «year b.date»", "neo4j")
    'MATCH (a)-[r]->(b) RETURN labels(a)[0], type(r), b.date.year'
    """
    forms = DIALECTS[dialect]
    return _DIALECT_TOKEN.sub(lambda m: forms[m.group(1)].format(m.group(2)), query)
