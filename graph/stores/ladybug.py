"""The embedded store: one LadybugDB file, no server."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ladybug

from graph import cypher
from graph.batch import Batch, NodeRow, RelRow
from graph.errors import PartnergraphError, QueryFailed, StoreError, ValidationError
from graph.guard import check_read_only
from graph.schema import MODEL, Property
from graph.stores.base import GraphStore, QueryResult, WriteReport

__all__ = ["LadybugStore", "jsonable"]

_NAME_PROPS = ("name", "name_vi")
# A COPY costs about 0.2 s whatever its size; below this many rows a parameterised UNWIND is
# faster (measured on the sample: 4.3 s of writes with COPY only, see docs/benchmarks.md).
COPY_THRESHOLD = 2000


class LadybugStore(GraphStore):
    """A LadybugDB database file. One process may open it read-write, others read-only."""

    dialect = "ladybug"

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
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
            self._db = ladybug.Database(str(self.path), read_only=read_only)
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
    def write_batch(self, batch: Batch) -> WriteReport:
        if self.read_only:
            raise StoreError("this database was opened read-only; writes need a read-write open")
        report = WriteReport()
        self._written: dict[str, set[str]] = {}
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        with self._write_lock:
            return self._write_batch(batch, report, now)

    def _write_batch(self, batch: Batch, report: WriteReport, now: dt.datetime) -> WriteReport:
        self._conn.execute("BEGIN TRANSACTION")
        try:
            self._write_nodes([batch.source], report, now)
            self._write_nodes(batch.nodes, report, now)
            self._write_mentions(batch, now)
            self._write_rels(batch.rels, report, now)
            self._write_reviews(batch, report, now)
            self._conn.execute("COMMIT")
        except Exception as exc:
            with contextlib.suppress(RuntimeError):  # the database may have rolled back already
                self._conn.execute("ROLLBACK")
            if isinstance(exc, StoreError):
                raise
            raise StoreError(
                f"the database refused the batch from {batch.source.id!r}, nothing was "
                f"written: {exc}"
            ) from exc
        return report

    def _write_nodes(self, rows: list[NodeRow], report: WriteReport, now: dt.datetime) -> None:
        by_label: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        for row in rows:
            seen = by_label[row.label].get(row.id)
            by_label[row.label][row.id] = (
                _merge(seen, row.props, report.conflicts) if seen else dict(row.props)
            )
        for label, incoming in by_label.items():
            self._written.setdefault(label, set()).update(incoming)
            props = list(MODEL.label(label).properties)
            existing = {
                r[0]["id"]: r[0]
                for r in self._all(cypher.fetch_nodes(label), {"ids": list(incoming)})
            }
            created, updated = [], []
            for node_id, new in incoming.items():
                if "ingested_at" in props:
                    new.setdefault("ingested_at", now)
                old = existing.get(node_id)
                if old is None:
                    report.created.setdefault(label, []).append(node_id)
                    created.append(new)
                    continue
                report.matched.setdefault(label, []).append(node_id)
                merged = _merge(
                    {k: v for k, v in old.items() if not k.startswith("_")}, new, report.conflicts
                )
                old_props = {p: old.get(p) for p in props}
                if {p: merged.get(p) for p in props} != old_props:
                    updated.append({p: merged.get(p) for p in props})
            if len(created) >= COPY_THRESHOLD:  # bulk COPY, inside the batch's transaction
                self._copy(label, _arrow(MODEL.label(label).properties, created), "")
                created = []
            rows_out = [{p: r.get(p) for p in props} for r in created] + updated
            if rows_out:
                self._conn.execute(cypher.upsert_nodes(label), {"rows": rows_out})

    def _write_mentions(self, batch: Batch, now: dt.datetime) -> None:
        rels = [
            RelRow(
                type="SOURCED_FROM",
                from_label=row.label,
                from_id=row.id,
                to_label="Source",
                to_id=batch.source.id,
                props={
                    "source": batch.source.id,
                    **(row.mention.props() if row.mention else {}),
                },
            )
            for row in batch.nodes
        ]
        self._write_rels(rels, WriteReport(), now)

    def _write_rels(self, rows: list[RelRow], report: WriteReport, now: dt.datetime) -> None:
        """New relationships go in by bulk COPY; one already stated by the same source (same
        key) is matched and left as it is."""
        groups: dict[tuple[str, str, str], dict[tuple[Any, ...], dict[str, Any]]] = defaultdict(
            dict
        )
        for row in rows:
            rel = MODEL.rel(row.type)
            key = (
                row.from_id,
                row.to_id,
                row.props.get("source"),
                *(row.props.get(k) for k in rel.key),
            )
            groups[(row.type, row.from_label, row.to_label)].setdefault(
                key, {"from": row.from_id, "to": row.to_id, "ingested_at": now, **row.props}
            )
        for (rel_type, a, b), items in groups.items():
            rel = MODEL.rel(rel_type)
            sources = sorted({k[2] for k in items})
            existing = {
                tuple(r) for r in self._all(cypher.rel_keys(rel_type, a, b), {"sources": sources})
            }
            new = [row for key, row in items.items() if key not in existing]
            report.relationships_matched += len(items) - len(new)
            if not new:
                continue
            missing = self._missing_endpoints(a, b, new)
            if missing:
                raise StoreError(
                    f"{rel_type} refers to {missing[0]}, which is neither in this file nor in "
                    "the graph; add it to the file (or ingest the file that defines it first)"
                )
            if len(new) >= COPY_THRESHOLD:
                table = _arrow(rel.properties, new, endpoints=True)
                self._copy(rel_type, table, f" (from='{a}', to='{b}')")
            else:
                rows_out = [
                    {"from": r["from"], "to": r["to"], **{p: r.get(p) for p in rel.properties}}
                    for r in new
                ]
                self._conn.execute(cypher.create_rels(rel_type, a, b), {"rows": rows_out})
            report.relationships_created += len(new)

    def _copy(self, table_name: str, table: Any, options: str) -> None:
        # COPY scans a local Python variable by name; the name is ours, never user input.
        copy_rows = table  # noqa: F841
        self._conn.execute(f"COPY {cypher.ident(table_name)} FROM copy_rows{options}")

    def _missing_endpoints(self, a: str, b: str, rows: list[dict[str, Any]]) -> list[str]:
        """Endpoints neither written by this batch nor already in the graph."""
        missing = []
        for label, key in ((a, "from"), (b, "to")):
            ids = sorted({r[key] for r in rows} - self._written.get(label, set()))
            found = (
                {r[0] for r in self._all(cypher.existing_ids(label), {"ids": ids})}
                if ids
                else set()
            )
            missing += [f"{label} {i!r}" for i in ids if i not in found]
        return missing

    def _write_reviews(self, batch: Batch, report: WriteReport, now: dt.datetime) -> None:
        rows = []
        for review in batch.reviews:
            key = f"{batch.source.id}|{review.kind}|{review.label}|{review.text}"
            rows.append(
                {
                    "id": "review-" + hashlib.sha1(key.encode()).hexdigest()[:12],
                    "status": "open",
                    "source": batch.source.id,
                    "created_at": now,
                    **review.props(),
                }
            )
        for conflict in report.conflicts:
            key = f"{batch.source.id}|conflict|{conflict}"
            rows.append(
                {
                    "id": "review-" + hashlib.sha1(key.encode()).hexdigest()[:12],
                    "status": "open",
                    "kind": "conflict",
                    "text": conflict,
                    "source": batch.source.id,
                    "created_at": now,
                }
            )
        if not rows:
            return
        existing = {
            r[0]["id"]
            for r in self._all(cypher.fetch_nodes("ReviewItem"), {"ids": [r["id"] for r in rows]})
        }
        new = [r for r in rows if r["id"] not in existing]
        props = list(MODEL.label("ReviewItem").properties)
        if new:
            self._conn.execute(
                cypher.upsert_nodes("ReviewItem"),
                {"rows": [{p: r.get(p) for p in props} for r in new]},
            )
        report.reviews = len(new)

    # -- reads -------------------------------------------------------------------------------
    def read(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        try:
            result = self._conn.execute(cypher.render(query, self.dialect), params or {})
        except RuntimeError as exc:
            raise QueryFailed(f"the store rejected a query: {exc}") from exc
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
            raise QueryFailed(f"the query failed: {message}") from exc
        finally:
            with contextlib.suppress(RuntimeError):  # nothing to keep: it only read
                conn.execute("ROLLBACK")
        elapsed = (time.perf_counter() - start) * 1000
        return QueryResult(columns=columns, rows=rows, truncated=truncated, elapsed_ms=elapsed)

    def counts(self) -> dict[str, int]:
        out = {lab: self._all(cypher.count_nodes(lab))[0][0] for lab in MODEL.labels}
        out |= {rel: self._all(cypher.count_rels(rel))[0][0] for rel in MODEL.rels}
        return out

    def iter_nodes(self, label: str) -> Iterator[NodeRow]:
        for (node,) in self._all(cypher.all_nodes(label)):
            props = {k: jsonable(v) for k, v in node.items() if not k.startswith("_")}
            yield NodeRow(
                label=label, props={k: v for k, v in props.items() if v not in (None, [])}
            )

    def iter_rels(self, rel_type: str) -> Iterator[RelRow]:
        for a, b, e, a_label, b_label in self._all(cypher.all_rels(rel_type)):
            props = {k: jsonable(v) for k, v in e.items() if not k.startswith("_")}
            yield RelRow(
                type=rel_type,
                from_label=a_label,
                from_id=a,
                to_label=b_label,
                to_id=b,
                props={k: v for k, v in props.items() if v not in (None, [])},
            )

    def import_rows(self, nodes: list[NodeRow], rels: list[RelRow]) -> WriteReport:
        if self.read_only:
            raise StoreError("this database was opened read-only; writes need a read-write open")
        report = WriteReport()
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        with self._write_lock:
            self._written = {}
            self._conn.execute("BEGIN TRANSACTION")
            try:
                self._import_nodes(nodes, report)
                self._write_rels(rels, report, now)
                self._conn.execute("COMMIT")
            except Exception as exc:
                with contextlib.suppress(RuntimeError):
                    self._conn.execute("ROLLBACK")
                if isinstance(exc, PartnergraphError):
                    raise
                raise StoreError(
                    f"the database refused the import, nothing was written: {exc}"
                ) from exc
        return report

    def _import_nodes(self, nodes: list[NodeRow], report: WriteReport) -> None:
        by_label: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        for row in nodes:
            by_label[row.label][row.id] = row.props
        for label, incoming in by_label.items():
            self._written.setdefault(label, set()).update(incoming)
            props = list(MODEL.label(label).properties)
            existing = {
                r[0]["id"]: r[0]
                for r in self._all(cypher.fetch_nodes(label), {"ids": list(incoming)})
            }
            new = []
            for node_id, values in incoming.items():
                old = existing.get(node_id)
                if old is None:
                    new.append(values)
                    report.created.setdefault(label, []).append(node_id)
                    continue
                stored = {p: jsonable(old.get(p)) for p in props if old.get(p) is not None}
                if stored != {p: jsonable(v) for p, v in values.items()}:
                    diff = sorted(p for p in props if stored.get(p) != jsonable(values.get(p)))
                    raise ValidationError(
                        f"{label} {node_id!r} is already in the graph with other values "
                        f"({', '.join(diff)}); nothing was imported. Import into an empty "
                        "database (--db NEW_FILE), or remove the node from the file"
                    )
                report.matched.setdefault(label, []).append(node_id)
            if len(new) >= COPY_THRESHOLD:
                self._copy(label, _arrow(MODEL.label(label).properties, new), "")
            elif new:
                self._conn.execute(
                    cypher.upsert_nodes(label),
                    {"rows": [{p: r.get(p) for p in props} for r in new]},
                )

    def close(self) -> None:
        with self._conns_lock:
            for conn in self._conns:
                conn.close()
            self._conns.clear()
        self._db.close()


def _merge(old: dict[str, Any], new: dict[str, Any], conflicts: list[str]) -> dict[str, Any]:
    """Fill what is missing, union aliases, keep what is stored. A different name becomes an
    alias; any other different value is kept as stored and reported as a conflict."""
    out = dict(old)
    aliases = list(old.get("aliases") or [])
    for key, value in new.items():
        if value is None or key == "aliases":
            continue
        have = out.get(key)
        if have is None:
            out[key] = value
        elif have != value and key in _NAME_PROPS:
            aliases.append(value)
        elif have != value and key not in {"ingested_at", "created_at"}:
            stored, said = jsonable(have), jsonable(value)
            conflicts.append(f"{old.get('id')}: stored {key}={stored!r}, a source says {said!r}")
    aliases += new.get("aliases") or []
    names = {out.get(k) for k in _NAME_PROPS}
    out["aliases"] = [a for a in dict.fromkeys(aliases) if a not in names] or None
    return out


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
    schema = pa.schema(fields)
    columns = {name: [r.get(name) for r in rows] for name, _ in fields}
    return pa.Table.from_pydict(columns, schema=schema)


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


def _internal_id(value: Any) -> str:
    if isinstance(value, dict):
        return f"{value.get('table')}:{value.get('offset')}"
    return json.dumps(value)
