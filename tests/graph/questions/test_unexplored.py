from __future__ import annotations

import datetime as dt

import pytest

from graph.errors import NotFound
from graph.questions import dormant, find_entity, search, unexplored
from graph.stores import LadybugStore

HOME = "haiphong-vn"


def test_unexplored_partners_are_ranked_and_explained(full_store: LadybugStore) -> None:
    found = unexplored(full_store, home=HOME, limit=20)
    assert len(found) == 20, found
    scores = [s.score for s in found]
    assert scores == sorted(scores, reverse=True), scores
    ids = {s.id for s in found}
    engaged = {"incheon-kr", "seattle-us", "rotterdam-nl", "esbjerg-dk", "dk", "kr", HOME}
    assert not ids & engaged, ids & engaged
    for s in found:
        assert s.reasons and all(r.path and r.text for r in s.reasons[:1]), s
    signals = {r.signal for s in found for r in s.reasons}
    assert {"sister_of_partner", "adamic_adar", "pagerank"} <= signals, signals
    top = found[0]
    assert top.reasons[0].signal == "sister_of_partner", top


def test_korean_cities_rank_through_the_top_investor(full_store: LadybugStore) -> None:
    found = unexplored(full_store, home=HOME, limit=200, labels={"City"})
    korean = [s for s in found if s.country_code == "KR"]
    assert korean and any(r.signal == "top_investor" for r in korean[0].reasons), korean[:1]


def test_dormant_partners(full_store: LadybugStore) -> None:
    quiet = dormant(full_store, home=HOME, months=12, as_of=dt.date(2024, 6, 1))
    ids = {p.id for p in quiet.partners}
    assert {"dk", "nl", "orsted"} <= ids, ids
    fresh = dormant(full_store, home=HOME, months=12, as_of=dt.date(2022, 12, 31))
    assert "dk" not in {p.id for p in fresh.partners}, fresh.partners


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dan mach", "dk"),
        ("Đan Mạch", "dk"),
        ("denmark", "dk"),
        ("Roterdam", "rotterdam-nl"),
        ("Ramussen", "jesper-frost-rasmussen"),
        ("KCCI", "kcci"),
        ("Hải Phòng", HOME),
    ],
)
def test_search_is_diacritic_insensitive_and_alias_aware(
    full_store: LadybugStore, text: str, expected: str
) -> None:
    hits = search(full_store, text, limit=5)
    assert expected in [h.id for h in hits], hits


def test_an_unknown_partner_lists_close_matches(full_store: LadybugStore) -> None:
    with pytest.raises(NotFound, match=r"close matches: .*Denmark"):
        find_entity(full_store, "Denmarc")


def test_never_a_domestic_partner_and_reasons_in_plain_words(full_store: LadybugStore) -> None:
    found = unexplored(full_store, home="haiphong-vn", limit=40)
    assert found
    assert all((s.country_code or "").upper() != "VN" and s.id != "vn" for s in found), [
        (s.name, s.country_code) for s in found if (s.country_code or "").upper() == "VN"
    ]
    texts = " ".join(r.text for s in found for r in s.reasons).lower()
    for jargon in ("adamic", "pagerank", "resource allocation", "0.0"):
        assert jargon not in texts, jargon
    for s in found:  # one line per thing said
        assert len({r.text for r in s.reasons}) == len(s.reasons), s.reasons


def test_link_prediction_over_numbered_lists_gives_networkx_indices(
    full_store: LadybugStore,
) -> None:
    """The sweep over the view's numbered neighbour lists (numpy sums in the order of the
    paths) gives each candidate the Adamic-Adar and resource allocation indices networkx
    computes on the same graph."""
    import importlib

    import networkx as nx

    module = importlib.import_module("graph.questions.unexplored")
    g = full_store.to_networkx()
    ranking = module._Ranking(
        g, find_entity(full_store, HOME), full_store, full_store.model.candidate_labels
    )
    ranking.gather()
    reasons = ranking.reasons
    assert reasons.ranked(10)
    simple = nx.Graph([(a, b) for a, bs in ranking.adj.items() for b in bs])
    simple.add_nodes_from(ranking.adj)
    num = ranking.num
    ra = reasons.sums["resource_allocation"]
    aa = reasons.sums["adamic_adar"]
    xs = sorted({num.ids[i] for i in reasons.paths["resource_allocation"].arrays()[0].tolist()})
    assert len(xs) > 100, len(xs)
    pairs = [(HOME, x) for x in xs]
    for _, x, value in nx.resource_allocation_index(simple, pairs):
        assert ra[num.index[x]] == pytest.approx(2.0 * value), x
    for _, x, value in nx.adamic_adar_index(simple, pairs):
        assert aa[num.index[x]] == pytest.approx(1.0 * value), x
