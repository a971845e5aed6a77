"""``make bench`` (briefs): the time to build a brief in each format on the sample graph.

    python -m benchmarks.briefs [--runs 7] [--db FILE] [--data-only]

As the web app does it: the store open; each run gathers the partner's data (its history, its
opportunities, its record's themes: anchored reads, no networkx view) and renders one format.
The baseline, measured in the same run, is gathering the data alone (no rendering). Then as
an officer does it from the command line: ``partnergraph brief dk -o dk.pdf``, a new process
each time (imports, opening the file, the first WeasyPrint layout included), beside what
bounds it from below, each a new process too: Python doing nothing, the same brief as
Markdown (everything but the PDF engine), and WeasyPrint's floor (``import weasyprint`` and a
one-page HTML to PDF).

``--data-only`` gathers each partner's data only (no rendering, no new processes) and gives
how many store reads each brief makes: run it in two checkouts in turns to compare code.
``--db`` reads an existing database (the sample with the twin list) instead of loading one.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graph.briefs import FORMATS, build_brief, render
from graph.settings import Settings
from graph.stores import LadybugStore
from ingest.pipeline import ingest_paths, sample_files

TARGETS = {"html": 0.5, "pdf": 1.0, "pdf from the command line": 1.0}
# WeasyPrint's own start in a new process: its import and a one-page document.
FLOOR = (
    'import weasyprint; weasyprint.HTML(string=\'<html><body style="font-family: DejaVu Sans">'
    "<h1>Đan Mạch</h1><p>One page.</p></body></html>').write_pdf()"
)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7, help="builds per format (median)")
    parser.add_argument("--record", type=Path, help="also write the figures as Markdown here")
    parser.add_argument("--db", type=Path, help="an existing database of the sample graph")
    parser.add_argument(
        "--data-only", action="store_true", help="the data and the reads of each brief only"
    )
    args = parser.parse_args()
    home = Settings().home
    db = args.db or Path(tempfile.mkdtemp(prefix="pg-brief-bench-")) / "graph.lbdb"
    if not args.db:
        print("loading the sample graph with the twin-city list ...", flush=True)
        with LadybugStore(db) as store:
            ingest_paths(store, sample_files(reference=True))
    store = LadybugStore(db, read_only=True)
    partners = ["dk", "nl", "kr", "esbjerg-dk", "orsted"]
    if args.data_only:
        data_only(store, partners, home, args.runs)
        return

    def build(partner: str, lang: str, picture: bool = True) -> object:
        return build_brief(store, partner, home=home, lang=lang, picture=picture)

    for lang in ("en", "vi"):  # warm: imports, fonts, catalogues
        for fmt in FORMATS:
            render(build("dk", lang), fmt)  # type: ignore[arg-type]
    times: dict[str, list[float]] = {"data only": []}
    for fmt in FORMATS:
        times[fmt] = []
    for i in range(args.runs):
        partner, lang = partners[i % len(partners)], ("vi", "en")[i % 2]
        t = time.perf_counter()
        build(partner, lang, picture=False)
        times["data only"].append(time.perf_counter() - t)
        for fmt in FORMATS:
            t = time.perf_counter()
            render(build(partner, lang, picture=fmt != "md"), fmt)  # type: ignore[arg-type]
            times[fmt].append(time.perf_counter() - t)
    store.close()

    def brief_command(i: int, suffix: str) -> list[str]:
        return [
            *(sys.executable, "-m", "api.cli", "--db", str(db), "brief", partners[i % 2]),
            *("--lang", ("vi", "en")[i % 2], "-o", str(db.parent / f"brief.{suffix}")),
        ]

    processes = {
        "pdf from the command line (new process)": lambda i: brief_command(i, "pdf"),
        "md from the command line (new process)": lambda i: brief_command(i, "md"),
        "WeasyPrint's floor: import and a one-page PDF (new process)": lambda i: [
            sys.executable,
            "-c",
            FLOOR,
        ],
        "Python doing nothing (new process)": lambda i: [sys.executable, "-c", "pass"],
    }
    started: dict[str, list[float]] = {name: [] for name in processes}
    # the CPU a new process spends (user + system): what the machine's other work changes least
    cpu: dict[str, list[float]] = {name: [] for name in processes}
    for i in range(max(3, args.runs // 2)):
        for name, command in processes.items():  # interleaved: the same load for each
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            subprocess.run(command(i), check=True, capture_output=True)
            started[name].append(time.perf_counter() - t)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[name].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    base = statistics.median(times["data only"])
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; sample graph with the twin-city list; {args.runs} builds "
        f"per format over {', '.join(partners)} in both languages.",
        "",
        "| format | median | max | vs data only | target |",
        "|---|---|---|---|---|",
        f"| data only (baseline) | {base:.2f} s | {max(times['data only']):.2f} s | 1.0x | |",
    ]
    for fmt in FORMATS:
        med = statistics.median(times[fmt])
        target = f"<= {TARGETS[fmt]:g} s" if fmt in TARGETS else ""
        lines.append(
            f"| {fmt} (data{', picture' if fmt != 'md' else ''}, render) | {med:.2f} s | {max(times[fmt]):.2f} s | "
            f"{med / base:.1f}x | {target} |"
        )
    cli_target = TARGETS["pdf from the command line"]
    lines += [
        "",
        "| a new process | median | max | CPU (user + system), median | target |",
        "|---|---|---|---|---|",
    ]
    for name, spent in started.items():
        target = f"<= {cli_target:g} s" if name.startswith("pdf") else ""
        lines.append(
            f"| {name.removesuffix(' (new process)')} | {statistics.median(spent):.2f} s | "
            f"{max(spent):.2f} s | {statistics.median(cpu[name]):.2f} s | {target} |"
        )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines += ["", f"Load average when measured: {load:.1f} on {os.cpu_count()} cores."]
    print("\n".join(lines))
    if args.record:
        args.record.write_text("\n".join(lines) + "\n", encoding="utf-8")


def data_only(store: LadybugStore, partners: list[str], home: str, runs: int) -> None:
    """Each partner's brief data (no picture, no rendering) in both languages, in turns: the
    store reads of one brief, and the median wall and CPU time (the process's, the engine's
    threads included: what the machine's other work changes least)."""
    real: Callable[..., list[dict[str, Any]]] = store.read
    reads = [0]

    def counted(query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        reads[0] += 1
        return real(query, params)

    store.read = counted  # type: ignore[method-assign]
    for partner in partners:  # warm: imports, catalogues
        build_brief(store, partner, home=home, lang="en", picture=False)
    wall: dict[str, list[float]] = {p: [] for p in partners}
    cpu: dict[str, list[float]] = {p: [] for p in partners}
    counts: dict[str, int] = {}
    for _ in range(runs):
        for partner in partners:
            for lang in ("en", "vi"):
                reads[0] = 0
                t, c = time.perf_counter(), time.process_time()
                build_brief(store, partner, home=home, lang=lang, picture=False)
                wall[partner].append(time.perf_counter() - t)
                cpu[partner].append(time.process_time() - c)
                counts[partner] = reads[0]

    def ms(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:.0f} ms"

    print("| partner | reads per brief | data only, median | CPU, median |")
    print("|---|---|---|---|")
    for partner in partners:
        print(f"| {partner} | {counts[partner]} | {ms(wall[partner])} | {ms(cpu[partner])} |")
    every = [t for spent in wall.values() for t in spent]
    every_cpu = [t for spent in cpu.values() for t in spent]
    print(f"| all ({len(every)} briefs) | | {ms(every)} | {ms(every_cpu)} |")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Load average: {load:.1f} on {os.cpu_count()} cores.")


if __name__ == "__main__":
    main()
