"""One writer or many readers per database file, whichever process opens it: the command line
refuses to write a file another partnergraph process has open (the keyless app's read-only open
included) and names it; a reader is refused while a writer has the file, with "being updated"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from graph.stores import LadybugStore
from graph.stores.lock import holders, lock_path
from ingest.pipeline import ingest_paths, sample_files
from tests.conftest import DATA, served_by_cli

ROOT = Path(__file__).resolve().parents[3]


def cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PARTNERGRAPH_DB": str(db), "COLUMNS": "200"}
    env.pop("PARTNERGRAPH_API_KEY", None)
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("lock") / "graph.lbdb"
    with LadybugStore(path) as store:
        ingest_paths(store, sample_files(reference=False))
    return path


def test_a_write_is_refused_while_a_reader_has_the_file_and_names_it(db: Path) -> None:
    with LadybugStore(db, read_only=True) as reader:
        before = reader.counts()
        assert holders(lock_path(db)) == []  # this process is not "another" holder
        done = cli(db, "ingest", str(DATA / "esbjerg-visit-vi.txt"))
        assert done.returncode == 74, done.stderr
        message = " ".join(done.stderr.split())
        assert f"pid {os.getpid()}" in message, message
        assert "open in another partnergraph process" in message and "Stop it" in message
        assert reader.counts() == before  # nothing written, the reader's view intact


def test_a_read_is_refused_while_a_writer_has_the_file(db: Path) -> None:
    with LadybugStore(db):
        done = cli(db, "--json", "search", "Esbjerg")
    assert done.returncode == 74, done.stderr
    message = " ".join(done.stderr.split())
    assert "being updated" in message and f"pid {os.getpid()}" in message, message
    done = cli(db, "--json", "search", "Esbjerg")  # the writer closed: readers are back
    assert done.returncode == 0 and json.loads(done.stdout)[0]["id"] == "esbjerg-dk"


def test_readers_share_the_file(db: Path) -> None:
    with LadybugStore(db, read_only=True) as one, LadybugStore(db, read_only=True) as two:
        assert one.counts() == two.counts()


def test_ingest_while_the_keyless_app_runs_is_refused_and_the_app_still_answers(
    db: Path,
) -> None:
    """The issue's case: the app answered 400 "String dictionary contains a non-monotonic ...
    string offset" for /api/entities/dk after an ingest from the command line."""
    with served_by_cli(db) as (server, port):
        done = cli(db, "ingest", str(DATA / "esbjerg-visit-vi.txt"))
        assert done.returncode == 74, done.stderr
        message = " ".join(done.stderr.split())
        assert f"pid {server.pid}" in message and "serve" in message, message
        assert "PARTNERGRAPH_API_KEY" in message, message
        r = httpx.get(f"http://127.0.0.1:{port}/api/entities/dk", timeout=30)
        assert r.status_code == 200, r.text
        assert cli(db, "--json", "show", "dk").returncode == 0  # reading alongside still works
