"""The command line's start-up: each command run as a user runs it (a fresh process), as
medians of several runs taken in turns, beside the interpreter's own start in the same run.

    python -m benchmarks.cli [--runs 7] [--db FILE] [--tree DIR]

``--tree`` runs the ``api.cli`` of another checkout (for example ``git archive REV`` unpacked)
with the same interpreter and database, for a before and after in one run. Without ``--db``
the sample graph with the twin-city list is loaded into a temporary file first.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMANDS = [
    ["--help"],
    ["history", "--help"],
    ["show", "dk"],
    ["history", "dk"],
    ["dormant"],
    ["cypher", "MATCH (c:Country {id: 'dk'}) RETURN c.name"],
]


def once(argv: list[str], *, cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, timeout=300)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{argv} failed: {done.stderr.decode()[-500:]}")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7, help="runs of each command (median)")
    parser.add_argument("--db", type=Path, help="a graph to ask (default: a fresh sample)")
    parser.add_argument("--tree", type=Path, help="another checkout to compare with")
    args = parser.parse_args()

    work = None
    db = args.db
    if db is None:
        from graph.stores import LadybugStore
        from ingest.pipeline import ingest_paths, sample_files

        work = Path(tempfile.mkdtemp(prefix="pg-cli-bench-"))
        db = work / "graph.lbdb"
        with LadybugStore(db) as store:
            ingest_paths(store, sample_files(reference=True))
    here = Path(__file__).resolve().parents[1]
    trees = {"this": here, **({"other": args.tree.resolve()} if args.tree else {})}
    env = {**os.environ, "PARTNERGRAPH_DB": str(db), "COLUMNS": "120"}
    runs: dict[tuple[str, str], list[float]] = {}
    try:
        for _ in range(args.runs):  # in turns: a busy moment falls on every command alike
            runs.setdefault(("python", "-c pass"), []).append(
                once([sys.executable, "-c", "pass"], cwd=here, env=env)
            )
            for name, tree in trees.items():
                for command in COMMANDS:
                    argv = [sys.executable, "-m", "api.cli", *command]
                    runs.setdefault((name, " ".join(command)), []).append(
                        once(argv, cwd=tree, env=env)
                    )
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"| command | {' | '.join(trees)} |")
    print("|---|" + "---|" * len(trees))
    base = statistics.median(runs[("python", "-c pass")])
    print(f"| `python -c pass` (the interpreter alone) | {base:.3f} s |" + " |" * (len(trees) - 1))
    for command in COMMANDS:
        text = " ".join(command)
        cells = [
            f"{statistics.median(runs[(n, text)]):.2f} s (min {min(runs[(n, text)]):.2f})"
            for n in trees
        ]
        print(f"| `partnergraph {text}` | {' | '.join(cells)} |")


if __name__ == "__main__":
    main()
