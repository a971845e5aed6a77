"""``make bench`` (briefs): the time to build a brief in each format on the sample graph.

    python -m benchmarks.briefs [--runs 7]

As the web app does it: the store open; each run gathers the partner's data (its history, its
opportunities, its record's themes: anchored reads, no networkx view) and renders one format.
The baseline, measured in the same run, is gathering the data alone (no rendering). Then as
an officer does it from the command line: ``partnergraph brief dk -o dk.pdf``, a new process
each time (imports, opening the file, the first WeasyPrint layout included).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from graph.briefs import FORMATS, build_brief, render
from graph.settings import Settings
from graph.stores import LadybugStore
from ingest.pipeline import ingest_paths, sample_files

TARGETS = {"html": 0.5, "pdf": 1.0, "pdf from the command line": 1.0}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7, help="builds per format (median)")
    parser.add_argument("--record", type=Path, help="also write the figures as Markdown here")
    args = parser.parse_args()
    home = Settings().home
    db = Path(tempfile.mkdtemp(prefix="pg-brief-bench-")) / "graph.lbdb"
    print("loading the sample graph with the twin-city list ...", flush=True)
    with LadybugStore(db) as store:
        ingest_paths(store, sample_files(reference=True))
    store = LadybugStore(db, read_only=True)
    partners = ["dk", "nl", "kr", "esbjerg-dk", "orsted"]

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
    cli = []
    for i in range(max(3, args.runs // 2)):
        target = db.parent / "brief.pdf"
        t = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "api.cli",
                "--db",
                str(db),
                "brief",
                partners[i % 2],
                "--lang",
                ("vi", "en")[i % 2],
                "-o",
                str(target),
            ],
            check=True,
            capture_output=True,
        )
        cli.append(time.perf_counter() - t)
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
    lines.append(
        f"| pdf from the command line (new process) | {statistics.median(cli):.2f} s | "
        f"{max(cli):.2f} s | | <= {cli_target:g} s |"
    )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines += ["", f"Load average when measured: {load:.1f} on {os.cpu_count()} cores."]
    print("\n".join(lines))
    if args.record:
        args.record.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
