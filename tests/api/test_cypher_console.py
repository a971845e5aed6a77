"""Hostile console input over HTTP: each refused (or stopped, or capped) with nothing changed;
Neo4j's dialect answered; the console page with a large result and a path in a browser."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser

from graph.stores import LadybugStore
from tests.api.test_browser import browser, playwright, shot  # noqa: F401 (fixtures)

HOSTILE = [
    "CREATE (:City {id: 'x', name: 'X'})",
    "MERGE (c:City {id: 'x'}) RETURN c",
    "MATCH (c:City {id: 'haiphong-vn'}) SET c.name = 'X'",
    "MATCH (c:City {id: 'haiphong-vn'}) DETACH DELETE c",
    "MATCH (c:City) REMOVE c.population",
    "DROP TABLE City",
    "ALTER TABLE City ADD x STRING",
    "LOAD FROM '/etc/passwd' RETURN *",
    "COPY City FROM '/tmp/cities.csv'",
    "COPY (MATCH (c:City) RETURN c.id) TO '/tmp/out.csv'",
    "ATTACH '/tmp/other.lbdb' AS other (dbtype lbug)",
    "INSTALL httpfs",
    "LOAD EXTENSION httpfs",
    "CALL set_query_timeout = 0",
    "MATCH (n) RETURN n; MATCH (m) DETACH DELETE m",
    "MATCH (n) RETURN n /* ; */ ; CREATE (:City {id: 'y', name: 'Y'})",
    "MATCH (n) // harmless\nDETACH DELETE n",
    "match (n) dEtAcH dElEtE n",
    "MATCH (n) /* RETURN */ SET n.name = 'pwned'",
    "UNWIND [1] AS i CREATE (:City {id: 'z' + toString(i), name: 'Z'})",
    "BEGIN TRANSACTION",
    "EXPORT DATABASE '/tmp/dump'",
    "IMPORT DATABASE '/tmp/dump'",
    "CHECKPOINT",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_query_refused_and_nothing_changed(
    client: httpx.Client, full_store: LadybugStore, query: str
) -> None:
    before = full_store.counts()
    r = client.post("/api/cypher", json={"query": query})
    body = r.json()
    if "Parser exception" in body["message"]:  # the engine has no such statement: harmless
        assert r.status_code == 400 and body["error"] == "QueryFailed", (query, r.text)
    else:
        assert r.status_code == 403, (query, r.text)
        assert body["error"] == "QueryRefused" and body["message"]
    assert full_store.counts() == before
    assert client.post("/api/cypher", json={"query": "RETURN 1"}).json()["rows"] == [[1]]


def test_a_write_that_slips_past_the_guard_meets_the_read_only_worker(
    full_store: LadybugStore,
) -> None:
    """The layer under the guard on its own: the worker's read-only open refuses a write even
    while the app holds the database open for writing (the guard is switched off here)."""
    from graph.errors import QueryRefused
    from graph.stores.sandbox import QueryPool

    before = full_store.counts()
    pool = QueryPool(full_store.path)
    try:
        with pytest.raises(QueryRefused, match="writes to the graph"):
            pool.run("CREATE (:Sector {id: 'smuggled', name: 'Smuggled'})", guard=False)
    finally:
        pool.close()
    assert full_store.counts() == before


def test_a_query_that_would_run_forever_is_stopped(client: httpx.Client) -> None:
    r = client.post(
        "/api/cypher",
        json={
            "query": "MATCH (a:City)-[:TWINNED_WITH*1..8]-(b:City) RETURN count(*)",
            "timeout_ms": 500,
        },
    )
    assert r.status_code == 400
    assert "time limit" in r.json()["message"]


def test_a_result_too_large_is_capped(client: httpx.Client) -> None:
    r = client.post("/api/cypher", json={"query": "MATCH (c:City) RETURN c.id", "max_rows": 7})
    assert r.status_code == 200
    assert len(r.json()["rows"]) == 7 and r.json()["truncated"] is True


def test_syntax_error_is_readable(client: httpx.Client) -> None:
    r = client.post("/api/cypher", json={"query": "MATCH (c:City RETURN c"})
    assert r.status_code == 400 and r.json()["message"].startswith("the query failed")


def test_parameters_are_values_not_code(client: httpx.Client) -> None:
    sneaky = "x'}) DETACH DELETE n //"
    r = client.post(
        "/api/cypher",
        json={
            "query": "MATCH (c:City) WHERE c.name = $name RETURN c.id",
            "parameters": {"name": sneaky},
        },
    )
    assert r.status_code == 200 and r.json()["rows"] == []


def test_a_huge_body_is_refused_before_it_is_read(client: httpx.Client) -> None:
    body = '{"query": "RETURN 1", "parameters": {"x": "' + "a" * (3 * 2**20) + '"}}'
    r = client.post("/api/cypher", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and "MiB" in r.json()["message"], r.text
    big = {"query": "RETURN $x", "parameters": {"x": "a" * (2**20 + 10)}}
    r = client.post("/api/cypher", json=big)
    assert r.status_code == 422 and "parameters" in r.json()["message"], r.text
    assert client.post("/api/cypher", json={"query": "RETURN 1"}).json()["rows"] == [[1]]


def test_neo4js_dialect_is_answered_over_http(client: httpx.Client) -> None:
    r = client.post(
        "/api/cypher",
        json={
            "query": "MATCH (c {id: $id}) RETURN labels(c) AS l, [x IN [1, 2] | x * 2] AS d, "
            "substring(c.name, 4) AS s",
            "parameters": {"id": "haiphong-vn"},
        },
    )
    assert r.status_code == 200, r.text
    assert r.json()["rows"] == [[["City"], [2, 4], "Phong"]], r.text


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("MATCH (c:City {id: $id}) RETURN c", "$id but no value"),
        ("MATCH (c:Contry) RETURN c", "Did you mean Country?"),
        ("MATCH (c:City) CALL { WITH c RETURN 1 AS x } RETURN x", "does not run"),
        ("RETURN labels(n) AS l", "[label(n)]"),
    ],
)
def test_an_engine_or_translation_failure_is_a_json_error_that_says_what_to_do(
    client: httpx.Client, query: str, says: str
) -> None:
    r = client.post("/api/cypher", json={"query": query})
    assert r.status_code == 400, r.text
    body = r.json()
    assert body["error"] == "QueryFailed" and says in body["message"], body


@pytest.fixture(scope="module")
def big_url(full_store: LadybugStore) -> Iterator[str]:
    """The app with a row cap of 60,000 (a researcher's raised cap)."""
    from tests.api.conftest import serving

    with serving(full_store, api_key=None, max_rows=60_000, query_timeout_ms=20_000) as url:
        yield url


def test_the_console_pages_a_large_result_and_draws_a_path(
    browser: Browser,  # noqa: F811 (the fixture imported above)
    big_url: str,
) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_cookies([{"name": "partnergraph_lang", "value": "en", "url": big_url}])
    context.route(  # the network cut off: only the app answers
        "**/*",
        lambda route, request: (
            route.continue_() if request.url.startswith(big_url) else route.abort()
        ),
    )
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(big_url + "/console")
        page.fill("#max-rows", "60000")
        page.fill("#query", "UNWIND range(1, 60000) AS i RETURN i, 'row ' + toString(i) AS label")
        page.click("#run")
        page.wait_for_selector("#results tbody tr", timeout=60_000)
        assert "60,000 rows in" in page.inner_text(
            "#meta"
        )  # grouped as the page's language writes it
        assert page.locator("#results tbody tr").count() == 500  # one page, not 60,000
        page.click("#more")
        assert page.locator("#results tbody tr").count() == 1000
        assert "1,000 of 60,000" in page.inner_text("#more")
        assert page.evaluate("1 + 1") == 2  # the tab still answers
        shot(page, "console-60000-rows")

        path = (
            "MATCH p = (c:City {id: 'haiphong-vn'})-[:MEMBER_OF]->(o:Organisation) "
            "RETURN p ORDER BY o.id"
        )
        page.fill("#query", path)
        page.click("#run")
        page.wait_for_selector("#graph:not([hidden])")
        first = page.inner_text("#results tbody tr:first-child td")
        assert first == "(Hai Phong)-[:MEMBER_OF]->(CityNet)", first
        drawn = page.evaluate("window.partnergraphConsoleGraph.body.nodeIndices.length")
        assert drawn == 4, drawn  # Hai Phong and its three networks
        shot(page, "console-path")

        # the history keeps the queries, the address holds the last one
        assert page.locator("#history li").count() == 2
        assert "MEMBER_OF" in page.evaluate("decodeURIComponent(window.location.hash)")
        shared = page.url
        fresh = context.new_page()
        fresh.goto(shared)
        fresh.wait_for_selector("#results tbody tr")
        assert fresh.locator("#results tbody tr").count() == 3
        assert fresh.input_value("#query") == path
        assert not errors, errors
    finally:
        context.close()


def test_the_console_links_the_dialect_guide(client: httpx.Client) -> None:
    page = client.get("/console").text
    assert 'href="/api/cypher/dialect"' in page
    guide = client.get("/api/cypher/dialect")
    assert guide.status_code == 200 and "Neo4j's Cypher and the embedded store" in guide.text
