"""The attack suite for researchers' Cypher, run for real: a worker process on a real database.

Every hostile query is refused or fails, and afterwards the graph is unchanged, no file has
appeared, and the pool still answers. The worker is also tested with the guard switched off, to
show what holds underneath it: the read-only open, the file-size limit, the network namespace,
and the parent's time limit, memory cap and crash containment."""

from __future__ import annotations

import json
import os
import string
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import QueryBusy, QueryFailed, QueryRefused
from graph.stores import LadybugStore
from graph.stores.sandbox import Limits, QueryPool
from ingest.pipeline import ingest_paths, sample_files
from tests.graph.test_guard import HOSTILE


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LadybugStore]:
    store = LadybugStore(tmp_path_factory.mktemp("sandbox") / "graph.lbdb")
    ingest_paths(store, sample_files(reference=False))
    yield store
    store.close()


@pytest.fixture(scope="module")
def pool(graph: LadybugStore) -> Iterator[QueryPool]:
    pool = QueryPool(graph.path, workers=1)
    yield pool
    pool.close()


def _files(*folders: Path) -> set[Path]:
    return {p for folder in folders for p in folder.rglob("*")}


@pytest.fixture
def unchanged(graph: LadybugStore, pool: QueryPool, tmp_path: Path) -> Iterator[None]:
    """After the test: same counts, no new file beside the database or in the worker's
    folder or the current folder, and the pool still answers."""
    watched = (graph.path.parent, Path(pool._empty.name))
    before, files, here = graph.counts(), _files(*watched), set(Path.cwd().iterdir())
    yield
    assert graph.counts() == before
    assert _files(*watched) <= files, _files(*watched) - files
    assert {p for p in Path.cwd().iterdir() if p.is_file()} <= here
    assert pool.run("RETURN 1 AS one").rows == [[1]]


@pytest.mark.parametrize("query", HOSTILE)
@pytest.mark.usefixtures("unchanged")
def test_every_hostile_query_is_refused_or_never_runs(pool: QueryPool, query: str) -> None:
    with pytest.raises((QueryRefused, QueryFailed)) as caught:
        pool.run(query, {"show_tables": "/etc/passwd"})
    if isinstance(caught.value, QueryFailed):  # only a statement the engine does not have
        assert "Parser exception" in str(caught.value), caught.value


@pytest.mark.usefixtures("unchanged")
def test_a_file_the_engine_would_read_never_reaches_the_answer(pool: QueryPool) -> None:
    with pytest.raises(QueryRefused) as caught:
        pool.run(
            '/* **/ RETURN 1 \' */ LOAD WITH HEADERS (a STRING) FROM "/etc/passwd" '
            '(file_format="csv", header=false, delim=":") RETURN * // \''
        )
    assert "root" not in str(caught.value)


# -- underneath the guard -----------------------------------------------------------------------
@pytest.mark.usefixtures("unchanged")
def test_past_the_guard_a_write_meets_the_read_only_open(pool: QueryPool) -> None:
    with pytest.raises(QueryRefused, match="writes to the graph"):
        pool.run("CREATE (:Country {id: 'zz', name: 'pwned'})", guard=False)
    with pytest.raises(QueryRefused, match="writes to the graph"):
        pool.run("MATCH (c:Country {id: 'dk'}) SET c.name = 'pwned'", guard=False)


def test_past_the_guard_no_file_can_be_written(pool: QueryPool, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    with pytest.raises(QueryFailed):
        pool.run(f"COPY (MATCH (c:City) RETURN c.id) TO '{target}'", guard=False)
    assert not target.exists() or target.stat().st_size == 0
    assert pool.run("RETURN 1").rows == [[1]]


def test_a_crash_of_the_engine_stops_only_its_worker(pool: QueryPool) -> None:
    with pytest.raises(QueryFailed, match=r"crash|failed"):
        pool.run("CALL read_csv_serial('/etc/passwd') RETURN *", guard=False)
    assert pool.run("MATCH (c:Country {id: 'dk'}) RETURN c.name").rows == [["Denmark"]]


@pytest.mark.skipif(not Path("/proc/self/ns/net").exists(), reason="needs Linux namespaces")
def test_the_worker_has_no_network(pool: QueryPool) -> None:
    pool.run("RETURN 1")
    worker = pool._idle.queue[-1]
    assert worker is not None
    theirs = os.readlink(f"/proc/{worker.process.pid}/ns/net")
    if theirs == os.readlink("/proc/self/ns/net"):
        pytest.skip("this kernel refused the worker a network namespace")
    assert theirs != os.readlink("/proc/self/ns/net")


# -- limits that hold ---------------------------------------------------------------------------
def test_the_time_limit_holds_even_for_a_call_the_engine_cannot_interrupt(
    pool: QueryPool,
) -> None:
    """A 300 MB string built in one call of the engine: on a busy machine the worker is
    killed at the time limit; on a quiet one the engine may reach its 256 MB buffer pool
    first and refuse it (the fresh-clone run of session 9). Either way it is refused within
    seconds and the pool serves the next query."""
    start = time.perf_counter()
    with pytest.raises(QueryFailed, match=r"time limit|buffer pool is full"):
        pool.run("RETURN size(lpad('a', 300000000, 'b'))", limits=Limits(timeout_ms=300))
    assert time.perf_counter() - start < 10
    assert pool.run("RETURN 2").rows == [[2]]


def test_the_time_limit_stops_a_walk_that_explodes(pool: QueryPool) -> None:
    start = time.perf_counter()
    with pytest.raises(QueryFailed, match=r"time limit|memory"):
        pool.run("MATCH (a)-[*1..12]-(b) RETURN count(*)", limits=Limits(timeout_ms=500))
    assert time.perf_counter() - start < 10


def test_the_memory_cap_holds(pool: QueryPool) -> None:
    start = time.perf_counter()
    with pytest.raises(QueryFailed, match="memory"):
        pool.run(
            "UNWIND range(1, 100000000) AS x RETURN count(x)",
            limits=Limits(memory_mb=300, timeout_ms=60_000),
        )
    assert time.perf_counter() - start < 30
    assert pool.run("RETURN 3").rows == [[3]]


def test_the_result_size_cap_cuts_the_rows(pool: QueryPool) -> None:
    result = pool.run("UNWIND range(1, 100000) AS x RETURN x", limits=Limits(max_bytes=10_000))
    assert result.truncated and "size" in (result.truncated_why or "")
    assert 0 < len(result.rows) < 10_000
    huge = pool.run("RETURN lpad('a', 2000000, 'b') AS s", limits=Limits(max_bytes=2**20))
    assert huge.truncated and huge.rows == []


def test_the_row_cap_says_so(pool: QueryPool) -> None:
    result = pool.run("UNWIND range(1, 50) AS x RETURN x", limits=Limits(max_rows=7))
    assert len(result.rows) == 7 and "row cap" in (result.truncated_why or "")


def test_a_researcher_waits_briefly_then_hears_the_console_is_busy(graph: LadybugStore) -> None:
    pool = QueryPool(graph.path, workers=1, wait_s=0.3)
    try:
        pool.run("RETURN 1")

        def hold_the_worker() -> None:
            with pytest.raises(QueryFailed):
                pool.run("RETURN size(lpad('a', 300000000, 'b'))", limits=Limits(timeout_ms=1000))

        slow = threading.Thread(target=hold_the_worker)
        slow.start()
        time.sleep(0.2)
        with pytest.raises(QueryBusy, match="try again"):
            pool.run("RETURN 1")
        slow.join()
        assert pool.run("RETURN 4").rows == [[4]]
    finally:
        pool.close()


def test_a_worker_sees_what_was_written_since_it_started(tmp_path: Path) -> None:
    store = LadybugStore(tmp_path / "g.lbdb")
    try:
        store.write("CREATE (:Sector {id: 's1', name: 'One'})")
        pool = QueryPool(store.path)
        try:
            assert pool.run("MATCH (s:Sector) RETURN count(s)").rows == [[1]]
            store.write("CREATE (:Sector {id: 's2', name: 'Two'})")
            assert pool.run("MATCH (s:Sector) RETURN count(s)").rows == [[2]]
        finally:
            pool.close()
    finally:
        store.close()


# -- hostile text, generated ----------------------------------------------------------------------
CORES = [
    "CREATE (:Country {id: 'zz', name: 'pwned'})",
    "MATCH (c:Country {id: 'dk'}) SET c.name = 'pwned'",
    "MATCH (c:Country) DETACH DELETE c",
    "LOAD FROM '/etc/passwd' (file_format='csv') RETURN *",
    "COPY (MATCH (s:Source) RETURN s.id) TO 'out.csv'",
    "CALL read_csv('/etc/passwd') RETURN *",
    "CALL current_setting('home_directory') RETURN *",
    "CHECKPOINT",
    "ROLLBACK",
    "INSTALL httpfs",
    "CREATE MACRO m(x) AS x",
    "CALL timeout=0",
]
TRICKS = [
    "/* **/",
    "//*\r*/",
    "/* ' */",
    '/* " */',
    "'",
    '"',
    "`",
    "\r",
    "\n",
    "\u2028",
    "\u00a0",
    "\u3000",
    "\ufeff",
    ";",
    "RETURN 1;",
    "RETURN 1 ' */",
    "/*",
    "*/",
    "//",
    "\\",
    "\\'",
]


def _recase(text: str, flips: list[bool]) -> str:
    return "".join(
        (c.swapcase() if flip else c) if c in string.ascii_letters else c
        for c, flip in zip(text, flips + [False] * len(text), strict=False)
    )


@settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    core=st.sampled_from(CORES),
    before=st.lists(st.sampled_from(TRICKS), max_size=4),
    after=st.lists(st.sampled_from(TRICKS), max_size=4),
    flips=st.lists(st.booleans(), max_size=40),
)
def test_hostile_text_around_every_refused_construct_is_refused_or_harmless(
    graph: LadybugStore,
    pool: QueryPool,
    core: str,
    before: list[str],
    after: list[str],
    flips: list[bool],
) -> None:
    """Refused, failing, or (when the tricks turn the construct into a string or a comment)
    a harmless read: in every case the graph is unchanged, no file appears, nothing read
    outside the graph comes back."""
    query = "".join(before) + " " + _recase(core, flips) + " " + "".join(after)
    counts = graph.counts()
    try:
        result = pool.run(query)
    except (QueryRefused, QueryFailed):
        pass
    else:
        shown = json.dumps(result.rows)
        assert "root:" not in shown and str(Path.home()) not in shown, (query, shown)
    assert graph.counts() == counts
    assert not (Path(pool._empty.name) / "out.csv").exists()
    assert not (Path.cwd() / "out.csv").exists()


@pytest.mark.parametrize(
    "query",
    [
        # the shapes of partnergraph's own questions, and what researchers write most
        "UNWIND ['dk', 'kr'] AS i MATCH (c:Country {id: i}) RETURN c.name ORDER BY c.name",
        "MATCH ()-[r:LOCATED_IN]->() RETURN count(*)",
        "MATCH (c:City {id: 'haiphong-vn'})-[:PARTICIPATED_IN]->(e)<-[:PARTICIPATED_IN]-(p) "
        "RETURN DISTINCT p.id ORDER BY p.id LIMIT 5",
        "MATCH p = (a:City {id: 'haiphong-vn'})-[* SHORTEST 1..3]-(b:Country {id: 'dk'}) "
        "RETURN length(p)",
        "MATCH (a:City) WHERE NOT EXISTS { MATCH (a)-[:LOCATED_IN]->() } RETURN count(*)",
        "MATCH (a:City) OPTIONAL MATCH (a)-[:LOCATED_IN]->(k) RETURN k.id, count(*) AS n "
        "ORDER BY n DESC LIMIT 3",
        "RETURN 1 AS x UNION RETURN 2 AS x",
        "CALL show_tables() RETURN *",
        "CALL show_functions() RETURN name",
        "MATCH (c:City) RETURN c.name AS export, c.id AS import LIMIT 1",
        "MATCH (o:Organisation) WHERE o.name CONTAINS 'Export' RETURN count(*) AS load",
    ],
)
def test_reads_researchers_write_run(pool: QueryPool, query: str) -> None:
    assert pool.run(query).columns
