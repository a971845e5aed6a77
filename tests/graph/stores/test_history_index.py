"""The index of who engaged whom (graph.stores.history_index) stays what the graph says.

Two checks throughout: the index the writes kept equals the index built afresh from the graph
(the same cards, the same pairs listing them, the same reaches), and history read through the
index equals history read from the graph itself (``use_index=False``), for every home that
takes part in anything and every partner it could ask about.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import ladybug
import pytest

from graph.cypher import index as index_q
from graph.errors import NotFound, StoreError
from graph.exports.jsondump import read_dump, write_dump
from graph.questions.history import history
from graph.questions.history_answer import unpack
from graph.stores import LadybugStore, history_index
from graph.stores.base import WriteReport
from graph.stores.transfer import copy_graph
from ingest.pipeline import ingest_paths, sample_files

DATA = Path(__file__).resolve().parents[2] / "data"
ROOT = Path(__file__).resolve().parents[3]

Index = tuple[dict[str, str], dict[str, list[str]], dict[str, str], dict[str, Any]]


def index_of(store: LadybugStore) -> Index:
    """Cards by id, the cards each pair lists, the reach each home keeps, and the label and
    ready-made answer (as JSON) of each pair that lists cards."""
    cards = {
        r["id"]: r["card"]
        for r in store.read("MATCH (c:HistoryCard) RETURN c.id AS id, c.card AS card")
    }
    pairs: dict[str, list[str]] = {}
    for r in store.read(
        "MATCH (p:HistoryPair)-[:LISTS]->(c:HistoryCard) RETURN p.id AS pair, c.id AS card ORDER BY pair, card"
    ):
        pairs.setdefault(r["pair"], []).append(r["card"])
    reach = {
        r["id"]: r["reach"]
        for r in store.read(
            "MATCH (p:HistoryPair) WHERE p.reach IS NOT NULL RETURN p.id AS id, p.reach AS reach"
        )
        if r["id"] != index_q.META
    }
    ready = {
        r["id"]: (r["label"], r["answer"] and [m.model_dump() for m in unpack(r["answer"])[0]])
        for r in store.read(
            "MATCH (p:HistoryPair) RETURN p.id AS id, p.label AS label, p.answer AS answer"
        )
        if r["id"] in pairs
    }
    return cards, pairs, reach, ready


def rebuilt(store: LadybugStore) -> Index:
    """The index built from the graph as it is, in the store itself."""
    store._write(lambda tx, now: (history_index.build(tx), WriteReport())[1], "rebuild")
    return index_of(store)


def assert_kept(store: LadybugStore) -> None:
    kept = index_of(store)
    fresh = rebuilt(store)
    for name, a, b in zip(("cards", "pairs", "reach", "answers"), kept, fresh, strict=True):
        extra, missing = sorted(set(a) - set(b))[:3], sorted(set(b) - set(a))[:3]
        changed = sorted(k for k in set(a) & set(b) if a[k] != b[k])[:3]  # type: ignore[index]
        assert a == b, (
            f"{name}: kept but not built {extra}, built not kept {missing}, differ {changed}"
        )
    assert kept[0], "the index holds no cards"


def homes_and_partners(store: LadybugStore) -> tuple[list[str], list[str]]:
    homes = [
        r["id"]
        for r in store.read(
            "MATCH (c:City)-[:PARTICIPATED_IN]->() RETURN DISTINCT c.id AS id ORDER BY id"
        )
    ]
    partners = [
        r["id"]
        for r in store.read(
            "MATCH (a)-[:PARTICIPATED_IN]->() RETURN DISTINCT a.id AS id ORDER BY id"
        )
    ]
    partners += [
        r["id"]
        for r in store.read(
            "MATCH (c:City)<-[:LOCATED_IN]-(e) RETURN DISTINCT c.id AS id ORDER BY id"
        )
    ]
    partners += ["dk", "kr", "nl", "jp", "vn", "us", "fr"]
    return homes, sorted(set(partners))


def assert_same_histories(store: LadybugStore, homes: list[str] | None = None) -> int:
    """Every history through the index equals the one read from the graph; how many."""
    assert store.history_index, "the store does not keep the index"
    all_homes, partners = homes_and_partners(store)
    compared = 0
    for home in homes or all_homes:
        for partner in partners:
            try:
                read = history(store, partner, home=home, use_index=False)
            except NotFound:
                continue
            kept = history(store, partner, home=home, use_index=True)
            assert kept == read, (home, partner, kept.entries[:2], read.entries[:2])
            compared += 1
    return compared


def test_history_through_the_index_is_history_read_from_the_graph(
    full_store: LadybugStore,
) -> None:
    """The sample with the twin-city list: every home that takes part in something, with
    every party, place and country it could ask about (entries, sides, ties, as_of, summary)."""
    compared = assert_same_histories(full_store)
    assert compared > 300, compared
    kr = history(full_store, "kr", home="haiphong-vn")
    assert kr.entries and kr.ties, kr  # the comparison covered both kinds of card


def test_the_kept_index_is_the_index_built_afresh_after_ingests_and_a_reingest(
    sample_store: LadybugStore,
) -> None:
    """The seed files were written one by one (each an incremental refresh); then an article,
    and the same article again (which changes nothing, the write count included)."""
    assert_kept(sample_store)
    ingest_paths(sample_store, [DATA / "esbjerg-visit-vi.txt"], home="haiphong-vn")
    assert_kept(sample_store)
    before = sample_store.graph_version()
    ingest_paths(sample_store, [DATA / "esbjerg-visit-vi.txt"], home="haiphong-vn")
    assert sample_store.graph_version() == before
    assert_kept(sample_store)
    assert_same_histories(sample_store, ["haiphong-vn"])


def test_a_rename_and_a_move_reach_the_cards_they_change(
    sample_store: LadybugStore, tmp_path: Path
) -> None:
    """A party gains its Vietnamese name (its cards show it); a body with no place is located
    in Denmark (its engagements join Hai Phong's history with Denmark); a new country makes
    a company carrying its code its own."""
    before = {e.id for e in history(sample_store, "dk", home="haiphong-vn").entries}
    citynet = {e.id for e in history(sample_store, "citynet", home="haiphong-vn").entries}
    records = tmp_path / "moves.yaml"
    records.write_text(
        "source: {id: moves, name: Moves}\n"
        "nodes:\n"
        "  - {label: City, id: esbjerg-dk, name: Esbjerg, name_vi: Ét-bi-e}\n"
        "  - {label: Company, id: coded-co, name: Coded Co, country_code: MN}\n"
        "  - {label: Event, id: event-coded, name: A coded event, date: 2022-05-01,"
        " date_precision: day, participants: [{id: haiphong-vn, role: host},"
        " {id: coded-co, role: partner}]}\n"
        "rels:\n"
        "  - {type: LOCATED_IN, from: citynet, to: dk}\n",
        encoding="utf-8",
    )
    country = tmp_path / "country.yaml"
    country.write_text(
        "source: {id: country, name: A country}\nnodes:\n  - {label: Country, id: mn, name: Mongolia}\n",
        encoding="utf-8",
    )
    ingest_paths(sample_store, [records])
    assert_kept(sample_store)
    after = history(sample_store, "dk", home="haiphong-vn")
    assert {e.id for e in after.entries} == before | citynet, after.entries
    names = {p.name_vi for e in after.entries for p in e.parties if p.id == "esbjerg-dk"}
    assert names == {"Ét-bi-e"}, names
    ingest_paths(sample_store, [country])
    assert_kept(sample_store)
    mn = history(sample_store, "mn", home="haiphong-vn")
    assert [e.id for e in mn.entries] == ["event-coded"], mn.entries
    assert [p.side for p in mn.entries[0].parties] == ["home", "partner"], mn.entries
    assert_same_histories(sample_store, ["haiphong-vn"])


def test_an_import_keeps_the_index(sample_store: LadybugStore, tmp_path: Path) -> None:
    dump = tmp_path / "dump.json"
    with dump.open("w", encoding="utf-8") as out:
        write_dump(sample_store, out)
    with LadybugStore(tmp_path / "imported.lbdb") as target:
        read_dump(target, dump)
        assert_kept(target)
        assert index_of(target)[:2] == index_of(sample_store)[:2]
        assert_same_histories(target, ["haiphong-vn"])


def test_a_file_from_before_the_index_gains_it_on_open(tmp_path: Path) -> None:
    """Read-only, as the app opens it without a key: the open adds the tables and builds the
    index in one short read-write open, then reads."""
    path = tmp_path / "older.lbdb"
    with LadybugStore(path) as store:
        ingest_paths(store, sample_files(reference=False))
        expected = index_of(store)
    db = ladybug.Database(str(path))
    conn = ladybug.Connection(db)
    for table in ("LISTS", "HistoryPair", "HistoryCard"):
        conn.execute(f"DROP TABLE {table}")
    conn.close()
    db.close()
    with LadybugStore(path, read_only=True) as store:
        assert store.history_index
        assert index_of(store)[:2] == expected[:2]
        assert_same_histories(store, ["haiphong-vn"])


def test_another_version_of_the_index_is_built_again_on_open(tmp_path: Path) -> None:
    path = tmp_path / "graph.lbdb"
    with LadybugStore(path) as store:
        ingest_paths(store, sample_files(reference=False))
        expected = index_of(store)
        store.write(f"MATCH (p:HistoryPair {{id: '{index_q.META}'}}) SET p.reach = 'old'")
        store.write("MATCH (c:HistoryCard) WITH c LIMIT 3 SET c.card = '{}'")
    with LadybugStore(path, read_only=True) as store:
        assert store.history_index
        assert index_of(store)[:2] == expected[:2]


# The child ingests the seed files and is killed right after the COMMIT of the second one's
# write (the index written in it), before the checkpoint; or halfway through the index's
# writes inside that transaction.
CHILD = r"""
import os, signal, sys
import ladybug
from graph.stores import history_index

kind = os.environ["PG_CRASH_AT"]
seen = {"COMMIT": 0}
execute = ladybug.Connection.execute

def patched(self, query, *a, **k):
    word = query.strip().upper() if isinstance(query, str) else ""
    if word in seen:
        seen[word] += 1
    result = execute(self, query, *a, **k)
    if kind == "commit" and word == "COMMIT" and seen[word] == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return result

ladybug.Connection.execute = patched
if kind == "index":
    write = history_index._Refresh._write
    calls = {"n": 0}
    def half(self, cards):
        calls["n"] += 1
        if calls["n"] == 2:  # the second file's cards: half of them, then the process dies
            write(self, cards[: len(cards) // 2])
            os.kill(os.getpid(), signal.SIGKILL)
        write(self, cards)
    history_index._Refresh._write = half

from api.cli import main
sys.argv = ["partnergraph", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize("crash_at", ["commit", "index"])
def test_a_write_killed_midway_leaves_graph_and_index_together(
    tmp_path: Path, crash_at: str
) -> None:
    db = tmp_path / "graph.lbdb"
    env = {**os.environ, "PG_CRASH_AT": crash_at, "PYTHONPATH": str(ROOT)}
    files = [str(f) for f in sample_files(reference=False)]
    child = subprocess.run(
        [sys.executable, "-c", CHILD, "--db", str(db), "ingest", *files],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr[-2000:]
    with LadybugStore(db) as store:  # the open recovers what the kill left
        assert store.history_index
        assert_kept(store)
        sources = {r["id"] for r in store.read("MATCH (s:Source) RETURN s.id AS id")}
        assert len(sources) == (2 if crash_at == "commit" else 1), sources
        ingest_paths(store, sample_files(reference=False))  # the same command again
        assert_kept(store)
        assert_same_histories(store, ["haiphong-vn"])


def test_the_view_is_read_back_until_the_graph_changes(
    sample_store: LadybugStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = sample_store.to_networkx()
    kept = sample_store.path.with_name(sample_store.path.name + ".view")
    assert kept.exists()

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the view was built again though the graph did not change")

    with monkeypatch.context() as m:
        m.setattr(type(sample_store), "_build_networkx", refused)
        again = sample_store.to_networkx()
    assert sorted(again.nodes(data=True)) == sorted(first.nodes(data=True))
    assert sorted(again.edges(data="type")) == sorted(first.edges(data="type"))
    version = sample_store.graph_version()
    ingest_paths(sample_store, [DATA / "esbjerg-visit-vi.txt"], home="haiphong-vn")
    assert sample_store.graph_version() != version
    built = sample_store.to_networkx()
    assert len(built) > len(first), (len(built), len(first))
    assert json.loads(json.dumps(sorted(built.nodes)))  # the new view is the new graph
    with LadybugStore(sample_store.path.with_name("other.lbdb")) as other:
        assert other.graph_version() != sample_store.graph_version()  # another file's key


def test_a_copied_graph_builds_its_index_once_at_the_end(
    sample_store: LadybugStore, tmp_path: Path
) -> None:
    """``pull`` (and ``push``) copy in batches that leave the index alone, then build it."""
    with LadybugStore(tmp_path / "copy.lbdb") as target:
        copy_graph(sample_store, target, batch=300)
        assert target.history_index
        assert index_of(target)[:2] == index_of(sample_store)[:2]
        assert_kept(target)


def test_a_whole_build_goes_in_bounded_transactions_and_equals_one_build(
    sample_store: LadybugStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``rebuild_index`` (a bulk load's, a copy's) writes its cards a piece at a time, each
    piece its own transaction, and ends with the index a single transaction builds."""
    expected = rebuilt(sample_store)
    monkeypatch.setattr(history_index, "_CHUNK", 10)
    commits = []
    write = type(sample_store)._write

    def counted(self: LadybugStore, work: Any, refused: str) -> WriteReport:
        commits.append(refused)
        return write(self, work, refused)

    monkeypatch.setattr(type(sample_store), "_write", counted)
    sample_store.rebuild_index()
    assert sample_store.history_index
    assert len(expected[0]) > 30 and len(commits) > 3, (len(expected[0]), len(commits))
    assert index_of(sample_store) == expected
    assert_same_histories(sample_store, ["haiphong-vn"])


def test_a_write_between_the_steps_starts_the_build_again(
    sample_store: LadybugStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another thread's write lands while the build is halfway: the build starts again, and
    the index holds that write's cards (the write saw a stale index and left it alone)."""
    monkeypatch.setattr(history_index, "_CHUNK", 10)
    steps = []

    def write(work: Any) -> None:
        steps.append(1)
        sample_store._write(lambda tx, now: (work(tx), WriteReport())[1], "step")
        if len(steps) == 2:
            ingest_paths(sample_store, [DATA / "esbjerg-visit-vi.txt"], home="haiphong-vn")

    assert history_index.build_in_steps(write)
    built = index_of(sample_store)
    assert built == rebuilt(sample_store)
    assert any("esbjerg" in c for c in built[0]), sorted(built[0])[:5]


def test_a_graph_written_under_every_step_is_indexed_in_one_transaction(
    sample_store: LadybugStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writes land between every two steps: after a bounded number of starts the build takes
    one transaction, which no write can cut, instead of starting again for ever (a recording
    Neo4j driver, which never reads back the stale mark, looped so until memory ran out)."""
    monkeypatch.setattr(history_index, "_CHUNK", 10)
    steps: list[int] = []

    def write(work: Any) -> None:
        steps.append(1)
        sample_store._write(lambda tx, now: (work(tx), WriteReport())[1], "step")
        sample_store._write(lambda tx, now: (history_index.count_write(tx), WriteReport())[1], "w")

    assert history_index.build_in_steps(write)
    assert len(steps) > history_index._RESTARTS, len(steps)
    assert index_of(sample_store)[:2] == rebuilt(sample_store)[:2]


def test_a_store_that_does_not_give_back_the_stale_mark_is_told_apart(
    sample_store: LadybugStore,
) -> None:
    """A store whose reads do not see the mark the build has just written (a read replica, a
    driver that only records) cannot tell a write between the steps: an error that says so
    and what to do, not a build started again and again, and the index is as it was."""
    before = index_of(sample_store)

    class Blind:
        def __init__(self, tx: Any) -> None:
            self.tx = tx

        def __getattr__(self, name: str) -> Any:
            return getattr(self.tx, name)

        def read(self, query: str, params: dict[str, Any] | None = None) -> Any:
            return [] if query == index_q.META_READ else self.tx.read(query, params)

    steps: list[int] = []

    def write(work: Any) -> None:
        steps.append(1)
        sample_store._write(lambda tx, now: (work(Blind(tx)), WriteReport())[1], "step")

    with pytest.raises(StoreError, match="did not give back the history index's stale mark"):
        history_index.build_in_steps(write)
    assert len(steps) == 1
    assert index_of(sample_store) == before
    assert sample_store.history_index


STEPPED_CHILD = r"""
import os, signal, sys
import ladybug
from graph.stores import LadybugStore, history_index

history_index._CHUNK = 10
seen = {"n": 0}
execute = ladybug.Connection.execute

def patched(self, query, *a, **k):
    result = execute(self, query, *a, **k)
    if isinstance(query, str) and query.strip().upper() == "COMMIT":
        seen["n"] += 1
        if seen["n"] == 3:  # the third piece committed, the rest not written
            os.kill(os.getpid(), signal.SIGKILL)
    return result

store = LadybugStore(sys.argv[1])
ladybug.Connection.execute = patched
store.rebuild_index()
"""


def test_a_stepped_build_killed_midway_is_built_again_by_the_next_open(
    sample_store: LadybugStore,
) -> None:
    """Killed after some of its transactions: the index is stale (history reads the graph),
    never read half built, and the next read-write open builds it whole."""
    expected = index_of(sample_store)
    path = sample_store.path
    sample_store.close()
    child = subprocess.run(
        [sys.executable, "-c", STEPPED_CHILD, str(path)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr[-2000:]
    db = ladybug.Database(str(path))
    meta = ladybug.Connection(db).execute(index_q.META_READ).get_all()
    db.close()
    assert meta and meta[0][0] == history_index.STALE, meta
    with LadybugStore(path) as store:
        assert store.history_index
        assert index_of(store) == expected
        assert_kept(store)
