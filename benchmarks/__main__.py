"""``make bench``: ingest, history and unexplored on a synthetic graph of ~1M relationships,
against the raw COPY of the same rows and a plain networkx peer, as medians and ratios.

    python -m benchmarks [--scale 1.0] [--repeats 3] [--record docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import ladybug

from benchmarks.synthetic import HOME, Synthetic, build
from graph import cypher
from graph.batch import Batch, Mention, NodeRow
from graph.questions import history, unexplored
from graph.schema import MODEL
from graph.stores import LadybugStore
from graph.stores.ladybug import _arrow

SOURCE = "synthetic"


def to_batch(g: Synthetic) -> Batch:
    """The full pipeline's first half: every row validated against the schema."""
    src = NodeRow(
        label="Source", props=MODEL.validate_node("Source", {"id": SOURCE, "name": "synthetic"})
    )
    batch = Batch(source=src)
    for label, rows in g.nodes.items():
        for row in rows:
            batch.add_node(label, row, Mention(evidence=f"row {row['id']}"))
    for rel_type, a, a_id, b, b_id, props in g.rels:
        batch.add_rel(rel_type, from_label=a, from_id=a_id, to_label=b, to_id=b_id, props=props)
    return batch


def pipeline_ingest(g: Synthetic, path: Path) -> float:
    start = time.perf_counter()
    store = LadybugStore(path)
    store.write_batch(to_batch(g))
    store.close()
    return time.perf_counter() - start


def raw_copy(g: Synthetic, path: Path) -> float:
    """The same rows (nodes, relationships, provenance links) by plain COPY, no validation."""
    rel_rows: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for rel_type, a, a_id, b, b_id, props in g.rels:
        rel_rows[(rel_type, a, b)].append({"from": a_id, "to": b_id, "source": SOURCE, **props})
    for label, rows in g.nodes.items():
        rel_rows[("SOURCED_FROM", label, "Source")] += [
            {"from": r["id"], "to": SOURCE, "source": SOURCE, "evidence": f"row {r['id']}"}
            for r in rows
        ]
    start = time.perf_counter()
    db = ladybug.Database(str(path))
    conn = ladybug.Connection(db)
    for statement in cypher.ddl():
        conn.execute(statement)
    tables = {"Source": [{"id": SOURCE, "name": "synthetic"}], **g.nodes}
    for label, rows in tables.items():
        copy_rows = _arrow(MODEL.label(label).properties, rows)
        conn.execute(f"COPY `{label}` FROM copy_rows")
    for (rel_type, a, b), rows in rel_rows.items():
        copy_rows = _arrow(MODEL.rel(rel_type).properties, rows, endpoints=True)  # noqa: F841
        conn.execute(f"COPY `{rel_type}` FROM copy_rows (from='{a}', to='{b}')")
    conn.close()
    db.close()
    return time.perf_counter() - start


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def write_files(g: Synthetic, folder: Path) -> None:
    """The same graph as files, for the networkx peer."""
    with (folder / "nodes.jsonl").open("w") as f:
        for label, rows in g.nodes.items():
            for r in rows:
                f.write(json.dumps({"label": label, **r}, default=str) + "\n")
    with (folder / "rels.jsonl").open("w") as f:
        for rel_type, _, a_id, _, b_id, props in g.rels:
            f.write(json.dumps({"type": rel_type, "from": a_id, "to": b_id, **props}) + "\n")


def cold(kind: str, where: str, partner: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.cold", kind, where, partner, HOME],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 gives about 1M relationships")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each ingest (median)")
    parser.add_argument("--queries", type=int, default=200, help="history queries (p50, p99)")
    parser.add_argument("--record", type=Path, help="also write the figures as Markdown here")
    args = parser.parse_args()

    print(f"building a synthetic graph at scale {args.scale} ...", flush=True)
    g = build(args.scale)
    n_rels = len(g.rels) + g.node_count()  # + one SOURCED_FROM per node
    print(f"{g.node_count():,} nodes, {n_rels:,} relationships (with provenance links)", flush=True)
    work = Path(tempfile.mkdtemp(prefix="pg-bench-"))
    pipe, raw = [], []
    for i in range(args.repeats):  # alternate, so that drift hits both alike
        raw.append(raw_copy(g, work / f"raw{i}.lbdb"))
        pipe.append(pipeline_ingest(g, work / f"pipe{i}.lbdb"))
        print(f"  run {i + 1}: pipeline {pipe[-1]:.1f} s, raw COPY {raw[-1]:.1f} s", flush=True)
    db = work / "pipe0.lbdb"
    store = LadybugStore(db, read_only=True)
    rng = random.Random(1)
    partners = ["k000"] + [f"k{rng.randrange(1, 200):03d}" for _ in range(args.queries // 2)]
    partners += [
        f"city-{rng.randrange(int(100_000 * args.scale))}" for _ in range(args.queries // 2)
    ]
    hist = []
    for p in partners:
        t = time.perf_counter()
        history(store, p, home=HOME)
        hist.append((time.perf_counter() - t) * 1000)
    t = time.perf_counter()
    graph = store.to_networkx()
    nx_view_s = time.perf_counter() - t
    normal_home = "city-1"
    t = time.perf_counter()
    unexplored(store, home=HOME, limit=20, graph=graph)  # builds the view's indexes
    first_unexp_s = time.perf_counter() - t
    unexp_hub, unexp_normal = [], []
    for _ in range(5):
        t = time.perf_counter()
        unexplored(store, home=HOME, limit=20, graph=graph)
        unexp_hub.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        unexplored(store, home=normal_home, limit=20, graph=graph)
        unexp_normal.append((time.perf_counter() - t) * 1000)
    store.close()
    write_files(g, work)
    ours = [cold("ours", str(db), "k001") for _ in range(3)]
    peer = [cold("networkx", str(work), "k001") for _ in range(3)]

    def med(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in rows)

    ingest_ratio = statistics.median(p / r for p, r in zip(pipe, raw, strict=True))
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"ladybug {ladybug.__version__ if hasattr(ladybug, '__version__') else '?'}; "
        f"{g.node_count():,} nodes, {n_rels:,} relationships (scale {args.scale}).",
        "",
        "| measure | partnergraph | baseline | ratio | target |",
        "|---|---|---|---|---|",
        f"| ingest, full pipeline vs raw COPY (median of {args.repeats}) | {statistics.median(pipe):.1f} s | "
        f"{statistics.median(raw):.1f} s | {ingest_ratio:.2f}x | <= 3x |",
        f"| history p50 / p99 ({len(hist)} partners) | {pct(hist, 0.5):.1f} / {pct(hist, 0.99):.1f} ms | | | p50 <= 2 ms |",
        f"| unexplored top-20 p50, ordinary city | {statistics.median(unexp_normal):.0f} ms | | | <= 100 ms |",
        f"| unexplored top-20 p50, from the hub (degree ~25,000) | {statistics.median(unexp_hub):.0f} ms | | | <= 500 ms |",
        f"| networkx view of the store, built once | {nx_view_s:.1f} s | | | |",
        f"| first unexplored answer, building the view's indexes | {first_unexp_s:.1f} s | | | |",
        f"| cold start to first history answer | {med(ours, 'cold_s'):.2f} s | {med(peer, 'cold_s'):.2f} s (networkx) | "
        f"{med(peer, 'cold_s') / med(ours, 'cold_s'):.1f}x better | >= 5x |",
        f"| warm history latency | {med(ours, 'warm_ms'):.2f} ms | {med(peer, 'warm_ms'):.2f} ms (networkx) | "
        f"{med(peer, 'warm_ms') / med(ours, 'warm_ms'):.2f}x | |",
        f"| peak memory | {med(ours, 'peak_mb'):.0f} MB | {med(peer, 'peak_mb'):.0f} MB (networkx) | "
        f"{med(peer, 'peak_mb') / med(ours, 'peak_mb'):.1f}x better | >= 5x |",
    ]
    print("\n".join(lines))
    if args.record:
        args.record.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
