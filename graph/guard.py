"""The first of three layers that keep researchers' Cypher read-only.

The others are a read-only database handle and a time limit, both in the stores. This layer
refuses, before anything runs, any statement that could write, touch files or the network, or
run several statements at once, whatever comments, string literals or letter case hide it.

Examples
--------
>>> check_read_only("MATCH (c:City) RETURN c.name LIMIT 5")
'MATCH (c:City) RETURN c.name LIMIT 5'
>>> check_read_only("MATCH (n) /* harmless */ dEtAcH DELETE n")
Traceback (most recent call last):
...
graph.errors.QueryRefused: DETACH writes to the graph; the console is read-only (use ...)
>>> check_read_only("MATCH (n) WHERE n.name = 'CREATE' RETURN n")  # a word inside a string is data
"MATCH (n) WHERE n.name = 'CREATE' RETURN n"
"""

from __future__ import annotations

import re

from graph.errors import QueryRefused

__all__ = ["READ_ONLY_PROCEDURES", "check_read_only"]

_WRITES = {"CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "ALTER", "FOREACH"}
_OUTSIDE = {"COPY", "LOAD", "ATTACH", "INSTALL", "EXPORT", "IMPORT", "USE", "CHECKPOINT"}
_TRANSACTION = {"BEGIN", "COMMIT", "ROLLBACK", "TRANSACTION"}
_STARTS = {"MATCH", "OPTIONAL", "WITH", "UNWIND", "RETURN", "CALL", "EXPLAIN", "PROFILE"}
# Procedures that only read the catalogue; every other CALL (settings, extensions) is refused.
READ_ONLY_PROCEDURES = {"show_tables", "table_info", "show_connection", "db.labels", "db.schema"}

_TOKEN = re.compile(
    r"""
    (?P<comment>//[^\n]*|/\*.*?(?:\*/|$))
  | (?P<string>'(?:[^'\\]|\\.)*(?:'|$)|"(?:[^"\\]|\\.)*(?:"|$))
  | (?P<quoted>`[^`]*(?:`|$))
  | (?P<word>[A-Za-z_][A-Za-z0-9_.]*)
  | (?P<semi>;)
  | (?P<other>\S)
    """,
    re.VERBOSE | re.DOTALL,
)


def check_read_only(query: str, *, max_length: int = 20_000) -> str:
    """Return ``query`` unchanged if it only reads; raise :class:`QueryRefused` otherwise."""
    if not query or not query.strip():
        raise QueryRefused("the query is empty; write a MATCH ... RETURN ... statement")
    if len(query) > max_length:
        raise QueryRefused(f"the query is {len(query):,} characters; the limit is {max_length:,}")
    if "\x00" in query:
        raise QueryRefused("the query contains a NUL character; remove it")
    words: list[str] = []
    seen_semicolon = False
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup
        if kind in {"comment", "string", "quoted"}:
            continue
        if seen_semicolon:
            raise QueryRefused(
                "only one statement can run at a time; remove everything after the ';'"
            )
        if kind == "semi":
            seen_semicolon = True
        elif kind == "word":
            words.append(match.group())
    if not words:
        raise QueryRefused("the query has no statement in it, only comments or strings")
    upper = [w.upper() for w in words]
    for word in upper:
        if word in _WRITES:
            raise QueryRefused(
                f"{word} writes to the graph; the console is read-only (use "
                "'partnergraph ingest' to add data)"
            )
        if word in _OUTSIDE:
            raise QueryRefused(
                f"{word} reads or writes outside the graph (files, network, other "
                "databases, extensions); the console only queries the graph"
            )
        if word in _TRANSACTION:
            raise QueryRefused(f"{word}: the console runs each query in its own transaction")
    if upper[0] not in _STARTS:
        raise QueryRefused(
            f"a query starts with MATCH, OPTIONAL MATCH, WITH, UNWIND, RETURN or CALL, "
            f"not {words[0]!r}"
        )
    for i, word in enumerate(upper):
        if word == "CALL":
            proc = words[i + 1] if i + 1 < len(words) else ""
            if proc.lower() not in READ_ONLY_PROCEDURES:
                allowed = ", ".join(sorted(READ_ONLY_PROCEDURES))
                raise QueryRefused(
                    f"CALL {proc or '?'} is not allowed; the console may call: {allowed}"
                )
    return query
