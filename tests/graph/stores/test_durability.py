"""A source counts as ingested only once all of its data is durable: it is stamped
``ingested_at`` in a last small write after a checkpoint, and a source without the stamp (an
ingest cut short) is written again by the next run, which completes it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph.errors import StoreError
from graph.stores import LadybugStore, writer
from graph.stores.lock import DbLock
from ingest.pipeline import ingest_paths, sample_files

SEEDS = sample_files(reference=False)


def _stamps(store: LadybugStore) -> dict[str, bool]:
    rows = store.read("MATCH (s:Source) RETURN s.id AS id, s.ingested_at AS at")
    return {r["id"]: r["at"] is not None for r in rows}


def test_an_ingest_stamps_its_sources_after_a_checkpoint(
    empty_store: LadybugStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    order: list[str] = []
    durable, stamp = LadybugStore._durable, writer.mark_ingested

    def spy_durable(self: LadybugStore) -> bool:
        order.append("checkpoint")
        return durable(self)

    def spy_stamp(*args: Any) -> Any:
        order.append("stamp")
        return stamp(*args)

    monkeypatch.setattr(LadybugStore, "_durable", spy_durable)
    monkeypatch.setattr(writer, "mark_ingested", spy_stamp)
    ingest_paths(empty_store, SEEDS)
    assert order == ["checkpoint", "stamp"]  # one of each for the whole run, in that order
    assert _stamps(empty_store) == {"seed-000": True, "seed-004": True}
    assert empty_store.unstamped_sources() == []


def test_an_ingest_cut_short_is_completed_by_the_next_run(
    empty_store: LadybugStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as m:  # the process "dies" before the stamps
        m.setattr(LadybugStore, "stamp_ingested", lambda self, ids: None)
        ingest_paths(empty_store, SEEDS[:1])
    assert _stamps(empty_store) == {"seed-000": False}
    assert empty_store.unstamped_sources() == [
        {"id": "seed-000", "file": "000_64fb7b24764b5011.txt"}
    ]
    before = empty_store.counts()
    again = ingest_paths(empty_store, SEEDS[:1])
    assert not again[0].skipped  # written again: it completes whatever was missing
    assert empty_store.counts() == before  # here nothing was: the same graph
    assert _stamps(empty_store) == {"seed-000": True}
    assert ingest_paths(empty_store, SEEDS[:1])[0].skipped


def test_an_ingest_cut_short_with_data_missing_is_written_again(
    empty_store: LadybugStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the engine lost in the issue (the bulk rows of a committed transaction) is put
    back by the next run: the source's relationships no longer add up, so it is written."""
    ingest_paths(empty_store, SEEDS[:1])
    complete = empty_store.counts()
    empty_store.write("MATCH (s:Source) SET s.ingested_at = NULL")
    empty_store.write("MATCH ()-[e:PARTICIPATED_IN]->() DELETE e")
    empty_store.write("MATCH (v:Visit) DETACH DELETE v")
    assert empty_store.counts() != complete
    report = ingest_paths(empty_store, SEEDS[:1])[0]
    assert report.written.created.get("Visit") and report.written.relationships_created
    assert empty_store.counts() == complete
    assert _stamps(empty_store) == {"seed-000": True}


def test_without_a_checkpoint_the_sources_stay_unstamped(
    empty_store: LadybugStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(LadybugStore, "_durable", lambda self: False)
    ingest_paths(empty_store, SEEDS[:1])
    assert _stamps(empty_store) == {"seed-000": False}


def test_a_failing_file_still_stamps_the_files_before_it(
    empty_store: LadybugStore, tmp_path: Path
) -> None:
    bad = tmp_path / "z-bad.yaml"
    bad.write_text(
        "source: {id: bad, name: Bad}\n"
        "nodes:\n  - {label: Organisation, id: dk, name: Not the country}\n",
        encoding="utf-8",
    )
    with pytest.raises(Exception, match="they will be skipped"):
        ingest_paths(empty_store, [*SEEDS, bad])
    assert _stamps(empty_store) == {"seed-000": True, "seed-004": True}


def test_a_file_that_is_not_a_database_is_never_to_be_deleted(tmp_path: Path) -> None:
    path = tmp_path / "not-a-db.lbdb"
    path.write_bytes(b"hello, this is not a database\n" * 100)
    for read_only in (True, False):
        with pytest.raises(StoreError) as refused:
            LadybugStore(path, read_only=read_only)
        message = str(refused.value)
        assert "delete" not in message.lower(), message
        assert "keep it" in message and "--db" in message, message
    lock = DbLock(path)  # the refused opens let go of the lock
    lock.acquire(exclusive=True)
    lock.release()
