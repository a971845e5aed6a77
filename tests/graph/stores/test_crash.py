"""A ``kill -9`` at any moment of an ingest leaves the graph as it was before a file or as it
is after it, never in between, and running the same command again completes it.

The ingest is ``load-sample``'s (the two seed files, then a twin-city list: here its first 3,000
pairs, enough for the bulk write path) run as ``partnergraph ingest`` in a child process that
is killed: before any write, when the engine's WAL or shadow file appears (the shadow: during
the checkpoint, where the issue lost 17,000 cities), right after a COMMIT, in the middle of the
CHECKPOINT, and on either side of the last write that stamps the sources ingested. The kills
are chained: each run completes what the one before left (a run that got to the end makes
the next one start afresh), and a last run without a kill completes the graph.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.errors import StoreError
from graph.schema import MODEL
from graph.stores import LadybugStore
from graph.stores.lock import DbLock
from ingest.pipeline import TWIN_CITIES, ingest_paths, sample_files

SEEDS = sample_files(reference=False)
ROOT = Path(__file__).resolve().parents[3]

State = tuple[tuple[str, int, str], ...]

# The child: partnergraph's command line, with ladybug's Connection.execute wrapped so that the
# process kills itself at the moment PG_CRASH_AT names ("commit:N": right after the Nth COMMIT
# returned; "checkpoint:N:MS": MS milliseconds into the Nth CHECKPOINT; "stamp": as the sources
# are about to be stamped ingested; "stamped": right after, before the database is closed).
CHILD = r"""
import os, signal, sys, threading
import ladybug
from graph.stores import base, writer

kind, *args = os.environ.get("PG_CRASH_AT", "none").split(":")
seen = {"COMMIT": 0, "CHECKPOINT": 0}

def die():
    os.kill(os.getpid(), signal.SIGKILL)

execute = ladybug.Connection.execute

def patched(self, query, *a, **k):
    word = query.strip().upper() if isinstance(query, str) else ""
    if word in seen:
        seen[word] += 1
    if kind == "checkpoint" and word == "CHECKPOINT" and seen[word] == int(args[0]):
        threading.Timer(float(args[1]) / 1000, die).start()
    result = execute(self, query, *a, **k)
    if kind == "commit" and word == "COMMIT" and seen[word] == int(args[0]):
        die()
    return result

ladybug.Connection.execute = patched
if kind == "stamp":
    writer.mark_ingested = lambda *a, **k: die()
stamp = base.GraphStore.stamp_ingested
if kind == "stamped":
    def stamp_then_die(self, ids):
        stamp(self, ids)
        die()
    base.GraphStore.stamp_ingested = stamp_then_die

from api.cli import main
sys.argv = ["partnergraph", *sys.argv[1:]]
main()
"""


def _start(db: Path, files: list[Path], crash_at: str = "none") -> subprocess.Popen[str]:
    env = {**os.environ, "PG_CRASH_AT": crash_at, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, "--db", str(db), "--json", "ingest", *map(str, files)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _kill_when(child: subprocess.Popen[str], db: Path, *, seconds: float, suffix: str) -> bool:
    """Kill the child after ``seconds``, or as soon as ``db`` + ``suffix`` exists; True if it
    was killed (not finished first)."""
    deadline = time.monotonic() + (seconds if seconds else 120)
    target = db.with_name(db.name + suffix) if suffix else None
    while child.poll() is None:
        if time.monotonic() >= deadline or (target is not None and target.exists()):
            child.kill()
            child.communicate()
            return True
        time.sleep(0.0005)
    return False


def fingerprint(db: Path) -> State:
    """Nodes per label (with a digest of their ids) and relationships per type; a read-only
    open first, as every reading command would do after the kill."""
    if not db.exists():
        empty = hashlib.sha1(b"").hexdigest()
        return tuple(
            [(label, 0, empty) for label in MODEL.labels] + [(rel, 0, "") for rel in MODEL.rels]
        )
    LadybugStore(db, read_only=True).close()  # it opens (and recovers what needs it)
    with LadybugStore(db) as store:
        counts = store.counts()
        out = []
        for label in MODEL.labels:
            ids = sorted(n.id for n in store.iter_nodes(label))
            out.append((label, counts[label], hashlib.sha1("\n".join(ids).encode()).hexdigest()))
        out += [(rel, counts[rel], "") for rel in MODEL.rels]
    return tuple(out)


def stamped(db: Path) -> dict[str, bool]:
    with LadybugStore(db, read_only=True) as store:
        rows = store.read("MATCH (s:Source) RETURN s.id AS id, s.ingested_at AS at")
    return {r["id"]: r["at"] is not None for r in rows}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("twins")
    twins = folder / "twin_cities.csv"
    with TWIN_CITIES.open(encoding="utf-8") as whole:
        twins.write_text("".join(next(whole) for _ in range(3001)), encoding="utf-8")
    return [*SEEDS, twins]


@pytest.fixture(scope="module")
def states(files: list[Path], tmp_path_factory: pytest.TempPathFactory) -> list[State]:
    """The graph before the first file and after each: the only states a kill may leave."""
    db = tmp_path_factory.mktemp("reference") / "graph.lbdb"
    out = [fingerprint(db)]
    for i in range(len(files)):
        with LadybugStore(db) as store:
            ingest_paths(store, files[i : i + 1])
        out.append(fingerprint(db))
    return out


# How each run is killed: after this many seconds, when this file beside the database
# appears, or at this point inside the child. A run that finished starts the next one afresh.
MOMENTS = [
    ("time", 0.3, ""),  # before any write
    ("file", 0, ".wal"),  # the first write is under way
    ("inside", 0, "commit:2"),  # the first seed file committed (COMMIT 1 makes the tables)
    ("inside", 0, "commit:4"),  # the twin list committed, not yet checkpointed
    ("file", 0, ".shadow"),  # in the checkpoint: the moment of the data loss
    ("inside", 0, "checkpoint:1:2"),
    ("inside", 0, "stamp"),
    ("inside", 0, "stamped"),
]


def test_a_kill_at_any_moment_leaves_before_or_after_and_a_rerun_completes(
    files: list[Path], states: list[State], tmp_path: Path
) -> None:
    db = tmp_path / "graph.lbdb"
    seen: list[str] = []
    refused = ""
    for how, seconds, what in MOMENTS:
        if db.exists() and all(stamped(db).values()):  # the last run got to the end
            for path in tmp_path.glob(db.name + "*"):
                path.unlink()
        child = _start(db, files, what if how == "inside" else "none")
        if how == "inside":
            child.communicate(timeout=120)
            killed = child.returncode == -9
        else:
            killed = _kill_when(child, db, seconds=seconds, suffix=what)
        left = sorted(p.name.removeprefix(db.name) for p in tmp_path.glob(db.name + ".*"))
        if not refused and {".shadow", ".wal.checkpoint"} & set(left):
            refused = _refused_while_another_reader_holds_it(db)
        state = fingerprint(db)
        assert state in states, (
            f"a kill at {how} {seconds or what} left the graph in between: "
            + ", ".join(f"{k} {n}" for k, n, _ in state if n)
        )
        seen.append(
            f"{what or seconds}: killed {killed}, files {left}, state {states.index(state)}"
        )
    assert all(" killed True" in s for s in seen), "\n".join(seen)  # each moment was reached
    assert refused, "\n".join(seen)  # one kill was in the checkpoint (recovery pending)
    done = _start(db, files)  # the same command again completes what the last kill left
    out, err = done.communicate(timeout=300)
    assert done.returncode == 0, err
    assert fingerprint(db) == states[-1], seen
    assert all(stamped(db).values()), stamped(db)
    again = _start(db, files)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert '"skipped": false' not in out, out  # every file already ingested, unchanged


def _refused_while_another_reader_holds_it(db: Path) -> str:
    """A file whose checkpoint was cut short: the engine refuses a read-only open until a
    read-write open has recovered it. While another process has it open (here: a reader's
    lock, as the app would hold), a read-only open says what to do, never to delete anything;
    the fingerprint's read-only open after this, alone, recovers it by itself."""
    holder = DbLock(db)
    holder.acquire(exclusive=False)
    try:
        with pytest.raises(StoreError) as caught:
            LadybugStore(db, read_only=True)
    finally:
        holder.release()
    message = str(caught.value)
    assert "Stop that process" in message and "Do not delete" in message, message
    assert "delete the file" not in message, message
    return message


def test_a_torn_wal_record_loses_no_committed_write(tmp_path: Path) -> None:
    """A process killed while it appended to the WAL leaves a torn last record; the engine
    refuses the file ("the WAL file is corrupted"). The store keeps a copy of the WAL and
    replays it up to the torn record: the committed write is there."""
    path = tmp_path / "torn.lbdb"
    LadybugStore(path).close()
    script = (
        "import os, ladybug\n"
        f"db = ladybug.Database({str(path)!r}, auto_checkpoint=False)\n"
        "c = ladybug.Connection(db)\n"
        "c.execute(\"CREATE (:Sector {id: 'kept', name: 'Committed'})\")\n"
        "os._exit(0)  # no checkpoint, no close: the write lives in the WAL only\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)
    wal = path.with_name(path.name + ".wal")
    assert wal.exists() and wal.stat().st_size > 0
    with wal.open("ab") as f:  # the start of a record that was never finished
        f.write(b"\x07" * 37)
    store = LadybugStore(path)
    try:
        assert store.read("MATCH (s:Sector) RETURN s.id AS id") == [{"id": "kept"}]
    finally:
        store.close()
    assert list(tmp_path.glob("torn.lbdb.wal.torn-*")), "a copy of the torn WAL is kept"
