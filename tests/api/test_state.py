"""The web app's kept answers: computed once per graph version, never kept across a change."""

from __future__ import annotations

import pytest

from api.state import AppState
from graph.batch import Batch, NodeRow
from graph.schema import MODEL
from graph.settings import Settings
from graph.stores import LadybugStore


def _upload(store: LadybugStore) -> None:
    src = NodeRow(label="Source", props=MODEL.validate_node("Source", {"id": "s1", "name": "s1"}))
    batch = Batch(source=src, model=MODEL)
    batch.add_node("Country", {"id": "dk", "name": "Denmark"})
    store.write_batch(batch)


def test_an_answer_is_computed_once_per_graph_version(
    empty_store: LadybugStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = AppState(settings=Settings(db=empty_store.path), store=empty_store)
    asked: list[dict[str, int]] = []
    counts = empty_store.counts

    def counting() -> dict[str, int]:
        asked.append(counts())
        return asked[-1]

    monkeypatch.setattr(empty_store, "counts", counting)
    assert state.counts() == state.counts()
    assert len(asked) == 1, asked
    _upload(empty_store)
    state.changed()
    assert state.version == 1
    assert state.counts()["Country"] == 1
    assert len(asked) == 2, asked


def test_an_answer_computed_while_an_upload_lands_is_not_kept_for_the_new_graph(
    empty_store: LadybugStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = AppState(settings=Settings(db=empty_store.path), store=empty_store)
    counts = empty_store.counts

    def counts_then_upload() -> dict[str, int]:
        before = counts()  # the answer about the graph as it was ...
        monkeypatch.setattr(empty_store, "counts", counts)
        _upload(empty_store)  # ... while an upload lands and tells the app
        state.changed()
        return before

    monkeypatch.setattr(empty_store, "counts", counts_then_upload)
    assert state.counts().get("Country", 0) == 0  # the request that asked first
    assert state.counts()["Country"] == 1, "an answer about the old graph was kept"
