"""``make bench`` (web part): the network view settling in headless Chromium, and entity
lookups and searches per second under concurrent load, against baselines measured in the same
run.

    python -m benchmarks.web [--runs 5] [--seconds 10] [--concurrency 16] [--no-view]
                             [--latency-only] [--view-only] [--record FILE]

One client at a time, it also times a search and an entity page asked by name (the page an
officer opens from the search box), against the same page asked by id.

The app runs as a real ``partnergraph serve`` process over the sample graph with the twin-city
list; the load comes from another process on loopback. Both share the machine's cores, so the
figures are what one machine serving itself gives (a lower bound for a separate client).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx

from graph.stores import LadybugStore
from ingest.pipeline import ingest_paths, sample_files

CHROMIUM = os.environ.get("PARTNERGRAPH_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_app(db: Path, port: int, tree: Path | None = None) -> subprocess.Popen[bytes]:
    """``partnergraph serve`` over ``db``: this checkout's, or the one in ``tree``."""
    env = {**os.environ, "PARTNERGRAPH_DB": str(db)}
    env.pop("PARTNERGRAPH_API_KEY", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--no-access-log"],
        env=env,
        cwd=tree,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=5)
            return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the app did not start")


def settle_times(
    base: str, paths: list[str], runs: int
) -> dict[str, tuple[list[float], int, dict[str, float]]]:
    """For each path: seconds from navigation to a settled, shown network (each run a new page
    with empty caches), how many nodes were drawn, and the page's own marks (ms from its
    navigation, median: script started, graph answered, built, drawn, ready). The paths take
    turns, so that a busy moment of the machine falls on all of them alike."""
    from playwright.sync_api import sync_playwright

    found: dict[str, tuple[list[float], int, list[dict[str, float]]]] = {
        p: ([], 0, []) for p in paths
    }
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for run in range(runs + 1):  # the first run warms the browser and the app; dropped
            for path in paths:
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                start = time.perf_counter()
                page.goto(base + path)
                # asked at each frame (a selector is polled at growing intervals, up to 0.5 s); a
                # function, not a text, which the page's CSP would refuse to evaluate
                page.wait_for_function(
                    "() => document.body.dataset.ready", polling="raf", timeout=120_000
                )
                took = time.perf_counter() - start
                count = page.evaluate("window.partnergraph.network.body.nodeIndices.length")
                marks = page.evaluate("window.partnergraph.timings")
                page.close()
                if run:
                    times, _, all_marks = found[path]
                    times.append(took)
                    all_marks.append(marks)
                    found[path] = (times, count, all_marks)
        browser.close()
    return {
        path: (
            times,
            count,
            {k: statistics.median(m[k] for m in marks) for k in marks[0]} if marks else {},
        )
        for path, (times, count, marks) in found.items()
    }


async def _load(base: str, paths: list[str], seconds: float, concurrency: int) -> list[float]:
    latencies: list[float] = []
    stop = time.perf_counter() + seconds
    rng = random.Random(7)
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def worker() -> None:
            while time.perf_counter() < stop:
                t = time.perf_counter()
                r = await client.get(rng.choice(paths))
                r.raise_for_status()
                latencies.append(time.perf_counter() - t)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies


def load(
    base: str, paths: list[str], seconds: float, concurrency: int
) -> tuple[float, float, float]:
    """Requests per second, p50 and p99 latency in ms."""
    lat = asyncio.run(_load(base, paths, seconds, concurrency))
    lat.sort()
    return len(lat) / seconds, lat[len(lat) // 2] * 1000, lat[int(len(lat) * 0.99)] * 1000


def search_paths(names: list[str], rng: random.Random) -> list[str]:
    """Searches as people type them: whole names, their first four letters, names with a
    letter dropped, and names in Vietnamese with and without diacritics."""
    picked = rng.sample([n for n in names if len(n) >= 5], 100)
    texts = [*picked, *(n[:4] for n in picked)]
    for n in picked:
        i = rng.randrange(1, len(n) - 1)
        texts.append(n[:i] + n[i + 1 :])
    texts += ["dan mach", "Đan Mạch", "KOTRA", "hai phong", "Hàn Quốc", "nhat ban"]
    return [f"/api/search?{urlencode({'q': t})}" for t in texts]


def one_client(base: str, paths: list[str]) -> float:
    """Median latency in ms of each path asked once, one request at a time."""
    times = []
    with httpx.Client(base_url=base, timeout=60) as client:
        for path in paths:
            start = time.perf_counter()
            client.get(path).raise_for_status()
            times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def page_paths(names: list[str], ids: list[str], rng: random.Random) -> tuple[list[str], list[str]]:
    """Entity pages by name (English and Vietnamese, with and without diacritics) and the same
    number by id."""
    by_name = [f"/entities/{quote(n, safe='')}" for n in rng.sample(names, 40)]
    by_name += [
        f"/entities/{n}"
        for n in (
            "Denmark",
            "Đan Mạch",
            "dan mach",
            "Esbjerg",
            "Hàn Quốc",
            "Rotterdam",
            "KOTRA",
            "JETRO",
        )
    ]
    by_id = [f"/entities/{i}" for i in rng.sample(ids, 40)] + [
        "/entities/dk",
        "/entities/kr",
        "/entities/esbjerg-dk",
    ]
    return by_name, by_id


def one_client_all(base: str, paths: list[str]) -> tuple[float, float]:
    """Median and 90th percentile in ms of each path asked once, one at a time."""
    times = []
    with httpx.Client(base_url=base, timeout=60, headers={"accept": "text/html"}) as client:
        for path in paths:
            start = time.perf_counter()
            r = client.get(path)
            times.append(time.perf_counter() - start)
            # a name two entities share ("Luxembourg") answers with both as links: a page too
            assert r.status_code in (200, 404), (path, r.status_code)
    times.sort()
    return statistics.median(times) * 1000, times[int(len(times) * 0.9)] * 1000


VIEWS = {
    "/network?centre=fr&depth=2": "partners view",
    "/network?centre=fr&depth=2&view=engagements": "engagements view",
    "/network?centre=fr&depth=2&layout=map": "map",
}
SMALL = "/network?centre=esbjerg-dk&depth=1"


def _marks(marks: dict[str, float]) -> str:
    """The page's own marks as "script 0.41, answered 0.52, ..., ready 1.20 s"."""
    names = ["script", "answered", "built", "created", "ready"]
    return ", ".join(f"{n} {marks[n] / 1000:.2f}" for n in names if n in marks) + " s"


def _view_lines(
    views: dict[str, tuple[list[float], int, dict[str, float]]], runs: int
) -> list[str]:
    """The network views' rows, against the 15-node view of the same run."""
    lines = [
        "| measure | partnergraph | baseline (same run) | ratio | target |",
        "|---|---|---|---|---|",
    ]
    small, small_nodes, _ = views[SMALL]
    for path, name in VIEWS.items():
        big, big_nodes, marks = views[path]
        lines.append(
            f"| network view settled and shown, {big_nodes:,} nodes, {name} (median of "
            f"{runs}; in the page: {_marks(marks)}) | {statistics.median(big):.2f} s | "
            f"{statistics.median(small):.2f} s ({small_nodes} nodes) | "
            f"{statistics.median(big) / statistics.median(small):.1f}x | 1.5 s |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="page loads per view (median)")
    parser.add_argument("--seconds", type=float, default=10, help="length of each load run")
    parser.add_argument("--concurrency", type=int, default=16, help="requests in flight")
    parser.add_argument("--no-view", action="store_true", help="skip the network view (no browser)")
    parser.add_argument("--record", type=Path, help="also write the figures as Markdown here")
    parser.add_argument(
        "--latency-only", action="store_true", help="one client only: no load runs, no browser"
    )
    parser.add_argument(
        "--view-only", action="store_true", help="the network views only: no latency, no load"
    )
    parser.add_argument(
        "--tree", type=Path, help="serve another checkout's app (git archive REV, unpacked)"
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="pg-web-bench-"))
    db = work / "graph.lbdb"
    print("loading the sample graph with the twin-city list ...", flush=True)
    with LadybugStore(db) as store:
        ingest_paths(store, sample_files(reference=True))
        rows = store.read("MATCH (c:City) RETURN c.id AS id, c.name AS name")
        cities = [r["id"] for r in rows]
        unique = store.read(
            "MATCH (c:City) WITH c.name AS name, count(*) AS n WHERE n = 1 RETURN name"
        )
    searches = search_paths([r["name"] for r in rows], random.Random(5))
    by_name, by_id = page_paths([r["name"] for r in unique], cities, random.Random(11))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    app = start_app(db, port, args.tree)
    try:
        if args.view_only:
            views = settle_times(base, [*VIEWS, SMALL], args.runs)
            lines = _view_lines(views, args.runs)
            print("\n".join(lines))
            if args.record:
                args.record.write_text("\n".join(lines) + "\n", encoding="utf-8")
            return
        one_client_all(base, searches[:20] + by_id[:5])  # builds the index, warms the pages
        search_one = one_client_all(base, searches)
        name_one = one_client_all(base, by_name)
        id_one = one_client_all(base, by_id)
        latency = [
            f"| one search `/api/search?q=`, {len(searches)} texts, one client | median "
            f"{search_one[0]:.1f} ms, p90 {search_one[1]:.1f} ms | | | <= 50 ms |",
            f"| entity page by name `/entities/Đan Mạch`, {len(by_name)} names, one client | "
            f"median {name_one[0]:.0f} ms, p90 {name_one[1]:.0f} ms | by id: median "
            f"{id_one[0]:.0f} ms, p90 {id_one[1]:.0f} ms | {name_one[0] / id_one[0]:.2f} | "
            "<= 150 ms |",
        ]
        if args.latency_only:
            print("\n".join(latency))
            if args.record:
                args.record.write_text("\n".join(latency) + "\n", encoding="utf-8")
            return
        if not args.no_view:
            views = settle_times(base, [*VIEWS, SMALL], args.runs)
        rng = random.Random(3)
        entity_paths = [f"/api/entities/{c}" for c in rng.sample(cities, 500)]
        for _ in range(2):  # warm up all three
            load(base, entity_paths + searches, 2, args.concurrency)
        base_rps, base_p50, _ = load(base, ["/api/stats"], args.seconds, args.concurrency)
        rps, p50, p99 = load(base, entity_paths, args.seconds, args.concurrency)
        s_rps, s_p50, s_p99 = load(base, searches, args.seconds, args.concurrency)
        s_one = one_client(base, searches)
    finally:
        app.terminate()
        app.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)  # the graph (about 25 MB) was for this run only

    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; app and load generator on the same machine; "
        f"{args.concurrency} requests in flight, {args.seconds:g} s per run.",
        "",
        "| measure | partnergraph | baseline (same run) | ratio | target |",
        "|---|---|---|---|---|",
    ]
    if not args.no_view:
        lines += _view_lines(views, args.runs)[2:]
    lines += [
        f"| entity lookups `/api/entities/{{city}}`, 500 cities | {rps:,.0f} req/s "
        f"(p50 {p50:.0f} ms, p99 {p99:.0f} ms) | {base_rps:,.0f} req/s `/api/stats` "
        f"(p50 {base_p50:.0f} ms) | {rps / base_rps:.2f} | |",
        f"| searches `/api/search?q=`, {len(searches)} texts (names, prefixes, typos, "
        f"Vietnamese) | {s_rps:,.0f} req/s (p50 {s_p50:.0f} ms, p99 {s_p99:.0f} ms); one client: "
        f"median {s_one:.1f} ms | {base_rps:,.0f} req/s `/api/stats` | {s_rps / base_rps:.2f} | "
        "one client < 50 ms |",
        *latency,
    ]
    print("\n".join(lines))
    if args.record:
        args.record.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
