"""``make bench``: ingest, history and unexplored on a synthetic graph of ~1M relationships,
against the raw COPY of the same rows and a plain networkx peer, as medians and ratios.

    python -m benchmarks [--scales 0.1,1,10] [--repeats 3] [--no-peer] [--record FILE]

With several scales, each is measured in a fresh process and the growth exponent k of each
figure between neighbouring scales is printed (time ~ size^k). Above scale 3 each ingest is
run once (``--big-repeats``) and the networkx peer is left out (``--peer-up-to``): a run at
10 holds about ten million relationships in Python, and the peer's graph alone would take
6-8 GB beside it; its figure at 10 is then told from its exponent.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ladybug

from benchmarks import growth, history_reads
from benchmarks.history_reads import TimedStore, pct
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
    batch = Batch(source=src, model=MODEL)
    for label, rows in g.nodes.items():
        for row in rows:
            batch.add_node(label, row, Mention(evidence=f"row {row['id']}"))
    for rel_type, a, a_id, b, b_id, props in g.rels:
        batch.add_rel(rel_type, from_label=a, from_id=a_id, to_label=b, to_id=b_id, props=props)
    return batch


def pipeline_ingest(
    g: Synthetic | list[Synthetic],
    path: Path,
    pieces: int = 1,
    times: dict[str, float] | None = None,
) -> float:
    """The full pipeline, as one batch; or (``pieces`` > 1) its nodes, then its
    relationships in that many batches of one source, the history index built once at the
    end as a copy of a whole graph builds it: the one batch of ten million rows would hold
    more than this machine may give a run. Given as ``[g]``, the graph is taken out of the
    list and let go once its batches are made, before the index is built. In pieces, the
    graph's and the index's seconds go into ``times`` (``graph_s``, ``index_s``)."""
    start = time.perf_counter()
    store = LadybugStore(path)
    if pieces == 1:
        store.write_batch(to_batch(g[0] if isinstance(g, list) else g))
    else:
        store.index_stale()
        for batch in to_batches(g.pop() if isinstance(g, list) else g, pieces):
            store.write_batch(batch, stamp=False)
            del batch
        built = time.perf_counter()
        store.rebuild_index()
        if times is not None:
            times["graph_s"] = built - start
            times["index_s"] = time.perf_counter() - built
        store.stamp_ingested([SOURCE])
    store.close()
    return time.perf_counter() - start


NODES_PER_BATCH = 500_000


def to_batches(g: Synthetic, pieces: int) -> Iterator[Batch]:
    """The graph's nodes in batches of at most :data:`NODES_PER_BATCH`, then its
    relationships in ``pieces`` batches."""
    for label, rows in g.nodes.items():
        for start in range(0, len(rows), NODES_PER_BATCH):
            yield to_batch(Synthetic(nodes={label: rows[start : start + NODES_PER_BATCH]}))
    size = -(-len(g.rels) // pieces)
    for start in range(0, len(g.rels), size):
        part = to_batch(Synthetic(nodes={}, rels=g.rels[start : start + size]))
        yield part


def raw_copy(g: Synthetic, path: Path) -> float:
    """The same rows (nodes, relationships, provenance links) by plain COPY, no validation.
    One table's rows are made at a time (and timed with the COPY), so that ten million
    relationships are never held twice."""
    groups = sorted({(rel_type, a, b) for rel_type, a, _, b, _, _ in g.rels})
    start = time.perf_counter()
    db = ladybug.Database(str(path))
    conn = ladybug.Connection(db)
    for statement in cypher.ddl(MODEL):
        conn.execute(statement)
    tables = {"Source": [{"id": SOURCE, "name": "synthetic"}], **g.nodes}
    for label, rows in tables.items():
        copy_rows = _arrow(MODEL.label(label).properties, rows)  # noqa: F841
        conn.execute(f"COPY `{label}` FROM copy_rows")
    made = 0.0
    for rel_type, a, b in groups:
        t = time.perf_counter()
        rel_rows = [
            {"from": a_id, "to": b_id, "source": SOURCE, **props}
            for kind, x, a_id, y, b_id, props in g.rels
            if kind == rel_type and x == a and y == b
        ]
        made += time.perf_counter() - t  # making the rows is not the COPY's
        _copy(conn, rel_type, a, b, rel_rows)
        del rel_rows
    for label, rows in g.nodes.items():
        t = time.perf_counter()
        rel_rows = [
            {"from": r["id"], "to": SOURCE, "source": SOURCE, "evidence": f"row {r['id']}"}
            for r in rows
        ]
        made += time.perf_counter() - t
        _copy(conn, "SOURCED_FROM", label, "Source", rel_rows)
        del rel_rows
    conn.close()
    db.close()
    return time.perf_counter() - start - made


def _copy(conn: Any, rel_type: str, a: str, b: str, rows: list[dict[str, Any]]) -> None:
    copy_rows = _arrow(MODEL.rel(rel_type).properties, rows, endpoints=True)  # noqa: F841
    conn.execute(f"COPY `{rel_type}` FROM copy_rows (from='{a}', to='{b}')")


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
    figures: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return figures


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM)."""
    status = Path("/proc/self/status").read_text()
    return (
        next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
        / 1024
    )


PIECES = 20
"""How many batches a big scale's relationships are written in."""

BIG = 3.0
"""Above this scale the ingest goes in pieces and the networkx view (and so unexplored, which
reads it) is not built: at 10 the view alone would take 6-8 GB beside the benchmark's rows;
its figures there are told from their exponents."""


def measure(scale: float, repeats: int, queries: int, peer: bool) -> dict[str, Any]:
    """Every figure at one scale, with the load average before and after (a shared machine)."""
    fig: dict[str, Any] = {"scale": scale, "load_before": os.getloadavg()[0]}
    print(f"building a synthetic graph at scale {scale} ...", flush=True)
    t = time.perf_counter()
    g = build(scale)
    fig["build_s"] = time.perf_counter() - t
    fig["n_nodes"] = g.node_count()
    fig["n_rels"] = len(g.rels) + g.node_count()  # + one SOURCED_FROM per node
    print(
        f"{fig['n_nodes']:,} nodes, {fig['n_rels']:,} relationships (with provenance links)",
        flush=True,
    )
    work = Path(tempfile.mkdtemp(prefix="pg-bench-"))
    pipe, raw = [], []
    big = scale > BIG
    times: dict[str, float] = {}
    if big and peer:
        write_files(g, work)
    for i in range(repeats):  # alternate, so that drift hits both alike
        raw.append(raw_copy(g, work / f"raw{i}.lbdb"))
        for f in work.glob(f"raw{i}.lbdb*"):  # a big file's copy is only for the timing
            f.unlink()
        last = big and i == repeats - 1
        held: Synthetic | list[Synthetic] = [g] if last else g
        if last:  # the batches' own copy is the rows' last: the index is built without them
            del g
        pieces = PIECES if big else 1
        pipe.append(pipeline_ingest(held, work / f"pipe{i}.lbdb", pieces, times))
        print(f"  run {i + 1}: pipeline {pipe[-1]:.1f} s, raw COPY {raw[-1]:.1f} s", flush=True)
    fig |= {"pipe_s": statistics.median(pipe), "raw_s": statistics.median(raw)} | times
    fig["pipe_range"], fig["raw_range"] = (min(pipe), max(pipe)), (min(raw), max(raw))
    fig["repeats"] = repeats
    fig["ingest_ratio"] = statistics.median(p / r for p, r in zip(pipe, raw, strict=True))
    db = work / "pipe0.lbdb"
    fig["file_mb"] = sum(f.stat().st_size for f in db.parent.glob("pipe0.lbdb*")) / 2**20
    for i in range(1, repeats):  # the other files were only for the ingest's timing
        for f in work.glob(f"*{i}.lbdb*"):
            f.unlink()
    if peer and not big:  # the peer's files now, so that the synthetic rows can go before the view
        write_files(g, work)
    if not big:
        del g
    fig |= reads(db, work, scale, queries, peer)
    fig["bench_peak_mb"] = peak_mb()
    fig["load_after"] = os.getloadavg()[0]
    shutil.rmtree(work, ignore_errors=True)
    return fig


def reads(db: Path, work: Path, scale: float, queries: int, peer: bool) -> dict[str, Any]:
    """The figures of a written graph at ``db``: its index, history, the view and
    unexplored (up to :data:`BIG`), cold start and memory, and the peer's from ``work``."""
    fig: dict[str, Any] = {}
    # Counted apart and with a larger page cache: the two counts joined in one query ran out
    # of a reader's 512 MB at scale 10 (19 million links).
    with LadybugStore(db, read_only=True, buffer_pool_mb=4096) as counted:
        fig["index_cards"] = counted.read("MATCH (c:HistoryCard) RETURN count(c) AS n")[0]["n"]
        fig["index_links"] = counted.read("MATCH ()-[l:LISTS]->() RETURN count(l) AS n")[0]["n"]
    store = TimedStore(db, read_only=True)
    fig |= histories(store, scale, queries)
    # History's floor: as many reads as a history sends, each at the engine's cheapest
    # anchored read (one node by its primary key), printed beside history's p50.
    fig["hist_reads"] = fig.pop("n_reads") / fig["hist_n"]
    fig["hist_floor_ms"] = fig["hist_reads"] * fig["floors"]["one Country by id"]
    store.times.clear()
    if scale <= BIG:
        fig |= views(store)
    store.close()

    def med(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in rows)

    ours = [cold("ours", str(db), "k001") for _ in range(3)]
    fig |= {
        "cold_s": med(ours, "cold_s"),
        "warm_ms": med(ours, "warm_ms"),
        "peak_mb": med(ours, "peak_mb"),
    }
    if peer:
        peers = [cold("networkx", str(work), "k001") for _ in range(3)]
        fig |= {
            "peer_cold_s": med(peers, "cold_s"),
            "peer_warm_ms": med(peers, "warm_ms"),
            "peer_peak_mb": med(peers, "peak_mb"),
        }
    return fig


def histories(store: TimedStore, scale: float, queries: int) -> dict[str, Any]:
    """History's figures: the hub country, then ``queries`` partners, half countries and half
    cities, each asked of the home; wall time, and the process's CPU time beside it."""
    n_cities = int(100_000 * scale)
    rng = random.Random(1)
    countries = [f"k{rng.randrange(1, 200):03d}" for _ in range(queries // 2)]
    cities = [f"city-{rng.randrange(n_cities)}" for _ in range(queries // 2)]
    hist: dict[str, list[float]] = {"hub": [], "country": [], "city": []}
    cpu: list[float] = []
    for kind, p in [
        ("hub", "k000"),
        *(("country", c) for c in countries),
        *(("city", c) for c in cities),
    ]:
        t, c = time.perf_counter(), time.process_time()
        history(store, p, home=HOME)
        hist[kind].append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    every = [v for values in hist.values() for v in values]
    n_reads = sum(len(v) for v in store.times.values())  # before the floors' reads
    return {
        "hist_n": len(every),
        "hist_p50_ms": pct(every, 0.5),
        "hist_p99_ms": pct(every, 0.99),
        "hist_cpu_p50_ms": pct(cpu, 0.5),
        "hist_cpu_p99_ms": pct(cpu, 0.99),
        "hist_hub_ms": hist["hub"][0],
        "hist_country_p50_ms": pct(hist["country"], 0.5),
        "hist_city_p50_ms": pct(hist["city"], 0.5),
        "reads": history_reads.table(store.times, len(every)),
        "floors": history_reads.floors(store, countries),
        "n_reads": n_reads,
    }


def views(store: LadybugStore) -> dict[str, Any]:
    """The networkx view built and kept, read back, and unexplored on it."""
    fig: dict[str, Any] = {}
    t = time.perf_counter()
    graph = store.to_networkx()  # built from the store, then kept beside it
    fig["nx_view_s"] = time.perf_counter() - t
    del graph
    t = time.perf_counter()
    graph = store.to_networkx()  # what the next start does: read back
    fig["nx_kept_s"] = time.perf_counter() - t
    normal_home = "city-1"
    t = time.perf_counter()
    unexplored(store, home=HOME, limit=20, graph=graph)  # builds the view's indexes
    fig["first_unexp_s"] = time.perf_counter() - t
    unexp_hub, unexp_normal = [], []
    for _ in range(5):
        t = time.perf_counter()
        unexplored(store, home=HOME, limit=20, graph=graph)
        unexp_hub.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        unexplored(store, home=normal_home, limit=20, graph=graph)
        unexp_normal.append((time.perf_counter() - t) * 1000)
    fig["unexp_hub_ms"] = statistics.median(unexp_hub)
    fig["unexp_normal_ms"] = statistics.median(unexp_normal)
    return fig


def scale_table(fig: dict[str, Any], repeats: int) -> list[str]:
    """One scale's figures against their baselines and targets, as Markdown."""
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"ladybug {ladybug.__version__ if hasattr(ladybug, '__version__') else '?'}; "
        f"{fig['n_nodes']:,} nodes, {fig['n_rels']:,} relationships (scale {fig['scale']}); "
        f"load average {fig['load_before']:.1f} before, {fig['load_after']:.1f} after.",
        "",
        "| measure | partnergraph | baseline | ratio | target |",
        "|---|---|---|---|---|",
        f"| ingest, full pipeline vs raw COPY (median of {repeats}; range) | {fig['pipe_s']:.1f} s "
        f"({fig['pipe_range'][0]:.1f}-{fig['pipe_range'][1]:.1f}) | {fig['raw_s']:.1f} s "
        f"({fig['raw_range'][0]:.1f}-{fig['raw_range'][1]:.1f}) | {fig['ingest_ratio']:.2f}x | <= 3x |",
        f"| history p50 / p99 ({fig['hist_n']} partners) | {fig['hist_p50_ms']:.1f} / {fig['hist_p99_ms']:.1f} ms | "
        + (
            f"floor {fig['hist_floor_ms']:.2f} ms ({fig['hist_reads']:.1f} reads at a primary-key look-up's p50) | "
            f"{fig['hist_p50_ms'] / fig['hist_floor_ms']:.1f}x the floor | p50 <= 2 ms |"
            if "hist_floor_ms" in fig
            else "| | p50 <= 2 ms |"
        ),
        f"| history CPU p50 / p99 | {fig.get('hist_cpu_p50_ms', 0):.1f} / "
        f"{fig.get('hist_cpu_p99_ms', 0):.1f} ms | | | |",
        f"| history p50: countries / cities; the hub country | {fig['hist_country_p50_ms']:.1f} / "
        f"{fig['hist_city_p50_ms']:.1f} ms; {fig['hist_hub_ms']:.0f} ms | | | |",
        f"| history index: cards; pair links | {fig['index_cards']:,}; {fig['index_links']:,} | | | |",
    ]
    if "index_s" in fig:
        lines += [
            f"| ingest in pieces: the graph's batches; the history index in steps | "
            f"{fig['graph_s']:.0f} s; {fig['index_s']:.0f} s | | | |"
        ]
    if "nx_view_s" in fig:
        lines += [
            f"| unexplored top-20 p50, ordinary city | {fig['unexp_normal_ms']:.0f} ms | | | <= 100 ms |",
            f"| unexplored top-20 p50, from the hub | {fig['unexp_hub_ms']:.0f} ms | | | <= 200 ms |",
            f"| networkx view of the store, built and kept | {fig['nx_view_s']:.1f} s | | | |",
            f"| networkx view read back at the next start | {fig['nx_kept_s']:.1f} s | "
            f"{fig['nx_view_s']:.1f} s (built) | {fig['nx_view_s'] / fig['nx_kept_s']:.1f}x | |",
            f"| first unexplored answer, building the view's indexes | {fig['first_unexp_s']:.1f} s | | | |",
        ]
    else:
        lines += [f"| networkx view, unexplored | not built above scale {BIG:g} | | | |"]
    if "peer_cold_s" in fig:
        lines += [
            f"| cold start to first history answer | {fig['cold_s']:.2f} s | {fig['peer_cold_s']:.2f} s (networkx) | "
            f"{fig['peer_cold_s'] / fig['cold_s']:.1f}x better | >= 5x |",
            f"| warm history latency | {fig['warm_ms']:.2f} ms | {fig['peer_warm_ms']:.2f} ms (networkx) | "
            f"{fig['peer_warm_ms'] / fig['warm_ms']:.2f}x | |",
            f"| peak memory | {fig['peak_mb']:.0f} MB | {fig['peer_peak_mb']:.0f} MB (networkx) | "
            f"{fig['peer_peak_mb'] / fig['peak_mb']:.1f}x better | >= 5x |",
        ]
    else:
        lines += [
            f"| cold start to first history answer | {fig['cold_s']:.2f} s | (peer not run) | | |",
            f"| peak memory | {fig['peak_mb']:.0f} MB | (peer not run) | | |",
        ]
    lines += [
        f"| database file; benchmark process peak | {fig['file_mb']:.0f} MB; {fig['bench_peak_mb']:.0f} MB | | | |",
        "",
        "Where history's time goes (every read it sends, by the line that sends it):",
        "",
        *fig["reads"],
        "",
        "The engine's floor (p50): "
        + "; ".join(f"{name} {ms:.2f} ms" for name, ms in fig["floors"].items())
        + ".",
    ]
    return lines


def tables(figures: list[dict[str, Any]], repeats: int) -> list[str]:
    """Each scale's table, then how every figure grows between them."""
    lines = []
    for fig in figures:
        runs = fig.get("repeats", repeats)
        lines += [f"### Scale {fig['scale']:g}", "", *scale_table(fig, runs), ""]
    if len(figures) > 1:
        lines += [
            "### How cost grows (time ~ size^k between neighbouring scales)",
            "",
            *growth.table(figures),
        ]
    return lines


def scales(text: str) -> list[float]:
    """``0.1,1,10`` -> [0.1, 1.0, 10.0]."""
    try:
        values = sorted({float(v) for v in text.split(",") if v.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"scales are numbers separated by commas, not {text!r}"
        ) from None
    if not values or min(values) <= 0:
        raise argparse.ArgumentTypeError("give one or more positive scales, e.g. 0.1,1,10")
    return values


def main() -> None:
    global BIG
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--scales",
        "--scale",
        type=scales,
        default=[1.0],
        help="one scale or several, comma-separated (1.0 gives about 1M relationships): "
        "each is measured in a fresh process, then the growth exponents between them",
    )
    parser.add_argument("--repeats", type=int, default=3, help="runs of each ingest (median)")
    parser.add_argument("--queries", type=int, default=200, help="history queries (p50, p99)")
    parser.add_argument("--no-peer", action="store_true", help="leave out the networkx peer")
    parser.add_argument(
        "--peer-up-to", type=float, default=3.0, help="the largest scale the peer runs at"
    )
    parser.add_argument(
        "--big-repeats", type=int, default=1, help="runs of each ingest above scale 3"
    )
    parser.add_argument("--record", type=Path, help="also write the figures as Markdown here")
    parser.add_argument("--json", type=Path, help=argparse.SUPPRESS)  # one scale's figures
    parser.add_argument(
        "--keep", type=Path, help="also keep each scale's figures as JSON in this folder"
    )
    parser.add_argument(
        "--big-from",
        type=float,
        default=BIG,
        help="scales above this ingest in pieces and build no networkx view",
    )
    parser.add_argument(
        "--tables",
        type=Path,
        help="print the tables of the figures kept in this folder (--keep) and stop",
    )
    args = parser.parse_args()
    BIG = args.big_from
    logging.basicConfig(format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    logging.getLogger("partnergraph").setLevel(logging.INFO)  # the index's steps, as they go
    if args.tables:
        kept = [json.loads(f.read_text()) for f in sorted(args.tables.glob("scale-*.json"))]
        print("\n".join(tables(sorted(kept, key=lambda f: f["scale"]), args.repeats)))
        return

    def repeats(scale: float) -> int:
        return args.big_repeats if scale > 3 else args.repeats

    def peer(scale: float) -> bool:
        return not args.no_peer and scale <= args.peer_up_to

    if len(args.scales) == 1:
        s = args.scales[0]
        figures = [measure(s, repeats(s), args.queries, peer(s))]
    else:  # each scale in its own process: memory and caches start alike
        figures = []
        for s in args.scales:
            with tempfile.NamedTemporaryFile(suffix=".json") as out:
                command = [
                    sys.executable,
                    "-m",
                    "benchmarks",
                    "--scale",
                    str(s),
                    "--json",
                    out.name,
                ]
                command += ["--repeats", str(repeats(s)), "--queries", str(args.queries)]
                command += ["--big-from", str(BIG)]
                subprocess.run(command + ([] if peer(s) else ["--no-peer"]), check=True)
                figures.append(json.loads(Path(out.name).read_text()))
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    (args.keep / f"scale-{s:g}.json").write_text(json.dumps(figures[-1]))
    if args.json:
        args.json.write_text(json.dumps(figures[0]), encoding="utf-8")
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            (args.keep / f"scale-{figures[0]['scale']:g}.json").write_text(json.dumps(figures[0]))
        return
    lines = tables(figures, args.repeats)
    print("\n".join(lines))
    if args.record:
        args.record.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
