"""The web app's bounds, over real HTTP: query strings, uploads, the key, dates, redirects,
methods and links. Each test is a hole issue 10 found, tried the way it was found."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from graph.settings import Settings
from graph.stores import LadybugStore
from tests.api.conftest import KEY, serving

PAGE = {"Accept": "text/html"}


def _raw(base: str, request: bytes, wait: float = 10) -> bytes:
    """Send ``request`` as is and read what the app answers within ``wait`` seconds."""
    host, port = urlsplit(base).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=wait) as s:
        s.sendall(request)
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = s.recv(65536)
            if not chunk:
                break
            answer += chunk
        return answer


@pytest.fixture
def keyless(sample_store: LadybugStore) -> Iterator[httpx.Client]:
    with serving(sample_store, api_key=None) as url, httpx.Client(base_url=url, timeout=60) as c:
        yield c


# -- query strings ------------------------------------------------------------------------------


def test_a_long_query_string_is_refused_at_once(client: httpx.Client) -> None:
    start = time.perf_counter()
    answer = _raw(
        str(client.base_url),
        b"GET /api/search?q=" + b"a" * 100_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    )
    assert time.perf_counter() - start < 2
    # Refused either way: by the app (414) when the line arrives in one read, or by the HTTP
    # parser, which holds at most 16 KiB of an unfinished request (400), when it comes in
    # pieces, as it did on a loaded machine. Below 16 KiB it is always the app's 414.
    assert answer.startswith((b"HTTP/1.1 414", b"HTTP/1.1 400")), answer[:200]
    r = client.get("/api/stats", params={"pad": "x" * 5000})
    assert r.status_code == 414
    assert r.json()["error"] == "TooLarge" and "at most 4,096" in r.json()["message"]


def test_a_parameter_repeated_too_often_is_refused(client: httpx.Client) -> None:
    client.get("/api/search", params={"q": "warm"})  # the name index is built once
    start = time.perf_counter()
    r = client.get("/api/search?q=x" + "&label=City" * 50)
    assert time.perf_counter() - start < 2
    assert r.status_code == 400, r.text
    assert "'label' is given 50 times; at most 30" in r.json()["message"]
    start = time.perf_counter()
    r = client.get("/api/search?q=x" + "&label=City" * 30)  # at the limit: answered, quickly
    assert r.status_code == 200 and time.perf_counter() - start < 2
    assert r.json() and {h["label"] for h in r.json()} == {"City"}


# -- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "name", "value"),
    [
        ("/api/dormant", "as_of", "0"),
        ("/api/dormant", "as_of", "1700000000"),
        ("/api/entities/dk/history", "as_of", "2022-12-31T00:00:00"),
        ("/api/entities/dk/history", "as_of", "20221231"),
        ("/api/briefs/dk.md", "visit_date", "1"),
    ],
)
def test_dates_in_query_parameters_are_iso_dates(
    client: httpx.Client, path: str, name: str, value: str
) -> None:
    r = client.get(path, params={name: value})
    assert r.status_code == 422, r.text
    assert r.json()["error"] == "ValidationError"
    assert f"{name}: '{value}' is not a date; write it YYYY-MM-DD" in r.json()["message"]


def test_a_date_that_does_not_exist_is_refused_and_a_real_one_answers(
    client: httpx.Client,
) -> None:
    assert client.get("/api/dormant", params={"as_of": "2022-02-30"}).status_code == 422
    r = client.get("/api/dormant", params={"as_of": "2023-06-30"})
    assert r.status_code == 200 and r.json()["as_of"] == "2023-06-30"


# -- redirects and methods ----------------------------------------------------------------------


def test_a_stray_slash_is_not_redirected_to_the_host_header(client: httpx.Client) -> None:
    for path in ("/api/stats/", "/entities/dk/", "/network/"):
        r = client.get(path, headers={"Host": "evil.example"}, follow_redirects=False)
        assert r.status_code == 404, (path, r.status_code, r.headers)
        assert "location" not in r.headers


def test_a_method_not_allowed_says_which_are(client: httpx.Client) -> None:
    for method, path, allowed in [
        ("TRACE", "/", "GET"),
        ("TRACE", "/api/stats", "GET"),
        ("DELETE", "/api/ingest", "POST"),
    ]:
        r = client.request(method, path)
        assert r.status_code == 405, (method, path)
        assert allowed in r.headers["allow"].split(", "), r.headers
        assert r.json()["error"] == "HTTPError"


# -- the key ------------------------------------------------------------------------------------


def test_an_empty_api_key_is_no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    for empty in ("", "   "):
        monkeypatch.setenv("PARTNERGRAPH_API_KEY", empty)
        assert Settings().api_key is None


def test_an_app_given_an_empty_key_refuses_an_empty_header(sample_store: LadybugStore) -> None:
    before = sample_store.counts()
    with serving(sample_store, api_key="") as url, httpx.Client(base_url=url) as client:
        assert client.get("/api/stats").json()["writable"] is False
        r = client.post(
            "/api/ingest",
            files=[("files", ("a.yaml", b"source: {id: a, name: A, kind: records}\n"))],
            headers={"X-API-Key": ""},
        )
        assert r.status_code == 401 and "without an API key" in r.json()["message"]
    assert sample_store.counts() == before


# -- uploads ------------------------------------------------------------------------------------


def _files(n: int, size: int = 10) -> list[tuple[str, tuple[str, bytes]]]:
    return [("files", (f"f{i}.yaml", b"#" * size)) for i in range(n)]


def test_an_upload_of_too_many_files_is_refused_before_anything_is_written(
    writable: tuple[httpx.Client, LadybugStore],
) -> None:
    client, store = writable
    before = store.counts()
    start = time.perf_counter()
    r = client.post("/api/ingest", files=_files(300), headers={"X-API-Key": KEY})
    assert time.perf_counter() - start < 10
    assert r.status_code == 413, r.text
    assert r.json()["error"] == "TooLarge"
    assert (
        "300 files" in r.json()["message"]
        and "at most 50 files and 50 MiB" in (r.json()["message"])
    )
    assert store.counts() == before


def test_an_upload_too_large_in_total_is_refused(sample_store: LadybugStore) -> None:
    before = sample_store.counts()
    with serving(sample_store, upload_max_mb=1) as url, httpx.Client(base_url=url) as client:
        key = {"X-API-Key": KEY}
        # under the body's cap, over the files' total: the route refuses
        r = client.post("/api/ingest", files=_files(2, 600_000), headers=key)
        assert r.status_code == 413 and "at most 50 files and 1 MiB" in r.json()["message"]
        # a body said to be larger: refused before it is read
        r = client.post("/api/ingest", files=_files(1, 3_000_000), headers=key)
        assert r.status_code == 413 and "bytes; an upload may hold" in r.json()["message"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: cut off once over the cap
            yield b"--b\r\nContent-Disposition: form-data; name=files; filename=a.yaml\r\n\r\n"
            for _ in range(300):
                yield b"#" * 10_000

        r = client.post(
            "/api/ingest",
            content=chunks(),
            headers={**key, "Content-Type": "multipart/form-data; boundary=b"},
        )
        assert r.status_code == 413 and "too large; an upload may hold" in r.json()["message"]
    assert sample_store.counts() == before


def test_an_upload_without_the_key_is_refused_before_its_body_is_read(
    keyless: httpx.Client,
) -> None:
    head = (
        b"POST /api/ingest HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n"
        b"Content-Type: multipart/form-data; boundary=b\r\n\r\n"
    )
    answer = _raw(str(keyless.base_url), head, wait=5)  # no body is sent at all
    assert answer.startswith(b"HTTP/1.1 401"), answer[:200]


# -- links --------------------------------------------------------------------------------------


def test_only_web_addresses_become_links(sample_store: LadybugStore) -> None:
    for sid, url in [
        ("seed-000", "javascript:alert(document.domain)"),
        ("seed-004", "https://x.vn/a"),
    ]:
        sample_store.write("MATCH (s:Source {id: $id}) SET s.url = $url", {"id": sid, "url": url})
    with serving(sample_store, api_key=None) as base, httpx.Client(base_url=base) as client:
        bad = client.get("/sources/seed-000", headers=PAGE).text
        good = client.get("/sources/seed-004", headers=PAGE).text
    assert "javascript:alert(document.domain)" in bad and 'href="javascript' not in bad
    assert '<a href="https://x.vn/a" rel="noreferrer noopener">' in good
