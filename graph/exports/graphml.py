"""GraphML and GEXF written as text, in one pass over the graph's attributes and one over its
elements.

networkx's writers build an element per node, edge and value (452,000 values on the sample
with the twin list: 10-18 s); these write the same documents (the same keys, attribute ids,
types and edge ids, read back by ``networkx.read_graphml`` and ``read_gexf`` into the same
graphs as networkx's own files) as lines of text.
"""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Graph", "write_gexf", "write_graphml"]


@dataclass(slots=True)
class Graph:
    """A multigraph as networkx yields one, without networkx: ``nodes`` by id with their
    attributes, ``edges`` as ``(from, to, key, attributes)`` (``MultiDiGraph.nodes(data=True)``
    and ``.edges(keys=True, data=True)``)."""

    nodes: dict[Any, dict[str, Any]]
    edges: list[tuple[Any, Any, Any, dict[str, Any]]]

    @classmethod
    def of(cls, g: Any) -> Graph:
        """A networkx multigraph's nodes and edges."""
        return cls(dict(g.nodes(data=True)), list(g.edges(keys=True, data=True)))


#: GraphML's name of each Python type, as networkx writes them.
_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}

_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)


_MARKUP = re.compile(r"[&<>\"\x00-\x08\x0b\x0c\x0e-\x1f]")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def _text(value: Any) -> str:
    """A value as GraphML holds it in text or in a quoted attribute: markup escaped, the
    control characters XML cannot carry dropped (most values have neither)."""
    text = value if type(value) is str else str(value)
    if _MARKUP.search(text) is None:
        return text
    return _MARKUP.sub(lambda m: _ENTITIES.get(m[0], ""), text)


def _slots(template: str) -> list[str]:
    """A line's template (``{}`` for each text) as its literal pieces with an empty slot
    between each two: :func:`_fill` puts the texts in the slots (``str.format`` parses its
    template again on every call, three times as slow on a line of ten values)."""
    pieces = template.split("{}")
    out = [pieces[0]]
    for piece in pieces[1:]:
        out += ["", piece]
    return out


def _fill(slots: list[str], texts: list[str]) -> str:
    line = slots.copy()
    line[1::2] = texts
    return "".join(line)


class _Keys:
    """One key per (name, type, domain), numbered in the order first met, as networkx does.

    Elements of one shape (the same attribute names with values of the same types, in the same
    order: the nodes of a label, the relationships of a type) share one line template, made
    when the shape is first met, with a ``{}`` for each of the element's ids and values."""

    def __init__(self) -> None:
        self.ids: dict[tuple[str, str, str], str] = {}
        self.templates: dict[tuple[tuple[str, ...], tuple[type, ...]], list[str]] = {}

    def shapes(self, domain: str, head: str, items: Iterable[dict[str, Any]]) -> list[list[str]]:
        """The template of each of ``items``: ``head`` (its ids' fields), then a ``data`` per
        attribute; the keys of shapes not met before numbered in their order."""
        out = []
        templates = self.templates
        for data in items:
            shape = (tuple(data), tuple(map(type, data.values())))
            template = templates.get(shape)
            if template is None:
                parts = []
                for name, kind in zip(*shape, strict=True):
                    key = (name, _TYPES.get(kind, "string"), domain)
                    if key not in self.ids:
                        self.ids[key] = f"d{len(self.ids)}"
                    parts.append(f'<data key="{self.ids[key]}">{{}}</data>')
                template = _slots(head + "".join(parts) + f"</{domain}>\n")
                templates[shape] = template
            out.append(template)
        return out

    def declarations(self) -> Iterable[str]:
        for (name, kind, domain), key in self.ids.items():
            yield (
                f'<key id="{key}" for="{domain}" attr.name="{_text(name)}" attr.type="{kind}" />\n'
            )


def _line(template: list[str], texts: list[str]) -> str:
    """``template`` filled with ``texts`` (an element's ids and values as text), escaped if one
    has anything to escape (one look at all of them: most have nothing)."""
    if _MARKUP.search("".join(texts)) is not None:
        texts = [_text(t) for t in texts]
    return _fill(template, texts)


def write_graphml(g: Graph, path: Path) -> None:
    """``g`` as GraphML in ``path``: each edge with its key as its id (a multigraph)."""
    keys = _Keys()
    # Templates are built from names and a value's type, never from a value: "{" in a value
    # is a value. str() of a str is the str itself, so texts hold each value as networkx's.
    nodes = keys.shapes("node", '<node id="{}">', g.nodes.values())
    edges = keys.shapes(
        "edge", '<edge source="{}" target="{}" id="{}">', (d for _, _, _, d in g.edges)
    )
    with path.open("w", encoding="utf-8") as f:
        f.write(_HEAD)
        f.writelines(keys.declarations())
        f.write('<graph edgedefault="directed">\n')
        f.writelines(
            _line(t, [str(n), *map(str, d.values())])
            for t, (n, d) in zip(nodes, g.nodes.items(), strict=True)
        )
        f.writelines(
            _line(t, [str(u), str(v), str(k), *map(str, d.values())])
            for t, (u, v, k, d) in zip(edges, g.edges, strict=True)
        )
        f.write("</graph></graphml>\n")


# -- GEXF 1.2 -----------------------------------------------------------------------------------

#: GEXF's name of each Python type, as networkx writes them.
_GEXF_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_FLOATS = {"inf": "INF", "nan": "NaN", "-inf": "-INF"}


_BREAKS = re.compile(r"[\t\n\r]")


#: What :func:`_gexf_value` changes in a text: markup, control characters, breaks and tabs.
_ESCAPED = re.compile(r"[&<>\"\x00-\x1f]")


def _gexf_plain(value: Any) -> str:
    """:func:`_gexf_value` of a value whose text has nothing to escape."""
    if type(value) is str:
        return value
    if type(value) is bool:
        return "true" if value else "false"
    text = str(value)
    return _FLOATS.get(text, text) if type(value) is float else text


def _gexf_value(value: Any) -> str:
    """A value in a quoted attribute: line breaks and tabs as character references (an XML
    reader turns a raw one into a space)."""
    if type(value) is bool:
        return "true" if value else "false"
    if type(value) is float:
        text = str(value)
        return _FLOATS.get(text, text)
    text = _text(value)
    if _BREAKS.search(text) is None:
        return text
    return _BREAKS.sub(lambda m: f"&#{ord(m[0])};", text)


class _Attributes:
    """One attribute id per (class, title), numbered across both classes in the order first
    met, its type the first value's, as networkx does; a line template per shape of element
    (as :class:`_Keys`), with where its booleans and floats are (the values ``str`` does not
    write as GEXF does)."""

    def __init__(self) -> None:
        self.ids: dict[str, dict[str, tuple[str, str]]] = {"node": {}, "edge": {}}
        self.count = itertools.count()
        self.templates: dict[tuple[Any, ...], tuple[list[str], list[int]]] = {}

    def template(self, kind: str, head: str, data: dict[str, Any]) -> tuple[list[str], list[int]]:
        """The line of an element of ``kind`` whose head (its id, label...) is ``head``, a
        ``{}`` for each field, and whose values are ``data``, a ``{}`` for each; and which of
        the values are booleans or floats."""
        shape = (kind, head, tuple(data), tuple(map(type, data.values())))
        known = self.templates.get(shape)
        if known is not None:
            return known
        ids = self.ids[kind]
        parts = []
        for title, kind_of_value in zip(shape[2], shape[3], strict=True):
            if title == "key":  # networkx's name for a multigraph's edge key
                title = "networkx_key"
            if title not in ids:
                ids[title] = (str(next(self.count)), _GEXF_TYPES.get(kind_of_value, "string"))
            parts.append(f'<attvalue for="{ids[title][0]}" value="{{}}" />')
        values = f"<attvalues>{''.join(parts)}</attvalues>" if parts else ""
        odd = [i for i, t in enumerate(shape[3]) if t is bool or t is float]
        known = self.templates[shape] = (_slots(f"<{kind} {head}>{values}</{kind}>\n"), odd)
        return known

    def declarations(self) -> Iterable[str]:
        for kind in ("edge", "node"):
            if self.ids[kind]:
                yield f'<attributes mode="static" class="{kind}">\n'
                for title, (key, type_) in self.ids[kind].items():
                    yield f'<attribute id="{key}" title="{_text(title)}" type="{type_}" />\n'
                yield "</attributes>\n"


def _gexf_line(template: tuple[list[str], list[int]], head: list[Any], data: dict[str, Any]) -> str:
    """An element's line: its head's fields as :func:`_text` writes them, its values as
    :func:`_gexf_value` does. Most elements hold nothing to escape (one look at all their
    texts tells): their texts are ``str``'s, but for booleans and floats."""
    line, odd = template
    values = list(data.values())
    texts = [*map(str, head), *map(str, values)]
    if _ESCAPED.search("".join(texts)) is None:  # _ESCAPED finds all _MARKUP finds
        for i in odd:
            texts[len(head) + i] = _gexf_plain(values[i])
        return _fill(line, texts)
    fields = [_text(t) for t in texts[: len(head)]]
    if _ESCAPED.search("".join([v for v in values if type(v) is str])) is None:
        return _fill(line, [*fields, *map(_gexf_plain, values)])
    return _fill(line, [*fields, *map(_gexf_value, values)])


def write_gexf(g: Graph, path: Path) -> None:
    """``g`` as GEXF 1.2 in ``path``: a node's ``label`` attribute as its label, an edge's
    ``label`` as its label and its key as ``networkx_key``; values static."""
    attrs = _Attributes()
    nodes = []
    for n, data in g.nodes.items():
        d = dict(data)
        head = [d.pop("id", n), d.pop("label", n)]
        nodes.append(_gexf_line(attrs.template("node", 'id="{}" label="{}"', d), head, d))
    taken = {str(d["id"]) for _, _, _, d in g.edges if d.get("id") is not None}
    counter = (str(i) for i in itertools.count() if str(i) not in taken)
    edges = []
    for u, v, k, data in g.edges:
        d = {**data, "key": k}
        edge_id = d.pop("id", None)
        head = [g.nodes[u].get("id", u), g.nodes[v].get("id", v)]
        head.append(edge_id if edge_id is not None else next(counter))
        fields = 'source="{}" target="{}" id="{}"'
        if "label" in d:
            head.append(d.pop("label"))
            fields += ' label="{}"'
        if "weight" in d:
            head.append(d.pop("weight"))
            fields += ' weight="{}"'
        edges.append(_gexf_line(attrs.template("edge", fields, d), head, d))
    with path.open("w", encoding="utf-8") as f:
        f.write(
            "<?xml version='1.0' encoding='utf-8'?>\n"
            '<gexf xmlns="http://www.gexf.net/1.2draft" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://www.gexf.net/1.2draft '
            'http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n'
            f'<meta lastmodifieddate="{time.strftime("%Y-%m-%d")}">'
            f"<creator>partnergraph</creator></meta>\n"
            '<graph defaultedgetype="directed" mode="static" name="">\n'
        )
        f.writelines(attrs.declarations())
        f.write("<nodes>\n")
        f.writelines(nodes)
        f.write("</nodes>\n<edges>\n")
        f.writelines(edges)
        f.write("</edges>\n</graph>\n</gexf>\n")
