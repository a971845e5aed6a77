"""Neo4j 5 Cypher rewritten into LadybugDB's dialect, with Neo4j's meaning.

The query is read into clauses; patterns (after ``MATCH``) and expressions (everywhere else)
are rewritten on the token tree of :mod:`graph.dialect.lexer`:

- in patterns: each relationship used once per ``MATCH`` (``id(r1) <> id(r2)`` added for the
  pairs that could bind the same one), variable-length patterns as trails (``* TRAIL``),
  ``shortestPath(...)`` as ``* SHORTEST``, ``:A|B`` as LadybugDB's ``:A:B``;
- in expressions: the functions of :mod:`graph.dialect.functions`, ``n:X`` as
  ``label(n) = 'X'``, list comprehensions as ``list_transform`` / ``list_filter``,
  ``reduce`` as ``list_reduce``, map projections as maps, 0-based subscripts and slices,
  ``EXISTS { pattern }`` and ``COUNT { pattern }`` with their ``MATCH``;
- ``CALL db.labels()``, ``db.relationshipTypes()`` and ``db.propertyKeys()`` answered from the
  schema.

What cannot be given Neo4j's meaning raises :class:`QueryFailed` naming the construct and what to
write instead.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from graph.dialect.functions import call, unsupported
from graph.dialect.lexer import Group, Node, Token, render
from graph.errors import QueryFailed

__all__ = ["Catalogue", "Translator"]

_CLAUSES = frozenset(
    {
        "MATCH",
        "OPTIONAL",
        "WITH",
        "RETURN",
        "UNWIND",
        "CALL",
        "UNION",
        "CREATE",
        "MERGE",
        "DELETE",
        "DETACH",
        "SET",
        "REMOVE",
        "FOREACH",
        "LOAD",
        "USE",
    }
)
# Words after which a [ opens a list, not a subscript.
_OPERATORS = frozenset(
    {
        "AND",
        "OR",
        "XOR",
        "NOT",
        "IN",
        "IS",
        "WHEN",
        "THEN",
        "ELSE",
        "CASE",
        "WHERE",
        "RETURN",
        "WITH",
        "UNWIND",
        "BY",
        "DISTINCT",
        "CONTAINS",
        "STARTS",
        "ENDS",
        "SKIP",
        "LIMIT",
        "AS",
        "YIELD",
    }
)
_ARROWS = frozenset({"-", "<-", "->"})
_SEMANTICS = frozenset({"TRAIL", "ACYCLIC", "WALK", "SHORTEST", "ALL"})


@dataclass(frozen=True)
class Catalogue:
    """What ``db.labels()`` and its kin answer: the schema's names."""

    labels: tuple[str, ...] = ()
    rel_types: tuple[str, ...] = ()
    property_keys: tuple[str, ...] = ()


def _raw(text: str) -> Token:
    return Token("raw", text)


def _tok(node: Node | None, *kinds: str) -> Token | None:
    """``node`` if it is a token (of one of ``kinds``, when given)."""
    if isinstance(node, Token) and (not kinds or node.kind in kinds):
        return node
    return None


def _grp(node: Node | None, opens: str = "([{") -> Group | None:
    """``node`` if it is a group opened by one of ``opens``."""
    return node if isinstance(node, Group) and node.open in opens else None


def _sig(items: list[Node], i: int) -> int:
    while i < len(items) and _tok(items[i], "space"):
        i += 1
    return i


def _psig(items: list[Node], i: int) -> int:
    while i >= 0 and _tok(items[i], "space"):
        i -= 1
    return i


def _is(node: Node | None, text: str) -> bool:
    """``node`` is the punctuation or (any case) word ``text``."""
    if not isinstance(node, Token):
        return False
    return node.text == text if node.kind == "punct" else node.upper == text.upper()


def _at(items: list[Node], i: int) -> Node | None:
    return items[i] if 0 <= i < len(items) else None


def _split(items: list[Node], sep: str) -> list[list[Node]]:
    parts: list[list[Node]] = [[]]
    for node in items:
        if _is(node, sep):
            parts.append([])
        else:
            parts[-1].append(node)
    return parts


def _strip(items: list[Node]) -> tuple[list[Node], list[Node]]:
    """``items`` without its trailing spaces, and those spaces."""
    end = _psig(items, len(items) - 1) + 1
    return items[:end], items[end:]


def _quote(name: str) -> str:
    return "'" + name.replace("\\", "\\\\").replace("'", "\\'") + "'"


@dataclass
class _Rel:
    group: Group
    name: str | None
    types: frozenset[str] | None  # None: any type
    variable: bool


@dataclass
class Translator:
    """One query's translation (it numbers the names it has to invent)."""

    catalogue: Catalogue = field(default_factory=Catalogue)
    _names: int = 0
    _conditions: list[str] = field(default_factory=list)  # from (n WHERE ...) in a pattern

    # -- clauses -----------------------------------------------------------------------------
    def sequence(self, items: list[Node]) -> list[Node]:
        """A query (or a subquery's body): its clauses rewritten one by one."""
        starts: list[int] = []
        for i, node in enumerate(items):
            word = node.upper if isinstance(node, Token) else ""
            if word not in _CLAUSES:
                continue
            before = _at(items, _psig(items, i - 1))
            if word == "WITH" and (_is(before, "STARTS") or _is(before, "ENDS")):
                continue
            if word == "MATCH" and _is(before, "OPTIONAL"):
                continue
            starts.append(i)
        if not starts or starts[0] != _sig(items, 0):
            starts.insert(0, 0)
        out: list[Node] = []
        bounds = [*starts, len(items)]
        for n, (a, b) in enumerate(itertools.pairwise(bounds)):
            last = n == len(bounds) - 2
            out += self._clause(items[a:b], last=last)
        return out

    def _clause(self, items: list[Node], *, last: bool) -> list[Node]:
        head = _sig(items, 0)
        first = _tok(_at(items, head))
        word = first.upper if first else ""
        if word == "OPTIONAL":
            head = _sig(items, head + 1)  # the MATCH
            word = "MATCH"
        if word == "MATCH":
            return self._match(items[: head + 1], items[head + 1 :])
        if word == "CALL":
            return self._call(items, head, last=last)
        return items[: head + 1] + self.expr(items[head + 1 :])

    def _match(self, keyword: list[Node], body: list[Node]) -> list[Node]:
        body, tail = _strip(body)
        where = next((i for i, node in enumerate(body) if _is(node, "WHERE")), len(body))
        self._conditions = []
        pattern, rels = self.pattern(body[:where])
        preds = [*self._conditions, *self._unique(rels)]
        condition = self.expr(body[where + 1 :]) if where < len(body) else []
        out = keyword + pattern
        if condition and preds:
            out += [_raw("WHERE ("), *condition, _raw(") AND " + " AND ".join(preds))]
        elif condition:
            out += [body[where], *condition]
        elif preds:
            out += [_raw(" WHERE " + " AND ".join(preds))]
        return out + tail

    def _unique(self, rels: list[_Rel]) -> list[str]:
        """Neo4j binds each relationship once per MATCH: the predicates that say so for the
        pairs of single relationships that could be the same one."""
        single = [r for r in rels if not r.variable]
        preds: list[str] = []
        for i, a in enumerate(single):
            for b in single[i + 1 :]:
                if a.types is not None and b.types is not None and not a.types & b.types:
                    continue
                if a.name is not None and a.name == b.name:
                    continue
                preds.append(f"id({self._name(a)}) <> id({self._name(b)})")
        return preds

    def _name(self, rel: _Rel) -> str:
        if rel.name is None:
            self._names += 1
            rel.name = f"_r{self._names}"
            rel.group.items.insert(0, _raw(rel.name))
        return rel.name

    def _call(self, items: list[Node], head: int, *, last: bool) -> list[Node]:
        i = _sig(items, head + 1)
        if _grp(_at(items, i), "{") or (
            _grp(_at(items, i), "(") and _grp(_at(items, _sig(items, i + 1)), "{")
        ):
            raise unsupported(
                "CALL { ... } (a subquery)",
                "carry on after a WITH instead (MATCH ... WITH x MATCH ... RETURN ...), or "
                "count or test with COUNT { MATCH ... } / EXISTS { MATCH ... }",
            )
        name, j = "", i
        while (part := _tok(_at(items, j))) and (part.kind == "word" or _is(part, ".")):
            name += part.text
            j += 1
        if not _grp(_at(items, j), "("):
            return items[: head + 1] + self.expr(items[head + 1 :])
        answer = self._procedure(name.lower())
        if answer is None:
            return items[: head + 1] + self.expr(items[head + 1 :])
        values, column = answer
        rest, tail = _strip(items[j + 1 :])  # after the () of the call
        k = _sig(rest, 0)
        alias, where = column, None
        if _is(_at(rest, k), "YIELD"):
            parts = [n for n in rest[k + 1 :] if not (isinstance(n, Token) and n.kind == "space")]
            cut = next((x for x, n in enumerate(parts) if _is(n, "WHERE")), len(parts))
            yielded = parts[:cut]
            if yielded and not _is(yielded[0], "*"):
                if not _is(yielded[0], column):
                    raise QueryFailed(
                        f"CALL {name}() yields {column}; write YIELD {column} (AS another name)"
                    )
                if len(yielded) == 3 and _is(yielded[1], "AS"):
                    alias = render(yielded[2:])
            if cut < len(parts):
                where = self.expr(rest[k + 1 :][_where_at(rest[k + 1 :]) + 1 :])
        listed = ", ".join(_quote(v) for v in values)
        out: list[Node] = [_raw(f"UNWIND [{listed}] AS {alias}")]
        if where is not None:
            out += [_raw(f" WITH {alias} WHERE"), *where]
        if last:
            out.append(_raw(f" RETURN {alias}"))
        return out + tail

    def _procedure(self, name: str) -> tuple[tuple[str, ...], str] | None:
        if name == "db.labels":
            return self.catalogue.labels, "label"
        if name == "db.relationshiptypes":
            return self.catalogue.rel_types, "relationshipType"
        if name == "db.propertykeys":
            return self.catalogue.property_keys, "propertyKey"
        if name.startswith(("db.", "dbms.", "apoc.", "gds.")):
            raise unsupported(
                f"CALL {name}()",
                "the embedded store answers db.labels(), db.relationshipTypes() and "
                "db.propertyKeys(); for the schema use CALL show_tables() RETURN * and "
                "CALL table_info('City') RETURN *",
            )
        return None

    # -- patterns ----------------------------------------------------------------------------
    def pattern(self, items: list[Node], shortest: str = "") -> tuple[list[Node], list[_Rel]]:
        """A MATCH pattern rewritten, and the relationships it names."""
        items = _arrows(items)
        out: list[Node] = []
        rels: list[_Rel] = []
        i = 0
        while i < len(items):
            node = items[i]
            nxt = _sig(items, i + 1)
            if (
                isinstance(node, Token)
                and node.upper in {"SHORTESTPATH", "ALLSHORTESTPATHS"}
                and (inside := _grp(_at(items, nxt), "("))
            ):
                inner, found = self.pattern(
                    inside.items,
                    "SHORTEST" if node.upper == "SHORTESTPATH" else "ALL SHORTEST",
                )
                if sum(r.variable for r in found) != 1:
                    raise QueryFailed(
                        f"{node.text}() takes a pattern with one variable-length relationship: "
                        f"{node.text}((a)-[*..5]-(b))"
                    )
                out += inner
                rels += found
                i = nxt + 1
                continue
            if isinstance(node, Group) and node.open == "(":
                out.append(Group("(", self._node(node.items)))
            elif isinstance(node, Group) and node.open == "[":
                rel = self._rel(node.items, shortest)
                rels.append(rel)
                out.append(rel.group)
            elif isinstance(node, Group):
                out.append(Group(node.open, self.expr(node.items, keys=True)))
            else:
                out.append(node)
            i += 1
        return out, rels

    def _node(self, items: list[Node]) -> list[Node]:
        out: list[Node] = []
        i = 0
        while i < len(items):
            node = items[i]
            if _is(node, ":"):
                labels, i = _labels(items, i)
                if len(labels) > 1 and labels[1] == ":":
                    raise unsupported(
                        f"a node with all of the labels :{''.join(labels)}",
                        "a node has exactly one label here, so it matches nothing; for any of "
                        "them write :" + "|".join(labels[::2]),
                    )
                out.append(_raw(":" + ":".join(labels[::2])))
                continue
            if isinstance(node, Group):
                out.append(Group(node.open, self.expr(node.items, keys=node.open == "{")))
            elif _is(node, "WHERE"):  # Neo4j 5's (n:City WHERE n.population > 1000000)
                condition = render(self.expr(items[i + 1 :])).strip()
                if not condition:
                    raise QueryFailed("a WHERE inside a node pattern needs a condition")
                self._conditions.append(f"({condition})")
                break
            else:
                out.append(node)
            i += 1
        return out

    def _rel(self, items: list[Node], shortest: str) -> _Rel:
        out: list[Node] = []
        name: str | None = None
        types: set[str] | None = None
        variable = False
        i = 0
        while i < len(items):
            node = items[i]
            if (
                isinstance(node, Token)
                and node.kind in {"word", "name"}
                and types is None
                and not variable
                and name is None
            ):
                name = node.text
            elif _is(node, ":") and types is None:
                types = set()
                while i < len(items) and (
                    _is(items[i], ":")
                    or _is(items[i], "|")
                    or _tok(items[i], "word", "name", "space")
                ):
                    tok = items[i]
                    assert isinstance(tok, Token)
                    if tok.kind in {"word", "name"}:
                        types.add(tok.text.strip("`"))
                    out.append(tok)
                    i += 1
                continue
            elif _is(node, "*"):
                variable = True
                chosen = _at(items, _sig(items, i + 1))
                if isinstance(chosen, Token) and chosen.upper in _SEMANTICS:
                    out.append(node)  # written in LadybugDB's own words
                    i += 1
                    continue
                j = i + 1
                bounds = ""
                while (bound := _tok(_at(items, j), "number", "punct", "space")) is not None:
                    bounds += bound.text.strip()
                    j += 1
                if bounds and ".." not in bounds:
                    bounds = f"{bounds}..{bounds}"
                if bounds.startswith(".."):
                    bounds = "1" + bounds
                how = shortest or "TRAIL"
                out.append(_raw(f"* {how}{' ' + bounds if bounds else ''} "))
                i = j
                continue
            elif isinstance(node, Group):
                out.append(Group(node.open, self.expr(node.items, keys=True)))
                i += 1
                continue
            out.append(node)
            i += 1
        return _Rel(Group("[", out), name, frozenset(types) if types else None, variable)

    # -- expressions -------------------------------------------------------------------------
    def expr(
        self, items: list[Node], *, keys: bool = False, comprehension: bool = False
    ) -> list[Node]:
        """Expressions rewritten; ``keys`` when ``items`` is a map's inside."""
        out: list[Node] = []
        i = 0
        while i < len(items):
            node = items[i]
            nxt = _sig(items, i + 1)
            after = _at(items, nxt)
            before = _at(items, _psig(items, i - 1))
            if isinstance(node, Token) and node.kind in {"word", "name"}:
                property_ = _is(before, ".")
                callable_ = node.upper not in _OPERATORS and node.upper not in _CLAUSES
                if node.kind == "word" and not property_ and callable_ and isinstance(after, Group):
                    if after.open == "(":
                        out += self._function(node, after)
                        i = nxt + 1
                        continue
                    if after.open == "{" and node.upper in {"EXISTS", "COUNT", "COLLECT"}:
                        out += [node, _raw(" "), self._subquery(node.upper, after)]
                        i = nxt + 1
                        continue
                if isinstance(after, Group) and after.open == "{" and not property_:
                    first = _at(after.items, _sig(after.items, 0))
                    if _is(first, "."):
                        out.append(self._projection(node.text, after.items))
                        i = nxt + 1
                        continue
                key = keys and (before is None or _is(before, ","))
                if _is(after, ":") and not property_ and not key and node.upper not in _OPERATORS:
                    labels, j = _labels(items, nxt, stop_at_bar=comprehension)
                    out.append(_raw(_label_test(node.text, labels)))
                    i = j
                    continue
                out.append(node)
            elif isinstance(node, Group) and node.open == "(":
                if _is(after, "-") or _is(after, "<-") or _is(after, "->"):
                    j = i
                    while j < len(items) and (
                        _grp(items[j], "([")
                        or _tok(items[j], "space")
                        or ((arrow := _tok(items[j], "punct")) and arrow.text in _ARROWS)
                    ):
                        j += 1
                    j = _psig(items, j - 1) + 1
                    outer, self._conditions = self._conditions, []
                    pattern, rels = self.pattern(items[i:j])
                    preds = [*self._conditions, *self._unique(rels)]
                    self._conditions = outer
                    where = " WHERE " + " AND ".join(preds) if preds else ""
                    out += [_raw("EXISTS { MATCH "), *pattern, _raw(where + " }")]
                    i = j
                    continue
                out.append(Group("(", self.expr(node.items)))
            elif isinstance(node, Group) and node.open == "[":
                if _value_end(before):
                    out.append(self._subscript(node.items))
                else:
                    out.append(self._list(node.items))
            elif isinstance(node, Group):
                out.append(Group(node.open, self.expr(node.items, keys=True)))
            else:
                out.append(node)
            i += 1
        return out

    def _text(self, items: list[Node], **how: bool) -> str:
        return render(self.expr(items, **how)).strip()

    def _function(self, name: Token, args: Group) -> list[Node]:
        lowered = name.text.lower()
        if lowered == "reduce":
            return [_raw(self._reduce(args.items))]
        if lowered in {"any", "all", "none", "single"}:
            return [name, Group("(", self.expr(args.items, comprehension=True))]
        parts = _split(args.items, ",") if _sig(args.items, 0) < len(args.items) else []
        texts = [self._text(p) for p in parts]
        translated = call(name.text, texts)
        if translated is None:
            return [name, Group("(", self.expr(args.items))]  # as written
        return [_raw(translated)]

    def _subquery(self, word: str, body: Group) -> Group:
        if word == "COLLECT":
            raise unsupported(
                "COLLECT { ... }", "write OPTIONAL MATCH ... WITH x, collect(y) AS ys"
            )
        first = _at(body.items, _sig(body.items, 0))
        words = first.upper if isinstance(first, Token) else ""
        items = (
            body.items
            if words in _CLAUSES
            else [Token("word", "MATCH"), Token("space", " "), *body.items]
        )
        return Group("{", self.sequence(items))

    def _projection(self, variable: str, items: list[Node]) -> Node:
        pairs: list[str] = []
        for part in _split(items, ","):
            words = [n for n in part if not (isinstance(n, Token) and n.kind == "space")]
            if len(words) == 2 and _is(words[0], ".") and isinstance(words[1], Token):
                if words[1].text == "*":
                    raise unsupported(
                        f"the map projection {variable} {{.*}}",
                        f"return the node itself (RETURN {variable}) or name the properties",
                    )
                key = words[1].text
                pairs.append(f"{key}: {variable}.{key}")
            elif len(words) == 1 and isinstance(words[0], Token):
                pairs.append(f"{words[0].text}: {words[0].text}")
            elif len(words) > 2 and _is(words[1], ":") and isinstance(words[0], Token):
                colon = next(x for x, n in enumerate(part) if _is(n, ":"))
                pairs.append(f"{words[0].text}: {self._text(part[colon + 1 :])}")
            else:
                raise QueryFailed(
                    f"the map projection {variable} {{...}} has an item that does not parse: "
                    f"{render(part).strip()!r}; write .name, key: expression or a variable"
                )
        return _raw("{" + ", ".join(pairs) + "}")

    def _list(self, items: list[Node]) -> Node:
        first = _sig(items, 0)
        second = _sig(items, first + 1)
        head = _at(items, first)
        if (isinstance(head, Group) and head.open == "(") or _is(_at(items, second), "="):
            raise unsupported(
                "a pattern comprehension [(a)-->(b) | b.name]",
                "write OPTIONAL MATCH (a)-->(b) WITH a, collect(b.name) AS names, or count "
                "with COUNT { MATCH (a)-->(b) }",
            )
        if (
            isinstance(head, Token)
            and head.kind in {"word", "name"}
            and _is(_at(items, second), "IN")
        ):
            var = head.text
            rest = items[second + 1 :]
            where = next((x for x, n in enumerate(rest) if _is(n, "WHERE")), None)
            bar = next((x for x, n in enumerate(rest) if _is(n, "|")), None)
            end_list = min(x for x in (where, bar, len(rest)) if x is not None)
            text = self._text(rest[:end_list])
            if where is not None:
                cond = self._text(
                    rest[where + 1 : bar if bar is not None else len(rest)], comprehension=True
                )
                text = f"list_filter({text}, {var} -> {cond})"
            if bar is not None:
                text = f"list_transform({text}, {var} -> {self._text(rest[bar + 1 :])})"
            return _raw(text)
        return Group("[", self.expr(items))

    def _subscript(self, items: list[Node]) -> Node:
        cut = next((x for x, n in enumerate(items) if _is(n, "..")), None)
        if cut is None:
            index = self._text(items)
            if _literal(index) is None and not index.startswith(("'", '"', "$")):
                index = f"CASE WHEN ({index}) < 0 THEN ({index}) ELSE ({index}) + 1 END"
            elif (n := _literal(index)) is not None and n >= 0:
                index = str(n + 1)
            return _raw(f"[{index}]")
        low, high = self._text(items[:cut]), self._text(items[cut + 1 :])
        if not low:
            low = "1"
        elif (n := _literal(low)) is not None:
            low = str(n if n < 0 else n + 1)
        else:
            low = f"CASE WHEN ({low}) < 0 THEN ({low}) ELSE ({low}) + 1 END"
        if high and (m := _literal(high)) is not None:
            high = str(m - 1 if m < 0 else m)
        elif high:
            high = f"CASE WHEN ({high}) < 0 THEN ({high}) - 1 ELSE ({high}) END"
        return _raw(f"[{low}..{high}]") if high else _raw(f"[{low}..]")

    def _reduce(self, items: list[Node]) -> str:
        parts = _split(items, ",")
        bar = (
            next((x for x, n in enumerate(parts[-1]) if _is(n, "|")), None)
            if len(parts) == 2
            else None
        )
        if bar is None:
            raise QueryFailed("reduce() is written reduce(total = 0, x IN list | total + x)")
        init, loop = parts[0], parts[1]
        eq = next((x for x, n in enumerate(init) if _is(n, "=")), None)
        inn = next((x for x, n in enumerate(loop) if _is(n, "IN")), None)
        if eq is None or inn is None:
            raise QueryFailed("reduce() is written reduce(total = 0, x IN list | total + x)")
        acc = render(init[:eq]).strip()
        var = render(loop[:inn]).strip()
        start = self._text(init[eq + 1 :])
        values = self._text(loop[inn + 1 : bar])
        step = self._text(loop[bar + 1 :])
        return f"list_reduce(list_prepend({values}, {start}), ({acc}, {var}) -> {step})"


def _where_at(items: list[Node]) -> int:
    return next(x for x, n in enumerate(items) if _is(n, "WHERE"))


def _literal(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _value_end(node: Node | None) -> bool:
    """Whether ``node`` ends a value, so that a ``[`` after it is a subscript."""
    if isinstance(node, Group):
        return True
    if not isinstance(node, Token):
        return False
    if node.kind == "word":
        return node.upper not in _OPERATORS
    return node.kind in {"name", "param", "string", "number", "raw"}


def _labels(items: list[Node], i: int, *, stop_at_bar: bool = False) -> tuple[list[str], int]:
    """The label expression at ``items[i]`` (a ``:``): names with ``:``/``|`` between, and the
    index after it."""
    out: list[str] = []
    while i < len(items):
        j = _sig(items, i)
        sep = _at(items, j)
        if out and not (_is(sep, ":") or (_is(sep, "|") and not stop_at_bar)):
            break
        if not out and not _is(sep, ":"):
            break
        k = _sig(items, j + 1)
        if _is(_at(items, k), ":"):  # the old |: spelling
            k = _sig(items, k + 1)
        name = _at(items, k)
        if isinstance(name, Token) and name.text in {"!", "&", "%"}:
            raise unsupported(
                f"the label expression {name.text}", "write label(n) = 'X' or label(n) <> 'X'"
            )
        if not isinstance(name, Token) or name.kind not in {"word", "name"}:
            raise QueryFailed("a label is expected after ':'")
        if out and sep is not None:
            out.append(render([sep]))
        out.append(name.text.strip("`"))
        i = k + 1
    return out, i


def _label_test(variable: str, labels: list[str]) -> str:
    """``n:A`` as a test of the one label a node has here; ``n:A:B`` (all) or ``n:A|B`` (any)."""
    if len(labels) == 1:
        return f"(label({variable}) = {_quote(labels[0])})"
    names = labels[::2]
    if labels[1] == "|":
        return f"(label({variable}) IN [{', '.join(_quote(n) for n in names)}])"
    return "(" + " AND ".join(f"label({variable}) = {_quote(n)}" for n in names) + ")"


def _arrows(items: list[Node]) -> list[Node]:
    """``-->``, ``--`` and ``<--`` given their empty ``[]``, so that every relationship of a
    pattern has a group to name."""
    out: list[Node] = []
    for i, node in enumerate(items):
        out.append(node)
        if isinstance(node, Token) and node.text in {"-", "<-"}:
            nxt = _at(items, i + 1)
            if isinstance(nxt, Token) and nxt.text in {"-", "->"}:
                out.append(Group("["))
    return out
