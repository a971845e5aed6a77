"""An upload is read for the home it names (``?home=``): a province's article joins the graph
as that province's, beside the setting's home, and is asked for it (issue 17)."""

from __future__ import annotations

import httpx

from graph.stores import LadybugStore
from tests.api.conftest import KEY
from tests.conftest import DATA


def test_an_article_uploaded_for_another_home(writable: tuple[httpx.Client, LadybugStore]) -> None:
    client, store = writable
    article = (DATA / "province-mou-en.txt").read_bytes()
    files = [("files", ("ninh-binh.txt", article))]
    bad = client.post(
        "/api/ingest", params={"home": "Ninh Binh"}, files=files, headers={"X-API-Key": KEY}
    )
    assert bad.status_code == 422 and "home" in bad.json()["message"], bad.text
    r = client.post(
        "/api/ingest", params={"home": "ninh-binh-vn"}, files=files, headers={"X-API-Key": KEY}
    )
    assert r.status_code == 200, r.text
    home = store.read("MATCH (c:City {id: 'ninh-binh-vn'}) RETURN c.kind AS k")
    assert home == [{"k": "province"}], home  # read as the home: a province, not a partner
    h = client.get("/api/entities/jp/history", params={"home": "ninh-binh-vn"}).json()
    assert h["home"] == "ninh-binh-vn" and h["summary"]["engagements"] >= 1, h
    sides = {p["id"]: p["side"] for e in h["entries"] for p in e["parties"]}
    assert sides.get("tran-van-binh") == "home", sides
    # the app's own home is unchanged, and Hai Phong's history with Japan has no Ninh Binh in it
    hp = client.get("/api/entities/jp/history").json()
    assert hp["home"] == "haiphong-vn" and "tran-van-binh" not in str(hp), hp["summary"]
