"""How cost grows: each figure at several scales and the exponent between them.

A figure that takes time t1 on n1 relationships and t2 on n2 grows as size^k with
k = log(t2 / t1) / log(n2 / n1): k = 1 is linear, 0 is flat, 2 is quadratic.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

# (key in a scale's figures, what it is, unit): the figures whose growth is shown
GROWN = [
    ("build_s", "synthetic graph built in Python", "s"),
    ("pipe_s", "ingest, full pipeline (median)", "s"),
    ("raw_s", "ingest, raw COPY (median)", "s"),
    ("graph_s", "ingest in pieces: the graph's batches", "s"),
    ("index_s", "ingest in pieces: the history index, built in steps", "s"),
    ("hist_p50_ms", "history p50", "ms"),
    ("hist_p99_ms", "history p99", "ms"),
    ("hist_floor_ms", "history's floor (its reads at a primary-key look-up each)", "ms"),
    ("hist_hub_ms", "history of the hub country", "ms"),
    ("hist_city_p50_ms", "history p50, cities", "ms"),
    ("hist_country_p50_ms", "history p50, countries", "ms"),
    ("nx_view_s", "networkx view of the store, built and kept", "s"),
    ("nx_kept_s", "networkx view read back (next start)", "s"),
    ("index_links", "history index pair links", "links"),
    ("first_unexp_s", "first unexplored (view's indexes)", "s"),
    ("unexp_normal_ms", "unexplored p50, ordinary city", "ms"),
    ("unexp_hub_ms", "unexplored p50, from the hub", "ms"),
    ("cold_s", "cold start to first history", "s"),
    ("peer_cold_s", "networkx peer cold start", "s"),
    ("peak_mb", "history process peak memory", "MB"),
    ("peer_peak_mb", "networkx peer peak memory", "MB"),
    ("bench_peak_mb", "benchmark process peak memory", "MB"),
    ("file_mb", "database file on disk", "MB"),
]


def exponent(n1: float, t1: float, n2: float, t2: float) -> float | None:
    """The k of t ~ n^k between two measures, None when it cannot be told.

    >>> round(exponent(1_000, 2.0, 10_000, 20.0), 2)
    1.0
    >>> round(exponent(1_000, 2.0, 10_000, 2.0), 2)
    0.0
    >>> exponent(1_000, 0.0, 10_000, 2.0) is None
    True
    """
    if min(n1, t1, n2, t2) <= 0 or n1 == n2:
        return None
    return math.log(t2 / t1) / math.log(n2 / n1)


def predict(n1: float, t1: float, k: float, n: float) -> float:
    """What a figure would be at size n if it keeps growing as n^k from (n1, t1).

    >>> predict(1_000, 2.0, 1.0, 10_000)
    20.0
    """
    return float(t1 * (n / n1) ** k)


def _fmt(value: float, unit: str) -> str:
    if unit == "ms" or value >= 100:
        return f"{value:,.0f} {unit}" if value >= 10 else f"{value:.1f} {unit}"
    return f"{value:.2f} {unit}" if value < 10 else f"{value:.1f} {unit}"


def table(figures: list[dict[str, Any]]) -> list[str]:
    """A Markdown table: one row per figure, its value at each scale (ascending) and the
    exponent between neighbouring scales.

    >>> rows = table([{"scale": 0.1, "n_rels": 1e5, "pipe_s": 1.0},
    ...               {"scale": 1.0, "n_rels": 1e6, "pipe_s": 10.0}])
    >>> rows[2]
    '| ingest, full pipeline (median) | 1.00 s | 10.0 s | 1.00 |'
    """
    figures = sorted(figures, key=lambda f: f["n_rels"])
    head = " | ".join(f"scale {f['scale']:g} ({f['n_rels']:,.0f} rels)" for f in figures)
    ks = " | ".join(f"k {a['scale']:g}->{b['scale']:g}" for a, b in itertools.pairwise(figures))
    lines = [f"| figure | {head} | {ks} |", "|---" * (2 * len(figures)) + "|"]
    for key, what, unit in GROWN:
        if not any(key in f for f in figures):
            continue
        values = [_fmt(f[key], unit) if key in f else "" for f in figures]
        exps = []
        for a, b in itertools.pairwise(figures):
            k = (
                exponent(a["n_rels"], a[key], b["n_rels"], b[key])
                if key in a and key in b
                else None
            )
            exps.append("" if k is None else f"{k:.2f}")
        lines.append(f"| {what} | {' | '.join(values)} | {' | '.join(exps)} |")
    loads = " | ".join(
        f"{f['load_before']:.1f} -> {f['load_after']:.1f}" if "load_before" in f else ""
        for f in figures
    )
    lines.append(f"| load average (1 min) before -> after | {loads} |{' |' * (len(figures) - 1)}")
    return lines
