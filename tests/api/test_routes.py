"""The JSON API over HTTP, against the real embedded store holding the sample graph: the same
answers as the Python questions (and so the CLI), errors a person can act on."""

from __future__ import annotations

import csv
import io

import httpx

from graph.questions import dormant, history, search, unexplored
from graph.settings import Settings
from graph.stores import LadybugStore

HOME = Settings().home


def test_search_finds_denmark_by_its_vietnamese_name(client: httpx.Client) -> None:
    for q in ["Đan Mạch", "dan mach", "Denmark"]:
        hits = client.get("/api/search", params={"q": q}).json()
        assert hits[0]["id"] == "dk", (q, hits[:3])


def test_search_is_the_same_as_the_question(client: httpx.Client, full_store: LadybugStore) -> None:
    got = client.get("/api/search", params={"q": "Rotterdam", "limit": 5}).json()
    assert got == [h.model_dump(mode="json") for h in search(full_store, "Rotterdam", limit=5)]


def test_entity_by_id_or_name(client: httpx.Client) -> None:
    by_id = client.get("/api/entities/dk").json()
    by_name = client.get("/api/entities/Đan Mạch").json()
    assert by_id == by_name
    assert by_id["properties"]["name_vi"] == "Đan Mạch"
    assert by_id["neighbours"]


def test_history_matches_the_question_and_names_sources(
    client: httpx.Client, full_store: LadybugStore
) -> None:
    response = client.get("/api/entities/dk/history", params={"as_of": "2022-12-31"})
    assert response.status_code == 200
    got = response.json()
    want = history(full_store, "dk", home=HOME, as_of=__import__("datetime").date(2022, 12, 31))
    assert got == want.model_dump(mode="json")
    names = " ".join(e["name"] for e in got["entries"])
    assert "Crown Prince" in names and "Esbjerg" in names
    assert all(e["sources"] for e in got["entries"])
    assert got["summary"]["status"] == "active"


def test_history_as_of_before_anything_keeps_only_the_undated(client: httpx.Client) -> None:
    got = client.get("/api/entities/dk/history", params={"as_of": "2019-01-01"}).json()
    assert got["entries"] and all(e["date"] is None for e in got["entries"])
    assert got["summary"]["first_contact"] is None


def test_unexplored_matches_the_question(client: httpx.Client, full_store: LadybugStore) -> None:
    got = client.get("/api/unexplored", params={"limit": 5}).json()
    want = unexplored(full_store, home=HOME, limit=5)
    assert got == [s.model_dump(mode="json") for s in want]
    assert all(s["reasons"] for s in got)


def test_dormant_matches_the_question(client: httpx.Client, full_store: LadybugStore) -> None:
    got = client.get("/api/dormant", params={"months": 6, "as_of": "2024-01-01"}).json()
    import datetime as dt

    want = dormant(full_store, home=HOME, months=6, as_of=dt.date(2024, 1, 1))
    assert got == want.model_dump(mode="json")
    assert {p["id"] for p in got["partners"]} >= {"dk", "nl"}


def test_graph_around_home(client: httpx.Client) -> None:
    got = client.get("/api/graph", params={"depth": 1}).json()
    ids = {n["id"] for n in got["nodes"]}
    assert got["centre"] == HOME and HOME in ids
    assert "visit-2022-in-crown-prince-dk" in ids
    assert all(e["source"] in ids and e["target"] in ids for e in got["edges"])
    assert all(e["type"] != "SOURCED_FROM" for e in got["edges"])


def test_graph_does_not_walk_through_hubs(client: httpx.Client) -> None:
    got = client.get("/api/graph", params={"depth": 2}).json()
    japan = next(n for n in got["nodes"] if n["id"] == "jp")  # a partner: one step away
    assert japan["depth"] == 1 and japan["degree"] > 500 and not japan["expanded"]
    # the hundreds of Japanese cities in the twin list are not pulled in through the country
    assert sum(1 for n in got["nodes"] if n["id"].endswith("-jp")) < 50
    assert len(got["nodes"]) < 600
    wider = client.get("/api/graph", params={"depth": 2, "hub_limit": 100_000}).json()
    assert len(wider["nodes"]) > len(got["nodes"]) + 500


def test_graph_filters_by_label_type_and_year(client: httpx.Client) -> None:
    params: dict[str, str | int | list[str]] = {
        "depth": 2,
        "label": ["City", "Visit"],
        "type": ["PARTICIPATED_IN"],
        "year_from": 2022,
        "year_to": 2022,
    }
    got = client.get("/api/graph", params=params).json()
    labels = {n["label"] for n in got["nodes"]}
    assert labels == {"City", "Visit"}
    visits = [n for n in got["nodes"] if n["label"] == "Visit"]
    assert visits and all(n["year"] in (2022, None) for n in visits)
    assert {e["type"] for e in got["edges"]} == {"PARTICIPATED_IN"}
    wide = client.get("/api/graph", params={"depth": 2, "label": ["City", "Visit"]}).json()
    assert any(n["year"] == 2021 for n in wide["nodes"])  # the 2021 visit to Rotterdam
    assert not any(n["year"] == 2021 for n in got["nodes"])


def test_graph_refuses_unknown_filters(client: httpx.Client) -> None:
    r = client.get("/api/graph", params={"label": "Planet"})
    assert r.status_code == 422 and "Planet" in r.json()["message"]
    r = client.get("/api/graph", params={"type": "LOVES"})
    assert r.status_code == 422 and "LOVES" in r.json()["message"]


def test_cypher_json_and_csv(client: httpx.Client) -> None:
    body = {
        "query": "MATCH (c:Country) WHERE c.id IN $ids RETURN c.id AS id, c.name_vi AS vi ORDER BY id",
        "parameters": {"ids": ["dk", "nl"]},
    }
    got = client.post("/api/cypher", json=body).json()
    assert got["columns"] == ["id", "vi"]
    assert got["rows"] == [["dk", "Đan Mạch"], ["nl", "Hà Lan"]]
    r = client.post("/api/cypher", params={"format": "csv"}, json=body)
    assert r.headers["content-type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(r.text))) == [
        ["id", "vi"],
        ["dk", "Đan Mạch"],
        ["nl", "Hà Lan"],
    ]


def test_cypher_row_cap_is_the_apps_at_most(client: httpx.Client) -> None:
    body = {"query": "MATCH (c:City) RETURN c.id", "max_rows": 1_000_000}
    got = client.post("/api/cypher", json=body).json()
    assert len(got["rows"]) == 500 and got["truncated"] is True  # the app's cap (conftest)


def test_errors_are_json_a_person_can_act_on(client: httpx.Client) -> None:
    r = client.get("/api/entities/Danmark")
    assert r.status_code == 404
    assert r.json()["error"] == "NotFound" and "Denmark (dk)" in r.json()["message"]
    r = client.get("/api/entities/dk/history", params={"as_of": "yesterday"})
    assert r.status_code == 422 and "as_of" in r.json()["message"]
    r = client.get("/api/nothing-here")
    assert r.status_code == 404 and "/docs" in r.json()["message"]


def test_stats_schema_examples_and_openapi(client: httpx.Client) -> None:
    stats = client.get("/api/stats").json()
    assert stats["counts"]["TWINNED_WITH"] > 20_000 and stats["writable"] is False
    schema = client.get("/api/schema").json()
    assert "ReviewItem" not in schema["labels"] and "PARTICIPATED_IN" in schema["relationships"]
    examples = client.get("/api/examples").json()
    assert {e["name"] for e in examples} >= {"Members of a network", "Who met whom in a year"}
    spec = client.get("/openapi.json").json()
    assert "/api/cypher" in spec["paths"] and "/api/ingest" in spec["paths"]
    assert client.get("/docs").status_code == 200


def test_every_example_query_runs_and_finds_rows(client: httpx.Client) -> None:
    for example in client.get("/api/examples").json():
        r = client.post(
            "/api/cypher", json={"query": example["query"], "parameters": example["parameters"]}
        )
        assert r.status_code == 200, (example["name"], r.text)
        assert r.json()["rows"], example["name"]


def test_export_download(client: httpx.Client) -> None:
    import json

    r = client.get("/api/export.json")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
    lines = r.text.splitlines()
    assert json.loads(lines[0])["format"] == "partnergraph-dump" and len(lines) > 50_000
    r = client.get("/api/export.csv")
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    assert "import.sh" in names and "nodes_City.csv" in names
    assert client.get("/api/export.xlsx").status_code == 422


def test_dormant_pages_say_as_of_when_and_list_everything(client: httpx.Client) -> None:
    client.cookies.set("partnergraph_lang", "en")
    home = client.get("/").text
    assert "the latest date the sources reach" in home and "31 Dec 2022" in home
    assert "2022-01-01" not in home
    page = client.get("/dormant", params={"as_of": "2023-06-30", "months": "3"})
    assert page.status_code == 200
    assert "last contact 2022, 6 months quiet" in page.text, page.text[:2000]
    assert client.get("/dormant", params={"as_of": "0"}).status_code == 422
