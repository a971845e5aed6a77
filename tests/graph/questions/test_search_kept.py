"""The name index kept beside the database (graph.questions.names): read back for the graph's
version with the same answers as one built from the graph, and never after a write."""

from __future__ import annotations

import random

import pytest

from graph.questions.lookup import name_index, search
from graph.questions.names import NameIndex, kept_index
from graph.stores import LadybugStore
from ingest.pipeline import ingest_paths
from tests.api.test_search import QUERIES
from tests.conftest import DATA


def _answers(index: NameIndex, queries: list[str]) -> list[list[tuple[str, str, float]]]:
    out = []
    for q in queries:
        for limit, labels in [(20, None), (5, ["City"]), (8, ["Organisation", "Company"])]:
            hits = index.search(q, limit=limit, labels=labels)
            out.append([(h.id, h.matched, h.score) for h in hits])
            out.append([h.model_dump_json() for h in hits])  # every field of every hit
    return out


def test_the_kept_index_answers_as_the_graph_does(full_store: LadybugStore) -> None:
    version, path = full_store.graph_version(), full_store.kept_file("names")
    assert version and path
    built = NameIndex.build(full_store)
    built.save(path, version)
    kept = NameIndex.load(path, version, full_store.model)
    assert kept is not None
    rng = random.Random(15)
    names = [folded for folded, _ in rng.sample(list(built.names), 40)]
    queries = QUERIES + names + [n[:4] for n in names] + [n[1:6] for n in names]
    assert _answers(kept, queries) == _answers(built, queries)
    assert list(kept.entities[:50]) == list(built.entities[:50])
    assert kept_index(full_store).search("dan mach")[0].id == "dk"


def test_a_write_makes_the_kept_index_unused(sample_store: LadybugStore) -> None:
    path = sample_store.kept_file("names")
    assert path is not None
    before = sample_store.graph_version()
    assert before is not None
    assert search(sample_store, "Moriyama") == []  # kept at this version
    assert NameIndex.load(path, before, sample_store.model) is not None
    ingest_paths(sample_store, [DATA / "province-mou-en.txt"], home="ninh-binh-vn")
    after = sample_store.graph_version()
    assert after and after != before
    assert NameIndex.load(path, after, sample_store.model) is None  # the file is the old one
    hits = search(sample_store, "Moriyama")
    assert hits[0].id == "kenji-moriyama", hits
    assert NameIndex.load(path, after, sample_store.model) is not None  # kept again


def test_a_file_that_cannot_be_read_is_built_again(sample_store: LadybugStore) -> None:
    path = sample_store.kept_file("names")
    assert path is not None
    want = [h.id for h in search(sample_store, "rotterdam")]
    assert want and path.exists()
    for damage in (path.read_bytes()[:-10], b"partnergraph-names-1\n{not json", b"", b"\x00" * 99):
        path.write_bytes(damage)
        assert [h.id for h in search(sample_store, "rotterdam")] == want
        assert NameIndex.load(path, sample_store.graph_version() or "", sample_store.model)


def test_the_app_reads_the_kept_index_then_keeps_it_in_memory(
    sample_store: LadybugStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api.state import AppState
    from graph.settings import Settings

    want = search(sample_store, "rotterdam")  # built, and kept beside the database
    built = NameIndex.build

    def refused(store: LadybugStore) -> NameIndex:
        raise AssertionError("built from the graph, not read from its file")

    monkeypatch.setattr(NameIndex, "build", refused)
    state = AppState(Settings(db=sample_store.path), sample_store)
    first = name_index(state.store)  # read from the file
    assert first.search("rotterdam") == want
    assert name_index(state.store) is first  # in memory while the graph is the same
    state.changed()  # an upload: the index in memory is let go
    monkeypatch.setattr(NameIndex, "build", built)
    assert name_index(state.store) is not first
