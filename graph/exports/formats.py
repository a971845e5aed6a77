"""Exports for the tools researchers use: GraphML and GEXF (Gephi, networkx; written as text
by :mod:`graph.exports.graphml`, read back by networkx), CSV for ``neo4j-admin database
import``, and a Cypher script for Neo4j 5. Each carries provenance: every relationship's
source and evidence, and the sources themselves as nodes with their ``SOURCED_FROM`` links."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graph import cypher
from graph.exports import graphml
from graph.schema import Property
from graph.stores.base import GraphStore
from graph.stores.writer import rel_key

__all__ = ["write_cypher", "write_gexf", "write_graphml", "write_neo4j_csv"]


def _flat_graph(store: GraphStore) -> graphml.Graph:
    """The whole graph with sources as ``store.to_networkx(include_sources=True)`` holds it,
    read from the store's rows without networkx (neither its import nor a MultiDiGraph of
    every row: 1.3 s of a GraphML export's 3.5 s on the sample): nodes by id in the labels'
    order, each with its label, then its properties; an end that is no node (a review item)
    as a bare node; edges by their from-node, then to-node, in the order first met, keyed
    0, 1... per pair; every value one GraphML and GEXF can hold (lists as JSON text)."""
    model = store.model
    internal = set(model.labels_in("internal"))
    nodes: dict[str, dict[str, Any]] = {}
    for label, lab in model.labels.items():
        if label not in internal:
            lists = _lists(lab.properties)
            for node in store.iter_nodes(label):
                data = _flat({"label": label, **node.props}, lists)
                known = nodes.get(node.id)
                if known is None:
                    nodes[node.id] = data
                else:
                    known.update(data)
    pairs: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for rel_type, rel_model in model.rels.items():
        lists = _lists(rel_model.properties)
        for rel in store.iter_rels(rel_type):
            a, b = rel.from_id, rel.to_id
            if a not in nodes:
                nodes[a] = {}
            if b not in nodes:
                nodes[b] = {}
            to = pairs.setdefault(a, {}).setdefault(b, [])
            to.append(_flat({"type": rel_type, **rel.props}, lists))
    edges = [
        (u, v, k, data)
        for u in nodes
        for v, parallel in pairs.get(u, {}).items()
        for k, data in enumerate(parallel)
    ]
    return graphml.Graph(nodes, edges)


def _lists(props: dict[str, Property]) -> list[str]:
    return [name for name, prop in props.items() if prop.type == "STRING[]"]


def _flat(data: dict[str, Any], lists: list[str]) -> dict[str, Any]:
    """A row as GraphML and GEXF hold it: its lists (the columns ``lists`` names) as JSON text.
    A store's rows hold no empty value (:meth:`GraphStore.iter_nodes`)."""
    for key in lists:
        if key in data:
            data[key] = _json(data[key])
    return data


#: ``json.dumps(value, ensure_ascii=False)`` without an encoder made per call.
_json = json.JSONEncoder(ensure_ascii=False).encode


def write_graphml(store: GraphStore, path: Path) -> None:
    graphml.write_graphml(_flat_graph(store), path)


def write_gexf(store: GraphStore, path: Path) -> None:
    g = _flat_graph(store)
    for n, data in g.nodes.items():  # Gephi shows "label"; keep ours as "kind"
        data["kind"] = data.pop("label")
        data["label"] = data.get("name", n)
    for _, _, _, data in g.edges:
        data["label"] = data["type"]
    graphml.write_gexf(g, path)


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


#: Types neo4j-admin cannot read from an empty cell: Neo4j 5.3 refuses an empty ``date``
#: ("Text cannot be parsed to a Date"), where it reads an empty number or string as no value.
_NO_EMPTY_CELL = {"DATE", "TIMESTAMP"}


class _Files:
    """The CSV files of one label or type: one per set of temporal columns left empty, each
    with a header that omits them (neo4j-admin takes several files for one label)."""

    def __init__(
        self,
        folder: Path,
        stem: str,
        head: list[str],
        columns: list[tuple[str, str]],
        tail: list[str],
    ) -> None:
        self.folder, self.stem, self.head, self.columns, self.tail = (
            folder,
            stem,
            head,
            columns,
            tail,
        )
        self.temporal = [p for p, t in columns if t in _NO_EMPTY_CELL]
        self.layouts: dict[tuple[str, ...], tuple[list[str], list[int], list[int]]] = {}
        self.open: dict[tuple[str, ...], tuple[Any, Any, Path]] = {}
        self.writer(())  # the file with every column is always written

    def writer(self, empty: tuple[str, ...]) -> Any:
        if empty not in self.open:
            name = self.stem + "".join(f".no-{p}" for p in empty) + ".csv"
            path = self.folder / name
            f = path.open("w", newline="", encoding="utf-8")
            w = csv.writer(f)
            w.writerow(
                [
                    *self.head,
                    *(p + _ADMIN_TYPES[t] for p, t in self.columns if p not in empty),
                    *self.tail,
                ]
            )
            self.open[empty] = (f, w, path)
        return self.open[empty][1]

    def layout(self, empty: tuple[str, ...]) -> tuple[list[str], list[int], list[int]]:
        """The columns of the file without ``empty``, and which of them hold lists and which
        booleans (the only values :func:`_admin_value` changes besides None)."""
        if empty not in self.layouts:
            kept = [(p, t) for p, t in self.columns if p not in empty]
            self.layouts[empty] = (
                [p for p, _ in kept],
                [i for i, (_, t) in enumerate(kept) if t == "STRING[]"],
                [i for i, (_, t) in enumerate(kept) if t == "BOOLEAN"],
            )
        return self.layouts[empty]

    def row(self, head: list[Any], props: dict[str, Any], tail: list[Any]) -> None:
        """One line: the values as :func:`_admin_value` writes them, converted only in the
        list and boolean columns (half a million cells on the sample)."""
        empty = tuple(p for p in self.temporal if props.get(p) is None)
        names, lists, flags = self.layout(empty)
        get = props.get
        cells = [get(p) for p in names]  # None: an empty cell, as csv writes it
        for i in lists:
            if cells[i] is not None:
                cells[i] = _admin_value(cells[i])
        for i in flags:
            if cells[i] is not None:
                cells[i] = _admin_value(cells[i])
        self.writer(empty).writerow([*head, *cells, *tail])

    def close(self) -> list[Path]:
        for f, _, _ in self.open.values():
            f.close()
        return [path for _, _, path in self.open.values()]


def write_neo4j_csv(store: GraphStore, folder: Path) -> list[Path]:
    """One CSV per label and per relationship type, with neo4j-admin headers (and one more
    for each set of empty dates or timestamps, whose header leaves them out), and the
    command that imports them (``import.sh``). Ids are one id space: unique across labels.

    These files are data for a database loader, not for a spreadsheet: values are written
    exactly (a leading ' against formulas, as in the console's CSV, would be stored in Neo4j
    as part of the value), and ``import.sh`` says not to open them in a spreadsheet."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    args = []
    for label, lab in store.model.labels.items():
        columns: list[tuple[str, str]] = [
            (p, lab.properties[p].type) for p in list(lab.properties)[1:]
        ]
        files = _Files(folder, f"nodes_{label}", ["id:ID"], columns, [":LABEL"])
        try:
            for node in store.iter_nodes(label):
                files.row([node.props.get("id")], node.props, [label])
        finally:
            paths = files.close()
        written += paths
        args += [f"--nodes={label}={path.name}" for path in paths]
    for rel_type, rel in store.model.rels.items():
        columns = [(p, str(rel.properties[p].type)) for p in rel.properties]
        files = _Files(folder, f"rels_{rel_type}", [":START_ID", ":END_ID"], columns, [":TYPE"])
        try:
            for r in store.iter_rels(rel_type):
                files.row([r.from_id, r.to_id], r.props, [rel_type])
        finally:
            paths = files.close()
        written += paths
        args += [f"--relationships={rel_type}={path.name}" for path in paths]
    script = folder / "import.sh"
    script.write_text(
        "#!/bin/sh\n"
        "# Import into Neo4j 5, server stopped: cd this folder && sh import.sh\n"
        "# The database is neo4j, the one Community has (it cannot create another); set\n"
        "# NEO4J_DATABASE for another name on Enterprise, then CREATE DATABASE that name.\n"
        "# --overwrite-destination replaces what that database holds.\n"
        f"{SPREADSHEET_WARNING}"
        'neo4j-admin database import full "${NEO4J_DATABASE:-neo4j}" --overwrite-destination '
        "--multiline-fields=true \\\n  " + " \\\n  ".join(args) + "\n",
        encoding="utf-8",
    )
    return [*written, script]


# -- a Cypher script for Neo4j 5 --------------------------------------------------------------

#: Rows and characters per statement. Each statement of the script carries its rows as a
#: literal that the server parses and plans afresh: 500 rows (up to 145 KB) took about 1 s
#: each to plan on Neo4j 5.3, and the script 534 s; small statements plan in milliseconds.
BATCH = 100
MAX_STATEMENT_CHARS = 16_000


def write_cypher(store: GraphStore, path: Path) -> None:
    """Constraints, then the nodes and relationships as ``UNWIND [...] AS row MERGE ...``
    statements with literal values, at most :data:`BATCH` rows and about
    :data:`MAX_STATEMENT_CHARS` characters each; run it with ``cypher-shell -f``."""
    with path.open("w", encoding="utf-8") as f:
        f.write("// partnergraph export for Neo4j 5: cypher-shell -f this-file\n")
        for statement in cypher.neo4j_schema(store.model):
            f.write(statement + ";\n")
        for label, lab in store.model.labels.items():
            literals = (_literal_map(n.props, lab.properties) for n in store.iter_nodes(label))
            for chunk in _chunks(literals):
                statement = cypher.neo4j_merge_nodes(label)
                f.write(statement.replace("$rows", f"[{', '.join(chunk)}]") + ";\n")
        for rel_type, rel in store.model.rels.items():
            groups: dict[tuple[str, str], list[str]] = {}
            for r in store.iter_rels(rel_type):
                groups.setdefault((r.from_label, r.to_label), []).append(
                    f"{{from: {_literal(r.from_id)}, to: {_literal(r.to_id)}, "
                    f"key: {_literal(rel_key(r.props, rel.key))}, "
                    f"props: {_literal_map(r.props, rel.properties)}}}"
                )
            for (a, b), items in groups.items():
                for chunk in _chunks(iter(items)):
                    statement = cypher.neo4j_merge_rels(rel_type, a, b)
                    f.write(statement.replace("$rows", f"[{', '.join(chunk)}]") + ";\n")


def _chunks(items: Iterator[str]) -> Iterator[list[str]]:
    chunk: list[str] = []
    size = 0
    for item in items:
        if chunk and (len(chunk) == BATCH or size + len(item) > MAX_STATEMENT_CHARS):
            yield chunk
            chunk, size = [], 0
        chunk.append(item)
        size += len(item) + 2
    if chunk:
        yield chunk


def _literal_map(values: dict[str, Any], schema: dict[str, Property]) -> str:
    parts = []
    for key, value in values.items():
        prop = schema.get(key)
        parts.append(f"`{key}`: {_literal(value, prop.type if prop else 'STRING')}")
    return "{" + ", ".join(parts) + "}"


def _escaped(text: str) -> str:
    """A text as a single-quoted Cypher string holds it: backslashes first, then quotes and
    line breaks (four scans in C: ``str.translate`` read a Vietnamese text a character at a
    time, a fifth of the script's time)."""
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if "'" in text:
        text = text.replace("'", "\\'")
    if "\n" in text:
        text = text.replace("\n", "\\n")
    if "\r" in text:
        text = text.replace("\r", "\\r")
    return text


def _literal(value: Any, ptype: str = "STRING") -> str:
    """A Cypher literal: strings escaped, dates and timestamps typed."""
    if type(value) is str:  # most values: tested first
        text = _escaped(value)
    elif value is None:
        return "null"
    elif isinstance(value, bool):
        return "true" if value else "false"
    elif isinstance(value, int | float):
        return repr(value)
    elif isinstance(value, list):
        return "[" + ", ".join([_literal(v) for v in value]) + "]"
    elif isinstance(value, dt.date):  # a datetime too
        text = value.isoformat()
    else:
        text = _escaped(str(value))
    if ptype == "DATE":
        return f"date('{text}')"
    if ptype == "TIMESTAMP":
        return f"localdatetime('{text}')"
    return f"'{text}'"
