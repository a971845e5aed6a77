"""Neo4j's functions in LadybugDB's words, with Neo4j's meaning.

Each entry takes the call's arguments (already translated, as text) and gives the text that
computes the same value on the embedded store, or raises :class:`QueryFailed` naming what to
write instead. Functions not listed exist under the same name in both engines.

Examples
--------
>>> call("type", ["r"])
'label(r)'
>>> call("substring", ["s", "6", "4"])
'substring(s, (6) + 1, 4)'
"""

from __future__ import annotations

from collections.abc import Callable

from graph.errors import QueryFailed

__all__ = ["FUNCTIONS", "call", "unsupported"]


def unsupported(construct: str, instead: str) -> QueryFailed:
    """The error for what the embedded store cannot be given Neo4j's meaning for."""
    return QueryFailed(
        f"{construct} does not run on the embedded store (LadybugDB); {instead}. "
        "See docs/cypher.md for what differs from Neo4j"
    )


def _arity(name: str, args: list[str], *counts: int) -> None:
    if len(args) not in counts:
        want = " or ".join(str(c) for c in counts)
        raise QueryFailed(f"{name}() takes {want} argument(s), not {len(args)}")


def _fixed(target: str, *counts: int) -> Callable[[str, list[str]], str]:
    def out(name: str, args: list[str]) -> str:
        if counts:
            _arity(name, args, *counts)
        return f"{target}({', '.join(args)})"

    return out


def _to_integer(name: str, args: list[str]) -> str:
    # Neo4j truncates toward zero and reads numbers written as text; to_int64 rounds.
    _arity(name, args, 1)
    d = f"to_double({args[0]})"
    return f"to_int64(sign({d}) * floor(abs({d})))"


def _substring(name: str, args: list[str]) -> str:
    _arity(name, args, 2, 3)
    length = args[2] if len(args) == 3 else f"size({args[0]})"
    return f"substring({args[0]}, ({args[1]}) + 1, {length})"


def _round(name: str, args: list[str]) -> str:
    _arity(name, args, 1, 2, 3)
    if len(args) == 1:  # Neo4j rounds halves up (-2.5 -> -2.0); LadybugDB away from zero
        return f"floor(({args[0]}) + 0.5)"
    if len(args) == 3:
        raise unsupported("round() with a rounding mode", "use round(x, precision)")
    return f"round({args[0]}, {args[1]})"


def _std(population: bool) -> Callable[[str, list[str]], str]:
    def out(name: str, args: list[str]) -> str:
        _arity(name, args, 1)
        if args[0].upper().startswith("DISTINCT "):
            raise unsupported(f"{name}(DISTINCT ...)", "aggregate distinct values in a WITH first")
        x = f"to_double({args[0]})"
        n = f"count({x})"
        var = f"(sum(({x}) * ({x})) - sum({x}) * sum({x}) / {n})"
        if population:
            return f"CASE WHEN {n} = 0 THEN 0.0 ELSE sqrt(abs({var} / {n})) END"
        return f"CASE WHEN {n} < 2 THEN 0.0 ELSE sqrt(abs({var} / ({n} - 1))) END"

    return out


def _now(target: str, parse: str) -> Callable[[str, list[str]], str]:
    def out(name: str, args: list[str]) -> str:
        _arity(name, args, 0, 1)
        if not args:
            return f"{target}()"
        if args[0].startswith("{"):
            raise unsupported(
                f"{name}() of a map", f"write the value as text: {name}('2022-05-14')"
            )
        return f"{parse}({args[0]})"

    return out


def _refuse(construct: str, instead: str) -> Callable[[str, list[str]], str]:
    def out(name: str, args: list[str]) -> str:
        raise unsupported(construct, instead)

    return out


FUNCTIONS: dict[str, Callable[[str, list[str]], str]] = {
    "type": _fixed("label", 1),
    "labels": lambda name, args: f"[label({', '.join(args)})]",
    "tointeger": _to_integer,
    "tointegerornull": _refuse(
        "toIntegerOrNull()", "use toInteger(), which fails on text that is not a number"
    ),
    "tofloat": _fixed("to_double", 1),
    "tostring": _fixed("to_string", 1),
    "toboolean": _fixed("to_bool", 1),
    "split": _fixed("string_split", 2),
    # null for an empty list, as in Neo4j (a subscript out of range fails here)
    "head": lambda name, args: f"list_extract(list_concat({args[0]}, [NULL]), 1)",
    "last": lambda name, args: f"list_extract(list_concat([NULL], {args[0]}), -1)",
    "tail": lambda name, args: f"list_slice({args[0]}, 2, size({args[0]}))",
    "substring": _substring,
    "round": _round,
    "stdev": _std(population=False),
    "stdevp": _std(population=True),
    "date": _now("current_date", "date"),
    "datetime": _now("current_timestamp", "timestamp"),
    "localdatetime": _now("current_timestamp", "timestamp"),
    "elementid": lambda name, args: f"to_string(id({args[0]}))",
    "startnode": _fixed("start_node", 1),
    "endnode": _fixed("end_node", 1),
    "properties": _refuse(
        "properties(n)",
        "return the node itself (RETURN n) or name the properties (RETURN n {.name, .id})",
    ),
    "keys": _refuse(
        "keys(n)",
        "CALL table_info('City') RETURN name lists a label's properties",
    ),
    "duration": _refuse(
        "duration()", "write an interval as text: interval('3 days'), interval('2 years')"
    ),
    "shortestpath": _refuse(
        "shortestPath() outside a MATCH pattern",
        "write MATCH p = shortestPath((a)-[*..5]-(b)) RETURN p",
    ),
    "allshortestpaths": _refuse(
        "allShortestPaths() outside a MATCH pattern",
        "write MATCH p = allShortestPaths((a)-[*..5]-(b)) RETURN p",
    ),
    "exists": _refuse(
        "exists(property or pattern)",
        "write n.prop IS NOT NULL, or EXISTS { MATCH (n)-[:R]->() }",
    ),
}


def call(name: str, args: list[str]) -> str | None:
    """The translated call, or None when the function is the same in both engines."""
    rule = FUNCTIONS.get(name.lower())
    return rule(name, args) if rule else None
