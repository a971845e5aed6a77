"""The network view's layout and places, on the sample graph with the twin-city list."""

from __future__ import annotations

import math
import random
from collections import defaultdict
from itertools import pairwise

import networkx as nx
import pytest

from graph.layout import places, radial
from graph.questions.neighbourhood import neighbourhood
from graph.schema import MODEL
from graph.stores import LadybugStore


@pytest.fixture(scope="module")
def g(full_store: LadybugStore) -> nx.MultiDiGraph:
    return full_store.to_networkx()


@pytest.mark.parametrize(("centre", "depth"), [("fr", 2), ("haiphong-vn", 2), ("esbjerg-dk", 1)])
def test_radial_places_every_node_in_rings_by_depth(
    g: nx.MultiDiGraph, centre: str, depth: int
) -> None:
    view = neighbourhood(g, centre, model=MODEL, depth=depth)
    at = radial(view)
    assert set(at) == {n.id for n in view.nodes} and at[centre] == (0.0, 0.0)
    assert len(set(at.values())) == len(at), "two nodes on one spot"
    radius: dict[int, list[float]] = defaultdict(list)
    for n in view.nodes:
        radius[n.depth].append(math.dist((0, 0), at[n.id]))
    rings = sorted(radius)
    for inner, outer in pairwise(rings):
        assert max(radius[inner]) < min(radius[outer]), (inner, outer)


def test_radial_keeps_a_hub_of_1500_cities_compact(g: nx.MultiDiGraph) -> None:
    """France's cities of the twin list in a disc of rows, not one ring 5,000 units across."""
    view = neighbourhood(g, "fr", model=MODEL, depth=2)
    at = radial(view)
    first = [math.dist((0, 0), at[n.id]) for n in view.nodes if n.depth == 1]
    assert len(first) > 1000 and max(first) < 1500, (len(first), max(first))
    close = sum(1 for a, b in pairwise(sorted(at.values())) if math.dist(a, b) < 5)
    assert close < len(at) * 0.02, close


def test_places_by_coordinates(g: nx.MultiDiGraph) -> None:
    view = neighbourhood(g, "haiphong-vn", model=MODEL, depth=2)
    where = places(view, g)
    assert where["esbjerg-dk"] == (
        round(g.nodes["esbjerg-dk"]["longitude"], 4),
        round(g.nodes["esbjerg-dk"]["latitude"], 4),
    )
    lon, lat = where["dk"]  # a country: the median of its cities
    assert 8 < lon < 13 and 54.5 < lat < 58, where["dk"]
    lon, lat = where["haiphong-vn"]
    assert 106 < lon < 107.2 and 20.5 < lat < 21.2
    visits = [n.id for n in view.nodes if n.label == "Visit"]
    assert visits and all(v in where for v in visits)  # placed between their parties
    assert all(-180 <= p[0] <= 180 and -90 <= p[1] <= 90 for p in where.values())


def test_radial_is_the_same_whatever_the_order_of_the_edges(g: nx.MultiDiGraph) -> None:
    """The store answers a view's edges in an order that changed from one app process to the
    next: the same view must be drawn the same (a shared address shows what its sender saw)."""
    view = neighbourhood(g, "fr", model=MODEL, depth=2)
    shuffled = view.model_copy(
        update={"edges": random.Random(3).sample(view.edges, len(view.edges))}
    )
    assert shuffled.edges != view.edges
    assert radial(shuffled) == radial(view)
