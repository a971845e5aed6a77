"""The experiment behind the next history design finds, from its cards and INVOLVES links,
the engagements today's history finds, with each party on the same side."""

from __future__ import annotations

from pathlib import Path

from benchmarks.__main__ import pipeline_ingest
from benchmarks.history_index import READ, add_index, entries
from benchmarks.synthetic import HOME, build
from graph.questions import history
from graph.stores import LadybugStore


def test_cards_answer_as_history_does(tmp_path: Path) -> None:
    path = tmp_path / "g.lbdb"
    pipeline_ingest(build(0.002), path)
    add_index(path)
    store = LadybugStore(path, read_only=True)
    try:
        compared = 0
        for label, partner in [("Country", "k000"), ("Country", "k001"), ("City", "city-3")]:
            old = history(store, partner, home=HOME)
            rows = store.read(READ.format(label=label), {"p": partner, "h": HOME})
            new = {e.id: e for e in entries(rows, HOME, partner)}
            assert set(new) == {e.id for e in old.entries}, partner
            for e in old.entries:
                sides = {(p.id, p.side) for p in e.parties}
                assert {(p.id, p.side) for p in new[e.id].parties} == sides, e.id
                compared += 1
        assert compared > 10  # the hub country shares many engagements with the home
    finally:
        store.close()
