"""Engagements the article reader is not sure of wait in the review queue: an officer accepts
them as proposed or corrected (kind, name, date, direction, roles), merges them into one the
graph holds, or rejects them; each decision is kept, and the article ingested again does not
ask again. On the real embedded database, through the real ingest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.errors import NotFound, ValidationError
from graph.questions import history
from graph.stores import LadybugStore
from ingest import review
from ingest.pipeline import ingest_paths

# our own article: no date anywhere, so the reader is less sure of its visit (0.9)
ARTICLE = (
    "Danish delegation visits Hai Phong\n"
    "A delegation of Denmark led by Ambassador Erik Holm paid a working visit to Hai Phong.\n"
    "The two sides agreed to expand cooperation in offshore wind.\n"
)
VI_ARTICLE = (
    "Đoàn Đan Mạch thăm Hải Phòng\n"
    "Đoàn công tác của Vương quốc Đan Mạch do ông Erik Holm dẫn đầu đã đến thăm và làm việc "
    "tại Hải Phòng.\n"
)


def _ingest(store: LadybugStore, tmp_path: Path, text: str = ARTICLE, below: float = 0.95) -> str:
    path = tmp_path / "denmark-visit.txt"
    path.write_text(text, encoding="utf-8")
    (report,) = ingest_paths(store, [path], home="haiphong-vn", review_below=below)
    return report.source


def _waiting(store: LadybugStore) -> dict[str, object]:
    (item,) = [i for i in review.items(store) if i["kind"] == "engagement"]
    return item


def _visits(store: LadybugStore, source: str) -> list[dict[str, object]]:
    return store.read(
        "MATCH (v:Visit)-[:SOURCED_FROM]->(:Source {id: $s}) "
        "RETURN DISTINCT v.id AS id, v.direction AS direction, v.date AS date, "
        "v.date_precision AS precision, v.cameo AS cameo ORDER BY id",
        {"s": source},
    )


def test_an_engagement_under_the_threshold_waits_instead_of_entering_the_graph(
    sample_store: LadybugStore, tmp_path: Path
) -> None:
    source = _ingest(sample_store, tmp_path)
    assert _visits(sample_store, source) == []
    item = _waiting(sample_store)
    proposal = json.loads(str(item["proposal"]))
    assert item["label"] == "Visit" and item["candidates"] == ["dk"], item
    assert proposal["props"]["direction"] == "incoming", proposal
    roles = {p["id"]: p["role"] for p in proposal["parties"]}
    assert roles == {"haiphong-vn": "host", "dk": "guest"}, roles
    assert "Erik Holm" in str(item["evidence"])
    # at the default threshold the same article enters the graph at once
    other = tmp_path / "again"
    other.mkdir()
    with LadybugStore(other / "g.lbdb") as store:
        ingest_paths(store, [tmp_path / "denmark-visit.txt"], home="haiphong-vn")
        assert [v["direction"] for v in _visits(store, source)] == ["incoming"]


def test_accepting_with_corrections_writes_the_corrected_engagement(
    sample_store: LadybugStore, tmp_path: Path
) -> None:
    source = _ingest(sample_store, tmp_path)
    item = _waiting(sample_store)
    done = review.accept(
        sample_store,
        str(item["id"]),
        date="2024-05-02",
        direction="outgoing",
        roles={"dk": "host", "haiphong-vn": "delegation"},
    )
    assert done["status"] == "accepted"
    (visit,) = _visits(sample_store, source)
    assert str(visit["id"]).startswith("visit-2024-05-02-denmark-"), visit  # as the reader names
    assert visit["direction"] == "outgoing" and visit["cameo"] == "042", visit
    assert str(visit["date"]) == "2024-05-02" and visit["precision"] == "day", visit
    roles = {
        r["id"]: r["role"]
        for r in sample_store.read(
            "MATCH (a)-[p:PARTICIPATED_IN {source: $s}]->(:Visit {id: $v}) "
            "RETURN a.id AS id, p.role AS role, p.confidence AS c ORDER BY id",
            {"s": source, "v": visit["id"]},
        )
    }
    assert roles == {"dk": "host", "haiphong-vn": "delegation"}, roles
    # a person decided it: no reader's confidence on it
    assert sample_store.read(
        "MATCH (:Visit {id: $v})-[m:SOURCED_FROM]->() RETURN DISTINCT m.confidence AS c",
        {"v": visit["id"]},
    ) == [{"c": None}]
    # it is in Denmark's history, with its article
    h = history(sample_store, "dk", home="haiphong-vn")
    (entry,) = [e for e in h.entries if e.id == visit["id"]]
    assert [s.id for s in entry.sources] == [source], entry
    decision = json.loads(str(review.items(sample_store, status="accepted")[0]["decision"]))
    assert decision["corrected"]["direction"] == "outgoing", decision
    # decided once: not again, and the same article ingested again does not ask again
    with pytest.raises(ValidationError, match="already accepted"):
        review.accept(sample_store, str(item["id"]))
    _ingest(sample_store, tmp_path)
    assert not [i for i in review.items(sample_store) if i["kind"] == "engagement"]


def test_a_visit_corrected_into_a_meeting_of_a_year(
    sample_store: LadybugStore, tmp_path: Path
) -> None:
    source = _ingest(sample_store, tmp_path, VI_ARTICLE)
    item = _waiting(sample_store)
    review.accept(sample_store, str(item["id"]), label="Event", date="2023", direction="")
    rows = sample_store.read(
        "MATCH (e:Event)-[:SOURCED_FROM]->(:Source {id: $s}) RETURN DISTINCT e.id AS id, "
        "e.kind AS kind, e.date_precision AS p, e.direction AS d",
        {"s": source},
    )
    assert len(rows) == 1 and rows[0]["id"].startswith("event-2023-"), rows
    assert rows[0]["kind"] == "meeting" and rows[0]["p"] == "year" and rows[0]["d"] is None, rows
    assert _visits(sample_store, source) == []


def test_a_visit_met_in_a_third_country(sample_store: LadybugStore, tmp_path: Path) -> None:
    source = _ingest(sample_store, tmp_path)
    review.accept(sample_store, str(_waiting(sample_store)["id"]), direction="third-place")
    (visit,) = _visits(sample_store, source)
    assert visit["cameo"] == "044" and visit["direction"] is None, visit


def test_merging_makes_the_article_another_source_of_a_known_engagement(
    sample_store: LadybugStore, tmp_path: Path
) -> None:
    known = sample_store.read(
        "MATCH (:Country {id: 'dk'})-[:PARTICIPATED_IN]->(v:Visit) RETURN v.id AS id, "
        "v.name AS name ORDER BY id LIMIT 1"
    )
    assert known, "the sample has a Danish visit"
    source = _ingest(sample_store, tmp_path)
    item = _waiting(sample_store)
    with pytest.raises(NotFound, match="no engagement"):
        review.merge(sample_store, str(item["id"]), into="denmark")
    done = review.merge(sample_store, str(item["id"]), into=known[0]["id"])
    assert done["into"] == known[0]["id"]
    sources = sample_store.read(
        "MATCH (:Visit {id: $v})-[:SOURCED_FROM]->(s:Source) RETURN s.id AS id ORDER BY id",
        {"v": known[0]["id"]},
    )
    assert {"id": source} in sources, sources
    after = sample_store.read(
        "MATCH (v:Visit {id: $v}) RETURN v.name AS name", {"v": known[0]["id"]}
    )
    assert after == [{"name": known[0]["name"]}]  # the stored engagement is as it was


def test_rejecting_writes_nothing_and_bad_corrections_change_nothing(
    sample_store: LadybugStore, tmp_path: Path
) -> None:
    source = _ingest(sample_store, tmp_path)
    item = _waiting(sample_store)
    before = sample_store.counts()
    for bad, message in [
        ({"date": "May 2"}, "not a date"),
        ({"date": "2024-13-01"}, "not a date"),
        ({"direction": "sideways"}, "not a direction"),
        ({"label": "City"}, "not a kind of engagement"),
        ({"roles": {"se": "host"}}, "did not take part"),
        ({"roles": {"dk": "emperor"}}, "not a role"),
    ]:
        with pytest.raises(ValidationError, match=message):
            review.accept(sample_store, str(item["id"]), **bad)  # type: ignore[arg-type]
    assert sample_store.counts() == before
    review.reject(sample_store, str(item["id"]))
    assert sample_store.counts() == before and _visits(sample_store, source) == []
    name_item = next(i for i in review.items(sample_store) if i["kind"] != "engagement")
    with pytest.raises(ValidationError, match="not an engagement"):
        review.accept(sample_store, str(name_item["id"]), date="2024")
