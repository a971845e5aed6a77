from __future__ import annotations

from pathlib import Path

from graph.stores import LadybugStore
from ingest.pipeline import ingest_paths
from tests.conftest import DATA

HOME = "haiphong-vn"  # the sample's home, which the articles are read for


def _engagements(store: LadybugStore, source: str) -> dict[str, list[tuple[str, str]]]:
    rows = store.read(
        "MATCH (a)-[p:PARTICIPATED_IN {source: $s}]->(e) RETURN e.id AS e, a.id AS a, p.role AS role",
        {"s": source},
    )
    out: dict[str, list[tuple[str, str]]] = {}
    for r in rows:
        out.setdefault(r["e"], []).append((r["a"], r["role"]))
    return out


def test_a_vietnamese_article(sample_store: LadybugStore) -> None:
    report = ingest_paths(sample_store, [DATA / "esbjerg-visit-vi.txt"], home=HOME)[0]
    eng = _engagements(sample_store, report.source)
    visits = {k: v for k, v in eng.items() if k.startswith("visit-2023-05-14")}
    assert len(visits) == 1, eng
    parties = dict(next(iter(visits.values())))
    assert parties["nguyen-van-tung"] == "host", parties
    assert parties["jesper-frost-rasmussen"] == "guest", (
        parties
    )  # matched despite the sources' spelling
    assert parties["esbjerg-dk"] == "guest", parties
    agreements = [v for k, v in eng.items() if k.startswith("agreement-")]
    assert agreements and ("orsted", "signatory") in agreements[0], eng
    vcci = sample_store.read(
        "MATCH (o:Organisation {id: 'vcci'}) RETURN o.name_vi AS vi, o.aliases AS a"
    )
    assert vcci and vcci[0]["a"] == ["VCCI"], vcci
    events = [k for k in eng if k.startswith("event-2022-12-20")]
    assert events, eng


def test_an_english_article(sample_store: LadybugStore) -> None:
    report = ingest_paths(sample_store, [DATA / "seattle-en.html"], home=HOME)[0]
    eng = _engagements(sample_store, report.source)
    agreement = next(k for k in eng if k.startswith("agreement-2009-04-17"))
    assert ("seattle-us", "signatory") in eng[agreement], eng
    visit = next(k for k in eng if k.startswith("visit-2023"))
    assert ("bruce-harrell", "host") in eng[visit], eng
    money = sample_store.read(
        "MATCH (i:Indicator)-[:SOURCED_FROM]->(s:Source {id: $s}) RETURN i.value AS v, i.description AS d",
        {"s": report.source},
    )
    assert money and money[0]["v"] == 11_900_000_000, money
    assert "13,600,000,000" in money[0]["d"], money
    text = sample_store.read("MATCH (s:Source {id: $s}) RETURN s.text AS t", {"s": report.source})[
        0
    ]["t"]
    assert "alert" not in text, "scripts are not text"


def test_ingesting_an_article_twice_changes_nothing(sample_store: LadybugStore) -> None:
    path = DATA / "esbjerg-visit-vi.txt"
    ingest_paths(sample_store, [path], home=HOME)
    before = sample_store.counts()
    assert ingest_paths(sample_store, [path], home=HOME)[0].skipped
    assert sample_store.counts() == before


def test_the_seed_article_as_plain_text(empty_store: LadybugStore) -> None:
    seed = Path(__file__).parents[2] / "ingest" / "sample" / "texts" / "000_64fb7b24764b5011.txt"
    report = ingest_paths(empty_store, [seed], home=HOME)[0]
    ids = {e["id"] for e in report.entities}
    assert {"kcci", "citynet", "tpo", "mbbw", "esbjerg-dk", "rotterdam-nl", "il"} <= ids, ids
    israel = next(e for e in report.entities if e["id"] == "il")
    assert israel["name"] == "Israel"  # from "Isarel"
    placed = empty_store.read(
        "MATCH (c:City {id: 'incheon-kr'})-[r:LOCATED_IN]->(k:Country) RETURN k.id AS k, r.source AS s"
    )
    assert placed == [{"k": "kr", "s": report.source}], placed  # so history Korea finds Incheon
