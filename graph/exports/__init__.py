"""The graph in the formats researchers' tools read, and the lossless dump that imports back.

One registry, :data:`FORMATS`, says for each format what it is, how a download is named and
typed, and which function writes it; the command line and the web app read it.

>>> [str(f) for f in sorted(FORMATS)]
['csv', 'cypher', 'ftm', 'gexf', 'graphml', 'json']
>>> FORMATS[ExportFormat.ftm].suffix, FORMATS[ExportFormat.ftm].media_type
('ftm.json', 'application/x-ndjson')
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.choices import ExportFormat
from graph.errors import ValidationError
from graph.exports.jsondump import read_dump
from graph.stores.base import GraphStore
from graph.stores.view import paused_collector

__all__ = ["FORMATS", "ExportFormat", "Format", "export", "read_dump"]


@dataclass(frozen=True, slots=True)
class Format:
    description: str
    suffix: str
    """Of a downloaded file (a folder format downloads as a zip)."""
    media_type: str
    writer: str
    """``module:function``, imported when used (FollowTheMoney alone takes 2.5 s to import)."""
    lines: bool = False
    """The writer takes an open text file (JSON lines); otherwise a path."""
    folder: bool = False
    """The writer fills a folder and returns its files."""


FORMATS: dict[ExportFormat, Format] = {
    ExportFormat.json: Format(
        "lossless dump, JSON lines; imports back with 'partnergraph import'",
        "jsonl",
        "application/x-ndjson",
        "graph.exports.jsondump:write_dump",
        lines=True,
    ),
    ExportFormat.graphml: Format(
        "GraphML for Gephi, yEd, networkx",
        "graphml",
        "application/xml",
        "graph.exports.formats:write_graphml",
    ),
    ExportFormat.gexf: Format(
        "GEXF for Gephi", "gexf", "application/xml", "graph.exports.formats:write_gexf"
    ),
    ExportFormat.csv: Format(
        "a folder of CSV files with neo4j-admin database import headers, and import.sh",
        "zip",
        "application/zip",
        "graph.exports.formats:write_neo4j_csv",
        folder=True,
    ),
    ExportFormat.cypher: Format(
        "a Cypher script that recreates the graph in Neo4j 5 (cypher-shell -f)",
        "cypher",
        "text/plain; charset=utf-8",
        "graph.exports.formats:write_cypher",
    ),
    ExportFormat.ftm: Format(
        "FollowTheMoney entities, JSON lines (Aleph, OpenSanctions tools)",
        "ftm.json",
        "application/x-ndjson",
        "graph.exports.ftm:write_ftm",
        lines=True,
    ),
}


def _writer(spec: Format) -> Callable[..., Any]:
    module, name = spec.writer.split(":")
    write: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return write


def export(store: GraphStore, fmt: ExportFormat | str, path: Path) -> list[Path]:
    """Write the graph in ``fmt`` to ``path`` (a folder for csv); return the files written."""
    try:
        spec = FORMATS[ExportFormat(fmt)]
    except ValueError:
        raise ValidationError(
            f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}"
        ) from None
    write = _writer(spec)
    # Every row, value and line an export makes is a container without cycles, made and
    # dropped once: the cyclic collector would walk the graph's rows again and again (a
    # tenth of a GraphML or FtM export's CPU on the sample with the twin list).
    with paused_collector():
        if spec.folder:
            files: list[Path] = write(store, path)
            return files
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".partial")  # a failed export leaves no half file
        try:
            if spec.lines:
                with tmp.open("w", encoding="utf-8") as f:
                    write(store, f)
            else:
                write(store, tmp)
            tmp.replace(path)
        finally:
            tmp.unlink(missing_ok=True)
        return [path]
