"""Each pair of the history index keeps its answer ready-made (graph.questions.history_answer):
a history asked by ids is the pair's row and the partner's names, two primary-key reads, and
says what the graph says; a pair too large to keep one reads its cards instead."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from graph import cypher
from graph.cypher import index as index_q
from graph.questions.history import history
from graph.stores import LadybugStore, history_index
from ingest.pipeline import ingest_paths
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


def test_every_pair_that_lists_cards_keeps_its_answer_stored_small(
    sample_store: LadybugStore,
) -> None:
    kept = answers(sample_store)
    assert kept and all(v is not None for v in kept.values()), kept
    big = kept["haiphong-vn|dk"]
    assert big is not None and big[:1] != b"{", "a country's answer is compressed"
    assert any(v is not None and v[:1] == b"{" for v in kept.values()), "small ones are plain"


def test_a_pair_over_the_bound_keeps_none_and_its_history_reads_the_cards(
    sample_store: LadybugStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a bound of one card, built afresh and then refreshed by an article: the pairs of
    several cards keep no answer, a refresh leaves them so, and every history is still the
    graph's."""
    monkeypatch.setattr(history_index, "READY_MAX", 1)
    rebuilt(sample_store)  # built afresh under the bound
    assert_same_histories(sample_store, ["haiphong-vn"])
    kept = answers(sample_store)
    assert kept["haiphong-vn|dk"] is None
    assert any(v is not None for v in kept.values())
    ingest_paths(sample_store, [DATA / "esbjerg-visit-vi.txt"], home="haiphong-vn")
    assert_kept(sample_store)
    assert answers(sample_store)["haiphong-vn|dk"] is None
    assert_same_histories(sample_store, ["haiphong-vn"])
