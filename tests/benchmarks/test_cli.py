"""The command line's benchmark (`python -m benchmarks.cli`) run for the exports alone on the
sample without the twin list, once each: its table names what every export pays before it
writes (the floors), then each export asked for, and no start."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from graph.stores import LadybugStore
from ingest.pipeline import ingest_paths, sample_files

ROOT = Path(__file__).resolve().parents[2]


def test_the_exports_alone_with_their_floor(tmp_path: Path) -> None:
    db = tmp_path / "graph.lbdb"
    with LadybugStore(db) as store:
        ingest_paths(store, sample_files(reference=False))
    argv = ["--no-starts", "--formats", "json,ftm", "--runs", "1", "--export-runs", "1"]
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.cli", *argv, "--db", str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    rows = [line.split(" | ")[0].lstrip("| ") for line in done.stdout.splitlines()[3:]]
    assert rows == [
        "`python -c pass` (the interpreter alone)",
        "`python -c 'import typer'`",
        "`ladybug.Database(FILE, read_only=True)` (the engine's open)",
        "`import followthemoney` (ftm's library)",
        "the store opened and every table read (each export's floor)",
        "`partnergraph export --format json`",
        "`partnergraph export --format ftm`",
    ], done.stdout
    assert all(" s (CPU " in line for line in done.stdout.splitlines()[3:])
