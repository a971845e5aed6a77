"""What decides that a researcher's Cypher only reads: the engine's own plan.

Reading a query's text the way the engine does is a parser's job, and two lexers never agree on
every comment and quote (``/* **/`` ends a comment for a regular expression, not for the
openCypher grammar). So the text is only *pre*-checked, conservatively, for what could act while
the engine merely binds the statement (open a file to guess its format, call a table function);
the decision is taken on the plan the engine will execute: every operator and every table
function in it must be on an allow-list of reads. Unknown means refused.

The layers around it (:mod:`graph.stores.sandbox`): one statement, as the engine's own prepare
counts them; a read-only transaction on a database opened read-only; a worker process that cannot
write files or reach the network, with a time limit, a memory cap and a result-size cap, and whose
crash never takes the app down.

Examples
--------
>>> check_read_only("MATCH (c:City) RETURN c.name LIMIT 5")
'MATCH (c:City) RETURN c.name LIMIT 5'
>>> check_read_only("MATCH (n) WHERE n.name = 'CREATE' RETURN n")  # the plan decides on writes
"MATCH (n) WHERE n.name = 'CREATE' RETURN n"
>>> check_read_only("/* **/ RETURN 1 ' */ LOAD FROM '/etc/passwd' RETURN * // '")
Traceback (most recent call last):
...
graph.errors.QueryRefused: LOAD reads or writes outside the graph (files, the network, ...
>>> check_plan("│ RESULT_COLLECTOR[1] │\\n│ COPY_TO[0] │")
Traceback (most recent call last):
...
graph.errors.QueryRefused: the query writes a file (COPY_TO); the console only queries the graph
"""

from __future__ import annotations

import re
from typing import Any

from graph.errors import QueryRefused

__all__ = [
    "CALLABLE",
    "CALLABLE_NEO4J",
    "PURE_APOC",
    "READ_FUNCTIONS",
    "READ_OPERATORS",
    "check_neo4j_statement",
    "check_plan",
    "check_read_only",
    "plan_operators",
]

MAX_QUERY_CHARS = 20_000

# Words that can act before anything runs: the binder opens the file a LOAD or COPY names to
# infer its format, and resolves extensions and attached databases. They are refused wherever
# they appear, in comments and strings too, because only a parser could tell those apart and the
# guard does not pretend to be one. A value that contains one of them goes in a parameter.
_OUTSIDE = "reads or writes outside the graph"
_BIND_TIME = {
    word: f"{word} {_OUTSIDE}"
    for word in ("LOAD", "COPY", "ATTACH", "INSTALL", "EXTENSION", "IMPORT", "EXPORT")
}
_OUTSIDE_HINT = (
    " (files, the network, other databases, extensions); the console only queries the graph. "
    "If the word is part of a value, pass the value as a parameter ($name)"
)
# On Neo4j, USE switches to another database (system), and apoc/dbms hold procedures and
# functions that load files or URLs or administer the server.
_BIND_TIME_NEO4J = {
    **_BIND_TIME,
    "USE": "USE reaches another database",
    "APOC": "apoc procedures and functions can reach outside the graph",
    "DBMS": "dbms procedures administer the server",
}
# Table functions a researcher may CALL: they read the catalogue, nothing else.
CALLABLE = frozenset(
    {"show_tables", "table_info", "show_connection", "show_functions", "db_version"}
)
CALLABLE_NEO4J = frozenset(
    {
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.schema.visualization",
        "db.schema.nodetypeproperties",
        "db.schema.reltypeproperties",
    }
)
_WORD = re.compile(r"(?<![A-Za-z0-9_$.])([A-Za-z_][A-Za-z0-9_]*)", re.ASCII)
_CALL = re.compile(r"(?<![A-Za-z0-9_$.])CALL(?![A-Za-z0-9_])", re.ASCII | re.IGNORECASE)
_CALL_TARGET = re.compile(
    r"[ \t\r\n]*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)[ \t\r\n]*\(", re.ASCII
)
# Neo4j's subqueries, CALL { ... } and CALL (x) { ... }: their insides are checked like the rest.
_SUBQUERY = re.compile(r"[ \t\r\n]*[{(]", re.ASCII)


# APOC's function namespaces that only compute on their arguments (lists, text, maps, numbers,
# dates, aggregations): ``RETURN apoc.coll.sum(...)``. Their procedures stay refused by CALL's
# list; every other namespace (load, export, import, periodic, cypher, trigger, util, ...)
# stays refused as a word.
PURE_APOC = frozenset({"coll", "text", "map", "math", "number", "agg", "temporal", "date"})
_APOC_CALL = re.compile(r"\.([A-Za-z]+)\.[A-Za-z_][A-Za-z0-9_]*\(")


def _pure_apoc(query: str, end: int) -> bool:
    """Whether ``apoc`` ending at ``end`` is a call of a function of :data:`PURE_APOC`, written
    plainly (no space or comment inside the name, which a lexer could read another way)."""
    found = _APOC_CALL.match(query, end)
    return bool(found and found.group(1).lower() in PURE_APOC)


def _harmless(query: str, at: int) -> bool:
    """Whether the word at ``at`` can only be a name or a value, whatever a lexer makes of the
    comments and quotes around it: an alias (``AS export``, with only spaces or tabs between,
    so that no comment or quote can end between them, after a value), or inside a string of a
    query without comments, backslashes or backticks (where quotes can be read only one way)."""
    before = query[:at].rstrip(" \t")
    if len(before) < at and before[-2:].upper() == "AS":
        prior = before[:-2]
        kept = prior.rstrip()
        if prior != kept and kept and (kept[-1].isalnum() or kept[-1] in "_)]}'\""):
            return True
    if any(mark in query for mark in ("//", "/*", "\\", "`")):
        return False
    quote = ""
    for c in query[:at]:
        if quote and c == quote:
            quote = ""
        elif not quote and c in "'\"":
            quote = c
    return bool(quote)


def check_read_only(
    query: str, *, dialect: str = "ladybug", max_length: int = MAX_QUERY_CHARS
) -> str:
    """Return ``query`` unchanged if the engine may be shown it; raise :class:`QueryRefused`
    for what could act at bind time. Writes are refused later, on the plan (:func:`check_plan`)
    or, on Neo4j, by the server's own reading of it (``dialect="neo4j"``)."""
    neo4j = dialect == "neo4j"
    words, callable_ = (
        (_BIND_TIME_NEO4J, CALLABLE | CALLABLE_NEO4J)
        if neo4j
        else (
            _BIND_TIME,
            CALLABLE,
        )
    )
    if not query or not query.strip():
        raise QueryRefused("the query is empty; write a MATCH ... RETURN ... statement")
    if len(query) > max_length:
        raise QueryRefused(f"the query is {len(query):,} characters; the limit is {max_length:,}")
    if "\x00" in query:
        raise QueryRefused("the query contains a NUL character; remove it")
    for match in _WORD.finditer(query):
        word = match.group(1).upper()
        if word in words and not _harmless(query, match.start(1)):
            if neo4j and word == "APOC" and _pure_apoc(query, match.end(1)):
                continue
            raise QueryRefused(words[word] + _OUTSIDE_HINT)
    for match in _CALL.finditer(query):
        if _harmless(query, match.start()) or (neo4j and _SUBQUERY.match(query, match.end())):
            continue
        target = _CALL_TARGET.match(query, match.end())
        name = target.group(1).lower() if target else ""
        if name not in callable_:
            shown = name or query[match.end() : match.end() + 20].strip() or "?"
            raise QueryRefused(
                f"CALL {shown} is not allowed; the console may call "
                f"{', '.join(f'{c}()' for c in sorted(callable_))}, written plainly "
                "(CALL show_tables() RETURN *)"
            )
    if neo4j:
        check_neo4j_statement(query)
    return query


# -- Neo4j's statements ------------------------------------------------------------------------
# A researcher's statement on Neo4j starts with a reading clause, or is one of the SHOW commands
# that list the schema and what may be called. Administration (users, roles, privileges,
# databases, servers, settings, other people's transactions) is refused by its shape, whatever
# the server would make of it: on a cluster some of it runs from any database.
_READ_START = frozenset({"MATCH", "OPTIONAL", "WITH", "UNWIND", "RETURN", "CALL"})
_SHOW_KINDS = {
    "INDEX": "INDEXES",
    "INDEXES": "INDEXES",
    "CONSTRAINT": "CONSTRAINTS",
    "CONSTRAINTS": "CONSTRAINTS",
    "PROCEDURE": "PROCEDURES",
    "PROCEDURES": "PROCEDURES",
    "FUNCTION": "FUNCTIONS",
    "FUNCTIONS": "FUNCTIONS",
}
# What may stand between SHOW and its kind: SHOW RANGE INDEXES, SHOW UNIQUE CONSTRAINTS,
# SHOW BUILT IN FUNCTIONS, SHOW NODE KEY CONSTRAINTS ...
_SHOW_MODIFIERS = frozenset(
    {
        *("ALL", "RANGE", "TEXT", "POINT", "LOOKUP", "FULLTEXT", "VECTOR", "BTREE"),
        *("UNIQUE", "UNIQUENESS", "NODE", "RELATIONSHIP", "REL", "KEY", "EXIST", "EXISTS"),
        *("EXISTENCE", "PROPERTY", "TYPE", "BUILT", "IN", "USER", "DEFINED"),
    }
)
_ALLOWED_SHOW = "SHOW INDEXES, SHOW CONSTRAINTS, SHOW PROCEDURES or SHOW FUNCTIONS"


def check_neo4j_statement(query: str) -> str | None:
    """Refuse, on Neo4j, a statement that does not start with a reading clause (``MATCH``,
    ``OPTIONAL MATCH``, ``WITH``, ``UNWIND``, ``RETURN``, ``CALL``; also after each ``UNION``)
    and is not one of the SHOW commands that list the schema; return the kind a SHOW lists
    (``"INDEXES"``), else None. A leading ``CYPHER 5`` or ``CYPHER 25`` (a version or
    options) is allowed. Writes inside a reading statement are the server's to refuse (its
    ``EXPLAIN`` and the read transaction).

    >>> check_neo4j_statement("CYPHER 25 SHOW RANGE INDEXES YIELD name, state")
    'INDEXES'
    >>> check_neo4j_statement("SHOW USERS")
    Traceback (most recent call last):
    ...
    graph.errors.QueryRefused: SHOW USERS administers the server; the console may run SHOW ...
    """
    from graph.dialect.lexer import tokens

    toks = [t for t in tokens(query) if t.kind != "space"]
    if any(t.text == ";" for t in toks[:-1]):
        raise QueryRefused("the console runs one statement at a time; remove the ';'")
    words = _keywords(toks)
    first = words[0][0] if words else ""
    if first in {"EXPLAIN", "PROFILE"}:
        raise QueryRefused(
            f"{first} is the console's to add; write the query itself (the console plans "
            "every query before it runs it)"
        )
    shown = _show_kind([w for w, _ in words]) if first == "SHOW" else None
    if first != "SHOW" and first not in _READ_START:
        raise QueryRefused(
            f"a statement starting with {first or '?'} is not a query the console runs: "
            f"start with MATCH, OPTIONAL MATCH, WITH, UNWIND, RETURN or CALL, or use "
            f"{_ALLOWED_SHOW} (to add data, use 'partnergraph ingest')"
        )
    for i, (word, keyword) in enumerate(words):
        before = words[i - 1][0] if i else ""
        if word.startswith("TRANSACTION") and before == "IN":
            raise QueryRefused(
                "CALL { ... } IN TRANSACTIONS commits in transactions of its own; the console "
                "runs one read transaction: leave IN TRANSACTIONS out"
            )
        if word in {"SHOW", "TERMINATE"} and i and keyword:
            raise QueryRefused(
                f"{word} is a command of its own, not part of a query; the console runs "
                f"{_ALLOWED_SHOW} as a statement on its own"
            )
        if word == "UNION":
            after = next((w for w, _ in words[i + 1 :] if w != "ALL"), "")
            if after not in _READ_START:
                raise QueryRefused(f"after UNION comes a query (MATCH ...), not {after or '?'}")
    return shown


def _keywords(toks: list[Any]) -> list[tuple[str, bool]]:
    """The words of a statement that can be keywords, upper-cased, each with whether a word
    follows it (as a command's keyword is followed): not a property (after ``.``), a label or
    type (after ``:`` or ``|``), a map key (before ``:``), an alias (after ``AS``), or anything
    inside a string, a comment or backticks (tokens of other kinds). A leading ``CYPHER``
    with its version or options is left out."""
    i = 0
    if toks and toks[0].upper == "CYPHER":
        i = 1
        while i < len(toks):
            if toks[i].kind == "number":
                i += 1
            elif i + 2 < len(toks) and toks[i].kind == "word" and toks[i + 1].text == "=":
                i += 3
            else:
                break
    out = []
    for j in range(i, len(toks)):
        tok = toks[j]
        if tok.kind != "word":
            continue
        before = toks[j - 1].text if j > i else ""
        after = toks[j + 1] if j + 1 < len(toks) else None
        if before in {".", ":", "|"} or (j > i and toks[j - 1].upper == "AS"):
            continue
        if after is not None and after.text == ":" and before in {"{", ","}:
            continue
        out.append((tok.text.upper(), after is not None and after.kind == "word"))
    return out


def _show_kind(words: list[str]) -> str:
    at = 0
    i = 1
    while i < len(words) and words[i] in _SHOW_MODIFIERS and words[i] not in _SHOW_KINDS:
        i += 1
    kind = _SHOW_KINDS.get(words[i]) if i < len(words) else None
    if kind is None:
        named = " ".join(words[at : i + 1])
        raise QueryRefused(
            f"{named} administers the server; the console may run {_ALLOWED_SHOW} "
            "(with YIELD, WHERE and RETURN)"
        )
    return kind


# -- the plan ----------------------------------------------------------------------------------
# Operators of LadybugDB's physical plan that only read the graph or compute. Anything else
# (INSERT, SET_PROPERTY, DELETE, MERGE, COPY_TO, TRANSACTION, CREATE_MACRO, INSTALL_EXTENSION,
# STANDALONE_CALL for settings, an operator a future engine adds...) is refused.
READ_OPERATORS = frozenset(
    {
        "AGGREGATE",
        "AGGREGATE_FINALIZE",
        "AGGREGATE_SCAN",
        "COUNT_REL_TABLE",
        "CROSS_PRODUCT",
        "DUMMY_SINK",
        "EMPTY_RESULT",
        "FILTER",
        "FLATTEN",
        "HASH_JOIN_BUILD",
        "HASH_JOIN_PROBE",
        "INDEX_LOOKUP",
        "INTERSECT",
        "INTERSECT_BUILD",
        "LIMIT",
        "MULTIPLICITY_REDUCER",
        "ORDER_BY",
        "ORDER_BY_MERGE",
        "ORDER_BY_SCAN",
        "PATH_PROPERTY_PROBE",
        "PRIMARY_KEY_SCAN_NODE_TABLE",
        "PROJECTION",
        "QUERY_PRIMARY_KEY_LOOKUP",
        "RECURSIVE_EXTEND",
        "RESULT_COLLECTOR",
        "SCAN_NODE_TABLE",
        "SCAN_REL_TABLE",
        "SEMI_MASKER",
        "SKIP",
        "TABLE_FUNCTION_CALL",
        "TOP_K",
        "TOP_K_SCAN",
        "UNION_ALL_SCAN",
        "UNWIND",
    }
)
# Table functions a read plan may hold: READ_FTABLE scans the engine's own intermediate tables.
READ_FUNCTIONS = frozenset({"READ_FTABLE", *(c.upper() for c in CALLABLE)})

_WHY = {
    "INSERT": "the query writes to the graph",
    "MERGE": "the query writes to the graph",
    "SET_PROPERTY": "the query writes to the graph",
    "DELETE": "the query writes to the graph",
    "DETACH_DELETE": "the query writes to the graph",
    "COPY_TO": "the query writes a file",
    "COPY_FROM": "the query reads a file",
    "TRANSACTION": "the query controls transactions or checkpoints",
    "STANDALONE_CALL": "the query changes the engine's settings",
    "INSTALL_EXTENSION": "the query installs an extension",
}
_OPERATOR = re.compile(r"([A-Z][A-Z0-9_]*)\[(\d+)\]")
_FUNCTION = re.compile(r"Function: ([A-Za-z0-9_]+)")


def plan_operators(plan: str) -> tuple[dict[int, str], set[str]]:
    """The operators (by id) and table functions of an ``EXPLAIN`` plan as LadybugDB prints
    it: ``│ SCAN_NODE_TABLE[0] │`` boxes, ``Function: SHOW_TABLES`` lines."""
    ops: dict[int, str] = {}
    for name, number in _OPERATOR.findall(plan):
        ops.setdefault(int(number), name)
    return ops, set(_FUNCTION.findall(plan))


def check_plan(plan: str) -> None:
    """Refuse a plan unless it was read whole and every operator and table function in it
    only reads. Text a query puts in the plan (a string literal) can only add names, never hide
    the engine's, so it can only make a plan be refused."""
    ops, functions = plan_operators(plan)
    if not ops or set(ops) != set(range(max(ops) + 1)):
        raise QueryRefused(
            "the console could not read the engine's plan for this query, so it does not run "
            "it; simplify the query"
        )
    for name in sorted(set(ops.values()) - READ_OPERATORS):
        why = _WHY.get(name, "the query needs an operation the console does not run")
        raise QueryRefused(f"{why} ({name}); the console only queries the graph")
    for function in sorted(functions - READ_FUNCTIONS):
        raise QueryRefused(
            f"the query calls the table function {function}, which the console does not run; "
            f"it may call {', '.join(f'{c}()' for c in sorted(CALLABLE))}"
        )
