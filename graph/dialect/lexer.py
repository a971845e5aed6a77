"""Cypher read as the engines read it: tokens, then a tree of bracketed groups.

The lexer follows the openCypher grammar's lexical rules (strings with backslash escapes,
backtick-quoted names, ``//`` and ``/* */`` comments, ``$parameters``, numbers). A query that
does not lex (an unterminated string, an unbalanced bracket) raises :class:`QueryFailed` saying
where. The rewrites in :mod:`graph.dialect.rewrite` work on the tree, so text inside strings and
comments is never touched.

Examples
--------
>>> [t.text for t in tokens("RETURN 'it''s' // c")][:3]
['RETURN', ' ', "'it'"]
>>> print(render(tree("MATCH (n) RETURN [x IN n.l | x]")))
MATCH (n) RETURN [x IN n.l | x]
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.errors import QueryFailed

__all__ = ["Group", "Node", "Token", "render", "tokens", "tree"]

_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = {v: k for k, v in _OPEN.items()}
_PUNCT2 = ("<>", "<=", ">=", "=~", "..", "->", "<-", "+=")


@dataclass
class Token:
    """One token: kind is word, string, name (backticked), param, number, punct, space."""

    kind: str
    text: str

    @property
    def upper(self) -> str:
        return self.text.upper() if self.kind == "word" else ""


@dataclass
class Group:
    """A bracketed group: ``open`` is ``(``, ``[`` or ``{``; ``items`` what is inside."""

    open: str
    items: list[Node] = field(default_factory=list)

    @property
    def close(self) -> str:
        return _OPEN[self.open]


Node = Token | Group


def _error(query: str, at: int, what: str) -> QueryFailed:
    line = query.count("\n", 0, at) + 1
    return QueryFailed(f"the query does not parse: {what} at line {line}, character {at + 1}")


def tokens(query: str) -> list[Token]:
    """The tokens of ``query``; spaces and comments are kept (as ``space``) so that the text
    can be given back as written."""
    out: list[Token] = []
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c.isspace():
            j = i
            while j < n and query[j].isspace():
                j += 1
            out.append(Token("space", query[i:j]))
        elif query.startswith("//", i):
            j = i
            while j < n and query[j] not in "\r\n":
                j += 1
            out.append(Token("space", query[i:j]))
        elif query.startswith("/*", i):
            j = query.find("*/", i + 2)
            if j < 0:
                raise _error(query, i, "a comment /* is not closed")
            out.append(Token("space", query[i : j + 2]))
            j += 2
        elif c in "'\"`":
            j = i + 1
            while j < n and query[j] != c:
                j += 2 if query[j] == "\\" and c != "`" else 1
            if j >= n:
                raise _error(query, i, f"a {c} is not closed")
            out.append(Token("name" if c == "`" else "string", query[i : j + 1]))
            j += 1
        elif c == "$":
            j = i + 1
            while j < n and (query[j].isalnum() or query[j] == "_"):
                j += 1
            out.append(Token("param", query[i:j]))
        elif c.isdigit() or (c == "." and i + 1 < n and query[i + 1].isdigit()):
            j = i + 1
            while j < n and (query[j].isalnum() or query[j] == "_"):
                j += 1
            if j + 1 < n and query[j] == "." and query[j + 1].isdigit():
                j += 1
                while j < n and (query[j].isalnum() or query[j] == "_"):
                    j += 1
            out.append(Token("number", query[i:j]))
        elif c.isalpha() or c == "_":
            j = i + 1
            while j < n and (query[j].isalnum() or query[j] == "_"):
                j += 1
            out.append(Token("word", query[i:j]))
        else:
            two = query[i : i + 2]
            j = i + (2 if two in _PUNCT2 else 1)
            out.append(Token("punct", query[i:j]))
        i = j
    return out


def tree(query: str) -> list[Node]:
    """The tokens of ``query`` nested by their brackets."""
    stack: list[Group] = [Group("(")]
    for token in tokens(query):
        if token.kind == "punct" and token.text in _OPEN:
            group = Group(token.text)
            stack[-1].items.append(group)
            stack.append(group)
        elif token.kind == "punct" and token.text in _CLOSE:
            if len(stack) == 1 or stack[-1].close != token.text:
                raise QueryFailed(
                    f"the query does not parse: a {token.text} closes nothing; check the brackets"
                )
            stack.pop()
        else:
            stack[-1].items.append(token)
    if len(stack) > 1:
        raise QueryFailed(
            f"the query does not parse: a {stack[-1].open} is not closed; check the brackets"
        )
    return stack[0].items


def render(nodes: list[Node]) -> str:
    """The text of ``nodes``."""
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, Token):
            parts.append(node.text)
        else:
            parts += [node.open, render(node.items), node.close]
    return "".join(parts)
