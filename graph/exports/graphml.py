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


class _Keys:
    """One key per (name, type, domain), numbered in the order first met, as networkx does."""

    def __init__(self) -> None:
        self.ids: dict[tuple[str, str, str], str] = {}
        self.by_type: dict[str, dict[tuple[str, type], str]] = {"node": {}, "edge": {}}

    def meet(self, domain: str, items: Iterable[dict[str, Any]]) -> None:
        ids = self.by_type[domain]
        for data in items:
            for name, value in data.items():
                if (name, type(value)) not in ids:
                    key = (name, _TYPES.get(type(value), "string"), domain)
                    if key not in self.ids:
                        self.ids[key] = f"d{len(self.ids)}"
                    ids[name, type(value)] = self.ids[key]

    def data(self, domain: str, data: dict[str, Any]) -> str:
        ids = self.by_type[domain]
        texts = [v if type(v) is str else str(v) for v in data.values()]
        if _MARKUP.search("".join(texts)) is not None:  # one look at the element's values
            texts = [_text(t) for t in texts]
        return "".join(
            [
                f'<data key="{ids[n, type(v)]}">{t}</data>'
                for (n, v), t in zip(data.items(), texts, strict=True)
            ]
        )

    def declarations(self) -> Iterable[str]:
        for (name, kind, domain), key in self.ids.items():
            yield (
                f'<key id="{key}" for="{domain}" attr.name="{_text(name)}" attr.type="{kind}" />\n'
            )


def write_graphml(g: Graph, path: Path) -> None:
    """``g`` as GraphML in ``path``: each edge with its key as its id (a multigraph)."""
    keys = _Keys()
    keys.meet("node", g.nodes.values())
    keys.meet("edge", (d for _, _, _, d in g.edges))
    with path.open("w", encoding="utf-8") as f:
        f.write(_HEAD)
        f.writelines(keys.declarations())
        f.write('<graph edgedefault="directed">\n')
        for n, d in g.nodes.items():
            f.write(f'<node id="{_text(n)}">{keys.data("node", d)}</node>\n')
        for u, v, k, d in g.edges:
            f.write(
                f'<edge source="{_text(u)}" target="{_text(v)}" id="{_text(k)}">'
                f"{keys.data('edge', d)}</edge>\n"
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
    met, its type the first value's, as networkx does."""

    def __init__(self) -> None:
        self.ids: dict[str, dict[str, tuple[str, str]]] = {"node": {}, "edge": {}}
        self.count = itertools.count()

    def values(self, kind: str, data: dict[str, Any]) -> str:
        ids = self.ids[kind]
        parts = []
        # Most elements hold nothing to escape: one look at all their values tells.
        plain = _ESCAPED.search("".join([v if type(v) is str else "" for v in data.values()]))
        value_of = _gexf_value if plain is not None else _gexf_plain
        for title, value in data.items():
            if title == "key":  # networkx's name for a multigraph's edge key
                title = "networkx_key"
            if title not in ids:
                ids[title] = (str(next(self.count)), _GEXF_TYPES.get(type(value), "string"))
            parts.append(f'<attvalue for="{ids[title][0]}" value="{value_of(value)}" />')
        return f"<attvalues>{''.join(parts)}</attvalues>" if parts else ""

    def declarations(self) -> Iterable[str]:
        for kind in ("edge", "node"):
            if self.ids[kind]:
                yield f'<attributes mode="static" class="{kind}">\n'
                for title, (key, type_) in self.ids[kind].items():
                    yield f'<attribute id="{key}" title="{_text(title)}" type="{type_}" />\n'
                yield "</attributes>\n"


def write_gexf(g: Graph, path: Path) -> None:
    """``g`` as GEXF 1.2 in ``path``: a node's ``label`` attribute as its label, an edge's
    ``label`` as its label and its key as ``networkx_key``; values static."""
    attrs = _Attributes()
    nodes = []
    for n, data in g.nodes.items():
        d = dict(data)
        node_id, label = d.pop("id", n), d.pop("label", n)
        nodes.append(
            f'<node id="{_text(node_id)}" label="{_text(label)}">{attrs.values("node", d)}</node>\n'
        )
    taken = {str(d["id"]) for _, _, _, d in g.edges if d.get("id") is not None}
    counter = (str(i) for i in itertools.count() if str(i) not in taken)
    edges = []
    for u, v, k, data in g.edges:
        d = {**data, "key": k}
        edge_id = d.pop("id", None)
        source, target = g.nodes[u].get("id", u), g.nodes[v].get("id", v)
        head = f'source="{_text(source)}" target="{_text(target)}" '
        head += f'id="{_text(edge_id if edge_id is not None else next(counter))}"'
        if "label" in d:
            head += f' label="{_text(d.pop("label"))}"'
        if "weight" in d:
            head += f' weight="{_text(d.pop("weight"))}"'
        edges.append(f"<edge {head}>{attrs.values('edge', d)}</edge>\n")
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
