"""Where a history's time goes: every read it sends, timed and named by the line that sent it,
and the engine's floor (the cheapest anchored read) beside them."""

from __future__ import annotations

import linecache
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks.synthetic import HOME
from graph.cypher import index as index_q
from graph.stores import LadybugStore


class TimedStore(LadybugStore):
    """The embedded store, with each read's wall time kept under the line that sent it."""

    def __init__(self, path: Path | str, **kwargs: Any) -> None:
        super().__init__(path, **kwargs)
        self.times: dict[str, list[float]] = defaultdict(list)

    def read(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        caller = sys._getframe(1)
        while caller.f_code.co_name.startswith("<") and caller.f_back:  # a comprehension's
            caller = caller.f_back
        code = caller.f_code
        line = linecache.getline(code.co_filename, caller.f_lineno).strip()
        start = time.perf_counter()
        rows = super().read(query, params)
        self.times[f"{code.co_name}: {line[:70]}"].append((time.perf_counter() - start) * 1000)
        return rows


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def floors(store: LadybugStore, ids: list[str], repeats: int = 50) -> dict[str, float]:
    """p50 in ms of the cheapest reads: a constant, and a primary-key look-up of a country."""
    out = {}
    for name, query in {
        "RETURN 1": "RETURN 1 AS one",
        "one Country by id": "MATCH (n:Country {id: $id}) RETURN n.id AS id",
        "one Country's City ids (LOCATED_IN)": (
            "MATCH (n:Country {id: $id})<-[:LOCATED_IN]-(c:City) RETURN c.id AS id"
        ),
        "one pair's cards (the history index)": index_q.CARDS_OF_PAIR,
        "one pair's ready-made answer and the home's reach": index_q.READY,
    }.items():
        times = []
        for i in range(repeats):
            params = {"id": ids[i % len(ids)]} if "$id" in query else {}
            if "$key" in query:
                params = {"key": f"{HOME}|{ids[i % len(ids)]}"}
            if "$reach" in query:
                params["reach"] = f"{HOME}|"
            t = time.perf_counter()
            store.read(query, params)
            times.append((time.perf_counter() - t) * 1000)
        out[name] = pct(times, 0.5)
    return out


def table(times: dict[str, list[float]], n_histories: int) -> list[str]:
    """A Markdown table of the reads, the costliest (by total time) first."""
    total = sum(sum(v) for v in times.values())
    lines = [
        "| read (the line that sends it) | calls per history | p50 | p99 | min | share |",
        "|---|---|---|---|---|---|",
    ]
    for name, values in sorted(times.items(), key=lambda kv: -sum(kv[1])):
        lines.append(
            f"| `{name}` | {len(values) / n_histories:.1f} | {pct(values, 0.5):.2f} ms | "
            f"{pct(values, 0.99):.2f} ms | {min(values):.2f} ms | "
            f"{100 * sum(values) / total:.0f}% |"
        )
    return lines
