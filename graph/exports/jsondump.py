"""The lossless dump: JSON Lines, one node or relationship per line, in a stable order, so
that an export imports back to an identical graph and two exports diff line by line.

    {"format": "partnergraph-dump", "version": 1, "schema_version": 1, ...}
    {"node": "Country", "properties": {"id": "dk", "name": "Denmark", ...}}
    {"rel": "MEMBER_OF", "from": ["City", "haiphong-vn"], "to": ["Organisation", "citynet"], ...}
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from graph.batch import NodeRow, RelRow
from graph.errors import InputError, PartnergraphError, ValidationError
from graph.schema import Model
from graph.stores.base import GraphStore, WriteReport

__all__ = ["FORMAT", "read_dump", "write_dump"]

FORMAT = "partnergraph-dump"
VERSION = 1

#: One encoder for every line (``json.dumps`` with options builds one per call).
_encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True, allow_nan=False).encode


def lines(store: GraphStore) -> Iterator[dict[str, Any]]:
    """The dump's records: a header, every node by label, every relationship by type."""
    model = store.model
    yield {
        "format": FORMAT,
        "version": VERSION,
        "schema_version": model.version,
        "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    for label in model.labels:
        for node in store.iter_nodes(label):
            yield {"node": label, "properties": node.props}
    for rel_type in model.rels:
        for rel in store.iter_rels(rel_type):
            yield {
                "rel": rel_type,
                "from": [rel.from_label, rel.from_id],
                "to": [rel.to_label, rel.to_id],
                "properties": rel.props,
            }


def write_dump(store: GraphStore, out: IO[str]) -> int:
    """Write the dump; return how many records (after the header) were written. JSON has no
    NaN or Infinity (``json.dumps`` would write them, and other readers refuse them): a
    graph holding one is refused, naming the node or relationship."""
    count = -1
    for record in lines(store):
        try:
            text = _encode(record)
        except ValueError:
            raise ValidationError(_not_finite(record)) from None
        out.write(text + "\n")
        count += 1
    return count


def _not_finite(record: dict[str, Any]) -> str:
    props = record["properties"]
    bad = ", ".join(
        f"{k}={v!r}" for k, v in props.items() if isinstance(v, float) and not math.isfinite(v)
    )
    what = (
        f"{record['node']} {props.get('id')!r}"
        if "node" in record
        else f"{record['rel']} from {record['from'][1]!r} to {record['to'][1]!r}"
    )
    return (
        f"cannot write the dump: {what} has {bad}, which JSON cannot hold (it was stored before "
        "numbers were checked); nothing was exported. Rebuild the graph from its files, which "
        "ingest now checks, or export another format"
    )


def read_dump(store: GraphStore, path: Path) -> WriteReport:
    """Check every line of a dump against the schema, then write it in one transaction."""
    nodes: list[NodeRow] = []
    rels: list[RelRow] = []
    with path.open(encoding="utf-8") as f:
        for number, text in enumerate(f, start=1):
            if not text.strip():
                continue
            try:
                record = json.loads(text)
                if number == 1:
                    _check_header(record, store.model)
                elif "node" in record:
                    props = store.model.validate_node(record["node"], record["properties"])
                    nodes.append(NodeRow(label=record["node"], props=props))
                elif "rel" in record:
                    (a, a_id), (b, b_id) = record["from"], record["to"]
                    props = store.model.validate_rel(record["rel"], a, b, record["properties"])
                    rels.append(RelRow(record["rel"], a, a_id, b, b_id, props))
                else:
                    raise ValidationError("neither a node nor a relationship")
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise InputError(f"{path}, line {number}: not a dump record ({exc})") from None
            except PartnergraphError as exc:
                raise type(exc)(f"{path}, line {number}: {exc}") from None
    if not nodes and not rels:
        raise InputError(f"{path}: the dump holds no node and no relationship")
    return store.import_rows(nodes, rels)


def _check_header(record: dict[str, Any], model: Model) -> None:
    if record.get("format") != FORMAT:
        raise InputError(
            "the first line is not a partnergraph dump header; make dumps with "
            "'partnergraph export --format json'"
        )
    if record.get("version") != VERSION:
        raise InputError(f"dump version {record.get('version')}; this partnergraph reads {VERSION}")
    if record.get("schema_version") != model.version:
        raise InputError(
            f"the dump was made with schema version {record.get('schema_version')}, this "
            f"graph has {model.version}"
        )
