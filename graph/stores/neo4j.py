"""Neo4j 5 through the official driver: the same behaviour as the embedded store, on a server.

The driver is created once (:meth:`Neo4jStore.connect`, or passed in) and shared; writes run
in managed write transactions, reads in read transactions (routed to readers on a cluster); the
researchers' entry point runs in a read transaction with the same guard, a transaction timeout
and a row cap. Named queries are rendered in Neo4j's dialect (:func:`graph.cypher.render`).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import neo4j
from neo4j.exceptions import AuthError, ClientError, Neo4jError, ServiceUnavailable

from graph import cypher
from graph.batch import NodeRow, RelRow
from graph.cypher import index as index_q
from graph.errors import PartnergraphError, QueryFailed, QueryRefused, StoreError
from graph.guard import check_neo4j_statement, check_read_only
from graph.schema import Model, load_model
from graph.stores import history_index, writer
from graph.stores.base import GraphStore, QueryResult, WriteReport

__all__ = ["ROWS_PER_RUN", "Neo4jStore", "copy_rels", "merge_nodes", "merge_rels", "server_version"]


_SCHEMA_LISTINGS = (
    "SHOW CONSTRAINTS YIELD name RETURN name",
    "SHOW INDEXES YIELD name RETURN name",
)

_QUERY_TYPES = {"w": "a write", "rw": "a read and a write", "s": "a schema change"}

#: The property Neo4j relationships are merged on (source and the type's key, as text).
MERGE_KEY = "key"

#: Rows per ``tx.run``: a file's write stays one transaction (all or nothing), sent as
#: statements of at most this many rows, so no single statement carries a huge parameter.
ROWS_PER_RUN = 2000

#: How long after the time limit the client stops waiting for a researcher's query, when the
#: server has not stopped it itself (Neo4j checks its transaction timeout only now and then).
TIME_LIMIT_GRACE_S = 0.5

# The driver logs every server notification (deprecations, unknown property names) on this
# logger, and Python prints warnings to stderr when nothing is configured: about 60 lines
# during load-sample. They are for a developer who asks: configure the logger to see them.
_NOTIFICATIONS = logging.getLogger("neo4j.notifications")
if _NOTIFICATIONS.level == logging.NOTSET:
    _NOTIFICATIONS.setLevel(logging.ERROR)


def merge_nodes(label: str) -> str:
    """Upsert ``$rows`` (maps with ``id`` and properties) of one label. ``properties(row)``,
    not ``row``: Neo4j 5 cannot tell that a row from a parameter is a map, and warns that
    setting properties from a node or relationship is deprecated."""
    return (
        f"UNWIND $rows AS row MERGE (n:{cypher.ident(label)} {{id: row.id}}) "
        "SET n += properties(row)"
    )


def copy_rels(rel_type: str, from_label: str, to_label: str) -> str:
    """``$rows`` ({from, to, key, props}) copied as they are (``push``): one already there (the
    same key) is left as it is; the count says how many rows found both ends."""
    return (
        f"UNWIND $rows AS row MATCH (a:{cypher.ident(from_label)} {{id: row.from}}) "
        f"MATCH (b:{cypher.ident(to_label)} {{id: row.to}}) "
        f"MERGE (a)-[e:{cypher.ident(rel_type)} {{key: row.key}}]->(b) "
        "ON CREATE SET e += properties(row.props) RETURN count(*) AS found"
    )


#: The first server version whose driver sessions may ask the server not to send
#: notifications at all (Bolt 5.2); older servers refuse the setting.
NOTIFICATION_FILTER_SINCE = (5, 7)


def server_version(agent: str) -> tuple[int, ...] | None:
    """The version in a server's agent string.

    >>> server_version("Neo4j/5.3.0"), server_version("Neo4j/2025.01.0")
    ((5, 3, 0), (2025, 1, 0))
    """
    found = re.match(r"Neo4j/(\d+(?:\.\d+)*)", agent or "")
    return tuple(int(p) for p in found.group(1).split(".")) if found else None


def merge_rels(rel_type: str, from_label: str, to_label: str) -> str:
    """Upsert ``$rows`` ({from, to, key, props}) of one type; ``key`` makes it idempotent."""
    return (
        f"UNWIND $rows AS row MATCH (a:{cypher.ident(from_label)} {{id: row.from}}) "
        f"MATCH (b:{cypher.ident(to_label)} {{id: row.to}}) "
        f"MERGE (a)-[e:{cypher.ident(rel_type)} {{key: row.key}}]->(b) "
        "SET e += properties(row.props)"
    )


class Neo4jStore(GraphStore):
    dialect = "neo4j"

    def __init__(
        self,
        driver: neo4j.Driver,
        *,
        database: str = "neo4j",
        read_only: bool = False,
        owns_driver: bool = False,
        timeout_s: float = 300,
        model: Model | None = None,
    ) -> None:
        """``model``: the schema the database follows (its constraints and indexes are made on
        a read-write open); none given, the package's ``graph/schema.yaml`` is read."""
        self.model = model if model is not None else load_model()
        self.driver = driver
        self.database = database
        self.read_only = read_only
        self._owns_driver = owns_driver
        self._timeout_s = timeout_s
        self.server_version = _ask_version(driver)
        if not read_only:
            have = self._schema_names()
            schema = [*cypher.neo4j_schema(self.model), *index_q.index_neo4j_schema()]
            for statement in schema:  # constraints cannot share a transaction
                if statement.split()[2] not in have:  # CREATE CONSTRAINT|INDEX <name> ...
                    self._run_write(_runner(statement))
        self.history_index = self._index_current()
        if not self.history_index and not read_only and self._has_nodes():
            # a database from before the index (or of another version): built once here
            self._write(lambda tx, now: _built(tx), "the history index could not be built")
            self.history_index = True

    def _index_current(self) -> bool:
        try:
            rows = self.read(index_q.META_READ)
        except (QueryFailed, StoreError):
            return False
        return bool(rows) and rows[0].get("version") == index_q.INDEX_VERSION

    def _has_nodes(self) -> bool:
        rows = self.read("MATCH (n) RETURN count(n) > 0 AS any")
        return bool(rows and rows[0].get("any"))

    def graph_version(self) -> str | None:
        """The database's identity and write count, kept in each write's transaction."""
        rows = self.read(index_q.META_READ)
        return f"{rows[0]['uid']}:{rows[0]['writes'] or 0}" if rows and rows[0].get("uid") else None

    def _schema_names(self) -> set[str]:
        """The names of the constraints and indexes the database has, in two reads: each
        ``CREATE ... IF NOT EXISTS`` is a schema transaction of its own even when there is
        nothing to do, about forty on every open for writing. None known if the server will
        not say (then every statement runs, as each is safe to run again)."""

        def names(tx: neo4j.ManagedTransaction) -> set[str]:
            return {str(r[0]) for listing in _SCHEMA_LISTINGS for r in tx.run(listing)}

        try:
            found: set[str] = self._run_read(names)
        except (Neo4jError, StoreError):
            return set()
        return found

    @classmethod
    def connect(
        cls,
        uri: str,
        *,
        user: str = "neo4j",
        password: str = "",
        database: str = "neo4j",
        read_only: bool = False,
        model: Model | None = None,
    ) -> Neo4jStore:
        """A driver for ``uri``, checked at once: a wrong address or password is a clear
        :class:`StoreError`, not a traceback."""
        try:
            # No notification becomes a Python warning either (the logger above keeps them
            # off stderr). The server-side filter (notifications_min_severity) needs Neo4j
            # 5.7+, and the driver refuses it outright on older servers such as 5.3.
            driver = neo4j.GraphDatabase.driver(
                uri, auth=(user, password), warn_notification_severity="OFF"
            )
            driver.verify_connectivity()
        except AuthError as exc:
            raise StoreError(
                f"Neo4j at {uri} refused user {user!r}: {exc.message}; check NEO4J_USER and "
                "NEO4J_PASSWORD"
            ) from None
        except (ServiceUnavailable, OSError, ValueError) as exc:
            raise StoreError(
                f"cannot reach Neo4j at {uri}: {exc}; check the address (neo4j://host:7687 or "
                "bolt://host:7687) and that the server runs"
            ) from None
        try:
            return cls(
                driver, database=database, read_only=read_only, owns_driver=True, model=model
            )
        except Neo4jError as exc:
            driver.close()
            raise StoreError(
                f"Neo4j at {uri}, database {database!r}: {exc.message}; check NEO4J_DATABASE "
                "and that the user may create constraints"
            ) from None
        except Exception:
            driver.close()
            raise

    # -- transactions -------------------------------------------------------------------------
    def _session(self, access: str) -> neo4j.Session:
        config: dict[str, Any] = {}
        if self.server_version and self.server_version >= NOTIFICATION_FILTER_SINCE:
            # The server leaves out notifications (deprecations, unknown property names)
            # instead of sending them for the driver to drop: 5.7 and later.
            config["notifications_min_severity"] = "OFF"
        return self.driver.session(database=self.database, default_access_mode=access, **config)

    def _run_read(self, work: Callable[[neo4j.ManagedTransaction], Any]) -> Any:
        try:
            with self._session(neo4j.READ_ACCESS) as session:
                return session.execute_read(neo4j.unit_of_work(timeout=self._timeout_s)(work))
        except ServiceUnavailable as exc:
            raise StoreError(f"Neo4j is unavailable: {exc}") from None

    def _run_write(self, work: Callable[[neo4j.ManagedTransaction], Any]) -> Any:
        if self.read_only:
            raise StoreError("this store was opened read-only; writes need a read-write open")
        try:
            with self._session(neo4j.WRITE_ACCESS) as session:
                return session.execute_write(
                    neo4j.unit_of_work(timeout=self._timeout_s)(_no_retry_on_memory(work))
                )
        except ServiceUnavailable as exc:
            raise StoreError(f"Neo4j is unavailable: {exc}") from None

    # -- writes ------------------------------------------------------------------------------
    def _write(
        self, work: Callable[[writer.Transaction, dt.datetime], WriteReport], refused: str
    ) -> WriteReport:
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        try:
            report: WriteReport = self._run_write(lambda tx: work(_Tx(tx, self.model), now))
        except PartnergraphError:
            raise
        except Neo4jError as exc:
            raise StoreError(f"{refused}: {exc.message}") from exc
        return report

    def write(self, query: str, params: dict[str, Any] | None = None) -> None:
        text = cypher.render(query, self.dialect)
        try:
            self._run_write(lambda tx: tx.run(text, params or {}).consume())
        except Neo4jError as exc:
            raise StoreError(f"Neo4j refused a write: {exc.message}") from exc

    # -- reads -------------------------------------------------------------------------------
    def read(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        text = cypher.render(query, self.dialect)
        try:
            records = self._run_read(lambda tx: list(tx.run(text, params or {})))
        except Neo4jError as exc:
            raise QueryFailed(f"Neo4j rejected a query: {exc.message}") from exc
        return [{k: to_python(v) for k, v in r.items()} for r in records]

    def query_readonly(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        *,
        timeout_ms: int = 10_000,
        max_rows: int = 10_000,
    ) -> QueryResult:
        check_read_only(query, dialect="neo4j")
        # SHOW INDEXES / CONSTRAINTS / PROCEDURES / FUNCTIONS: commands that only list, whose
        # shape the guard checked word by word; they are not planned like a query.
        listing = check_neo4j_statement(query)
        start = time.perf_counter()

        def work(tx: neo4j.ManagedTransaction) -> tuple[list[str], list[list[Any]], bool]:
            # The server's own reading decides: EXPLAIN plans without running, and its summary
            # says whether the statement reads ("r"), writes, or changes the schema.
            summary = None if listing else tx.run("EXPLAIN " + query, params or {}).consume()
            kind = getattr(summary, "query_type", "r")
            if kind != "r":
                raise QueryRefused(
                    f"Neo4j reads this query as {_QUERY_TYPES.get(kind, kind)}; the console "
                    "only queries the graph (use 'partnergraph ingest' to add data)"
                )
            result = tx.run(query, params or {})
            rows: list[list[Any]] = []
            for record in result:
                if len(rows) >= max_rows:
                    return list(result.keys()), rows, True
                rows.append([to_python(v) for v in record.values()])
            return list(result.keys()), rows, False

        limit_s = timeout_ms / 1000
        late = QueryFailed(
            f"the query ran longer than the time limit of {limit_s:g} s and was stopped; add "
            "a LIMIT or narrow the MATCH"
        )
        try:  # a read transaction: Neo4j refuses writes in it (layer two), and a time limit
            columns, rows, truncated = self._watched(work, limit_s, late)
        except ClientError as exc:
            if "TimedOut" in (exc.code or "") or "terminated" in (exc.message or "").lower():
                raise late from exc
            raise QueryFailed(f"the query failed: {exc.message}") from exc
        except Neo4jError as exc:
            raise QueryFailed(f"the query failed: {exc.message}") from exc
        elapsed = (time.perf_counter() - start) * 1000
        return QueryResult(columns=columns, rows=rows, truncated=truncated, elapsed_ms=elapsed)

    def _watched(
        self, work: Callable[[neo4j.ManagedTransaction], Any], limit_s: float, late: QueryFailed
    ) -> Any:
        """``work`` in a read transaction with the server's timeout ``limit_s``, and the
        client's too: the server checks its timeout only now and then (a query given 10 s
        was seen stopped after 22.7 s), so a watchdog thread waits ``limit_s`` plus
        :data:`TIME_LIMIT_GRACE_S`, then cuts the session's connection (which ends the
        transaction on the server) and raises ``late``. No retry follows a cut."""
        cancelled = threading.Event()
        done = threading.Event()
        box: dict[str, Any] = {}

        def guarded(tx: neo4j.ManagedTransaction) -> Any:
            if cancelled.is_set():  # the driver retrying after the cut
                raise QueryFailed(str(late))
            return work(tx)

        def target() -> None:
            try:
                with self._session(neo4j.READ_ACCESS) as session:
                    box["session"] = session
                    box["value"] = session.execute_read(
                        neo4j.unit_of_work(timeout=limit_s)(guarded)
                    )
            except BaseException as exc:  # handed to the waiting thread
                box["error"] = exc
            finally:
                done.set()

        worker = threading.Thread(target=target, name="neo4j-query", daemon=True)
        worker.start()
        if not done.wait(limit_s + TIME_LIMIT_GRACE_S):
            cancelled.set()
            _cut(box.get("session"))
            raise late
        if "error" in box:
            error: BaseException = box["error"]
            if isinstance(error, ServiceUnavailable):
                raise StoreError(f"Neo4j is unavailable: {error}") from None
            raise error
        return box["value"]

    def copy_in(self, nodes: list[NodeRow], rels: list[RelRow]) -> WriteReport:
        """Rows copied from another store (``push``), in one transaction. Nodes as
        :meth:`import_rows` (one already here must be identical); relationships merged on their
        key by statements of :data:`ROWS_PER_RUN` rows, without first reading what the source
        already stated here (that read grows with every batch of a large source: the twin
        list's 40,000 SOURCED_FROM came back again for each batch)."""
        report = self.import_rows(nodes, []) if nodes else WriteReport()
        if rels:
            try:
                copied: WriteReport = self._run_write(lambda tx: _copy_rels(tx, self.model, rels))
            except Neo4jError as exc:
                raise StoreError(
                    f"Neo4j refused a batch of the copy ({exc.message}), nothing of it was "
                    "written; run the same command again to resume"
                ) from exc
            report.relationships_created = copied.relationships_created
            report.relationships_matched = copied.relationships_matched
        return report

    def iter_nodes(self, label: str) -> Iterator[NodeRow]:
        for row in self.read(cypher.all_nodes(self.model, label)):
            yield NodeRow(label=label, props={k: v for k, v in row.items() if v not in (None, [])})

    def iter_rels(self, rel_type: str) -> Iterator[RelRow]:
        for row in self.read(cypher.all_rels(self.model, rel_type)):
            a, b, a_label, b_label = (row.pop(end) for end in cypher.REL_ENDS)
            props = {k: v for k, v in row.items() if v not in (None, [])}
            yield RelRow(rel_type, a_label, a, b_label, b, props)

    def counts(self) -> dict[str, int]:
        queries = {lab: cypher.count_nodes(lab) for lab in self.model.labels}
        queries |= {rel: cypher.count_rels(rel) for rel in self.model.rels}
        return {k: int(next(iter(self.read(q)[0].values()))) for k, q in queries.items()}

    def close(self) -> None:
        if self._owns_driver:
            self.driver.close()


class _Tx(writer.Transaction):
    """The write primitives in one Neo4j transaction: batched ``UNWIND $rows``, idempotent
    ``MERGE`` on ``id`` for nodes and on ``key`` (source and the type's key) for relationships.
    Long lists go as several statements of :data:`ROWS_PER_RUN` rows in the same transaction.
    The history index is kept through the same named queries as on the embedded store."""

    keeps_index = True

    def __init__(self, tx: neo4j.ManagedTransaction, model: Model) -> None:
        self.tx = tx
        self.model = model

    def read(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        text = cypher.render(query, Neo4jStore.dialect)
        records = self.tx.run(text, params or {})
        return [{k: to_python(r[k]) for k in r.keys()} for r in records]  # noqa: SIM118

    def run(self, query: str, params: dict[str, Any] | None = None) -> None:
        self.tx.run(cypher.render(query, Neo4jStore.dialect), params or {}).consume()

    def _rows(self, query: str, **params: Any) -> list[list[Any]]:
        text = cypher.render(query, Neo4jStore.dialect)
        return [[to_python(v) for v in r.values()] for r in self.tx.run(text, params)]

    def _ids_rows(self, query: str, ids: list[str], **params: Any) -> list[list[Any]]:
        out: list[list[Any]] = []
        for chunk in _pieces(ids):
            out += self._rows(query, ids=chunk, **params)
        return out

    def fetch_nodes(self, label: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        out = {}
        for chunk in _pieces(ids):
            for record in self.tx.run(cypher.fetch_nodes(label), {"ids": chunk}):
                node = record[0]  # values as Python types, for the merge's comparisons
                out[node["id"]] = {k: _typed(v) for k, v in node.items()}
        return out

    def put_nodes(self, label: str, rows: list[dict[str, Any]], *, new: bool) -> None:
        props = self.model.label(label).properties
        shaped = [{p: r.get(p) for p in props} for r in rows]
        for chunk in _pieces(shaped):
            self.tx.run(merge_nodes(label), {"rows": chunk}).consume()

    def existing_ids(self, label: str, ids: list[str]) -> set[str]:
        return {r[0] for r in self._ids_rows(cypher.existing_ids(label), ids)}

    def rel_keys(self, rel_type: str, a: str, b: str, sources: list[str]) -> set[tuple[Any, ...]]:
        out: set[tuple[Any, ...]] = set()
        for chunk in _pieces(sources):
            out |= {
                tuple(r)
                for r in self._rows(cypher.rel_keys(self.model, rel_type, a, b), sources=chunk)
            }
        return out

    def put_rels(self, rel_type: str, a: str, b: str, rows: list[dict[str, Any]]) -> None:
        rel = self.model.rel(rel_type)
        shaped = [
            {
                "from": r["from"],
                "to": r["to"],
                "key": writer.rel_key(r, rel.key),
                "props": {p: r[p] for p in rel.properties if r.get(p) is not None},
            }
            for r in rows
        ]
        for chunk in _pieces(shaped):
            self.tx.run(merge_rels(rel_type, a, b), {"rows": chunk}).consume()


def _built(tx: writer.Transaction) -> WriteReport:
    history_index.build(tx)
    return WriteReport()


def _copy_rels(tx: neo4j.ManagedTransaction, model: Model, rels: list[RelRow]) -> WriteReport:
    """Merge copied relationships by type and ends; a row whose ends are not both in the
    graph fails the copy (nodes are copied first, so one is missing from the source too).
    The history index is left stale, for the copy to build at its end."""
    history_index.mark_stale(_Tx(tx, model))
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for r in rels:
        key = writer.rel_key(r.props, model.rel(r.type).key)
        row = {"from": r.from_id, "to": r.to_id, "key": key, "props": r.props}
        groups.setdefault((r.type, r.from_label, r.to_label), []).append(row)
    report = WriteReport()
    for (rel_type, a, b), rows in groups.items():
        query = copy_rels(rel_type, a, b)
        for chunk in _pieces(rows):
            result = tx.run(query, {"rows": chunk})
            found = sum(int(record[0]) for record in result)
            created = _created(result.consume())
            if found < len(chunk):
                raise StoreError(
                    f"{len(chunk) - found} {rel_type} relationships of the copy lack an end "
                    f"({a} or {b}) in Neo4j; run the same command again (nodes are copied first)"
                )
            report.relationships_created += created
            report.relationships_matched += len(chunk) - created
    return report


def _created(summary: Any) -> int:
    counters = getattr(summary, "counters", None)
    return int(getattr(counters, "relationships_created", 0))


def _ask_version(driver: Any) -> tuple[int, ...] | None:
    """The server's version, or None when it cannot tell (a recording driver in tests)."""
    try:
        return server_version(driver.get_server_info().agent)
    except (AttributeError, Neo4jError, ServiceUnavailable, OSError):
        return None


def _pieces(items: list[Any], size: int = ROWS_PER_RUN) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


_THRESHOLD = re.compile(r"([a-z_]+(?:\.[a-z_]+)*\.memory\.transaction(?:\.[a-z_]+)*) threshold")


def memory_message(exc: Neo4jError) -> str | None:
    """What to raise, when the server refused a write for transaction memory (None when that
    was not the reason). The server names the limit it hit; the message names it back."""
    text = exc.message or ""
    if "MemoryPoolOutOfMemoryError" not in (exc.code or "") and "threshold reached" not in text:
        return None
    found = _THRESHOLD.search(text)
    setting = found.group(1) if found else "db.memory.transaction.total.max"
    return (
        f"Neo4j refused the write for lack of transaction memory ({text.strip()}): one file "
        f"is written as one transaction, all or nothing; raise {setting} in neo4j.conf "
        "(the 26,114-pair twin-city list needs more than 256 MiB; 0 means no limit) and "
        "restart the server, see docs/scaling.md"
    )


def _no_retry_on_memory(
    work: Callable[[neo4j.ManagedTransaction], Any],
) -> Callable[[neo4j.ManagedTransaction], Any]:
    """The driver retries a transient error, and running out of transaction memory is one:
    the same write would fail the same way for 30 s. Raised as a StoreError, it is not."""

    def run(tx: neo4j.ManagedTransaction) -> Any:
        try:
            return work(tx)
        except Neo4jError as exc:
            message = memory_message(exc)
            if message is None:
                raise
            raise StoreError(message) from exc

    return run


def _cut(session: Any) -> None:
    """Close the socket under a session from another thread: the blocked read returns, the
    driver drops the connection, and the server ends the transaction it served."""
    connection = getattr(session, "_connection", None)
    bolt_socket = getattr(connection, "socket", None)
    raw = getattr(bolt_socket, "_socket", bolt_socket)
    try:
        if raw is not None:
            raw.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed: nothing left to stop


def _runner(statement: str) -> Callable[[neo4j.ManagedTransaction], Any]:
    def run(tx: neo4j.ManagedTransaction) -> Any:
        return tx.run(statement).consume()

    return run


def to_python(value: Any) -> Any:
    """A Neo4j value as JSON-ready Python, shaped like the embedded store's (nodes and
    relationships as maps with ``_label``, ``_id``/``_src``/``_dst``)."""
    if isinstance(value, neo4j.graph.Node):
        return {
            "_label": next(iter(value.labels), None),
            "_id": value.element_id,
            **{k: to_python(v) for k, v in value.items()},
        }
    if isinstance(value, neo4j.graph.Relationship):
        return {
            "_label": value.type,
            "_src": value.start_node.element_id if value.start_node else None,
            "_dst": value.end_node.element_id if value.end_node else None,
            # ``key`` is what writes merge on here (the embedded store keys its relationships
            # itself): not one of the relationship's properties.
            **{k: to_python(v) for k, v in value.items() if k != MERGE_KEY},
        }
    if isinstance(value, neo4j.graph.Path):
        return {
            "nodes": [to_python(n) for n in value.nodes],
            "rels": [to_python(r) for r in value.relationships],
        }
    if isinstance(value, list | tuple):
        return [to_python(v) for v in value]
    if isinstance(value, dict):
        return {k: to_python(v) for k, v in value.items()}
    if isinstance(value, neo4j.time.DateTime | neo4j.time.Date | neo4j.time.Time):
        # As the embedded store gives them: Python's isoformat, in microseconds (Neo4j keeps
        # nanoseconds; iso_format() would always write nine fractional digits).
        try:
            return value.to_native().isoformat()
        except (ValueError, OverflowError):  # outside Python's range of years
            return value.iso_format()
    if hasattr(value, "iso_format"):  # neo4j.time Duration
        return value.iso_format()
    return value


def _typed(value: Any) -> Any:
    """Stored values back to Python types, for the merge's comparisons."""
    if hasattr(value, "to_native"):
        return value.to_native()
    return value
