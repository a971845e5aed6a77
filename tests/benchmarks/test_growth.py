"""The benchmark's growth table and its history profile, on a tiny synthetic graph (the
benchmark itself stays out of the test suite: `python -m benchmarks --scales 0.1,1`)."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import pytest

from benchmarks import growth
from benchmarks.__main__ import pipeline_ingest, scales
from benchmarks.history_reads import TimedStore, floors
from benchmarks.history_reads import table as reads_table
from benchmarks.synthetic import HOME, build
from graph.questions import history


def test_exponent_is_the_slope_on_log_log_axes() -> None:
    assert growth.exponent(1e5, 3.0, 1e6, 30.0) == pytest.approx(1.0)
    assert growth.exponent(1e5, 3.0, 1e6, 300.0) == pytest.approx(2.0)
    assert growth.exponent(1e5, 3.0, 1e6, 3.0 * math.sqrt(10)) == pytest.approx(0.5)
    assert growth.exponent(1e5, 3.0, 1e5, 4.0) is None  # no size change: nothing to tell
    assert growth.predict(1e6, 12.0, 1.2, 1e7) == pytest.approx(12.0 * 10**1.2)


def test_growth_table_puts_each_figure_at_each_scale_with_its_exponent() -> None:
    figs = [
        {"scale": 1.0, "n_rels": 1_000_000, "pipe_s": 12.0, "hist_p50_ms": 40.0},
        {"scale": 0.1, "n_rels": 100_000, "pipe_s": 1.5, "hist_p50_ms": 20.0},
        {"scale": 10.0, "n_rels": 10_000_000, "pipe_s": 150.0},  # history not measured there
    ]
    rows = growth.table(figs)
    assert rows[0] == (
        "| figure | scale 0.1 (100,000 rels) | scale 1 (1,000,000 rels) | "
        "scale 10 (10,000,000 rels) | k 0.1->1 | k 1->10 |"
    )
    assert all(row.count("|") == rows[0].count("|") for row in rows)
    pipe = next(r for r in rows if r.startswith("| ingest, full pipeline"))
    assert (
        pipe
        == f"| ingest, full pipeline (median) | 1.50 s | 12.0 s | 150 s | {math.log10(8):.2f} | 1.10 |"
    )
    hist = next(r for r in rows if r.startswith("| history p50 |"))
    assert hist == "| history p50 | 20 ms | 40 ms |  | 0.30 |  |"
    assert not any(r.startswith("| networkx view") for r in rows)  # not measured: no row


def test_scales_are_parsed_sorted_and_checked() -> None:
    assert scales("1,0.1, 10") == [0.1, 1.0, 10.0]
    with pytest.raises(argparse.ArgumentTypeError, match="positive"):
        scales("0,1")
    with pytest.raises(argparse.ArgumentTypeError, match="commas"):
        scales("0.1;1")


def test_history_profile_names_each_read_by_the_line_that_sends_it(tmp_path: Path) -> None:
    g = build(0.002)
    pipeline_ingest(g, tmp_path / "g.lbdb")
    store = TimedStore(tmp_path / "g.lbdb", read_only=True)
    try:
        timed = history(store, "k000", home=HOME)
        assert timed.entries, "the hub country shares engagements with the home"
        names = set(store.times)
        # by ids, the pair's ready-made answer (the hub's pair lists 5 to 2,000 cards here)
        assert any(n.startswith("_ready: ") and "index_q.READY" in n for n in names), names
        assert any(n.startswith("_ready: ") and "names_of" in n for n in names), names
        ready = next(v for n, v in store.times.items() if "index_q.READY" in n)
        assert all(ms > 0 for ms in ready)
        read = history(store, "k000", home=HOME, use_index=False)
        assert read == timed
        assert any("_from_graph: " in n and "engagement_details" in n for n in store.times)
        rows = reads_table(store.times, 2)
        assert rows[2].startswith("| `") and rows[2].endswith("% |")
        assert sum(int(r.rsplit("|", 2)[1].strip(" %")) for r in rows[2:]) in range(97, 104)
        floor = floors(store, ["k001", "k002"], repeats=4)
        assert set(floor) == {
            "RETURN 1",
            "one Country by id",
            "one Country's City ids (LOCATED_IN)",
            "one pair's cards (the history index)",
            "one pair's ready-made answer and the home's reach",
        }
    finally:
        store.close()
