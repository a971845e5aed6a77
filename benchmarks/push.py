"""``make bench`` (push): relationships per second copied into Neo4j by ``partnergraph push``,
against the same copy into a second embedded store in the same run. Runs only when NEO4J_URI
is set (it EMPTIES the database NEO4J_DATABASE names; use a throwaway one).

    NEO4J_URI=neo4j://localhost:7687 NEO4J_PASSWORD=... python -m benchmarks.push
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from graph.settings import Settings
from graph.stores import LadybugStore, open_neo4j
from graph.stores.transfer import copy_graph
from ingest.pipeline import ingest_paths, sample_files


def main() -> None:
    uri = Settings().neo4j_uri
    if not uri:
        print("push benchmark skipped: NEO4J_URI is not set")
        return
    work = Path(tempfile.mkdtemp(prefix="pg-push-bench-"))
    source = LadybugStore(work / "graph.lbdb")
    ingest_paths(source, sample_files(reference=True))
    rels = sum(v for k, v in source.counts().items() if k.isupper())
    t = time.perf_counter()
    with LadybugStore(work / "copy.lbdb") as embedded:
        copy_graph(source, embedded)
    base = time.perf_counter() - t
    remote = open_neo4j(Settings(), uri, read_only=False)
    remote.write("MATCH (n) DETACH DELETE n")
    t = time.perf_counter()
    copy_graph(source, remote)
    pushed = time.perf_counter() - t
    remote.close()
    source.close()
    print("| measure | Neo4j | embedded (same run) | ratio |")
    print("|---|---|---|---|")
    print(
        f"| push, {rels:,} relationships | {rels / pushed:,.0f} rel/s ({pushed:.1f} s) | "
        f"{rels / base:,.0f} rel/s ({base:.1f} s) | {pushed / base:.1f}x |"
    )


if __name__ == "__main__":
    main()
