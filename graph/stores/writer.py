"""How a batch is written, the same for every store: no silent overwrite (a different name
becomes an alias, any other different value is kept as stored and sent to review), one
``SOURCED_FROM`` per node and source, relationships keyed by source so that a second ingest
changes nothing, endpoints checked. Each store supplies the primitives (:class:`Transaction`)
in its own dialect, inside one transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from graph.batch import Batch, NodeRow, RelRow
from graph.errors import StoreError, ValidationError
from graph.schema import Model
from graph.stores import history_index
from graph.stores.base import WriteReport

__all__ = [
    "DuplicateId",
    "Transaction",
    "expected_counts",
    "import_rows",
    "jsonable_value",
    "mark_ingested",
    "merge_props",
    "rel_key",
    "write_batch",
]

_NAME_PROPS = ("name", "name_vi")


class Transaction(ABC):
    """One open write transaction of a store, with the store's model: what the rows are
    written by (each label's properties, each type's key)."""

    model: Model

    @abstractmethod
    def fetch_nodes(self, label: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        """Stored properties of those of ``ids`` that exist, by id."""

    @abstractmethod
    def put_nodes(self, label: str, rows: list[dict[str, Any]], *, new: bool) -> None:
        """Write property maps (a missing property is unset; keys outside the schema are
        ignored); ``new``: none of them exists yet (bulk loads allowed)."""

    @abstractmethod
    def existing_ids(self, label: str, ids: list[str]) -> set[str]: ...

    def expect(self, source_id: str, counts: dict[str, int]) -> None:
        """Keep, with the source, what its batch stores under it (:func:`expected_counts`),
        for a store that checks an ingest that was cut short against it
        (:meth:`GraphStore.holds`). By default nothing: a committed transaction is whole."""
        return None

    def taken_ids(self, label: str, ids: list[str]) -> set[str]:
        """Which of ``ids`` a node of ``label`` has (a store may answer faster than
        :meth:`existing_ids` when the label has few nodes)."""
        return self.existing_ids(label, ids)

    @abstractmethod
    def rel_keys(self, rel_type: str, a: str, b: str, sources: list[str]) -> set[tuple[Any, ...]]:
        """(from, to, source, *key) of the relationships ``sources`` stated between a and b."""

    @abstractmethod
    def put_rels(self, rel_type: str, a: str, b: str, rows: list[dict[str, Any]]) -> None:
        """Create relationships that do not exist yet: maps with from, to and properties (keys
        outside the schema are ignored)."""

    # The index of who engaged whom (graph.stores.history_index), for a store that keeps it.
    keeps_index = False

    def read(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """One of partnergraph's named read queries, inside this transaction."""
        raise NotImplementedError

    def run(self, query: str, params: dict[str, Any] | None = None) -> None:
        """One of partnergraph's named write queries, inside this transaction."""
        raise NotImplementedError

    def clear_index(self) -> None:
        """Remove every card, pair and link of the history index."""
        from graph.cypher import index as index_q

        for statement in index_q.CLEAR:
            self.run(statement)

    def read_chunks(
        self, query: str, size: int, params: dict[str, Any] | None = None
    ) -> Iterator[list[dict[str, Any]]]:
        """The rows of a read with flat columns, ``size`` at a time (a store may hold them
        more compactly meanwhile)."""
        rows = self.read(query, params)
        for start in range(0, len(rows), size):
            yield rows[start : start + size]

    def put_index(
        self,
        cards: list[dict[str, Any]],
        reach: list[dict[str, Any]],
        links: list[tuple[str, str]],
        *,
        new: bool,
        labels: dict[str, str] | None = None,
    ) -> None:
        """Write index cards (id, card), the homes' reach (id, reach), pairs with their
        partner's label (``labels``: id -> label, every pair ``links`` names among them) and
        links (pair id, card id). ``new``: the index was just cleared, and every card, pair and
        link is new (each pair given once, with or before its first link); otherwise cards and
        pairs are merged. By default in batched ``UNWIND`` statements of :func:`run` (a store
        may load new rows faster)."""
        from graph.cypher import index as index_q

        named = labels or {}
        pairs = [{"id": p, "label": named[p]} for p in sorted(set(named) | {p for p, _ in links})]
        work: list[tuple[str, str, list[Any]]] = [
            (index_q.PUT_CARDS, "rows", cards),
            (index_q.PUT_PAIRS, "rows", reach),
            (index_q.NEW_PAIRS, "rows", pairs),
            (index_q.LIST, "rows", [{"pair": p, "card": c} for p, c in links]),
        ]
        for statement, name, items in work:  # at most 2,000 rows a statement, as Neo4j's
            for start in range(0, len(items), 2000):
                self.run(statement, {name: items[start : start + 2000]})

    def put_answers(self, answers: dict[str, bytes | None]) -> None:
        """Set the ready-made answers of pairs that exist (None: the pair keeps none)."""
        from graph.cypher import index as index_q

        rows = [{"id": k, "answer": v} for k, v in sorted(answers.items()) if v is not None]
        cleared = sorted(k for k, v in answers.items() if v is None)
        work: list[tuple[str, str, list[Any]]] = [
            (index_q.PUT_ANSWERS, "rows", rows),
            (index_q.CLEAR_ANSWERS, "ids", cleared),
        ]
        for statement, name, items in work:
            for start in range(0, len(items), 2000):
                self.run(statement, {name: items[start : start + 2000]})


class DuplicateId(ValidationError):
    """A node's id is already the id of a node of another label (in the graph or the batch)."""


def write_batch(tx: Transaction, batch: Batch, now: dt.datetime) -> WriteReport:
    """The batch, its Source not yet stamped ``ingested_at``: :func:`mark_ingested` does that
    once the write is durable, so that a source counts as ingested only when all of it is."""
    w = _Writer(tx, now)
    source = batch.source
    check_ids(tx, [source, *batch.nodes])
    stored = tx.fetch_nodes("Source", [source.id]).get(source.id)
    w.nodes(
        [NodeRow(source.label, {k: v for k, v in source.props.items() if k != "ingested_at"})],
        stamp=False,
    )
    w.nodes(batch.nodes)
    w.rels(_mentions(batch), count=False)  # the report counts the file's own relationships
    w.rels(batch.rels)
    w.reviews(batch)
    if stored is None or stored.get("ingested_at") is None:  # not a review's later batch
        tx.expect(source.id, expected_counts(batch))
    w.index()
    return w.report


def import_rows(
    tx: Transaction, nodes: list[NodeRow], rels: list[RelRow], now: dt.datetime
) -> WriteReport:
    """Exactly as given: a node already stored must be identical."""
    w = _Writer(tx, now)
    check_ids(tx, nodes)
    by_label: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for row in nodes:
        by_label[row.label][row.id] = row.props
    for label, incoming in by_label.items():
        w.written.setdefault(label, set()).update(incoming)
        props = list(tx.model.label(label).properties)
        existing = tx.fetch_nodes(label, list(incoming))
        new = []
        for node_id, values in incoming.items():
            old = existing.get(node_id)
            if old is None:
                new.append(values)
                w.report.created.setdefault(label, []).append(node_id)
                continue
            stored = {p: jsonable_value(old.get(p)) for p in props if old.get(p) not in (None, [])}
            given = {p: jsonable_value(v) for p, v in values.items()}
            if stored != given:
                diff = sorted(p for p in props if stored.get(p) != given.get(p))
                raise ValidationError(
                    f"{label} {node_id!r} is already in the graph with other values "
                    f"({', '.join(diff)}); nothing was imported. Import into an empty "
                    "database (--db NEW_FILE), or remove the node from the file"
                )
            w.report.matched.setdefault(label, []).append(node_id)
        if new:
            tx.put_nodes(label, new, new=True)
            for node_id in (r["id"] for r in new):
                w.changes.node(label, node_id, created=True)
    w.rels(rels)
    w.index()
    return w.report


def mark_ingested(tx: Transaction, source_ids: list[str], now: dt.datetime) -> WriteReport:
    """Stamp sources written by :func:`write_batch` as ingested (``ingested_at``), those not
    stamped yet: the last write of an ingest, made once the rest is durable."""
    stored = tx.fetch_nodes("Source", source_ids)
    missing = sorted(set(source_ids) - set(stored))
    if missing:
        raise StoreError(
            f"the source {missing[0]!r} was written but is not in the graph; run the same "
            "command again (a file whose source is not stamped is ingested again)"
        )
    props = tx.model.label("Source").properties
    rows = [
        {p: old.get(p) for p in props} | {"ingested_at": now}
        for old in stored.values()
        if old.get("ingested_at") is None
    ]
    if rows:
        tx.put_nodes("Source", rows, new=False)
        if tx.keeps_index:
            history_index.count_write(tx)
    return WriteReport()


def expected_counts(batch: Batch) -> dict[str, int]:
    """Relationships per type that :func:`write_batch` stores under the batch's source (its
    nodes' ``SOURCED_FROM`` included), keyed as :meth:`_Writer.rels` keys them: what a store
    holds for the source once all of the batch is written."""
    keys: dict[str, set[tuple[Any, ...]]] = defaultdict(set)
    rel_keys = {name: rel.key for name, rel in batch.model.rels.items()}
    for row in [*_mentions(batch), *batch.rels]:
        key: tuple[Any, ...] = (row.from_label, row.to_label, row.from_id, row.to_id)
        key += (row.props.get("source"), *(row.props.get(k) for k in rel_keys[row.type]))
        keys[row.type].add(key)
    return {rel_type: len(found) for rel_type, found in keys.items()}


def check_ids(tx: Transaction, rows: list[NodeRow]) -> None:
    """An id names one node whatever its label (``history dk`` must find one node): refuse a
    node whose id a node of another label has, in the graph or in the same batch."""
    label_of: dict[str, str] = {}
    for row in rows:
        other = label_of.setdefault(row.id, row.label)
        if other != row.label:
            raise DuplicateId(
                f"the id {row.id!r} is given to a {other} and to a {row.label}; an id names "
                f"one node whatever its label: give one of them another id (for example "
                f"{_other_id(row.id, row.label)!r}); nothing was written"
            )
    for label in tx.model.labels:
        ids = sorted(i for i, lab in label_of.items() if lab != label)
        taken = tx.taken_ids(label, ids) if ids else set()
        if taken:
            node_id = min(taken)
            mine = label_of[node_id]
            raise DuplicateId(
                f"{mine} {node_id!r} cannot be added: {node_id!r} is already the id of a "
                f"{label} in the graph, and an id names one node whatever its label; give "
                f"this {mine} another id (for example {_other_id(node_id, mine)!r}), or, if it "
                f"is that {label}, describe it as a {label}; nothing was written"
            )


def _other_id(node_id: str, label: str) -> str:
    return f"{node_id}-{label.lower()}"


def _mentions(batch: Batch) -> list[RelRow]:
    return [
        RelRow(
            type="SOURCED_FROM",
            from_label=row.label,
            from_id=row.id,
            to_label="Source",
            to_id=batch.source.id,
            props={"source": batch.source.id, **(row.mention.props() if row.mention else {})},
        )
        for row in batch.nodes
    ]


class _Writer:
    def __init__(self, tx: Transaction, now: dt.datetime) -> None:
        self.tx, self.now = tx, now
        self.report = WriteReport()
        self.written: dict[str, set[str]] = {}
        self.changes = history_index.Changes(tx.model)

    def index(self) -> None:
        """The index of who engaged whom, brought in line in the same transaction."""
        if self.tx.keeps_index:
            history_index.refresh(self.tx, self.changes)

    def nodes(self, rows: list[NodeRow], *, stamp: bool = True) -> None:
        """Merge and write nodes; ``stamp``: set ``ingested_at`` where the label has it (not for
        a batch's source, which :func:`mark_ingested` stamps once the batch is durable)."""
        by_label: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        for row in rows:
            seen = by_label[row.label].get(row.id)
            by_label[row.label][row.id] = (
                merge_props(seen, row.props, self.report.conflicts) if seen else dict(row.props)
            )
        for label, incoming in by_label.items():
            self.written.setdefault(label, set()).update(incoming)
            props = list(self.tx.model.label(label).properties)
            existing = self.tx.fetch_nodes(label, list(incoming))
            created, updated = [], []
            for node_id, new in incoming.items():
                if stamp and "ingested_at" in props:
                    new.setdefault("ingested_at", self.now)
                old = existing.get(node_id)
                if old is None:
                    self.report.created.setdefault(label, []).append(node_id)
                    created.append(new)  # no copy: a million rows go to COPY as they are
                    continue
                self.report.matched.setdefault(label, []).append(node_id)
                merged = merge_props(old, new, self.report.conflicts)
                if {p: merged.get(p) for p in props} != {p: old.get(p) for p in props}:
                    updated.append({p: merged.get(p) for p in props})
            if created:
                self.tx.put_nodes(label, created, new=True)
            if updated:
                self.tx.put_nodes(label, updated, new=False)
            for group, was_new in ((created, True), (updated, False)):
                for values in group:
                    self.changes.node(label, str(values["id"]), created=was_new)

    def rels(self, rows: list[RelRow], *, count: bool = True) -> None:
        """New relationships are created; one already stated by the same source (same key) is
        matched and left as it is."""
        groups: dict[tuple[str, str, str], dict[tuple[Any, ...], dict[str, Any]]] = defaultdict(
            dict
        )
        rel_keys = {name: rel.key for name, rel in self.tx.model.rels.items()}
        for row in rows:  # a million rows in a bulk load: the loop is kept lean
            props = row.props
            key: tuple[Any, ...] = (row.from_id, row.to_id, props.get("source"))
            if extra := rel_keys[row.type]:
                key += tuple(props.get(k) for k in extra)
            group = groups[(row.type, row.from_label, row.to_label)]
            if key not in group:
                group[key] = {
                    "from": row.from_id,
                    "to": row.to_id,
                    "ingested_at": self.now,
                    **props,
                }
        for (rel_type, a, b), items in groups.items():
            sources = sorted({k[2] for k in items})
            existing = self.tx.rel_keys(rel_type, a, b, sources)
            new = [row for key, row in items.items() if key not in existing]
            if count:
                self.report.relationships_matched += len(items) - len(new)
            if not new:
                continue
            missing = self._missing_endpoints(a, b, new)
            if missing:
                raise StoreError(
                    f"{rel_type} refers to {missing[0]}, which is neither in this file nor in "
                    "the graph; add it to the file (or ingest the file that defines it first)"
                )
            self.tx.put_rels(rel_type, a, b, new)
            self.changes.rels(rel_type, a, b, new)
            if count:
                self.report.relationships_created += len(new)

    def _missing_endpoints(self, a: str, b: str, rows: list[dict[str, Any]]) -> list[str]:
        """Endpoints neither written by this batch nor already in the graph."""
        missing = []
        for label, key in ((a, "from"), (b, "to")):
            ids = sorted({r[key] for r in rows} - self.written.get(label, set()))
            found = self.tx.existing_ids(label, ids) if ids else set()
            missing += [f"{label} {i!r}" for i in ids if i not in found]
        return missing

    def reviews(self, batch: Batch) -> None:
        rows = []
        for review in batch.reviews:
            key = f"{batch.source.id}|{review.kind}|{review.label}|{review.ident or review.text}"
            rows.append(
                {
                    "id": "review-" + hashlib.sha1(key.encode()).hexdigest()[:12],
                    "status": "open",
                    "source": batch.source.id,
                    "created_at": self.now,
                    **review.props(),
                }
            )
        for conflict in self.report.conflicts:
            key = f"{batch.source.id}|conflict|{conflict}"
            rows.append(
                {
                    "id": "review-" + hashlib.sha1(key.encode()).hexdigest()[:12],
                    "status": "open",
                    "kind": "conflict",
                    "text": conflict,
                    "source": batch.source.id,
                    "created_at": self.now,
                }
            )
        if not rows:
            return
        rows = [self.tx.model.validate_node("ReviewItem", row) for row in rows]  # kind in its enum
        existing = self.tx.fetch_nodes("ReviewItem", [r["id"] for r in rows])
        new = [r for r in rows if r["id"] not in existing]
        if new:
            self.tx.put_nodes("ReviewItem", new, new=True)
        self.report.reviews = len(new)


def merge_props(old: dict[str, Any], new: dict[str, Any], conflicts: list[str]) -> dict[str, Any]:
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
            stored, said = jsonable_value(have), jsonable_value(value)
            conflicts.append(f"{old.get('id')}: stored {key}={stored!r}, a source says {said!r}")
    aliases += new.get("aliases") or []
    names = {out.get(k) for k in _NAME_PROPS}
    out["aliases"] = [a for a in dict.fromkeys(aliases) if a not in names] or None
    return out


def jsonable_value(value: Any) -> Any:
    """Dates and times as ISO text, so that values from any store compare alike."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [jsonable_value(v) for v in value]
    return value


def rel_key(props: dict[str, Any], key: list[str]) -> str:
    """What makes a relationship one, as text: its source and its type's key (a store without
    composite relationship keys, Neo4j, merges on it)."""
    parts = [props.get("source"), *(props.get(k) for k in key)]
    return "|".join("" if p is None else str(p) for p in parts)
