"""What a real Neo4j 5.3 server showed (issue 12), pinned against the recording driver: the
values read back, the driver's configuration, the statements and their sizes, the error when
the server runs out of transaction memory, and the client's own time limit."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import neo4j
import neo4j.time
import pytest
from neo4j.exceptions import Neo4jError, TransientError

from graph.batch import NodeRow
from graph.errors import QueryFailed, StoreError
from graph.schema import MODEL
from graph.stores.ladybug import jsonable
from graph.stores.neo4j import ROWS_PER_RUN, Neo4jStore, memory_message, to_python
from tests.graph.stores.test_neo4j import FakeDriver, store


def test_timestamps_read_back_as_the_embedded_store_gives_them() -> None:
    stamp = dt.datetime(2026, 11, 22, 2, 15, 24, 123456)
    assert to_python(neo4j.time.DateTime.from_native(stamp)) == jsonable(stamp)
    assert to_python(neo4j.time.DateTime.from_native(stamp)) == "2026-11-22T02:15:24.123456"
    whole = dt.datetime(2026, 11, 22, 2, 15, 24)
    assert to_python(neo4j.time.DateTime.from_native(whole)) == jsonable(whole)  # no ".000000000"
    assert to_python(neo4j.time.Date(2022, 5, 14)) == jsonable(dt.date(2022, 5, 14))
    assert to_python([neo4j.time.Date(2022, 5, 14)]) == ["2022-05-14"]


def test_a_relationship_reads_back_without_the_key_it_is_merged_on() -> None:
    """A researcher's ``RETURN r`` gives the relationship as the embedded store does, whose
    relationships have no ``key`` property."""
    graph = neo4j.graph.Graph()
    a = neo4j.graph.Node(graph, "4:a", 1, ["City"], {"id": "esbjerg-dk"})
    b = neo4j.graph.Node(graph, "4:b", 2, ["Visit"], {"id": "visit-1"})
    rel = graph.relationship_type("PARTICIPATED_IN")(
        graph, "5:r", 3, {"key": "src-1|guest", "role": "guest", "source": "src-1"}
    )
    rel._start_node, rel._end_node = a, b
    assert to_python(rel) == {
        "_label": "PARTICIPATED_IN",
        "_src": "4:a",
        "_dst": "4:b",
        "role": "guest",
        "source": "src-1",
    }


def test_a_read_gives_the_same_text_as_the_file() -> None:
    stamp = dt.datetime(2026, 11, 22, 2, 15, 24, 500)
    driver = FakeDriver(
        {"MATCH (n:`Source`)": [{"id": "s", "ingested_at": neo4j.time.DateTime.from_native(stamp)}]}
    )
    [row] = list(store(driver, read_only=True).iter_nodes("Source"))
    assert row.props["ingested_at"] == "2026-11-22T02:15:24.000500"


class _Connected(FakeDriver):
    def verify_connectivity(self) -> None:
        pass


def test_the_driver_keeps_server_notifications_off_stderr(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    made: dict[str, Any] = {}

    def driver(uri: str, **config: Any) -> _Connected:
        made.update(config, uri=uri)
        return _Connected()

    monkeypatch.setattr(neo4j.GraphDatabase, "driver", driver)
    s = Neo4jStore.connect("bolt://db:7687", password="x", database="graphdb")
    assert made["warn_notification_severity"] == "OFF"  # no Python warnings
    # notifications_min_severity (the server-side filter) is refused by servers before 5.7
    assert "notifications_min_severity" not in made
    # what the driver does with each notification: log it; unconfigured, nothing shows
    logging.getLogger("neo4j.notifications").warning("Received notification from DBMS server")
    assert capsys.readouterr().err == ""
    s.close()


def test_no_deprecated_set_from_a_row_and_a_few_thousand_rows_per_statement() -> None:
    driver = FakeDriver()
    s = store(driver)
    driver.calls.clear()
    n = ROWS_PER_RUN * 2 + 10
    cities = [
        NodeRow("City", MODEL.validate_node("City", {"id": f"c{i}", "name": f"C{i}"}))
        for i in range(n)
    ]
    s.import_rows(cities, [])
    sent = [(q, p) for _, q, p, _ in driver.calls]
    writes = [(q, p) for q, p in sent if " += " in q]  # the index's own SETs name properties
    assert writes and all("+= properties(" in q for q, _ in writes)  # Neo4j 5 warns on `+= row`
    assert all(len(p.get("rows", p.get("ids", []))) <= ROWS_PER_RUN for _, p in sent)
    merged = [p["rows"] for q, p in writes if "MERGE (n:`City`" in q]
    assert [len(r) for r in merged] == [ROWS_PER_RUN, ROWS_PER_RUN, 10]  # one transaction, 3 runs


class _MemoryDriver(FakeDriver):
    """Refuses the merge of cities as Neo4j 5 does when the transaction memory runs out."""

    attempts = 0

    @contextmanager
    def session(self, *, database: str, default_access_mode: str) -> Iterator[Any]:
        with super().session(database=database, default_access_mode=default_access_mode) as s:
            driver = self

            class Session:
                def execute_read(self, work: Any) -> Any:
                    return s.execute_read(work)

                def execute_write(self, work: Any) -> Any:
                    driver.attempts += 1

                    class Tx:
                        def run(self, query: str, parameters: Any = None, **kw: Any) -> Any:
                            if "MERGE (n:`City`" in query:
                                raise TransientError._hydrate_neo4j(
                                    code="Neo.TransientError.General.MemoryPoolOutOfMemoryError",
                                    message="The allocation of an extra 2.0 MiB would use more "
                                    "than the limit 256.0 MiB. Currently using 255.0 MiB. "
                                    "dbms.memory.transaction.total.max threshold reached",
                                )
                            return _inner.run(query, parameters, **kw)

                    _inner: Any = None

                    def capture(tx: Any) -> Any:
                        nonlocal _inner
                        _inner = tx
                        return work(Tx())

                    capture.timeout = getattr(work, "timeout", None)  # type: ignore[attr-defined]
                    return s.execute_write(capture)

            yield Session()


def test_out_of_transaction_memory_names_the_setting_to_raise() -> None:
    driver = _MemoryDriver()
    s = store(driver)  # type: ignore[arg-type]
    driver.attempts = 0
    city = NodeRow("City", MODEL.validate_node("City", {"id": "c", "name": "C"}))
    with pytest.raises(StoreError, match=r"raise dbms\.memory\.transaction\.total\.max in neo4j"):
        s.import_rows([city], [])
    assert driver.attempts == 1  # refused as a StoreError inside the work: the driver stops


def test_the_memory_message_reads_the_server_s_setting() -> None:
    def error(message: str) -> Neo4jError:
        return TransientError._hydrate_neo4j(
            code="Neo.TransientError.General.MemoryPoolOutOfMemoryError", message=message
        )

    own = memory_message(error("... limit 1.0 GiB. db.memory.transaction.max threshold reached"))
    assert own is not None and "raise db.memory.transaction.max " in own
    other = error("... db.memory.transaction.total.max threshold reached")
    assert "raise db.memory.transaction.total.max " in (memory_message(other) or "")
    syntax = Neo4jError._hydrate_neo4j(code="Neo.ClientError.Statement.SyntaxError", message="x")
    assert memory_message(syntax) is None


class _SlowDriver(FakeDriver):
    """A server that does not stop the query at its time limit: tx.run blocks for 5 s."""

    def __init__(self) -> None:
        super().__init__({"MATCH (c:City)": [{"c.id": "c0"}]})

    @contextmanager
    def session(self, *, database: str, default_access_mode: str) -> Iterator[Any]:
        with super().session(database=database, default_access_mode=default_access_mode) as s:

            class Session:
                def execute_read(self, work: Any) -> Any:
                    def slow(tx: Any) -> Any:
                        class Tx:
                            def run(self, query: str, parameters: Any = None) -> Any:
                                if not query.startswith("EXPLAIN"):
                                    time.sleep(5)
                                return tx.run(query, parameters)

                        return work(Tx())

                    slow.timeout = getattr(work, "timeout", None)  # type: ignore[attr-defined]
                    return s.execute_read(slow)

            yield Session()


def test_the_client_holds_the_time_limit_when_the_server_is_late() -> None:
    s = store(_SlowDriver(), read_only=True)
    start = time.perf_counter()
    with pytest.raises(QueryFailed, match="longer than the time limit of 1 s"):
        s.query_readonly("MATCH (c:City) RETURN c.id", timeout_ms=1000)
    assert time.perf_counter() - start < 2.0  # within a second of the limit, not after 5 s


def test_a_query_within_the_limit_is_answered_through_the_watchdog() -> None:
    s = store(FakeDriver({"MATCH (c:City)": [{"c.id": "c0"}]}), read_only=True)
    result = s.query_readonly("MATCH (c:City) RETURN c.id", timeout_ms=1000)
    assert result.rows == [["c0"]] and not result.truncated


def test_serve_on_neo4j_names_the_server_not_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn
    from typer.testing import CliRunner

    import api.app
    from api.cli import app

    ran: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: ran.append(a))
    monkeypatch.setattr(api.app, "create_app", lambda settings: "app")
    result = CliRunner().invoke(app, ["--neo4j", "bolt://db.example:7687", "serve"])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())  # rich wraps the line to the terminal
    assert "serving Neo4j bolt://db.example:7687, database neo4j on http://127.0.0.1:8000/" in said
    assert ".lbdb" not in said and ran == [("app",)]
