"""The graph in the formats researchers' tools read, and the lossless dump that imports back.

>>> sorted(FORMATS)
['csv', 'cypher', 'ftm', 'gexf', 'graphml', 'json']
"""

from __future__ import annotations

from pathlib import Path

from graph.errors import ValidationError
from graph.exports.jsondump import read_dump
from graph.stores.base import GraphStore

__all__ = ["FORMATS", "export", "read_dump"]

FORMATS = {
    "json": "lossless dump, JSON lines; imports back with 'partnergraph import'",
    "graphml": "GraphML for Gephi, yEd, networkx",
    "gexf": "GEXF for Gephi",
    "csv": "a folder of CSV files with neo4j-admin database import headers, and import.sh",
    "cypher": "a Cypher script that recreates the graph in Neo4j 5 (cypher-shell -f)",
    "ftm": "FollowTheMoney entities, JSON lines (Aleph, OpenSanctions tools)",
}


def export(store: GraphStore, fmt: str, path: Path) -> list[Path]:
    """Write the graph in ``fmt`` to ``path`` (a folder for csv); return the files written."""
    if fmt not in FORMATS:
        raise ValidationError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    from graph.exports import formats

    if fmt == "csv":
        return formats.write_neo4j_csv(store, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")  # a failed export leaves no half file behind
    try:
        if fmt in {"json", "ftm"}:
            with tmp.open("w", encoding="utf-8") as f:
                if fmt == "json":
                    from graph.exports.jsondump import write_dump

                    write_dump(store, f)
                else:
                    from graph.exports.ftm import write_ftm

                    write_ftm(store, f)
        elif fmt == "graphml":
            formats.write_graphml(store, tmp)
        elif fmt == "gexf":
            formats.write_gexf(store, tmp)
        else:
            formats.write_cypher(store, tmp)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return [path]
