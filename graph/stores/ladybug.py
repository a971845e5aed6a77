"""The embedded store: one LadybugDB file, no server."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import math
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import ladybug

from graph import cypher
from graph.batch import NodeRow, RelRow
from graph.cypher import index as index_q
from graph.errors import PartnergraphError, QueryFailed, StoreError
from graph.guard import check_read_only
from graph.schema import Model, Property, load_model
from graph.stores import history_index, writer
from graph.stores.base import GraphStore, QueryResult, WriteReport
from graph.stores.lock import DbLock
from graph.stores.sandbox import Limits, QueryPool

__all__ = ["LadybugStore", "jsonable"]

log = logging.getLogger("partnergraph")

# From this many new rows, they are written by scanning an Arrow table (LOAD FROM ... CREATE,
# about 0.2 s whatever its size); below it a parameterised UNWIND is faster (the threshold was
# measured with COPY: 4.3 s of writes on the sample with COPY only, docs/benchmarks.md). Not
# COPY: a COPY inside a transaction is lost if the process dies in the checkpoint after the
# commit, while the transaction's other writes are kept (docs/upstream/ladybug-copy-recovery.md);
# LOAD's rows go through the WAL, for 0.6 s more on load-sample (docs/decisions.md, session 4).
BULK_THRESHOLD = 2000

# A hidden column of Source (outside the schema: never read into a node's properties, exported
# or merged): what the source's batch stored under it, checked when its ingest was cut short.
_EXPECTED = "`_expected`"

# Beside a database whose last write was cut short: the engine completes it at the next
# read-write open; until then a read-only open refuses the file (with a frozen WAL or shadow).
_RECOVERY_FILES = (".wal", ".wal.checkpoint", ".shadow")


def _open_database(path: Path, *, read_only: bool = False, buffer_pool_size: int = 0) -> Any:
    """The engine's database. A process killed while it appended to the WAL leaves a torn last
    record, which the engine refuses ("the WAL file is corrupted") and which belongs to a
    transaction that never committed. Then a copy of the WAL is kept beside the file
    (``.wal.torn-<time>``) and the engine replays the WAL up to the torn record: every
    committed transaction comes back, and a source whose ingest was cut is written again by the
    next run (its stamp comes last)."""
    try:
        return ladybug.Database(str(path), read_only=read_only, buffer_pool_size=buffer_pool_size)
    except RuntimeError as exc:
        low = str(exc).lower()
        if read_only or "wal" not in low or "corrupt" not in low:
            raise
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        shutil.copy2(wal, path.with_name(f"{path.name}.wal.torn-{stamp}"))
    log.warning("%s: the WAL ended in a torn record; replayed up to it (a copy is kept)", path)
    return ladybug.Database(
        str(path), buffer_pool_size=buffer_pool_size, throw_on_wal_replay_failure=False
    )


class LadybugStore(GraphStore):
    """A LadybugDB database file: one partnergraph process writes it, or any number read it
    (:mod:`graph.stores.lock`), never both at once."""

    dialect = "ladybug"

    def __init__(
        self,
        path: str | Path,
        *,
        read_only: bool = False,
        buffer_pool_mb: int | None = 512,
        console_workers: int = 1,
        console_limits: Limits | None = None,
        model: Model | None = None,
    ) -> None:
        """``model``: the schema the file follows (new tables and properties are added on
        open); none given, the package's ``graph/schema.yaml`` is read for this store."""
        self.path = Path(path)
        self.read_only = read_only
        self.model = model if model is not None else load_model()
        # Researchers' queries: how many at once, and what each may take (the time limit and
        # row cap are given per query).
        self.console_workers = console_workers
        self.console_limits = console_limits or Limits()
        self._console: QueryPool | None = None
        if read_only and not self.path.exists():
            raise StoreError(
                f"no database at {self.path}; build one first with 'partnergraph load-sample' "
                "or 'partnergraph ingest FILE', or point --db at an existing one"
            )
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = DbLock(self.path)
        self._lock.acquire(exclusive=not read_only)  # before the engine touches the file
        self._local = threading.local()
        self._conns: list[ladybug.Connection] = []
        self._conns_lock = threading.Lock()
        self._write_lock = threading.Lock()
        try:
            if read_only and _pending(self.path) and self._lock.try_exclusive():
                self._recover()  # no other process has it open: finish the interrupted write
                self._lock.share()
            # A reader's page cache is bounded (the engine's default is most of the machine's
            # memory); a writer's is not, so that a large bulk write never runs short.
            pool = (buffer_pool_mb or 0) * 2**20 if read_only else 0
            try:
                self._db = _open_database(self.path, read_only=read_only, buffer_pool_size=pool)
                self._conn.execute("RETURN 1")
            except RuntimeError as exc:
                raise StoreError(self._open_failed(exc)) from exc
            if not read_only:
                self._ensure_schema()
            elif self._schema_behind():
                self._upgrade(pool)
            self.history_index = self._index_current()
        except BaseException:
            if hasattr(self, "_db"):  # opened, then the schema failed
                with contextlib.suppress(RuntimeError):
                    self._db.close()
            self._lock.release()
            raise

    def _index_current(self) -> bool:
        """Whether the index of who engaged whom is there, of this release's version (else
        history reads the graph itself, as before the index)."""
        rows = self._all(index_q.META_READ)
        return bool(rows) and rows[0][0] == index_q.INDEX_VERSION

    def graph_version(self) -> str | None:
        """This file's identity and how many writes it has had, both kept in each write's
        transaction: what a view built from the graph is keyed by."""
        rows = self._all(index_q.META_READ) if "HistoryPair" in self._tables() else []
        return f"{rows[0][2]}:{rows[0][1] or 0}" if rows and rows[0][2] else None

    def _view_file(self, include_sources: bool) -> Path | None:
        """The app's view is kept; the one with sources is built for an export and let go."""
        return None if include_sources else self.path.with_name(f"{self.path.name}.view")

    def kept_file(self, name: str) -> Path | None:
        return self.path.with_name(f"{self.path.name}.{name}")

    def _schema_behind(self) -> list[str]:
        """Tables and properties the schema has that this file lacks (it was made by an older
        partnergraph): a read-only open cannot add them, and every read of them would fail. (A
        missing endpoint pair reads as no rows, so it waits for the next read-write open.)"""
        tables = self._tables()
        missing, conflicts = [], []
        for name, props in _columns_by_table(self.model).items():
            if name not in tables:
                missing.append(name)
                continue
            have = self._table_columns(name)
            missing += [f"{name}.{prop}" for prop in props if prop not in have]
            conflicts += _conflicts(name, have, props)
        self._refuse(conflicts)
        missing += [t for t in index_q.TABLES if t not in tables]
        if not missing and not self._index_current():
            missing.append("the index of who engaged whom")
        return missing

    def _refuse(self, conflicts: list[str]) -> None:
        """What an open cannot change in a file (a property's type): refused, with the way to
        rebuild the file."""
        if conflicts:
            raise StoreError(
                f"{self.path} does not match the schema: {'; '.join(conflicts[:5])}. Opening a "
                "file only adds to it (tables, properties, relationship pairs); this it cannot "
                "change. Rebuild the file from its sources: move it aside, then 'partnergraph "
                f"--db {self.path} load-sample' for the sample, or 'partnergraph --db "
                f"{self.path} ingest' with the files it was made from"
            )

    def _tables(self) -> set[str]:
        return {row[1] for row in self._all("CALL show_tables() RETURN *")}

    def _table_columns(self, table: str) -> dict[str, str]:
        """The table's columns and their types, as the engine names them."""
        return {row[1]: row[2] for row in self._all(f"CALL table_info('{table}') RETURN *")}

    def _pairs(self, rel_type: str) -> set[tuple[str, str]]:
        rows = self._all(f"CALL show_connection('{rel_type}') RETURN *")
        return {(row[0], row[1]) for row in rows}

    def _upgrade(self, pool: int) -> None:
        """Add what the schema gained since the file was made, in one short read-write open
        when no other process has the file open, then read it as asked."""
        missing = ", ".join(self._schema_behind()[:5])
        if not self._lock.try_exclusive():
            raise StoreError(
                f"{self.path} was made by an older partnergraph (it lacks {missing}), and "
                "adding that takes a moment of writing, which must wait while another process "
                "has the file open. Stop it, then run this again (or run any writing command "
                f"once, such as 'partnergraph --db {self.path} recover')"
            )
        self._close_engine()
        try:
            db = _open_database(self.path)
            self._db = db
            self._ensure_schema()
        finally:
            self._close_engine()
            self._lock.share()
        self._db = ladybug.Database(str(self.path), read_only=True, buffer_pool_size=pool)
        self._conn.execute("RETURN 1")

    def _close_engine(self) -> None:
        with self._conns_lock:
            for conn in self._conns:
                with contextlib.suppress(RuntimeError):
                    conn.close()
            self._conns.clear()
        self._local = threading.local()
        if hasattr(self, "_db"):
            with contextlib.suppress(RuntimeError):
                self._db.close()
            del self._db

    def _recover(self) -> None:
        """Open the file read-write once, which makes the engine finish a write that a process
        left half-done (a kill during the checkpoint after a commit), then close it."""
        try:
            _open_database(self.path).close()
        except RuntimeError as exc:
            if "lock" in str(exc).lower():  # another program writes it: read what it wrote
                return
            raise StoreError(
                f"{self.path} was left mid-write by a process that ended, and finishing that "
                f"takes one read-write open, which failed: {exc}. Run 'partnergraph --db "
                f"{self.path} recover' as a user who may write to {self.path.parent}. Do not "
                "delete the database or the .wal and .shadow files beside it: they hold "
                "committed data"
            ) from exc

    def _open_failed(self, exc: RuntimeError) -> str:
        message = str(exc)
        low = message.lower()
        if "recovery is pending" in low:
            from graph.stores.lock import holders, lock_path

            who = "; ".join(holders(lock_path(self.path))) or "another process"
            return (
                f"cannot read {self.path} yet: a write to it was cut short (the process ended "
                "during its checkpoint), and the engine completes it at the next read-write "
                f"open, which must wait while {who} has the file open. Stop that process, then "
                "run this command again: it completes the recovery first (or run "
                f"'partnergraph --db {self.path} recover'). Do not delete the database or the "
                ".wal and .shadow files beside it: they hold committed data"
            )
        if "lock" in low:
            return (
                f"cannot open {self.path}: a program other than partnergraph has it open for "
                f"writing ({message}); stop it, then run this again"
            )
        return (
            f"cannot open the database {self.path}: {message.rstrip('.! ')}. Check that --db (or "
            "PARTNERGRAPH_DB) names a partnergraph database. If it does, keep it and the files "
            "beside it as they are (they may hold data a newer release can read back) and "
            "report this message"
        )

    @property
    def _conn(self) -> ladybug.Connection:
        """This thread's connection: the web app serves requests from a pool of threads, and
        a connection carries per-query state (the time limit, an open transaction)."""
        conn: ladybug.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = ladybug.Connection(self._db)
            # partnergraph's own queries are small: one thread each answers them a third faster
            # than the engine's default of all cores (docs/benchmarks.md); researchers' queries
            # and bulk writes get every core (see _all_cores).
            conn.set_max_threads_for_exec(1)
            self._local.conn = conn
            with self._conns_lock:
                self._conns.append(conn)
        return conn

    # -- schema ------------------------------------------------------------------------------
    def _ensure_schema(self) -> None:
        """Tables for the schema, in one transaction (a process killed while it creates a new
        file's tables leaves none of them, not some). A file made by an older partnergraph
        gains what the schema added since: tables, properties and relationship endpoint pairs."""
        self._conn.execute("BEGIN TRANSACTION")
        try:
            for statement in cypher.ddl(self.model):
                self._conn.execute(statement)
            tables = _columns_by_table(self.model)
            columns = {table: self._table_columns(table) for table in tables}
            self._refuse([c for t, p in tables.items() for c in _conflicts(t, columns[t], p)])
            for table, props in tables.items():
                have = columns[table]
                for name, prop in props.items():
                    if name not in have:
                        self._conn.execute(
                            f"ALTER TABLE {cypher.ident(table)} ADD {cypher.ident(name)} "
                            f"{prop.type}"
                        )
                if table == "Source" and "_expected" not in have:
                    self._conn.execute(f"ALTER TABLE `Source` ADD {_EXPECTED} STRING")
            for rel in self.model.rels.values():
                have_pairs = self._pairs(rel.name)
                for a in rel.from_labels:
                    for b in rel.to_labels:
                        if (a, b) not in have_pairs:
                            self._conn.execute(
                                f"ALTER TABLE {cypher.ident(rel.name)} ADD FROM {cypher.ident(a)} "
                                f"TO {cypher.ident(b)}"
                            )
            for statement in index_q.index_ddl():
                self._conn.execute(statement)
            if not self._index_current():  # a file from before the index, or another version
                history_index.build(_Tx(self))
            self._conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(RuntimeError):
                self._conn.execute("ROLLBACK")
            raise

    def _all(self, query: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
        result = self._conn.execute(cypher.render(query, self.dialect), params or {})
        assert not isinstance(result, list)
        return [list(row) for row in result.get_all()]

    # -- writes ------------------------------------------------------------------------------
    def _write(
        self, work: Callable[[writer.Transaction, dt.datetime], WriteReport], refused: str
    ) -> WriteReport:
        if self.read_only:
            raise StoreError("this database was opened read-only; writes need a read-write open")
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        with self._write_lock, self._all_cores():
            self._conn.execute("BEGIN TRANSACTION")
            try:
                report = work(_Tx(self), now)
                self._conn.execute("COMMIT")
            except Exception as exc:
                with contextlib.suppress(RuntimeError):  # it may have rolled back already
                    self._conn.execute("ROLLBACK")
                if isinstance(exc, PartnergraphError):
                    raise
                raise StoreError(f"{refused}: {exc}") from exc
        return report

    def holds(self, source_id: str) -> bool:
        """The source's relationships per type against what its batch stored (kept in the
        same transaction): the check that an engine recovery lost nothing of it (the issue's
        COPY lost the bulk rows of a committed transaction and kept the rest)."""
        rows = self._all(f"MATCH (s:`Source` {{id: $id}}) RETURN s.{_EXPECTED}", {"id": source_id})
        if not rows or not rows[0][0]:
            return False  # nothing to check against: written again
        expected: dict[str, int] = json.loads(rows[0][0])
        return self._counts_under(source_id, sorted(expected)) == expected

    def _durable(self) -> bool:
        """Checkpoint: what the WAL holds goes into the database file. After this a write no
        longer depends on the engine's recovery, and readers open a file without a WAL. A
        checkpoint that cannot run now (a reader's transaction in another thread) is left to
        the engine (the WAL is durable): False, so the source stays unstamped."""
        try:
            with self._write_lock:
                self._conn.execute("CHECKPOINT")
        except RuntimeError:
            return False
        return True

    @contextlib.contextmanager
    def _all_cores(self) -> Iterator[None]:
        self._conn.set_max_threads_for_exec(os.cpu_count() or 1)
        try:
            yield
        finally:
            self._conn.set_max_threads_for_exec(1)

    def _load(self, table: Any, statement: str) -> None:
        """``LOAD FROM bulk_rows`` + ``statement``: the engine scans the Arrow table, and the
        rows go through the WAL like any other write (unlike COPY's, see BULK_THRESHOLD)."""
        # LOAD scans a local Python variable by name; the name is ours, never user input.
        bulk_rows = table  # noqa: F841
        self._conn.execute(f"LOAD FROM bulk_rows {statement}")

    # -- reads -------------------------------------------------------------------------------
    def read(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        try:
            result = self._conn.execute(cypher.render(query, self.dialect), params or {})
        except RuntimeError as exc:
            raise QueryFailed(f"the store rejected a query: {exc}{_pool_hint(str(exc))}") from exc
        assert not isinstance(result, list)
        cols = result.get_column_names()
        return [
            dict(zip(cols, (jsonable(v) for v in row), strict=True)) for row in result.get_all()
        ]

    def write(self, query: str, params: dict[str, Any] | None = None) -> None:
        if self.read_only:
            raise StoreError("this database was opened read-only; writes need a read-write open")
        try:
            self._conn.execute(cypher.render(query, self.dialect), params or {})
        except RuntimeError as exc:
            raise StoreError(f"the store refused a write: {exc}") from exc

    def query_readonly(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        *,
        timeout_ms: int = 10_000,
        max_rows: int = 10_000,
    ) -> QueryResult:
        """A researcher's query in Neo4j's dialect, translated (:mod:`graph.dialect`) and run in
        a contained worker process (:mod:`graph.stores.sandbox`) that decides on the engine's
        plan of the translation, reads a read-only open of this file, and is killed past the
        time limit or the memory cap. The engine's errors come back saying what to do."""
        from graph import dialect  # the console's path only: not imported by a question

        params = params or {}
        text = dialect.translate(query, self.model)
        check_read_only(text)  # before the parameters are looked at; the worker checks again
        dialect.check_parameters(query, params)
        limits = replace(self.console_limits, timeout_ms=timeout_ms, max_rows=max_rows)
        with self._conns_lock:
            if self._console is None:
                self._console = QueryPool(self.path, workers=self.console_workers)
            pool = self._console
        try:
            return pool.run(text, params, limits)
        except QueryFailed as exc:
            raise QueryFailed(_taught(self.model, str(exc), query, text)) from None

    def counts(self) -> dict[str, int]:
        out = {lab: self._all(cypher.count_nodes(lab))[0][0] for lab in self.model.labels}
        out |= {rel: self._all(cypher.count_rels(rel))[0][0] for rel in self.model.rels}
        return out

    def iter_nodes(self, label: str) -> Iterator[NodeRow]:
        names, columns = self._columns(cypher.all_nodes(self.model, label))
        for values in zip(*columns, strict=True):
            props = {k: v for k, v in zip(names, values, strict=True) if v is not None}
            yield NodeRow(label, props)

    def iter_rels(self, rel_type: str) -> Iterator[RelRow]:
        names, columns = self._columns(cypher.all_rels(self.model, rel_type))
        if not columns:
            return
        ends, names, columns = columns[:4], names[4:], columns[4:]  # cypher.REL_ENDS first
        for a, b, a_label, b_label, *values in zip(*ends, *columns, strict=True):
            props = {k: v for k, v in zip(names, values, strict=True) if v is not None}
            yield RelRow(rel_type, a_label, a, b_label, b, props)

    def _columns(self, query: str) -> tuple[list[str], list[list[Any]]]:
        """A whole-table query read in one columnar fetch (Arrow), each column as a list of
        JSON-ready values, an empty value (no value, an empty list, NaN) as None; columns with
        no value at all are left out. Row by row cost 35 s for a million relationships, Arrow
        columns made into Python values one by one 5 s; Arrow converts dates, timestamps and
        empty lists itself, so the rows are made from plain strings and numbers."""
        result = self._conn.execute(cypher.render(query, self.dialect))
        assert not isinstance(result, list)
        table = result.get_as_arrow()
        names, columns = [], []
        for name in table.column_names:
            column = table.column(name)
            if column.null_count < table.num_rows:
                names.append(name)
                columns.append(_plain(column))
        return names, columns

    def close(self) -> None:
        with self._conns_lock:
            if self._console is not None:
                self._console.close()
                self._console = None
            for conn in self._conns:
                conn.close()
            self._conns.clear()
        try:
            self._db.close()
        finally:
            self._lock.release()


class _Tx(writer.Transaction):
    """The write primitives on LadybugDB: parameterised UNWIND for small groups, a scan of an
    Arrow table for new rows from BULK_THRESHOLD up (about 0.2 s whatever its size)."""

    keeps_index = True

    def __init__(self, store: LadybugStore) -> None:
        self.store = store
        self.model = store.model

    def read(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return self.store.read(query, params)

    def run(self, query: str, params: dict[str, Any] | None = None) -> None:
        self.store._conn.execute(cypher.render(query, self.store.dialect), params or {})

    def clear_index(self) -> None:
        """The index's tables dropped and made again: deleting a million links one by one
        took seconds."""
        for table in reversed(index_q.TABLES):
            self.store._conn.execute(f"DROP TABLE {table}")
        for statement in index_q.index_ddl():
            self.store._conn.execute(statement)
        forget_plans(self.store._conn)

    def read_chunks(
        self, query: str, size: int, params: dict[str, Any] | None = None
    ) -> Iterator[list[dict[str, Any]]]:
        """Fetched as Arrow columns (twinning's 2.5 million rows at scale 10 as Python maps
        would take gigabytes), handed out as maps ``size`` at a time."""
        result = self.store._conn.execute(cypher.render(query, self.store.dialect), params or {})
        assert not isinstance(result, list)
        table = result.get_as_arrow()
        dated = [
            n
            for n, t in zip(table.column_names, table.schema.types, strict=True)
            if "date" in str(t) or "timestamp" in str(t)
        ]
        for start in range(0, table.num_rows, size):
            part = table.slice(start, size).to_pylist()
            for row in part:  # as read() gives them: dates as ISO text
                for name in dated:
                    if row[name] is not None:
                        row[name] = row[name].isoformat()
            yield part

    def put_index(
        self,
        cards: list[dict[str, Any]],
        reach: list[dict[str, Any]],
        links: list[tuple[str, str]],
        *,
        new: bool,
        labels: dict[str, str] | None = None,
    ) -> None:
        import pyarrow as pa

        if not new:
            super().put_index(cards, reach, links, new=False, labels=labels)
            return
        text = pa.string()
        if cards:
            self.store._load(
                pa.table({"id": [c["id"] for c in cards], "card": [c["card"] for c in cards]}),
                "CREATE (:HistoryCard {id: id, card: card})",
            )
        if labels:
            self.store._load(
                pa.table({"id": list(labels), "label": list(labels.values())}),
                "CREATE (:HistoryPair {id: id, label: label})",
            )
        if reach:
            self.store._load(
                pa.table(
                    {"id": [r["id"] for r in reach], "reach": [r["reach"] for r in reach]},
                    schema=pa.schema([("id", text), ("reach", text)]),
                ),
                "CREATE (:HistoryPair {id: id, reach: reach})",
            )
        if links:
            self.store._load(
                pa.table({"pair": [p for p, _ in links], "card": [c for _, c in links]}),
                "MATCH (p:HistoryPair {id: pair}) WITH p, card "
                "MATCH (c:HistoryCard {id: card}) CREATE (p)-[:LISTS]->(c)",
            )

    def put_answers(self, answers: dict[str, bytes | None]) -> None:
        import pyarrow as pa

        rows = {k: v for k, v in answers.items() if v is not None}
        if len(rows) < BULK_THRESHOLD:  # a write's few: pyarrow's import alone is 0.9 s
            super().put_answers(answers)
            return
        if len(rows) < len(answers):
            super().put_answers({k: v for k, v in answers.items() if v is None})
        if rows:
            self.store._load(
                pa.table(
                    {"id": list(rows), "answer": list(rows.values())},
                    schema=pa.schema([("id", pa.string()), ("answer", pa.binary())]),
                ),
                "MATCH (p:HistoryPair {id: id}) SET p.answer = answer",
            )

    def fetch_nodes(self, label: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        rows = self.store._all(cypher.fetch_nodes(label), {"ids": ids})
        return {r[0]["id"]: {k: v for k, v in r[0].items() if not k.startswith("_")} for r in rows}

    def put_nodes(self, label: str, rows: list[dict[str, Any]], *, new: bool) -> None:
        props = self.model.label(label).properties
        if new and len(rows) >= BULK_THRESHOLD:
            values = ", ".join(f"{cypher.ident(p)}: {cypher.ident(p)}" for p in props)
            self.store._load(_arrow(props, rows), f"CREATE (:{cypher.ident(label)} {{{values}}})")
        else:
            shaped = [{p: r.get(p) for p in props} for r in rows]
            self.store._conn.execute(cypher.upsert_nodes(self.model, label), {"rows": shaped})

    def existing_ids(self, label: str, ids: list[str]) -> set[str]:
        return {r[0] for r in self.store._all(cypher.existing_ids(label), {"ids": ids})}

    def expect(self, source_id: str, counts: dict[str, int]) -> None:
        self.store._conn.execute(
            f"MATCH (s:`Source` {{id: $id}}) SET s.{_EXPECTED} = $counts",
            {"id": source_id, "counts": json.dumps(counts, sort_keys=True)},
        )

    def taken_ids(self, label: str, ids: list[str]) -> set[str]:
        # A label with fewer nodes than ids to look up is read whole (17,000 look-ups in each
        # of a dozen nearly empty labels cost more than the twin list's whole write).
        count = self.store._all(cypher.count_nodes(label))[0][0]
        if count == 0:
            return set()
        if count < len(ids):
            wanted = set(ids)
            rows = self.store._all(f"MATCH (n:{cypher.ident(label)}) RETURN n.id")
            return {r[0] for r in rows if r[0] in wanted}
        return self.existing_ids(label, ids)

    def rel_keys(self, rel_type: str, a: str, b: str, sources: list[str]) -> set[tuple[Any, ...]]:
        rows = self.store._all(cypher.rel_keys(self.model, rel_type, a, b), {"sources": sources})
        return {tuple(r) for r in rows}

    def put_rels(self, rel_type: str, a: str, b: str, rows: list[dict[str, Any]]) -> None:
        props = self.model.rel(rel_type).properties
        if len(rows) >= BULK_THRESHOLD:
            # Two MATCHes joined by WITH, as in cypher.create_rels (one scan per row otherwise).
            cols = ", ".join(["`to`", *(cypher.ident(p) for p in props)])
            values = ", ".join(f"{cypher.ident(p)}: {cypher.ident(p)}" for p in props)
            self.store._load(
                _arrow(props, rows, endpoints=True),
                f"MATCH (a:{cypher.ident(a)} {{id: `from`}}) WITH a, {cols} "
                f"MATCH (b:{cypher.ident(b)} {{id: `to`}}) "
                f"CREATE (a)-[:{cypher.ident(rel_type)} {{{values}}}]->(b)",
            )
        else:
            shaped = [
                {"from": r["from"], "to": r["to"], **{p: r.get(p) for p in props}} for r in rows
            ]
            self.store._conn.execute(
                cypher.create_rels(self.model, rel_type, a, b), {"rows": shaped}
            )


def _arrow(
    props: dict[str, Property], rows: list[dict[str, Any]], *, endpoints: bool = False
) -> Any:
    """Rows as an Arrow table with the schema's column order and types, for a bulk write.
    (pyarrow is imported here: only bulk writes need it, and it weighs 40 MB in every reader.)"""
    import pyarrow as pa

    types = {
        "STRING": pa.string(),
        "INT64": pa.int64(),
        "DOUBLE": pa.float64(),
        "BOOLEAN": pa.bool_(),
        "DATE": pa.date32(),
        "TIMESTAMP": pa.timestamp("us"),
        "STRING[]": pa.list_(pa.string()),
    }
    fields = [(name, types[prop.type]) for name, prop in props.items()]
    if endpoints:
        fields = [("from", pa.string()), ("to", pa.string()), *fields]
    return pa.Table.from_pylist(rows, schema=pa.schema(fields))  # picks the schema's keys


def _columns_by_table(model: Model) -> dict[str, dict[str, Property]]:
    """Every node and relationship table of the schema with its properties."""
    return {
        **{label.name: label.properties for label in model.labels.values()},
        **{rel.name: rel.properties for rel in model.rels.values()},
    }


# The engine's names for the schema's types, where they differ.
_ENGINE_TYPES = {"BOOLEAN": "BOOL"}


def _conflicts(table: str, have: dict[str, str], props: dict[str, Property]) -> list[str]:
    """The properties the file holds with another type than the schema gives them."""
    return [
        f"{table}.{name} is {have[name]} in the file, {prop.type} in the schema"
        for name, prop in props.items()
        if name in have and have[name] != _ENGINE_TYPES.get(prop.type, prop.type)
    ]


def _pending(path: Path) -> bool:
    """A write to ``path`` was cut short: the engine's WAL or checkpoint files are beside it."""
    return any(path.with_name(path.name + suffix).exists() for suffix in _RECOVERY_FILES)


def forget_plans(conn: ladybug.Connection) -> None:
    """Drop the plans the engine's Python binding keeps of the queries it has run with
    parameters (keyed by the query's text, ladybug 0.22). A plan made before a table was
    dropped and made again still writes to the dropped one: in the same transaction, a
    ``MERGE`` of the history index's mark, run before its tables were made again, wrote rows
    that no read saw and that the commit lost (tests/graph/stores/test_ladybug_plans.py)."""
    cache = getattr(conn, "_pybind_implicit_prepared_cache", None)
    lock = getattr(conn, "_prepared_cache_lock", None)
    if cache is None or lock is None:
        raise StoreError(
            "this version of ladybug keeps its query plans elsewhere; install the version "
            "pyproject.toml pins (pip install -e .)"
        )
    with lock:
        for plan in cache.values():
            close = getattr(plan, "close", None)
            if callable(close):
                with contextlib.suppress(RuntimeError):
                    close()
        cache.clear()


def _pool_hint(message: str) -> str:
    if "buffer pool is full" not in message.lower():
        return ""
    return "; raise PARTNERGRAPH_BUFFER_POOL_MB (now the cache of a read-only open) and try again"


def jsonable(value: Any) -> Any:
    """Turn a LadybugDB value into JSON-ready Python: nodes and relationships become maps."""
    if isinstance(value, dict):
        if "_LABEL" in value and ("_ID" in value or "_SRC" in value):
            out: dict[str, Any] = {"_label": value["_LABEL"]}
            if "_SRC" in value:
                out["_src"] = _internal_id(value["_SRC"])
                out["_dst"] = _internal_id(value["_DST"])
            else:
                out["_id"] = _internal_id(value["_ID"])
            out |= {
                k: jsonable(v) for k, v in value.items() if not k.startswith("_") and v is not None
            }
            return out
        if "_nodes" in value and "_rels" in value:
            return {"nodes": jsonable(value["_nodes"]), "rels": jsonable(value["_rels"])}
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):  # JSON has no NaN or infinity
        return None if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    return value


def _plain(column: Any) -> list[Any]:
    """An Arrow column as :func:`jsonable` would give its values, None for an empty one (an
    empty list, NaN). Dates and timestamps are made text by Arrow before they are made into
    Python values (as ``date.isoformat()`` and ``datetime.isoformat()`` write them, no
    fraction when it is zero): a datetime object per value, then its text, was a fifth of an
    export's read. (No Python value is handed to Arrow's compute functions: converting one
    imports pandas, 0.3 s.)"""
    import pyarrow as pa

    kind = column.type
    if pa.types.is_timestamp(kind) and kind.unit == "us" and kind.tz is None:
        import pyarrow.compute as pc

        # "2026-12-01 13:05:38.000000" -> "2026-12-01T13:05:38"
        text = pc.replace_substring(column.cast(pa.string()), " ", "T", max_replacements=1)
        column = pc.replace_substring_regex(text, pattern=r"\.0+$", replacement="")
    elif pa.types.is_date(kind):
        column = column.cast(pa.string())
    values: list[Any] = column.to_pylist()
    if pa.types.is_timestamp(kind) and not pa.types.is_string(column.type):
        return [None if v is None else v.isoformat() for v in values]  # another unit, a zone
    if pa.types.is_floating(kind):
        return [None if v != v else v for v in values]  # NaN
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return [v or None for v in values]  # an empty list
    return values


def _internal_id(value: Any) -> str:
    if isinstance(value, dict):
        return f"{value.get('table')}:{value.get('offset')}"
    return json.dumps(value)


def _taught(model: Model, message: str, query: str, text: str) -> str:
    """An engine error of a researcher's query with what to do, and the translation it ran."""
    from graph import dialect

    properties = {p for lab in model.labels.values() for p in lab.properties}
    taught = dialect.teach(message, labels=[*model.labels, *model.rels], properties=properties)
    if text != query and "the query failed" in message:
        shown = text if len(text) <= 600 else text[:600] + "..."
        taught += f" (it ran on the embedded store as: {shown})"
    return taught
