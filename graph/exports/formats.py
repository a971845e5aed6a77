"""Exports for the tools researchers use: GraphML and GEXF (Gephi, networkx, written by
networkx), CSV for ``neo4j-admin database import``, and a Cypher script for Neo4j 5. Each
carries provenance: every relationship's source and evidence, and the sources themselves as
nodes with their ``SOURCED_FROM`` links."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from graph import cypher
from graph.schema import MODEL, Property
from graph.stores.base import GraphStore
from graph.stores.writer import rel_key

__all__ = ["write_cypher", "write_gexf", "write_graphml", "write_neo4j_csv"]


def _flat_graph(store: GraphStore) -> nx.MultiDiGraph:
    """The whole graph with sources, values GraphML and GEXF can hold (lists as JSON text)."""
    g = store.to_networkx(include_sources=True)
    for _, data in g.nodes(data=True):
        _flatten(data)
    for _, _, data in g.edges(data=True):
        _flatten(data)
    return g


def _flatten(data: dict[str, Any]) -> None:
    for key, value in list(data.items()):
        if value is None:
            del data[key]
        elif isinstance(value, list | dict):
            data[key] = json.dumps(value, ensure_ascii=False)


def write_graphml(store: GraphStore, path: Path) -> None:
    nx.write_graphml(_flat_graph(store), path, encoding="utf-8")


def write_gexf(store: GraphStore, path: Path) -> None:
    g = _flat_graph(store)
    for n, data in g.nodes(data=True):  # Gephi shows "label"; keep ours as "kind"
        data["kind"] = data.pop("label")
        data["label"] = data.get("name", n)
    for _, _, data in g.edges(data=True):
        data["label"] = data["type"]
    nx.write_gexf(g, path, encoding="utf-8")


# -- neo4j-admin database import ---------------------------------------------------------------

SPREADSHEET_WARNING = (
    "# The CSV files here hold the graph's values exactly, for neo4j-admin. Do not open them in\n"
    "# a spreadsheet: a value starting with = + - @ could run as a formula there. For a\n"
    "# spreadsheet, use the console's CSV download or 'partnergraph cypher --format csv'.\n"
)

_ADMIN_TYPES = {
    "STRING": "",
    "INT64": ":long",
    "DOUBLE": ":double",
    "BOOLEAN": ":boolean",
    "DATE": ":date",
    "TIMESTAMP": ":localdatetime",
    "STRING[]": ":string[]",
}


def _admin_value(value: Any) -> Any:
    if isinstance(value, list):
        return ";".join(str(v) for v in value)  # neo4j-admin's default array delimiter
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def write_neo4j_csv(store: GraphStore, folder: Path) -> list[Path]:
    """One CSV per label and per relationship type, with neo4j-admin headers, and the command
    that imports them (``import.sh``). Ids are one id space: they are unique across labels.

    These files are data for a database loader, not for a spreadsheet: values are written
    exactly (a leading ' against formulas, as in the console's CSV, would be stored in Neo4j
    as part of the value), and ``import.sh`` says not to open them in a spreadsheet."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    args = []
    for label, lab in MODEL.labels.items():
        path = folder / f"nodes_{label}.csv"
        props = list(lab.properties)
        header = ["id:ID", *(p + _ADMIN_TYPES[lab.properties[p].type] for p in props[1:]), ":LABEL"]
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(header)
            for node in store.iter_nodes(label):
                w.writerow([*(_admin_value(node.props.get(p)) for p in props), label])
        written.append(path)
        args.append(f"--nodes={label}={path.name}")
    for rel_type, rel in MODEL.rels.items():
        path = folder / f"rels_{rel_type}.csv"
        props = list(rel.properties)
        header = [
            ":START_ID",
            ":END_ID",
            *(p + _ADMIN_TYPES[rel.properties[p].type] for p in props),
            ":TYPE",
        ]
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(header)
            for r in store.iter_rels(rel_type):
                w.writerow(
                    [r.from_id, r.to_id, *(_admin_value(r.props.get(p)) for p in props), rel_type]
                )
        written.append(path)
        args.append(f"--relationships={rel_type}={path.name}")
    script = folder / "import.sh"
    script.write_text(
        "#!/bin/sh\n# Import into a new, stopped Neo4j 5 database named partnergraph:\n"
        "#   cd this folder && sh import.sh\n"
        f"{SPREADSHEET_WARNING}"
        "neo4j-admin database import full partnergraph --overwrite-destination \\\n  "
        + " \\\n  ".join(args)
        + "\n",
        encoding="utf-8",
    )
    return [*written, script]


# -- a Cypher script for Neo4j 5 --------------------------------------------------------------

BATCH = 500


def write_cypher(store: GraphStore, path: Path) -> None:
    """Constraints, then the nodes and relationships as ``UNWIND [...] AS row MERGE ...``
    statements with literal values, 500 rows each; run it with cypher-shell."""
    with path.open("w", encoding="utf-8") as f:
        f.write("// partnergraph export for Neo4j 5: cypher-shell -f this-file\n")
        for statement in cypher.neo4j_schema():
            f.write(statement + ";\n")
        for label, lab in MODEL.labels.items():
            for chunk in _chunks(n.props for n in store.iter_nodes(label)):
                rows = ", ".join(_literal_map(r, lab.properties) for r in chunk)
                f.write(cypher.neo4j_merge_nodes(label).replace("$rows", f"[{rows}]") + ";\n")
        for rel_type, rel in MODEL.rels.items():
            groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
            for r in store.iter_rels(rel_type):
                groups.setdefault((r.from_label, r.to_label), []).append(
                    {
                        "from": r.from_id,
                        "to": r.to_id,
                        "key": rel_key(r.props, rel.key),
                        "props": r.props,
                    }
                )
            for (a, b), items in groups.items():
                for chunk in _chunks(iter(items)):
                    rows = ", ".join(
                        f"{{from: {_literal(i['from'])}, to: {_literal(i['to'])}, "
                        f"key: {_literal(i['key'])}, "
                        f"props: {_literal_map(i['props'], rel.properties)}}}"
                        for i in chunk
                    )
                    f.write(
                        cypher.neo4j_merge_rels(rel_type, a, b).replace("$rows", f"[{rows}]")
                        + ";\n"
                    )


def _chunks(items: Iterator[Any]) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == BATCH:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _literal_map(values: dict[str, Any], schema: dict[str, Property]) -> str:
    parts = []
    for key, value in values.items():
        ptype = schema[key].type if key in schema else "STRING"
        parts.append(f"`{key}`: {_literal(value, ptype)}")
    return "{" + ", ".join(parts) + "}"


def _literal(value: Any, ptype: str = "STRING") -> str:
    """A Cypher literal: strings escaped, dates and timestamps typed."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, dt.datetime):
        value = value.isoformat()
    if isinstance(value, dt.date):
        value = value.isoformat()
    text = (
        str(value)
        .replace("\\", "\\\\")
        .replace("'", "\\'")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )
    if ptype == "DATE":
        return f"date('{text}')"
    if ptype == "TIMESTAMP":
        return f"localdatetime('{text}')"
    return f"'{text}'"
