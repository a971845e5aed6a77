"""The store interface. Nothing above it may depend on a particular database."""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from graph.batch import Batch, NodeRow, RelRow
from graph.schema import Model

if TYPE_CHECKING:  # networkx costs 20 MB: imported where a view is built
    import networkx as nx

__all__ = ["GraphStore", "QueryResult", "WriteReport"]


class QueryResult(BaseModel):
    """Rows of a researcher's query, JSON-ready (nodes and relationships become maps)."""

    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False
    truncated_why: str | None = Field(
        None, description="Which cap cut the rows (the row cap, or the result-size cap)."
    )
    elapsed_ms: float = 0.0

    def flat_rows(self) -> list[list[Any]]:
        """Rows with maps and lists written as JSON text, for tables and CSV."""
        return [
            [json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v for v in row]
            for row in self.rows
        ]

    def to_csv(self) -> str:
        """The rows as CSV for a spreadsheet: a text cell that a spreadsheet would run as a
        formula (it starts with = + - @, a tab or a line break) gets a leading ' (the OWASP
        rule), so that ``=HYPERLINK(...)`` from the data is shown, never run. Numbers stay
        numbers (-5 is not a formula)."""

        def cell(value: Any) -> Any:
            formula = isinstance(value, str) and value.startswith(
                ("=", "+", "-", "@", "\t", "\r", "\n")
            )
            return "'" + value if formula else value

        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow([cell(c) for c in self.columns])
        writer.writerows([cell(v) for v in row] for row in self.flat_rows())
        return buf.getvalue()


class WriteReport(BaseModel):
    """What a batch did: ids created, ids matched (already there), conflicts sent to review."""

    created: dict[str, list[str]] = Field(default_factory=dict)
    matched: dict[str, list[str]] = Field(default_factory=dict)
    relationships_created: int = 0
    relationships_matched: int = 0
    reviews: int = 0
    conflicts: list[str] = Field(default_factory=list)


class GraphStore(ABC):
    """A property graph holding partnergraph's schema."""

    read_only: bool
    model: Model
    """The schema the store holds, given when it is opened: what library code reads labels,
    relationships and what each label does from (``store.model``), never from a module's
    global."""
    # Whether the store keeps the index of who engaged whom (graph.stores.history_index),
    # current for this release: history reads it instead of the graph.
    history_index: bool = False
    dialect: str  # how its named queries are rendered: "ladybug" or "neo4j" (graph.cypher)

    def write_batch(self, batch: Batch, *, stamp: bool = True) -> WriteReport:
        """Upsert one file's nodes and relationships in one transaction: all or nothing. Its
        source is stamped ingested (``ingested_at``) afterwards, by :meth:`stamp_ingested`
        (``stamp=False``: the caller does that, once for many batches)."""
        from graph.stores import writer

        report = self._write(
            lambda tx, now: writer.write_batch(tx, batch, now),
            f"the store refused the batch from {batch.source.id!r}, nothing was written",
        )
        if stamp:
            self.stamp_ingested([batch.source.id])
        return report

    def stamp_ingested(self, source_ids: list[str]) -> None:
        """Make what is written durable on its own (:meth:`_durable`), then stamp these
        sources ingested, in a small transaction of its own. A source without the stamp is an
        ingest that was cut short: ingesting its file again completes it. If the data could
        not be made durable now, the sources stay unstamped (and are ingested again)."""
        from graph.stores import writer

        if source_ids and self._durable():
            self._write(
                lambda tx, now: writer.mark_ingested(tx, source_ids, now),
                f"the store did not stamp {', '.join(source_ids)} as ingested (their data is "
                "written); ingest the same files again to stamp them",
            )

    def import_rows(self, nodes: list[NodeRow], rels: list[RelRow]) -> WriteReport:
        """Write nodes and relationships exactly as given (an export read back), in one
        transaction. A node already stored must be identical, else nothing is written; a
        relationship already stored (same key) is matched."""
        from graph.stores import writer

        report = self._write(
            lambda tx, now: writer.import_rows(tx, nodes, rels, now),
            "the store refused the import, nothing was written",
        )
        self._durable()
        return report

    def copy_in(self, nodes: list[NodeRow], rels: list[RelRow]) -> WriteReport:
        """Rows copied from another store (``push``, ``pull``), in one transaction: as
        :meth:`import_rows` unless a store has a faster way to the same end."""
        return self.import_rows(nodes, rels)

    def index_stale(self) -> None:
        """Leave the history index to :meth:`rebuild_index` while a whole graph is copied in
        (history reads the graph meanwhile)."""
        from graph.stores import history_index

        def work(tx: Any, now: dt.datetime) -> WriteReport:
            if tx.keeps_index:
                history_index.mark_stale(tx)
            return WriteReport()

        self._write(work, "the store refused to mark its history index")
        self.history_index = False

    def rebuild_index(self) -> None:
        """The history index built again from the whole graph, in transactions of a bounded
        size (:func:`graph.stores.history_index.build_in_steps`)."""
        from graph.stores import history_index

        def write(work: Callable[[Any], None]) -> None:
            def step(tx: Any, now: dt.datetime) -> WriteReport:
                work(tx)
                return WriteReport()

            self._write(step, "the store refused to build its history index")

        self.history_index = history_index.build_in_steps(write)

    def holds(self, source_id: str) -> bool:
        """Whether a source whose ingest was cut short (written, not stamped) holds all that
        its batch wrote, so that it needs only the stamp. Writing the file again instead would
        not be a no-op: read against a graph that holds its own data, a file may come out a
        little differently (a name resolved to another city). Here yes: a committed
        transaction of this store is whole. A store whose recovery may lose part of one checks
        (:meth:`graph.stores.writer.Transaction.expect`)."""
        return True

    def _counts_under(self, source_id: str, rel_types: list[str]) -> dict[str, int]:
        """Relationships per type that ``source_id`` states."""
        from graph import cypher

        out = {}
        for rel_type in rel_types:
            rows = self.read(
                f"MATCH ()-[e:{cypher.ident(rel_type)}]->() WHERE e.source = $id "
                "RETURN count(e) AS n",
                {"id": source_id},
            )
            out[rel_type] = int(rows[0]["n"]) if rows else 0
        return out

    def unstamped_sources(self) -> list[dict[str, Any]]:
        """Sources written but never stamped ingested: ingests that were cut short (id, file)."""
        return self.read(
            "MATCH (s:Source) WHERE s.ingested_at IS NULL RETURN s.id AS id, s.file AS file "
            "ORDER BY id"
        )

    def _durable(self) -> bool:
        """Make what is committed durable on its own (a store whose commit is not: an explicit
        checkpoint); False if that failed (the source is then left unstamped)."""
        return True

    @abstractmethod
    def _write(self, work: Callable[[Any, dt.datetime], WriteReport], refused: str) -> WriteReport:
        """Run ``work(transaction, now)`` in one write transaction of this store (its
        :class:`graph.stores.writer.Transaction`); on a database error, nothing is written and
        a :class:`StoreError` starts with ``refused``."""

    @abstractmethod
    def read(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run one of partnergraph's own named read queries (see :mod:`graph.cypher`)."""

    @abstractmethod
    def write(self, query: str, params: dict[str, Any] | None = None) -> None:
        """Run one of partnergraph's own named write queries in its own transaction."""

    @abstractmethod
    def query_readonly(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        *,
        timeout_ms: int = 10_000,
        max_rows: int = 10_000,
    ) -> QueryResult:
        """A researcher's query: guarded, read-only, with a time limit and a row cap."""

    @abstractmethod
    def iter_nodes(self, label: str) -> Iterator[NodeRow]:
        """Every node of a label, in id order, with JSON-ready properties (none empty: no None,
        no empty list)."""

    @abstractmethod
    def iter_rels(self, rel_type: str) -> Iterator[RelRow]:
        """Every relationship of a type, in a stable order, with JSON-ready properties."""

    def graph_version(self) -> str | None:
        """What changes with every write, kept in the write's transaction (None: the store
        keeps nothing of the kind, and a view is built every time)."""
        return None

    def _view_file(self, include_sources: bool) -> Path | None:
        """Where the analytics view is kept between runs (None: nowhere)."""
        return None

    def kept_file(self, name: str) -> Path | None:
        """Where something built from the graph (``name``: ``"names"``, the name index) is
        kept between runs, read back while :meth:`graph_version` is the one it was made at
        (None: nowhere)."""
        return None

    def to_networkx(self, *, include_sources: bool = False) -> nx.MultiDiGraph:
        """The domain graph for analytics: nodes keyed by id with ``label`` and properties.
        Review items are left out; sources and their links too unless ``include_sources``.

        A store that counts its writes (:meth:`graph_version`) keeps the view in a file beside
        the database (:mod:`graph.stores.view`) and reads it back while the graph has not
        changed, instead of building it from every table again."""
        from graph.stores import view

        version, where = self.graph_version(), self._view_file(include_sources)
        kept = view.load(where, version) if where and version else None
        if kept is None:
            with view.paused_collector():
                kept = self._build_networkx(include_sources=include_sources)
            if where and version:
                view.save(where, version, kept)
        # A view is long-lived and holds millions of objects without cycles: keep the cyclic
        # collector's full passes off them (they stalled answers for seconds).
        gc.freeze()
        return kept

    def _build_networkx(self, *, include_sources: bool) -> nx.MultiDiGraph:
        import networkx

        graph = networkx.MultiDiGraph()
        skip = {
            *self.model.labels_in("internal"),
            *([] if include_sources else self.model.labels_in("document")),
        }
        for label in self.model.labels:
            if label in skip:
                continue
            for node in self.iter_nodes(label):
                graph.add_node(node.id, label=label, **node.props)
        for rel_type in self.model.rels:
            if rel_type == "SOURCED_FROM" and not include_sources:
                continue
            for rel in self.iter_rels(rel_type):
                graph.add_edge(rel.from_id, rel.to_id, key=None, type=rel_type, **rel.props)
        return graph

    @abstractmethod
    def counts(self) -> dict[str, int]:
        """Nodes per label and relationships per type."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
