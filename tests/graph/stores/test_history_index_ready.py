"""Each pair of the history index keeps its answer ready-made (graph.questions.history_answer):
a history asked by ids is the pair's row and the partner's names, two primary-key reads, and
says what the graph says; a pair too large to keep one reads its cards instead."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from graph import cypher
from graph.cypher import index as index_q
from graph.questions.history import history
from graph.stores import LadybugStore, history_index
from ingest.pipeline import ingest_paths, sample_files
from tests.graph.stores.test_history_index import (
    DATA,
    assert_kept,
    assert_same_histories,
    rebuilt,
)


def sent(store: LadybugStore, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The queries ``store`` is sent from now on."""
    queries: list[str] = []
    read = store.read

    def counted(query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        queries.append(query)
        return read(query, params)

    monkeypatch.setattr(store, "read", counted)
    return queries


def answers(store: LadybugStore) -> dict[str, bytes | None]:
    rows = store.read("MATCH (p:HistoryPair) RETURN p.id AS id, p.answer AS answer")
    return {r["id"]: r["answer"] for r in rows if "|" in r["id"] and not r["id"].endswith("|")}


@pytest.mark.parametrize("as_of", [None, dt.date(2022, 6, 30), dt.date(2019, 1, 1)])
def test_a_history_by_ids_is_two_reads_of_the_pair_and_the_partner(
    sample_store: LadybugStore, monkeypatch: pytest.MonkeyPatch, as_of: dt.date | None
) -> None:
    """Denmark seen from Hai Phong: the pair's row (with the home's reach) and Denmark's
    names, and the same answer as the graph's, for the default day and two others."""
    read = history(sample_store, "dk", home="haiphong-vn", as_of=as_of, use_index=False)
    queries = sent(sample_store, monkeypatch)
    kept = history(sample_store, "dk", home="haiphong-vn", as_of=as_of)
    assert queries == [index_q.READY, index_q.names_of("Country")], queries
    assert kept == read
    assert kept.entries, kept  # the comparison saw entries
    if as_of == dt.date(2019, 1, 1):
        assert len(kept.entries) < len(history(sample_store, "dk", home="haiphong-vn").entries)


def test_a_name_finds_both_first_and_a_pair_with_nothing_in_common_the_partner(
    sample_store: LadybugStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    queries = sent(sample_store, monkeypatch)
    by_name = history(sample_store, "Denmark", home="haiphong-vn")
    assert queries[0] == index_q.READY and index_q.CARDS_AND_REACH in queries, queries
    assert by_name == history(sample_store, "Denmark", home="haiphong-vn", use_index=False)
    assert by_name.partner.id == "dk" and by_name.partner.matched == "Denmark"
    pairs = set(answers(sample_store))
    apart = [
        r["id"]
        for r in sample_store.read("MATCH (c:Country) RETURN c.id AS id ORDER BY id")
        if f"haiphong-vn|{r['id']}" not in pairs and r["id"] != "vn"
    ]
    assert apart, "a country with nothing in common with Hai Phong"
    queries.clear()
    empty = history(sample_store, apart[0], home="haiphong-vn")
    assert queries == [index_q.READY, cypher.node_by_id(sample_store.model)], queries
    assert empty == history(sample_store, apart[0], home="haiphong-vn", use_index=False)
    assert not empty.entries and empty.as_of == by_name.as_of


def sizes(store: LadybugStore) -> dict[str, int]:
    rows = store.read(
        "MATCH (p:HistoryPair)-[:LISTS]->(c:HistoryCard) RETURN p.id AS id, count(c) AS n"
    )
    return {r["id"]: r["n"] for r in rows}


def assert_bounds(store: LadybugStore) -> None:
    """A pair keeps an answer exactly when it lists READY_MIN to READY_MAX cards."""
    kept, size = answers(store), sizes(store)
    wrong = {
        k: (size.get(k, 0), v is not None)
        for k, v in kept.items()
        if (v is not None) != (history_index.READY_MIN <= size.get(k, 0) <= history_index.READY_MAX)
    }
    assert not wrong, wrong


def test_pairs_of_enough_cards_keep_their_answer_stored_small(
    sample_store: LadybugStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_bounds(sample_store)
    kept = answers(sample_store)
    assert any(v is None for v in kept.values()), "pairs of a card or two keep none"
    big = kept["haiphong-vn|dk"]
    assert big is not None and big[:1] != b"{", "a country's answer is compressed"
    monkeypatch.setattr(history_index, "READY_MIN", 1)
    rebuilt(sample_store)
    assert_bounds(sample_store)
    assert any(v is not None and v[:1] == b"{" for v in answers(sample_store).values()), (
        "small ones are plain"
    )
    assert_same_histories(sample_store, ["haiphong-vn"])


def test_a_pair_out_of_the_bounds_keeps_none_and_its_history_reads_the_cards(
    sample_store: LadybugStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With bounds of one card, built afresh and then refreshed by an article: the pairs of
    several cards keep no answer, a refresh keeps to the bounds, and every history is still
    the graph's."""
    monkeypatch.setattr(history_index, "READY_MIN", 1)
    monkeypatch.setattr(history_index, "READY_MAX", 1)
    rebuilt(sample_store)  # built afresh under the bound
    assert_same_histories(sample_store, ["haiphong-vn"])
    kept = answers(sample_store)
    assert kept["haiphong-vn|dk"] is None
    assert any(v is not None for v in kept.values())
    ingest_paths(sample_store, [DATA / "esbjerg-visit-vi.txt"], home="haiphong-vn")
    assert_kept(sample_store)
    assert_bounds(sample_store)
    assert answers(sample_store)["haiphong-vn|dk"] is None
    assert_same_histories(sample_store, ["haiphong-vn"])


def test_a_pair_that_grows_into_the_bounds_gets_its_answer_at_the_write(
    sample_store: LadybugStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pair one card short of READY_MIN keeps none; the article that adds its card makes
    its answer in the same write (learnt first on a second copy of the sample)."""
    article = DATA / "esbjerg-visit-vi.txt"
    before = sizes(sample_store)
    with LadybugStore(tmp_path / "other.lbdb") as other:
        ingest_paths(other, sample_files(reference=False))
        ingest_paths(other, [article], home="haiphong-vn")
        grown = {k: n for k, n in sizes(other).items() if n > before.get(k, 0) > 0}
    assert grown, "the article adds cards to pairs that had some"
    key = max(grown, key=lambda k: (grown[k], k))
    monkeypatch.setattr(history_index, "READY_MIN", grown[key])
    rebuilt(sample_store)
    assert answers(sample_store)[key] is None  # one card short
    ingest_paths(sample_store, [article], home="haiphong-vn")
    assert answers(sample_store)[key] is not None
    assert_bounds(sample_store)
    assert_kept(sample_store)
    assert_same_histories(sample_store, ["haiphong-vn"])
