"""The command line as a user runs it: each command a fresh process, as medians of several runs
taken in turns, beside the interpreter's own start and typer's import in the same run.

    python -m benchmarks.cli [--runs 7] [--export-runs 3] [--db FILE] [--tree DIR] [--no-exports]
                             [--no-starts] [--formats json,ftm]

Rows: what no command goes below (the interpreter, typer's import, the engine opening the
file, the store reading every table as each export does, FollowTheMoney's import), starts (``--help``; ``search``, ``show``, ``history`` with no
database, which print what to do; the same and ``dormant`` and a Cypher query on the
sample), then an export of the sample in each format. Each cell is the median wall time and the median CPU time (user and
system) of the process: the CPU time moves less when the machine is shared.

Modules are read from bytecode, as an installed package's are: ``PYTHONDONTWRITEBYTECODE`` is
dropped for the runs and the bytecode kept in a temporary ``PYTHONPYCACHEPREFIX``, filled by
one untimed run of each command first. ``--tree`` runs the ``api.cli`` of another checkout (for
example ``git archive REV`` unpacked) with the same interpreter and database, for a before and
after in one run. Without ``--db`` the sample graph with the twin-city list is loaded into a
temporary file first.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASELINES = {
    "`python -c pass` (the interpreter alone)": ["-c", "pass"],
    "`python -c 'import typer'`": ["-c", "import typer"],
}
NO_DB = [["search", "dan"], ["show", "dk"], ["history", "dk"]]
STARTS = [
    ["--help"],
    ["history", "--help"],
    ["show", "dk"],
    ["history", "dk"],
    ["search", "dan"],
    ["dormant"],
    ["cypher", "MATCH (c:Country {id: 'dk'}) RETURN c.name"],
]
EXPORTS = ["json", "graphml", "gexf", "csv", "cypher", "ftm"]
#: The store opened as the command line opens it and every table read as the exports read
#: them (the domain's and the sources' rows), nothing written.
READ_ALL = (
    "from graph.settings import Settings\n"
    "from graph.stores import open_store\n"
    "with open_store(Settings(), read_only=True) as store:\n"
    "    for label in store.model.labels:\n"
    "        for _ in store.iter_nodes(label): pass\n"
    "    for rel_type in store.model.rels:\n"
    "        for _ in store.iter_rels(rel_type): pass\n"
)


def once(
    argv: list[str], *, cwd: Path, env: dict[str, str], fails: bool = False
) -> tuple[float, float]:
    """Wall and CPU seconds of one run (``fails``: it must end with a non-zero exit)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, timeout=600)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if (done.returncode != 0) != fails:
        raise SystemExit(f"{argv} ended with {done.returncode}: {done.stderr.decode()[-500:]}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7, help="runs of each start (median)")
    parser.add_argument("--export-runs", type=int, default=3, help="runs of each export")
    parser.add_argument("--db", type=Path, help="a graph to ask (default: a fresh sample)")
    parser.add_argument("--tree", type=Path, help="another checkout to compare with")
    parser.add_argument("--no-exports", action="store_true", help="time the starts only")
    parser.add_argument("--no-starts", action="store_true", help="time the exports only")
    parser.add_argument(
        "--formats", default=",".join(EXPORTS), help="the exports to time (comma-separated)"
    )
    args = parser.parse_args()
    formats = [] if args.no_exports else [f for f in args.formats.split(",") if f]

    work = Path(tempfile.mkdtemp(prefix="pg-cli-bench-"))
    db = args.db
    if db is None:
        from graph.stores import LadybugStore
        from ingest.pipeline import ingest_paths, sample_files

        db = work / "graph.lbdb"
        with LadybugStore(db) as store:
            ingest_paths(store, sample_files(reference=True))
    here = Path(__file__).resolve().parents[1]
    trees = {"this": here, **({"other": args.tree.resolve()} if args.tree else {})}
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env |= {"PARTNERGRAPH_DB": str(db.resolve()), "COLUMNS": "120"}
    missing = {**env, "PARTNERGRAPH_DB": str(work / "none.lbdb")}
    jobs: list[tuple[str, str, list[str], dict[str, str], Path, bool, int]] = []
    floors = {  # what a command cannot go below: the engine's open, FtM's import
        **BASELINES,
        "`ladybug.Database(FILE, read_only=True)` (the engine's open)": [
            "-c",
            "import sys, ladybug; ladybug.Database(sys.argv[1], read_only=True)",
            str(db.resolve()),
        ],
        "`import followthemoney` (ftm's library)": ["-c", "import followthemoney"],
    }
    if formats:  # what every export pays before it writes: the start, the open, every row
        floors["the store opened and every table read (each export's floor)"] = [
            "-c",
            READ_ALL,
        ]
    for name, argv in floors.items():
        jobs.append(("python", name, [sys.executable, *argv], env, here, False, args.runs))
    for tree_name, tree in trees.items():
        cache = work / f"pycache-{tree_name}"  # each tree's own bytecode
        tree_env = {**env, "PYTHONPYCACHEPREFIX": str(cache)}
        tree_missing = {**missing, "PYTHONPYCACHEPREFIX": str(cache)}
        cli = [sys.executable, "-m", "api.cli"]
        for command in [] if args.no_starts else NO_DB:
            row = f"`partnergraph {' '.join(command)}`, no database"
            jobs.append((tree_name, row, [*cli, *command], tree_missing, tree, True, args.runs))
        for command in [] if args.no_starts else STARTS:
            row = f"`partnergraph {' '.join(command)}`"
            jobs.append((tree_name, row, [*cli, *command], tree_env, tree, False, args.runs))
        for fmt in formats:
            out = work / f"{tree_name}-out.{fmt}"
            row = f"`partnergraph export --format {fmt}`"
            argv = [*cli, "export", "--format", fmt, "-o", str(out)]
            jobs.append((tree_name, row, argv, tree_env, tree, False, args.export_runs))
    runs: dict[tuple[str, str], list[tuple[float, float]]] = {}
    try:
        for _, _, argv, job_env, cwd, fails, _ in jobs:  # fills each tree's bytecode cache
            once(argv, cwd=cwd, env=job_env, fails=fails)
        for turn in range(max(args.runs, args.export_runs)):
            # in turns: a busy moment falls on every command alike
            for tree_name, row, argv, job_env, cwd, fails, count in jobs:
                if turn < count:
                    runs.setdefault((tree_name, row), []).append(
                        once(argv, cwd=cwd, env=job_env, fails=fails)
                    )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def cell(key: tuple[str, str]) -> str:
        walls, cpus = zip(*runs[key], strict=True)
        return f"{statistics.median(walls):.2f} s (CPU {statistics.median(cpus):.2f})"

    load = os.getloadavg()[0]
    print(
        f"medians of {args.runs} runs ({args.export_runs} for exports), load {load:.1f} at the end"
    )
    print(f"| command | {' | '.join(trees)} |")
    print("|---|" + "---|" * len(trees))
    for name in floors:
        print(f"| {name} | {cell(('python', name))} |" + " |" * (len(trees) - 1))
    rows = list(dict.fromkeys(row for tree_name, row, *_ in jobs if tree_name == "this"))
    for row in rows:
        print(f"| {row} | {' | '.join(cell((n, row)) for n in trees)} |")


if __name__ == "__main__":
    main()
