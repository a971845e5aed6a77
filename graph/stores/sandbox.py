"""Researchers' Cypher runs here: in worker processes that can die without taking anyone down.

A worker opens the database file read-only, then cannot write a byte to any file (a zero file
size limit), has no network (a network namespace of its own, where the kernel allows one), and
starts in an empty folder with an empty home (no extension the engine could load). For each
query it asks the engine to prepare it (so the engine, not a regular expression, counts the
statements), refuses it unless every operator of the engine's plan is a read
(:func:`graph.guard.check_plan`), and runs it in a read-only transaction, stopping at the row
cap and the result-size cap.

The parent enforces what a worker cannot promise: a time limit (the engine's own timeout first,
then the worker is killed), a memory cap (the worker is killed when its resident memory passes
it), and a bounded number of concurrent queries (a caller waits briefly for a free worker, then
is told the console is busy). A worker that crashes or is killed is replaced on the next query.
A worker reopens the file when it has changed, so each query sees the graph as last committed.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import logging
import os
import queue
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from graph.errors import QueryBusy, QueryFailed, QueryRefused, StoreError
from graph.guard import check_plan, check_read_only
from graph.stores.base import QueryResult

__all__ = ["Limits", "QueryPool"]

log = logging.getLogger("partnergraph")

_GRACE_S = 2.0  # after the engine's own timeout, before the worker is killed
_POLL_S = 0.02
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000
_MAX_MESSAGE = 2**20  # what a worker may say beyond the rows themselves
_TOLD: set[str] = set()
_WRITES = (
    "the query writes to the graph or its schema; the console only queries the graph (use "
    "'partnergraph ingest' to add data)"
)  # what containment was missing, said once per process


@dataclass(frozen=True)
class Limits:
    """What one researcher's query may take."""

    timeout_ms: int = 10_000
    max_rows: int = 10_000
    max_bytes: int = 16 * 2**20
    memory_mb: int = 1024


# -- the worker process ------------------------------------------------------------------------
def _contain(empty: str) -> str:
    """Shut the worker in, before the engine is loaded; return what could not be done."""
    missing = []
    libc = ctypes.CDLL(None, use_errno=True)
    flags = _CLONE_NEWNET if os.geteuid() == 0 else _CLONE_NEWUSER | _CLONE_NEWNET
    if libc.unshare(flags) != 0:
        missing.append("no network namespace (the kernel refused one)")
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write fails instead of killing
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.chdir(empty)
    os.environ["HOME"] = empty
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    return "; ".join(missing)


def _send(conn: Connection, *message: Any) -> None:
    conn.send_bytes(json.dumps(message, default=str, ensure_ascii=False).encode())


def _worker_main(conn: Connection, path: str, buffer_pool_mb: int, empty: str) -> None:
    missing = _contain(empty)
    warnings.simplefilter("ignore")
    import ladybug

    try:
        db = ladybug.Database(path, read_only=True, buffer_pool_size=buffer_pool_mb * 2**20)
        engine = ladybug.Connection(db)
        engine.set_max_threads_for_exec(1)  # one core per researcher: the pages keep theirs
        engine.execute("RETURN 1")
    except RuntimeError as exc:
        _send(conn, "failed", f"cannot open the database {path} read-only: {exc}")
        return
    _send(conn, "ready", missing)
    while True:
        try:
            request = json.loads(conn.recv_bytes())
        except (EOFError, OSError):
            return
        limits = Limits(**request.pop("limits"))
        _send(conn, *_answer(engine, limits=limits, **request))


def _answer(
    engine: Any,
    *,
    query: str,
    params: dict[str, Any],
    limits: Limits,
    guard: bool = True,
) -> tuple[Any, ...]:
    start = time.perf_counter()
    try:
        if guard:
            check_read_only(query)
        prepared = engine.prepare(query)
        if not prepared.is_success():
            message = prepared.get_error_message()
            if "multiple statements" in message:
                return ("refused", "only one statement can run at a time; remove the others")
            if "read-only database" in message:
                return ("refused", _WRITES)
            return ("failed", f"the query failed: {message}")
        if guard:
            explained = engine.execute("EXPLAIN " + query, params)
            check_plan(str(explained.get_all()[0][0]))
        engine.execute("BEGIN TRANSACTION READ ONLY")
        try:
            engine.set_query_timeout(limits.timeout_ms)
            result = engine.execute(query, params)
            columns = result.get_column_names()
            rows, truncated = _fetch(result, limits)
            result.close()
        finally:
            engine.set_query_timeout(0)
            with contextlib.suppress(RuntimeError):
                engine.execute("ROLLBACK")
    except QueryRefused as exc:
        return ("refused", str(exc))
    except RuntimeError as exc:
        message = str(exc)
        if "interrupt" in message.lower():
            return ("timeout", "")
        return ("failed", f"the query failed: {message}")
    except UnicodeDecodeError:
        return (
            "failed",
            "the engine returned text that is not valid UTF-8 (LadybugDB 0.22 corrupts the "
            "result of some string functions, such as trim() of a computed string); return "
            "the value without that function",
        )
    except Exception as exc:  # any other failure of the engine is the query's, not the app's
        return ("failed", f"the query failed in the engine: {type(exc).__name__}: {exc}")
    elapsed = (time.perf_counter() - start) * 1000
    return ("ok", columns, rows, truncated, elapsed)


def _fetch(result: Any, limits: Limits) -> tuple[list[list[Any]], str | None]:
    from graph.stores.ladybug import jsonable

    rows: list[list[Any]] = []
    size = 0
    while result.has_next():
        if len(rows) >= limits.max_rows:
            return rows, f"cut at the row cap of {limits.max_rows:,}"
        row = [jsonable(v) for v in result.get_next()]
        size += len(json.dumps(row, default=str, ensure_ascii=False))
        if size > limits.max_bytes:
            return rows, f"cut at the result-size cap of {limits.max_bytes / 2**20:g} MiB"
        rows.append(row)
    return rows, None


# -- the parent side ---------------------------------------------------------------------------
@dataclass
class _Worker:
    process: subprocess.Popen[bytes]
    conn: Connection
    signature: tuple[int, ...]

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(2)
        with contextlib.suppress(OSError):
            self.conn.close()

    def rss_mb(self) -> float:
        try:
            with open(f"/proc/{self.process.pid}/statm") as f:
                return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
        except (OSError, ValueError, IndexError):
            return 0.0


@dataclass
class QueryPool:
    """At most ``workers`` researchers' queries at once, each in its own process."""

    path: Path
    workers: int = 1
    buffer_pool_mb: int = 256
    wait_s: float = 5.0
    _idle: queue.LifoQueue[_Worker | None] = field(default_factory=queue.LifoQueue)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _closed: bool = False
    _empty: tempfile.TemporaryDirectory[str] = field(
        default_factory=lambda: tempfile.TemporaryDirectory(prefix="partnergraph-console-")
    )

    def __post_init__(self) -> None:
        for _ in range(self.workers):
            self._idle.put(None)  # a slot; its worker starts on first use

    def run(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        limits: Limits | None = None,
        *,
        guard: bool = True,
    ) -> QueryResult:
        """Run one query in a worker; raise QueryRefused, QueryFailed or QueryBusy."""
        limits = limits or Limits()
        if guard:
            check_read_only(query)  # refused at once, without waking a worker
        params = _plain(params or {})
        try:
            worker = self._idle.get(timeout=self.wait_s)
        except queue.Empty:
            raise QueryBusy(
                f"{self.workers} researchers' queries are already running; try again in a "
                "moment (or raise PARTNERGRAPH_CONSOLE_WORKERS)"
            ) from None
        request = {"query": query, "params": params, "guard": guard}
        try:
            worker = self._ready(worker)
            answer = self._ask(worker, request, limits)
        finally:
            self._idle.put(worker if worker is not None and worker.alive() else None)
        columns, rows, truncated, elapsed = answer
        return QueryResult(
            columns=columns,
            rows=rows,
            truncated=truncated is not None,
            truncated_why=truncated,
            elapsed_ms=elapsed,
        )

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                break
            if worker is not None:
                worker.kill()
        self._empty.cleanup()

    # -- internals ---------------------------------------------------------------------------
    def _signature(self) -> tuple[int, ...]:
        out: list[int] = []
        for p in (self.path, self.path.with_name(self.path.name + ".wal")):
            try:
                st = p.stat()
                out += [st.st_mtime_ns, st.st_size, st.st_ino]
            except OSError:
                out += [0, 0, 0]
        return tuple(out)

    def _ready(self, worker: _Worker | None) -> _Worker:
        if self._closed:
            raise StoreError("the database was closed; open it again")
        signature = self._signature()
        if worker is not None and worker.alive() and worker.signature == signature:
            return worker
        if worker is not None:
            worker.kill()
        return self._start(signature)

    def _start(self, signature: tuple[int, ...]) -> _Worker:
        # A fresh interpreter, not a fork of this one (which may hold threads and the engine)
        # nor multiprocessing's spawn (which re-imports the caller's main module).
        mine, theirs = socket.socketpair()
        command = [
            sys.executable,
            "-m",
            __name__,
            str(theirs.fileno()),
            str(self.path.resolve()),
            str(self.buffer_pool_mb),
            self._empty.name,
        ]
        process = subprocess.Popen(
            command,
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        theirs.close()
        worker = _Worker(process, Connection(mine.detach()), signature)
        if not worker.conn.poll(60):
            worker.kill()
            raise QueryFailed("the query worker did not start within 60 s; try again")
        try:
            kind, detail = json.loads(worker.conn.recv_bytes(_MAX_MESSAGE))
        except (EOFError, OSError):
            worker.kill()
            raise QueryFailed(
                f"the query worker stopped while opening the database "
                f"(exit {process.returncode}); try again"
            ) from None
        if kind != "ready":
            worker.kill()
            raise StoreError(detail)
        if detail and detail not in _TOLD:
            log.warning("researchers' queries run with %s", detail)
            _TOLD.add(detail)
        return worker

    def _ask(
        self, worker: _Worker, request: dict[str, Any], limits: Limits
    ) -> tuple[list[str], list[list[Any]], str | None, float]:
        worker.conn.send_bytes(json.dumps({**request, "limits": asdict(limits)}).encode())
        deadline = time.monotonic() + limits.timeout_ms / 1000 + _GRACE_S
        while not worker.conn.poll(_POLL_S):
            if not worker.alive():
                break
            if worker.rss_mb() > limits.memory_mb:
                worker.kill()
                raise QueryFailed(
                    f"the query needed more than {limits.memory_mb:,} MB of memory and was "
                    "stopped; narrow the MATCH, aggregate, or add a LIMIT"
                )
            if time.monotonic() > deadline:
                worker.kill()
                raise _timeout(limits)
        try:
            answer = json.loads(worker.conn.recv_bytes(limits.max_bytes + _MAX_MESSAGE))
        except (EOFError, OSError):
            worker.kill()
            code = worker.process.returncode
            how = f"signal {-code}" if isinstance(code, int) and code < 0 else f"exit {code}"
            raise QueryFailed(
                f"the query made the database engine crash ({how}); it was stopped and nothing "
                "else was affected. Simplify the query, or report it with the query text"
            ) from None
        kind = answer[0]
        if kind == "ok":
            return answer[1], answer[2], answer[3], answer[4]
        if kind == "refused":
            raise QueryRefused(answer[1])
        if kind == "timeout":
            raise _timeout(limits)
        raise QueryFailed(answer[1])


def _timeout(limits: Limits) -> QueryFailed:
    return QueryFailed(
        f"the query ran longer than the time limit of {limits.timeout_ms / 1000:g} s and was "
        "stopped; add a LIMIT or narrow the MATCH"
    )


def _plain(params: dict[str, Any]) -> dict[str, Any]:
    """Parameters as JSON values only (they cross a process boundary and reach the engine)."""
    try:
        plain: dict[str, Any] = json.loads(json.dumps(params, allow_nan=False))
    except (TypeError, ValueError) as exc:
        raise QueryRefused(
            f"parameters must be JSON values (text, numbers, lists): {exc}"
        ) from None
    return plain


if __name__ == "__main__":
    _worker_main(Connection(int(sys.argv[1])), sys.argv[2], int(sys.argv[3]), sys.argv[4])
