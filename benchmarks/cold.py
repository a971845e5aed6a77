"""One cold start in a fresh process: open, answer one history, then warm latency and peak
memory. ``python -m benchmarks.cold {ours|networkx} WHERE PARTNER HOME``; prints JSON."""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported only by the networkx peer, so that ours does not pay for it
    import networkx as nx


def nx_load(folder: Path) -> nx.MultiDiGraph:
    import networkx

    g = networkx.MultiDiGraph()
    with (folder / "nodes.jsonl").open() as f:
        for line in f:
            row = json.loads(line)
            g.add_node(row["id"], **row)
    with (folder / "rels.jsonl").open() as f:
        for line in f:
            row = json.loads(line)
            g.add_edge(row.pop("from"), row.pop("to"), **row)
    return g


def nx_side(g: nx.MultiDiGraph, node: str) -> set[str]:
    side, frontier = {node}, {node}
    for _ in range(2):
        found = {
            x
            for n in frontier
            for x, _, d in g.in_edges(n, data=True)
            if d["type"] in {"LOCATED_IN", "PART_OF"}
        }
        frontier = found - side
        side |= found
    return side


def nx_history(g: nx.MultiDiGraph, partner: str, home: str) -> list[dict[str, Any]]:
    home_side, partner_side = nx_side(g, home), nx_side(g, partner)
    partner_side -= home_side
    out = []
    for h in home_side:
        for _, e, d in g.out_edges(h, data=True):
            if d["type"] != "PARTICIPATED_IN":
                continue
            parties = {
                p for p, _, d2 in g.in_edges(e, data=True) if d2["type"] == "PARTICIPATED_IN"
            }
            if parties & partner_side:
                out.append({"id": e, **g.nodes[e], "parties": sorted(parties)})
    return sorted(out, key=lambda r: (r.get("date") or "", r["id"]))


def main() -> None:
    kind, where, partner, home = sys.argv[1:5]
    start = time.perf_counter()
    if kind == "ours":
        from graph.questions import history
        from graph.stores import LadybugStore

        store = LadybugStore(where, read_only=True)

        def answer() -> object:
            return history(store, partner, home=home)
    else:
        g = nx_load(Path(where))

        def answer() -> object:
            return nx_history(g, partner, home)

    answer()
    cold = time.perf_counter() - start
    warm = []
    for _ in range(20):
        t = time.perf_counter()
        answer()
        warm.append((time.perf_counter() - t) * 1000)
    # VmHWM, not ru_maxrss: the latter keeps the parent's high-water mark across exec
    status = Path("/proc/self/status").read_text()
    peak = (
        next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
        / 1024
    )
    print(json.dumps({"cold_s": cold, "warm_ms": statistics.median(warm), "peak_mb": peak}))


if __name__ == "__main__":
    main()
