"""Cypher as researchers write it (Neo4j 5's dialect), run on the embedded store.

:func:`translate` turns a Neo4j query into LadybugDB's dialect with Neo4j's meaning, or raises
:class:`QueryFailed` naming what cannot be given it and what to write instead. It runs before the
console's guard (:mod:`graph.guard`), so the plan the guard checks is the plan that runs. On
Neo4j a query goes as written. :func:`teach` turns the engine's errors into what to do.

Examples
--------
>>> from graph.schema import load_model
>>> model = load_model()
>>> translate("MATCH (c:City)-[r]-(o) WHERE o:Country RETURN type(r) AS t", model)
"MATCH (c:City)-[r]-(o) WHERE (label(o) = 'Country') RETURN label(r) AS t"
>>> translate("RETURN [x IN [1, 2, 3] WHERE x > 1 | x * 10] AS l", model)
'RETURN list_transform(list_filter([1, 2, 3], x -> x > 1), x -> x * 10) AS l'
>>> translate("MATCH (a)-[:MEMBER_OF]->(o)<-[:MEMBER_OF]-(b) RETURN a, b", model)
'MATCH (a)-[_r1:MEMBER_OF]->(o)<-[_r2:MEMBER_OF]-(b) WHERE id(_r1) <> id(_r2) RETURN a, b'
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from graph.dialect.lexer import render, tokens, tree
from graph.dialect.rewrite import Catalogue, Translator
from graph.dialect.teach import teach
from graph.errors import QueryFailed

if TYPE_CHECKING:
    from graph.schema import Model

__all__ = ["catalogue", "check_parameters", "teach", "translate"]


@lru_cache(maxsize=8)
def catalogue(model: Model) -> Catalogue:
    """The labels, relationship types and property names of ``model``, sorted."""
    keys = {p for lab in model.labels.values() for p in lab.properties}
    keys |= {p for rel in model.rels.values() for p in rel.properties}
    return Catalogue(
        labels=tuple(sorted(model.labels)),
        rel_types=tuple(sorted(model.rels)),
        property_keys=tuple(sorted(keys)),
    )


def translate(query: str, model: Model) -> str:
    """``query`` in LadybugDB's dialect, with Neo4j's meaning, for a graph of ``model`` (the
    store's). A query that does not lex (an unclosed string or bracket) goes as written: the
    engine's parser says where."""
    try:
        nodes = tree(query)
    except QueryFailed:
        return query
    return render(Translator(catalogue(model)).sequence(nodes))


def check_parameters(query: str, params: dict[str, Any]) -> None:
    """Refuse a query that names a ``$parameter`` it was not given (Neo4j refuses it too; the
    embedded store would read it as null and answer nothing)."""
    named = {t.text[1:] for t in tokens(query) if t.kind == "param" and len(t.text) > 1}
    missing = sorted(named - set(params))
    if missing:
        shown = ", ".join(f"${m}" for m in missing)
        raise QueryFailed(
            f"the query uses {shown} but no value was given; pass it: --param "
            f'{missing[0]}=... on the command line, "parameters": {{"{missing[0]}": ...}} '
            "to POST /api/cypher, or the console's parameters box"
        )
