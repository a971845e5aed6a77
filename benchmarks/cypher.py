"""Researchers' Cypher on the embedded store: the battery of tests/graph/test_dialect_battery.py
(Neo4j 5 queries with their answers on the sample) by class, as written (straight to the
engine, behind the guard) and translated (graph.dialect, as the CLI, console and API run it),
and the translation's cost per query.

    python -m benchmarks.cypher [--db PATH] [--repeats 200]

Classes: right (Neo4j's answer), different (an answer, not Neo4j's: the one class that must be
empty), refused (the guard or the translation says no, with what to write), failed (the
engine's error). Without --db the sample graph with the twin-city list is built in a temporary
folder first (about a minute).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from graph.dialect import translate
from graph.errors import QueryFailed, QueryRefused
from graph.schema import MODEL
from graph.stores import LadybugStore
from graph.stores.sandbox import QueryPool
from ingest.pipeline import ingest_paths, sample_files
from tests.graph.test_dialect_battery import BATTERY, Case, normalise


def _expected(store: LadybugStore, case: Case) -> list[list[Any]]:
    if isinstance(case.expected, str):
        rows = [list(r.values()) for r in store.read(case.expected, case.params)]
        return normalise(rows, ordered=case.ordered)
    return normalise(case.expected, ordered=case.ordered)


def _classify(run: Any, case: Case, want: list[list[Any]]) -> str:
    try:
        rows = run(case)
    except QueryRefused:
        return "refused"
    except QueryFailed as exc:
        return "refused" if "does not run on the embedded store" in str(exc) else "failed"
    return "right" if normalise(rows, ordered=case.ordered) == want else "different"


def measure(store: LadybugStore, repeats: int) -> None:
    pool = QueryPool(store.path)
    try:
        written: Counter[str] = Counter()
        translated: Counter[str] = Counter()
        wrong: list[str] = []
        for case in BATTERY:
            want = _expected(store, case)
            written[_classify(lambda c: pool.run(c.query, c.params).rows, case, want)] += 1
            kind = _classify(lambda c: store.query_readonly(c.query, c.params).rows, case, want)
            translated[kind] += 1
            if kind != "right":
                wrong.append(f"  {kind}: {case.name}")
    finally:
        pool.close()
    n = len(BATTERY)
    print(f"battery: {n} Neo4j 5 queries on the sample")
    for title, counts in (("as written", written), ("translated", translated)):
        shown = ", ".join(
            f"{k} {counts[k]} ({counts[k] / n:.0%})"
            for k in ("right", "different", "refused", "failed")
        )
        print(f"  {title:<11} {shown}")
    print("\n".join(wrong) or "  every query right")
    costs = []
    for case in BATTERY:
        start = time.perf_counter()
        for _ in range(repeats):
            translate(case.query, MODEL)
        costs.append((time.perf_counter() - start) / repeats * 1000)
    costs.sort()
    print(
        f"translation per query: median {statistics.median(costs):.3f} ms, "
        f"p95 {costs[int(len(costs) * 0.95)]:.3f} ms, max {costs[-1]:.3f} ms "
        f"(longest query {max(len(c.query) for c in BATTERY)} characters)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a database holding the sample and twin list")
    parser.add_argument("--repeats", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="partnergraph-cypher-") as tmp:
        if args.db:
            store = LadybugStore(args.db, read_only=True)
        else:
            store = LadybugStore(Path(tmp) / "graph.lbdb")
            ingest_paths(store, sample_files(reference=True))
        try:
            measure(store, args.repeats)
        finally:
            store.close()


if __name__ == "__main__":
    main()
