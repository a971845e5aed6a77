"""Shared fixtures: real embedded databases, loaded with the real sample data."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def served_by_cli(db: Path) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """``partnergraph serve`` on ``db`` in its own process, without a key (so read-only), on a
    free loopback port: yields the process and the port once the app answers."""
    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PARTNERGRAPH_DB": str(db)}
    env.pop("PARTNERGRAPH_API_KEY", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port)],
        env=env,
        cwd=Path(__file__).parents[1],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=5)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "the app did not start"
                time.sleep(0.2)
        yield server, port
    finally:
        server.terminate()
        server.wait(timeout=30)
