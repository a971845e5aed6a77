"""The embedded store: one LadybugDB file, no server."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import ladybug

from graph import cypher
from graph.batch import NodeRow, RelRow
from graph.errors import PartnergraphError, QueryFailed, StoreError
from graph.guard import check_read_only
from graph.schema import MODEL, Property
from graph.stores import writer
from graph.stores.base import GraphStore, QueryResult, WriteReport

__all__ = ["LadybugStore", "jsonable"]

# A COPY costs about 0.2 s whatever its size; below this many rows a parameterised UNWIND is
# faster (measured on the sample: 4.3 s of writes with COPY only, see docs/benchmarks.md).
COPY_THRESHOLD = 2000


class LadybugStore(GraphStore):
    """A LadybugDB database file. One process may open it read-write, others read-only."""

    dialect = "ladybug"

    def __init__(
        self, path: str | Path, *, read_only: bool = False, buffer_pool_mb: int | None = 512
    ) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(
                f"no database at {self.path}; build one first with 'partnergraph load-sample' "
                "or 'partnergraph ingest FILE', or point --db at an existing one"
            )
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # A reader's page cache is bounded (the engine's default is most of the machine's
            # memory); a writer's is not, so that a large COPY never runs short.
            pool = (buffer_pool_mb or 0) * 2**20 if read_only else 0
            self._db = ladybug.Database(str(self.path), read_only=read_only, buffer_pool_size=pool)
            self._local = threading.local()
            self._conns: list[ladybug.Connection] = []
            self._conns_lock = threading.Lock()
            self._write_lock = threading.Lock()
            self._conn.execute("RETURN 1")
        except RuntimeError as exc:
            hint = (
                "another partnergraph process (the web app?) may have it open for writing; "
                "stop it or use a read-only command"
                if "lock" in str(exc).lower()
                else "check the path, or delete the file to start again"
            )
            raise StoreError(f"cannot open the database {self.path}: {exc}; {hint}") from exc
        if not read_only:
            self._ensure_schema()

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
        for statement in cypher.ddl():
            self._conn.execute(statement)
        for label in MODEL.labels.values():
            have = {row[1] for row in self._all(f"CALL table_info('{label.name}') RETURN *")}
            for name, prop in label.properties.items():
                if name not in have:  # a property added to the schema since the file was made
                    self._conn.execute(
                        f"ALTER TABLE {cypher.ident(label.name)} ADD {cypher.ident(name)} "
                        f"{prop.type}"
                    )

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

    @contextlib.contextmanager
    def _all_cores(self) -> Iterator[None]:
        self._conn.set_max_threads_for_exec(os.cpu_count() or 1)
        try:
            yield
        finally:
            self._conn.set_max_threads_for_exec(1)

    def _copy(self, table_name: str, table: Any, options: str) -> None:
        # COPY scans a local Python variable by name; the name is ours, never user input.
        copy_rows = table  # noqa: F841
        self._conn.execute(f"COPY {cypher.ident(table_name)} FROM copy_rows{options}")

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
        check_read_only(query)
        start = time.perf_counter()
        conn = self._conn
        # Layer two: a read-only transaction, so that even a read-write open cannot write here.
        conn.execute("BEGIN TRANSACTION READ ONLY")
        conn.set_max_threads_for_exec(os.cpu_count() or 1)
        try:
            conn.set_query_timeout(timeout_ms)
            try:
                result = conn.execute(query, params or {})
            finally:
                conn.set_query_timeout(0)
            assert not isinstance(result, list)
            columns = result.get_column_names()
            rows: list[list[Any]] = []
            truncated = False
            while result.has_next():
                if len(rows) >= max_rows:
                    truncated = True
                    break
                rows.append([jsonable(v) for v in result.get_next()])
            result.close()
        except RuntimeError as exc:
            message = str(exc)
            if "interrupt" in message.lower():
                raise QueryFailed(
                    f"the query ran longer than the time limit of {timeout_ms / 1000:g} s and "
                    "was stopped; add a LIMIT or narrow the MATCH"
                ) from exc
            raise QueryFailed(f"the query failed: {message}{_pool_hint(message)}") from exc
        finally:
            conn.set_max_threads_for_exec(1)
            with contextlib.suppress(RuntimeError):  # nothing to keep: it only read
                conn.execute("ROLLBACK")
        elapsed = (time.perf_counter() - start) * 1000
        return QueryResult(columns=columns, rows=rows, truncated=truncated, elapsed_ms=elapsed)

    def counts(self) -> dict[str, int]:
        out = {lab: self._all(cypher.count_nodes(lab))[0][0] for lab in MODEL.labels}
        out |= {rel: self._all(cypher.count_rels(rel))[0][0] for rel in MODEL.rels}
        return out

    def iter_nodes(self, label: str) -> Iterator[NodeRow]:
        props = MODEL.label(label).properties
        for row in self._columns(cypher.all_nodes(label), props):
            yield NodeRow(label=label, props=row)

    def iter_rels(self, rel_type: str) -> Iterator[RelRow]:
        props = MODEL.rel(rel_type).properties
        for row in self._columns(cypher.all_rels(rel_type), props):
            a, b, a_label, b_label = (row.pop(end) for end in cypher.REL_ENDS)
            yield RelRow(rel_type, a_label, a, b_label, b, row)

    def _columns(self, query: str, props: dict[str, Property]) -> Iterator[dict[str, Any]]:
        """The rows of a whole-table query, JSON-ready and without empty values. Fetched as
        Arrow columns: row by row cost 35 s for a million relationships, this 5 s."""
        result = self._conn.execute(cypher.render(query, self.dialect))
        assert not isinstance(result, list)
        table = result.get_as_arrow()
        names = [n for n in table.column_names if table.column(n).null_count < table.num_rows]
        columns = [_plain(table.column(n).to_pylist(), props.get(n)) for n in names]
        for values in zip(*columns, strict=True):
            yield {k: v for k, v in zip(names, values, strict=True) if v is not None and v != []}

    def close(self) -> None:
        with self._conns_lock:
            for conn in self._conns:
                conn.close()
            self._conns.clear()
        self._db.close()


class _Tx(writer.Transaction):
    """The write primitives on LadybugDB: parameterised UNWIND for small groups, bulk COPY from
    Arrow for new rows from COPY_THRESHOLD up (COPY costs about 0.2 s whatever its size)."""

    def __init__(self, store: LadybugStore) -> None:
        self.store = store

    def fetch_nodes(self, label: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        rows = self.store._all(cypher.fetch_nodes(label), {"ids": ids})
        return {r[0]["id"]: {k: v for k, v in r[0].items() if not k.startswith("_")} for r in rows}

    def put_nodes(self, label: str, rows: list[dict[str, Any]], *, new: bool) -> None:
        props = MODEL.label(label).properties
        if new and len(rows) >= COPY_THRESHOLD:
            self.store._copy(label, _arrow(props, rows), "")
        else:
            shaped = [{p: r.get(p) for p in props} for r in rows]
            self.store._conn.execute(cypher.upsert_nodes(label), {"rows": shaped})

    def existing_ids(self, label: str, ids: list[str]) -> set[str]:
        return {r[0] for r in self.store._all(cypher.existing_ids(label), {"ids": ids})}

    def rel_keys(self, rel_type: str, a: str, b: str, sources: list[str]) -> set[tuple[Any, ...]]:
        rows = self.store._all(cypher.rel_keys(rel_type, a, b), {"sources": sources})
        return {tuple(r) for r in rows}

    def put_rels(self, rel_type: str, a: str, b: str, rows: list[dict[str, Any]]) -> None:
        props = MODEL.rel(rel_type).properties
        if len(rows) >= COPY_THRESHOLD:
            table = _arrow(props, rows, endpoints=True)
            self.store._copy(rel_type, table, f" (from='{a}', to='{b}')")
        else:
            shaped = [
                {"from": r["from"], "to": r["to"], **{p: r.get(p) for p in props}} for r in rows
            ]
            self.store._conn.execute(cypher.create_rels(rel_type, a, b), {"rows": shaped})


def _arrow(
    props: dict[str, Property], rows: list[dict[str, Any]], *, endpoints: bool = False
) -> Any:
    """Rows as an Arrow table with the schema's column order and types, for COPY. (pyarrow is
    imported here: only bulk writes need it, and it weighs 40 MB in every reader.)"""
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
    if isinstance(value, float) and value != value:  # NaN
        return None
    return value


def _plain(values: list[Any], prop: Property | None) -> list[Any]:
    """A column as :func:`jsonable` would give it, converting only where its type needs it."""
    if prop is None:
        return values
    if prop.type in {"DATE", "TIMESTAMP"}:
        return [None if v is None else v.isoformat() for v in values]
    if prop.type in {"DOUBLE", "FLOAT"}:
        return [None if v != v else v for v in values]  # NaN
    return values


def _internal_id(value: Any) -> str:
    if isinstance(value, dict):
        return f"{value.get('table')}:{value.get('offset')}"
    return json.dumps(value)
