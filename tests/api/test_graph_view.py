"""/api/graph, the network view's data: a layout and places with the nodes, and the page's own
question kept until the graph changes."""

from __future__ import annotations

import httpx

from graph.stores import LadybugStore
from tests.api.conftest import KEY
from tests.conftest import DATA

PAGE = {"centre": "esbjerg-dk", "depth": 1, "evidence": "false"}  # what the page asks


def test_every_node_is_laid_out_and_cities_are_placed(
    writable: tuple[httpx.Client, LadybugStore],
) -> None:
    client, _ = writable
    view = client.get("/api/graph", params={"depth": 2, "evidence": "false"}).json()
    ids = {n["id"] for n in view["nodes"]}
    assert set(view["layout"]) == ids and view["layout"]["haiphong-vn"] == [0.0, 0.0]
    cities = {n["id"] for n in view["nodes"] if n["label"] == "City"}
    assert cities <= set(view["places"]) <= ids, cities - set(view["places"])


def test_the_page_question_is_kept_until_an_upload_changes_the_graph(
    writable: tuple[httpx.Client, LadybugStore],
) -> None:
    client, _ = writable
    first = client.get("/api/graph", params=PAGE)
    assert first.status_code == 200 and first.headers["content-type"] == "application/json"
    assert client.get("/api/graph", params=PAGE).content == first.content
    article = (DATA / "esbjerg-visit-vi.txt").read_bytes()
    r = client.post(
        "/api/ingest", files=[("files", ("esbjerg.txt", article))], headers={"X-API-Key": KEY}
    )
    assert r.status_code == 200, r.text
    new = r.json()[0]["engagements"][0]["id"]
    assert new not in {n["id"] for n in first.json()["nodes"]}
    after = client.get("/api/graph", params=PAGE).json()
    assert new in {n["id"] for n in after["nodes"]} and new in after["layout"]
    # each node's engagements in the whole graph (what the page ranks labels by), counted
    # again for the new graph: Esbjerg takes part in one more
    was, now = ({n["id"]: n["engagements"] for n in v["nodes"]} for v in (first.json(), after))
    assert now["esbjerg-dk"] == was["esbjerg-dk"] + 1, (was["esbjerg-dk"], now["esbjerg-dk"])
    assert now[new] == 0  # an engagement counts none
    filtered = client.get("/api/graph", params={**PAGE, "label": ["City", "Visit"]}).json()
    assert {n["label"] for n in filtered["nodes"]} <= {"City", "Visit"}
