"""GraphML and GEXF written as text (graph/exports/graphml.py) read back into the graphs that
networkx's own writers give, on the sample, and keep what those writers lose or refuse."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from graph.exports.formats import _flat_graph
from graph.exports.graphml import Graph, write_gexf, write_graphml
from graph.stores import LadybugStore


def _nx(flat: Graph) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_nodes_from(flat.nodes.items())
    g.add_edges_from(flat.edges)
    return g


def _flat(data: dict[str, Any]) -> dict[str, Any]:
    """Attributes as GraphML holds them: lists as JSON text, no empty value."""
    return {
        k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
        for k, v in data.items()
        if v is not None
    }


def test_the_flat_graph_is_the_analytics_view_with_sources(sample_store: LadybugStore) -> None:
    """Read from the store's rows without networkx, the graph the exports write is the one
    networkx held: the same nodes, attributes and edge keys, in the same order."""
    flat = _flat_graph(sample_store)
    view = Graph.of(sample_store.to_networkx(include_sources=True))
    assert list(flat.nodes.items()) == [(n, _flat(d)) for n, d in view.nodes.items()]
    assert flat.edges == [(u, v, k, _flat(d)) for u, v, k, d in view.edges]
    assert any(k > 0 for _, _, k, _ in flat.edges)  # parallel edges keyed 0, 1...
    assert {d["type"] for _, _, _, d in flat.edges} >= {"SOURCED_FROM", "PARTICIPATED_IN"}


def _edges(g: nx.MultiDiGraph, *, leave: str = "") -> list[tuple[Any, ...]]:
    return sorted(
        (u, v, k, tuple(sorted((a, b) for a, b in d.items() if a != leave)))
        for u, v, k, d in g.edges(keys=True, data=True)
    )


def test_graphml_reads_back_as_networkx_writes_it(
    sample_store: LadybugStore, tmp_path: Path
) -> None:
    flat = _flat_graph(sample_store)
    g = _nx(flat)
    write_graphml(flat, tmp_path / "ours.graphml")
    nx.write_graphml(g, tmp_path / "nx.graphml", encoding="utf-8")
    ours, theirs = (
        nx.read_graphml(tmp_path / "ours.graphml"),
        nx.read_graphml(tmp_path / "nx.graphml"),
    )
    assert dict(ours.nodes(data=True)) == dict(theirs.nodes(data=True))
    assert _edges(ours) == _edges(theirs), (len(_edges(ours)), len(_edges(theirs)))
    assert ours.number_of_edges() == g.number_of_edges() > 0
    text = ours.nodes["seed-000"]["text"]  # an article's text, its lines kept
    assert "\n" in text and text == g.nodes["seed-000"]["text"]


def test_gexf_reads_back_as_networkx_writes_it_and_keeps_the_type(
    sample_store: LadybugStore, tmp_path: Path
) -> None:
    flat = _flat_graph(sample_store)
    for n, data in flat.nodes.items():
        data["kind"] = data.pop("label")
        data["label"] = data.get("name", n)
    for _, _, _, data in flat.edges:
        data["label"] = data["type"]
    g = _nx(flat)
    write_gexf(flat, tmp_path / "ours.gexf")
    nx.write_gexf(g, tmp_path / "nx.gexf", encoding="utf-8")
    ours, theirs = nx.read_gexf(tmp_path / "ours.gexf"), nx.read_gexf(tmp_path / "nx.gexf")
    assert dict(ours.nodes(data=True)) == dict(theirs.nodes(data=True))
    # networkx writes a relationship's "type" as GEXF's edge type (directed, undirected or
    # mutual: "PARTICIPATED_IN" is none of them) and reads it back as nothing; ours is kept
    assert _edges(ours, leave="type") == _edges(theirs)
    assert {d["type"] for _, _, d in ours.edges(data=True)} >= {"PARTICIPATED_IN", "SOURCED_FROM"}
    assert "\n" in ours.nodes["seed-000"]["text"]  # a line break in an attribute is kept


def test_markup_and_control_characters_in_values(tmp_path: Path) -> None:
    g = nx.MultiDiGraph()
    g.add_node('a&<b>"', name='Tom & "Jerry" <x>\x01', n=3, share=0.5, named=True)
    g.add_node("c", name="line\nbreak\ttab")
    g.add_edge('a&<b>"', "c", type="LINKS", weight_note="a > b")
    write_graphml(Graph.of(g), tmp_path / "g.graphml")
    back = nx.read_graphml(tmp_path / "g.graphml")
    assert back.nodes['a&<b>"'] == {
        "name": 'Tom & "Jerry" <x>',
        "n": 3,
        "share": 0.5,
        "named": True,
    }
    assert back.nodes["c"]["name"] == "line\nbreak\ttab"
    write_gexf(Graph.of(g), tmp_path / "g.gexf")
    gexf = nx.read_gexf(tmp_path / "g.gexf")
    assert gexf.nodes['a&<b>"']["name"] == 'Tom & "Jerry" <x>' and gexf.nodes['a&<b>"']["n"] == 3
    assert gexf.nodes["c"]["name"] == "line\nbreak\ttab"


def test_elements_of_one_shape_but_other_types_keep_their_own_keys(tmp_path: Path) -> None:
    """The writers make one line template per shape of element: its attribute names and the
    types of its values. Two nodes with the same names but an int and a float, a bool and a
    text, read back as networkx's own files give them, each value with its type; so do an
    edge with a weight, one with a label, and a value holding braces (never a template)."""
    g = nx.MultiDiGraph()
    g.add_node("a", label="City", n=3, flag=True)
    g.add_node("b", label="City", n=2.5, flag="yes")
    g.add_node("c", label="City", n=float("inf"), flag=False)
    g.add_edge("a", "b", type="LINKS", note="{0} {}", weight=2)
    g.add_edge("b", "c", type="LINKS", note="plain", label="x")
    g.add_edge("a", "b", type="LINKS", note="again")
    write_graphml(Graph.of(g), tmp_path / "ours.graphml")
    nx.write_graphml(g, tmp_path / "nx.graphml", encoding="utf-8")
    ours, theirs = (nx.read_graphml(tmp_path / n) for n in ("ours.graphml", "nx.graphml"))
    assert dict(ours.nodes(data=True)) == dict(theirs.nodes(data=True))
    assert ours.nodes["b"] == {"label": "City", "n": 2.5, "flag": "yes"}
    assert type(ours.nodes["a"]["n"]) is int and ours.nodes["a"]["flag"] is True
    assert _edges(ours) == _edges(theirs)
    # GEXF declares an attribute's type once, the first value's: a text first, then a
    # boolean and a float written as GEXF writes them ("true", "INF"), not as str does
    g = nx.MultiDiGraph()
    g.add_node("a", label="City", n=2.5, flag="yes")
    g.add_node("b", label="City", n=3, flag=True)
    g.add_node("c", label="City", n=float("inf"), flag="no")
    g.add_edge("a", "b", type="LINKS", note="{0} {}")
    write_gexf(Graph.of(g), tmp_path / "ours.gexf")
    nx.write_gexf(g, tmp_path / "nx.gexf", encoding="utf-8")
    ours, theirs = (nx.read_gexf(tmp_path / n) for n in ("ours.gexf", "nx.gexf"))
    assert dict(ours.nodes(data=True)) == dict(theirs.nodes(data=True))
    assert ours.nodes["b"]["flag"] == "true" and ours.nodes["c"]["n"] == float("inf")
    assert ours.edges["a", "b"] == {**theirs.edges["a", "b"], "type": "LINKS"}  # as above
    assert ours.edges["a", "b"]["note"] == "{0} {}"
