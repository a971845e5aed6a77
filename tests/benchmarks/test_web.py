"""The web benchmark's measure of a page's CPU: the renderer main thread's outermost tasks in a
Chrome trace, each counted once (the benchmark itself stays out of the suite:
`python -m benchmarks.web --view-only`)."""

from __future__ import annotations

import json

from benchmarks.web import main_thread_cpu


def _task(tid: int, ts: int, dur: int, tdur: int, cat: str = "toplevel") -> dict[str, object]:
    return {"ph": "X", "pid": 1, "tid": tid, "ts": ts, "dur": dur, "tdur": tdur, "cat": cat}


def test_main_thread_cpu_counts_outermost_tasks_of_the_renderer_main_thread() -> None:
    threads = [
        {"ph": "M", "name": "thread_name", "pid": 1, "tid": 10, "args": {"name": "CrRendererMain"}},
        {"ph": "M", "name": "thread_name", "pid": 1, "tid": 11, "args": {"name": "Compositor"}},
    ]
    events = [
        _task(10, 0, 5_000, 4_000),  # a task: 4 ms of CPU in 5 ms
        _task(10, 1_000, 2_000, 1_500),  # inside it: already counted
        _task(10, 10_000, 3_000, 3_000),
        _task(10, 20_000, 9_000, 9_000, cat="devtools.timeline"),  # not a top-level task
        _task(11, 0, 50_000, 50_000),  # another thread
    ]
    trace = json.dumps({"traceEvents": threads + events}).encode()
    assert main_thread_cpu(trace) == 7.0
