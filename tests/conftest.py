"""Shared fixtures: real embedded databases, loaded with the real sample data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.stores import LadybugStore
from ingest.pipeline import ingest_paths, sample_files

DATA = Path(__file__).with_name("data")


@pytest.fixture(scope="session")
def full_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LadybugStore]:
    """The sample graph plus the 26,114 twin-city pairs, loaded once. Read only in tests."""
    store = LadybugStore(tmp_path_factory.mktemp("full") / "graph.lbdb")
    ingest_paths(store, sample_files(reference=True))
    yield store
    store.close()


@pytest.fixture
def sample_store(tmp_path: Path) -> Iterator[LadybugStore]:
    """A fresh database with the two seed articles' records, for tests that write."""
    store = LadybugStore(tmp_path / "graph.lbdb")
    ingest_paths(store, sample_files(reference=False))
    yield store
    store.close()


@pytest.fixture
def empty_store(tmp_path: Path) -> Iterator[LadybugStore]:
    store = LadybugStore(tmp_path / "empty.lbdb")
    yield store
    store.close()
