"""``make bench`` (push): ``load-sample`` and ``partnergraph push`` against the embedded store,
in the same run: the sample with the twin-city list loaded into a fresh file, then copied into a
second one; when NEO4J_URI is set, the same load and copy into Neo4j (it EMPTIES the database
NEO4J_DATABASE names; use a throwaway one), so the two are measured side by side.

    python -m benchmarks.push
    NEO4J_URI=neo4j://localhost:7687 NEO4J_PASSWORD=... python -m benchmarks.push
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from graph.schema import MODEL
from graph.settings import Settings
from graph.stores import GraphStore, LadybugStore, open_neo4j
from graph.stores.transfer import copy_graph
from ingest.pipeline import ingest_paths, sample_files


def _load(store: GraphStore) -> float:
    start = time.perf_counter()
    ingest_paths(store, sample_files(reference=True))
    return time.perf_counter() - start


def _copy(source: GraphStore, target: GraphStore) -> float:
    start = time.perf_counter()
    copy_graph(source, target)
    return time.perf_counter() - start


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="pg-push-bench-"))
    try:
        source = LadybugStore(work / "graph.lbdb")
        loaded = _load(source)
        rels = sum(v for k, v in source.counts().items() if k in MODEL.rels)
        with LadybugStore(work / "copy.lbdb") as embedded:
            pushed = _copy(source, embedded)
        rows = [("embedded", loaded, pushed)]
        uri = Settings().neo4j_uri
        if uri:
            remote = open_neo4j(Settings(), uri, read_only=False)
            try:
                remote.write("MATCH (n) DETACH DELETE n")
                remote_loaded = _load(remote)
                remote.write("MATCH (n) DETACH DELETE n")
                rows.append(("Neo4j", remote_loaded, _copy(source, remote)))
            finally:
                remote.close()
        source.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"| store | load-sample (twin list) | push, {rels:,} relationships | vs embedded |")
    print("|---|---|---|---|")
    for name, load_s, push_s in rows:
        ratio = f"load {load_s / loaded:.1f}x, push {push_s / pushed:.1f}x"
        print(
            f"| {name} | {load_s:.1f} s | {rels / push_s:,.0f} rel/s ({push_s:.1f} s) | {ratio} |"
        )
    if not uri:
        print("Neo4j not measured: NEO4J_URI is not set")


if __name__ == "__main__":
    main()
