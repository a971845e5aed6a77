"""The steps of ``unexplored`` and ``opportunities`` whose logic is subtle, each alone: the
ranking's order on ties, the numpy lists, the partner cities most engaged, the weight of a
reason, and the order in turns of a city's own partners and its country's actors (issue 16)."""

from __future__ import annotations

import heapq

import networkx as nx
import numpy as np
import pytest

from graph.questions.lookup import SearchHit
from graph.questions.unexplored import (
    Suggestion,
    Via,
    _HomeAround,
    _in_turns,
    _Lists,
    _most_engaged,
    _Numbered,
    _Partner,
    _reason,
    _Reasons,
    _suggestion,
    _Typed,
)

# h's neighbours, numbered h=0, a=1, b=2, c=3, d=4; d is no candidate
_ADJ = {"h": ["a", "b", "c", "d"], "a": ["h"], "b": ["h"], "c": ["h"], "d": ["h"]}
_OK = bytes([0, 1, 1, 1, 0])


def test_ranking_sums_signals_and_settles_ties_by_who_was_reached_first() -> None:
    reasons = _Reasons(_Numbered(_ADJ), _OK)
    reasons.add("first", ["c", "b", "d", "h"], 1.0, "x")  # d and h are no candidates
    reasons.add("second", ["a"], 2.0, "y")
    reasons.add("first", ["a"], 1.0, "z")
    assert reasons.ranked(10) == ["a", "c", "b"]  # c and b tie: c was reached first
    assert reasons.ranked(2) == ["a", "c"]
    assert [reasons.total(x) for x in "acb"] == [3.0, 1.0, 1.0]
    evidence = reasons.evidence("a")
    assert list(evidence) == ["first", "second"], evidence  # in the order the signals came
    assert (evidence["first"].score, evidence["first"].count) == (1.0, 1)
    assert evidence["first"].examples == [("z",)], evidence["first"].examples


def test_ranking_takes_arrays_and_keeps_the_first_three_paths() -> None:
    reasons = _Reasons(_Numbered(_ADJ), _OK)
    for via in "pqrs":
        reasons.add("lists", ["b"], 0.5, via)
    reasons.add("lists", ["c"], 1.0, "t")
    values = np.array([0.5, 4.0])
    reasons.add_all("arrays", np.array([3, 1], dtype=np.int64), 2 * values, values)
    assert reasons.ranked(10) == ["a", "b", "c"], reasons.sums  # b and c tie at 2
    assert (reasons.total("b"), reasons.total("c")) == (2.0, 2.0)
    lists = reasons.evidence("b")["lists"]
    assert (lists.score, lists.count, lists.examples) == (2.0, 4, [("p",), ("q",), ("r",)])
    assert reasons.evidence("a")["arrays"].examples == [(4.0,)]
    assert "d" not in reasons.ranked(10)


@pytest.mark.parametrize("nodes", [[2, 0, 2], [1, 3], [4], [], [0, 1, 2, 3, 4]])
def test_lists_of_nodes_one_after_the_other(nodes: list[int]) -> None:
    lists = [[1, 2], [], [0, 3, 4], [2], []]
    flat = _Lists(5, enumerate(lists))
    got = flat.of(np.array(nodes, dtype=np.int64)).tolist()
    assert got == [x for n in nodes for x in lists[n]], (nodes, got)


@pytest.mark.parametrize("cap", [1, 2, 3, 4, 5, 9])
def test_the_cities_most_engaged_as_a_heap_gives_them(cap: int) -> None:
    """The cap-th count is shared by several cities: those kept are the smallest ids."""
    g = nx.MultiDiGraph()
    cities = ["c-e", "c-a", "c-d", "c-b", "c-f", "c-g", "c-h"]
    g.add_nodes_from(cities, label="City")
    g.add_nodes_from(["o-x", "o-y"], label="Organisation")
    adj: dict[str, list[str]] = {n: [] for n in g}
    num, t = _Numbered(adj, g), _Typed(g)
    engaged = np.zeros(len(num.ids), dtype=np.int64)
    counts = {"c-e": 2, "c-a": 1, "c-d": 2, "c-b": 2, "c-f": 3, "c-g": 0, "o-x": 9, "o-y": 5}
    for n, count in counts.items():
        engaged[num.index[n]] = count
    got = _most_engaged(num, t, engaged, "City", cap)
    engaged_cities = [n for n in cities if counts.get(n, 0) > 0]
    want = heapq.nsmallest(cap, engaged_cities, key=lambda n: (-counts[n], n))
    assert got == want, (cap, got, want)


def _hit(id_: str, label: str, name: str) -> SearchHit:
    return SearchHit(id=id_, label=label, name=name, matched=name, score=100)


def _around() -> _HomeAround:
    return _HomeAround(
        hit=_hit("home-vn", "City", "Home"),
        side={"home-vn": "City"},
        country="VN",
        twins=set(),
        networks={},
        priorities={},
        investors=set(),
        tied=set(),
        partner_cities=set(),
        partner_countries=set(),
    )


def test_sister_cities_in_partner_countries_count_once_per_country_at_most_four() -> None:
    about, home = _Partner(_hit("dk", "Country", "Denmark"), "DK"), _around()
    codes = ["JP", "JP", "KR", "FR", "DE", "US"]
    via = [Via(id=f"t{i}", name=f"Twin {i}", country_code=c) for i, c in enumerate(codes)]
    many = _reason("sister_in_partner_countries", via, about, home)
    assert many.score == 0.5 * 4, many  # five countries, counted four times
    assert many.text == (
        "a sister city of Twin 0, Twin 1, Twin 2 (and 3 more), in countries Home works with"
    ), many.text
    assert _reason("sister_in_partner_countries", via[:2], about, home).score == 0.5
    assert _reason("shared_membership", via[:2], about, home).score == 3.0 * 2


def test_a_suggestion_sums_its_reasons_strongest_first_and_ends_its_paths_with_it() -> None:
    about, home = _Partner(_hit("dk", "Country", "Denmark"), "DK"), _around()
    row = {
        "id": "odense-dk",
        "name": "Odense",
        "name_vi": None,
        "label": "City",
        "country_code": "DK",
        "population": 180_000,
    }
    twin, network = Via(id="t", name="T", country_code="JP"), Via(id="n", name="N")
    signals = {"sister_in_partner_countries": [twin], "shared_membership": [network]}
    s = _suggestion(row, signals, about, home)
    assert [r.signal for r in s.reasons] == ["shared_membership", "sister_in_partner_countries"]
    assert s.score == 3.5, s
    assert all(r.path[-1] == "Odense" and r.path[2] == r.via[0].name for r in s.reasons), s


def _suggestions(ids: str) -> list[Suggestion]:
    return [Suggestion(id=i, name=i, label="City", score=1.0, reasons=[]) for i in ids]


@pytest.mark.parametrize(
    ("ranked", "own", "limit", "want"),
    [
        ("xaybzc", "abc", 6, "axbycz"),
        ("xaybzc", "abc", 3, "axb"),
        ("abxc", "abc", 9, "axbc"),  # one other: the rest of the city's own follow
        ("xyza", "a", 9, "axyz"),
        ("xyz", "", 2, "xy"),  # a country: in rank order
        ("xyz", "q", 9, "xyz"),  # the own partners all left out: in rank order
    ],
)
def test_a_citys_own_partners_and_its_countrys_actors_in_turns(
    ranked: str, own: str, limit: int, want: str
) -> None:
    got = "".join(s.id for s in _in_turns(_suggestions(ranked), set(own), limit))
    assert got == want, (ranked, own, got)
