"""``make bench`` (web part): the network view settling in headless Chromium, and entity
lookups and searches per second under concurrent load, against baselines measured in the same
run.

    python -m benchmarks.web [--runs 5] [--seconds 10] [--concurrency 16] [--no-view]
                             [--latency-only] [--view-only [--against TREE]] [--record FILE]

Each network view's page load is timed (wall, Playwright's) and traced: its renderer's
main-thread CPU is what the page cost whatever else the machine ran, the figure to compare on a
shared machine; the load average is printed beside. ``--view-only --against TREE`` serves a
second checkout (``git archive REV | tar -x -C TREE``) over the same database and loads each
view from both in turns: before and after in one run.

One client at a time, it also times a search and an entity page asked by name (the page an
officer opens from the search box), against the same page asked by id.

The app runs as a real ``partnergraph serve`` process over the sample graph with the twin-city
list; the load comes from another process on loopback. Both share the machine's cores, so the
figures are what one machine serving itself gives (a lower bound for a separate client).
"""

from __future__ import annotations

import argparse
import asyncio
import json
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
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
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


@dataclass
class Settled:
    """One view's page loads: seconds from navigation to a settled, shown network (each a new
    page with empty caches), the renderer's main-thread CPU in ms for each (from a Chrome
    trace: what the page cost, whatever else the machine ran meanwhile), how many nodes were
    drawn, and the page's own marks (ms from navigation, medians)."""

    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    nodes: int = 0
    marks: list[dict[str, float]] = field(default_factory=list)

    def median_marks(self) -> dict[str, float]:
        return {k: statistics.median(m[k] for m in self.marks) for k in self.marks[0]}


def main_thread_cpu(trace: bytes) -> float:
    """CPU ms of the page's renderer main thread: the outermost tasks' thread time."""
    events = json.loads(trace)["traceEvents"]
    names = {
        (e["pid"], e["tid"]): e["args"]["name"]
        for e in events
        if e.get("ph") == "M" and e.get("name") == "thread_name"
    }
    tasks: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
    for e in events:
        thread = (e.get("pid"), e.get("tid"))
        if (
            e.get("ph") == "X"
            and "toplevel" in e.get("cat", "")
            and names.get(thread) == "CrRendererMain"
        ):
            tasks[thread].append(e)
    best = 0.0
    for found in tasks.values():
        found.sort(key=lambda e: (e["ts"], -e.get("dur", 0)))
        total, end = 0.0, -1
        for e in found:
            if e["ts"] >= end:  # not inside the task before it
                total += e.get("tdur", 0) / 1000
                end = e["ts"] + e.get("dur", 0)
        best = max(best, total)
    return best


def settle_times(urls: list[str], runs: int) -> dict[str, Settled]:
    """Each URL loaded ``runs`` times, the URLs taking turns, so that a busy moment of the
    machine falls on all of them alike."""
    from playwright.sync_api import sync_playwright

    found = {u: Settled() for u in urls}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for run in range(runs + 1):  # the first run warms the browser and the apps; dropped
            for url in urls:
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                browser.start_tracing(page=page, categories=["toplevel"])
                start = time.perf_counter()
                page.goto(url)
                # asked at each frame (a selector is polled at growing intervals, up to 0.5 s); a
                # function, not a text, which the page's CSP would refuse to evaluate
                page.wait_for_function(
                    "() => document.body.dataset.ready", polling="raf", timeout=120_000
                )
                took = time.perf_counter() - start
                trace = browser.stop_tracing()
                count = page.evaluate("window.partnergraph.network.body.nodeIndices.length")
                marks = page.evaluate("window.partnergraph.timings")
                page.close()
                if run:
                    got = found[url]
                    got.times.append(took)
                    got.cpu.append(main_thread_cpu(trace))
                    got.marks.append(marks)
                    got.nodes = count
        browser.close()
    return found


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


def _load_line(loads: list[float]) -> str:
    return f"Load average (1 min) during the page loads: {min(loads):.1f}-{max(loads):.1f} on {os.cpu_count()} cores."


def _view_lines(views: dict[str, Settled], base: str, runs: int) -> list[str]:
    """The network views' rows, against the 15-node view of the same run."""
    lines = [
        "| measure | partnergraph | baseline (same run) | ratio | target |",
        "|---|---|---|---|---|",
    ]
    small = views[base + SMALL]
    for path, name in VIEWS.items():
        big = views[base + path]
        lines.append(
            f"| network view settled and shown, {big.nodes:,} nodes, {name} (median of "
            f"{runs}; main-thread CPU {statistics.median(big.cpu):.0f} ms; in the page: "
            f"{_marks(big.median_marks())}) | {statistics.median(big.times):.2f} s | "
            f"{statistics.median(small.times):.2f} s ({small.nodes} nodes, CPU "
            f"{statistics.median(small.cpu):.0f} ms) | "
            f"{statistics.median(big.times) / statistics.median(small.times):.1f}x | 1.5 s |"
        )
    return lines


def _against_lines(views: dict[str, Settled], now: str, before: str, runs: int) -> list[str]:
    """Each view in this checkout and in the other one, loaded in turns in the same run."""
    lines = [
        f"| network view settled and shown (median of {runs}, in turns) | before | now | target |",
        "|---|---|---|---|",
    ]
    for path, name in [*VIEWS.items(), (SMALL, "baseline")]:
        cells = []
        for base in (before, now):
            got = views[base + path]
            times = sorted(got.times)
            cells.append(
                f"{statistics.median(times):.2f} s (best {times[0]:.2f}; CPU "
                f"{statistics.median(got.cpu):.0f} ms; {_marks(got.median_marks())})"
            )
        nodes = views[now + path].nodes
        target = "1.5 s" if name in ("partners view", "engagements view") else ""
        lines.append(f"| {nodes:,} nodes, {name} | {cells[0]} | {cells[1]} | {target} |")
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
    parser.add_argument(
        "--against",
        type=Path,
        help="with --view-only: also serve this checkout (git archive REV, unpacked) over the "
        "same database, and load its views in turns with this one's (before and after)",
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
    other = None
    try:
        if args.view_only:
            urls = [base + p for p in [*VIEWS, SMALL]]
            if args.against:
                other_base = f"http://127.0.0.1:{free_port()}"
                other = start_app(db, int(other_base.rsplit(":", 1)[1]), args.against)
                urls = [u for p in [*VIEWS, SMALL] for u in (other_base + p, base + p)]
            loads = [os.getloadavg()[0]]
            views = settle_times(urls, args.runs)
            loads.append(os.getloadavg()[0])
            if args.against:
                lines = _against_lines(views, base, other_base, args.runs)
            else:
                lines = _view_lines(views, base, args.runs)
            lines += ["", _load_line(loads)]
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
            loads = [os.getloadavg()[0]]
            views = settle_times([base + p for p in [*VIEWS, SMALL]], args.runs)
            loads.append(os.getloadavg()[0])
        rng = random.Random(3)
        entity_paths = [f"/api/entities/{c}" for c in rng.sample(cities, 500)]
        for _ in range(2):  # warm up all three
            load(base, entity_paths + searches, 2, args.concurrency)
        base_rps, base_p50, _ = load(base, ["/api/stats"], args.seconds, args.concurrency)
        rps, p50, p99 = load(base, entity_paths, args.seconds, args.concurrency)
        s_rps, s_p50, s_p99 = load(base, searches, args.seconds, args.concurrency)
        s_one = one_client(base, searches)
    finally:
        for proc in (app, other):
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=30)
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
        lines += _view_lines(views, base, args.runs)[2:]
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
    if not args.no_view:
        lines += ["", _load_line(loads)]
    print("\n".join(lines))
    if args.record:
        args.record.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
