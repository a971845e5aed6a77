"""The web app's kept answers: computed once per graph version, never kept across a change."""

from __future__ import annotations

import pytest

from api.state import AppState
from graph.batch import Batch, NodeRow
from graph.schema import MODEL
from graph.settings import Settings
from graph.stores import LadybugStore
from ingest.pipeline import ingest_paths
from tests.conftest import DATA


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


def test_engagement_counts_are_kept_per_graph_version(
    sample_store: LadybugStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the network view ranks labels by (each node's engagements in the whole graph) is
    counted once per graph version, not per request, and counted again after an upload."""
    state = AppState(settings=Settings(db=sample_store.path), store=sample_store)
    counted: list[int] = []
    count = AppState._count_engagements

    def counting(self: AppState) -> dict[str, int]:
        counted.append(self.version)
        return count(self)

    monkeypatch.setattr(AppState, "_count_engagements", counting)
    first = state.engagements()
    assert state.engagements() is first and counted == [0]
    g = state.graph()
    engagements = set(MODEL.engagement_labels)

    def by_hand(node: str) -> int:  # the engagements among a node's neighbours, either way
        around = set(g.successors(node)) | set(g.predecessors(node))
        return sum(1 for m in around if g.nodes[m].get("label") in engagements)

    parties = [n for n, label in g.nodes(data="label") if label not in engagements]
    assert {n: by_hand(n) for n in parties if by_hand(n)} == first
    assert first["dk"] >= 3 and "orsted" in first, first
    assert all(g.nodes[n]["label"] not in engagements for n in first)  # no engagement counted
    before = first.get("esbjerg-dk", 0)
    ingest_paths(sample_store, [DATA / "esbjerg-visit-vi.txt"], home="haiphong-vn")
    state.changed()
    after = state.engagements()
    assert after["esbjerg-dk"] == before + 1 and counted == [0, 1], (
        before,
        after.get("esbjerg-dk"),
    )
