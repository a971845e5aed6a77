"""Copy a whole graph from one store to another (``push`` to Neo4j, ``pull`` back): in batches,
each its own transaction, idempotent (a batch already copied is matched, not duplicated), so an
interrupted copy resumes by running it again; counts are compared at the end."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from pydantic import BaseModel

from graph.batch import NodeRow, RelRow
from graph.errors import StoreError
from graph.stores.base import GraphStore

__all__ = ["TransferReport", "copy_graph"]

T = TypeVar("T")
BATCH = 5000


class TransferReport(BaseModel):
    nodes_copied: int = 0
    nodes_already_there: int = 0
    relationships_copied: int = 0
    relationships_already_there: int = 0
    counts: dict[str, tuple[int, int]]  # label or type -> (source, target)


def copy_graph(
    source: GraphStore,
    target: GraphStore,
    *,
    batch: int = BATCH,
    progress: Callable[[int, int], None] | None = None,
) -> TransferReport:
    """Copy every node, then every relationship; ``progress(done, total)`` after each batch.
    What the source's model holds is checked against the target's model (a label the target
    does not know is refused before it is written). Fails with :class:`StoreError` if the
    target ends up with fewer of anything."""
    model = target.model
    before = source.counts()
    total = sum(before.values())
    done = 0
    report = TransferReport(counts={})

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, total)

    target.index_stale()  # built once at the end, not batch by batch
    for label in source.model.labels:
        for chunk in _chunks(source.iter_nodes(label), batch):
            rows = [NodeRow(label, model.validate_node(label, n.props)) for n in chunk]
            written = target.copy_in(rows, [])
            created = sum(len(v) for v in written.created.values())
            report.nodes_copied += created
            report.nodes_already_there += len(rows) - created
            step(len(rows))
    for rel_type in source.model.rels:
        for rel_chunk in _chunks(source.iter_rels(rel_type), batch):
            rels = [
                RelRow(
                    rel_type,
                    r.from_label,
                    r.from_id,
                    r.to_label,
                    r.to_id,
                    model.validate_rel(rel_type, r.from_label, r.to_label, _rel_props(r.props)),
                )
                for r in rel_chunk
            ]
            written = target.copy_in([], rels)
            report.relationships_copied += written.relationships_created
            report.relationships_already_there += written.relationships_matched
            step(len(rels))
    target.rebuild_index()
    after = target.counts()
    report.counts = {k: (before[k], after.get(k, 0)) for k in before}
    short = {k: v for k, v in report.counts.items() if v[1] < v[0]}
    if short:
        raise StoreError(
            f"the copy is incomplete: {short} (source, target); run the same command again to "
            "resume"
        )
    return report


def _rel_props(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if k != "key"}


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
