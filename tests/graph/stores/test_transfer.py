"""Copying a whole graph between stores: complete, idempotent, resumable after an interruption.
Shown between two embedded stores (the logic is the same for Neo4j, which push and pull use)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.exports.jsondump import lines
from graph.stores import LadybugStore
from graph.stores.transfer import copy_graph


def _records(store: LadybugStore) -> list[dict[str, object]]:
    return list(lines(store))[1:]


def test_copy_gives_an_identical_graph_and_again_changes_nothing(
    sample_store: LadybugStore, tmp_path: Path
) -> None:
    with LadybugStore(tmp_path / "target.lbdb") as target:
        seen: list[tuple[int, int]] = []
        report = copy_graph(
            sample_store, target, batch=50, progress=lambda d, t: seen.append((d, t))
        )
        assert _records(target) == _records(sample_store)
        assert report.nodes_already_there == 0 and report.relationships_copied > 100
        assert seen[-1][0] == seen[-1][1] == sum(sample_store.counts().values())
        again = copy_graph(sample_store, target, batch=50)
        assert again.nodes_copied == 0 and again.relationships_copied == 0
        assert _records(target) == _records(sample_store)


def test_an_interrupted_copy_resumes(sample_store: LadybugStore, tmp_path: Path) -> None:
    class Interrupted(Exception):
        pass

    def stop_halfway(done: int, total: int) -> None:
        if done > total // 2:
            raise Interrupted

    with LadybugStore(tmp_path / "target.lbdb") as target:
        with pytest.raises(Interrupted):
            copy_graph(sample_store, target, batch=40, progress=stop_halfway)
        partial = sum(target.counts().values())
        assert 0 < partial < sum(sample_store.counts().values())
        report = copy_graph(sample_store, target, batch=40)
        assert report.nodes_already_there + report.relationships_already_there >= partial - 40
        assert _records(target) == _records(sample_store)
