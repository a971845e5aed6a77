"""The review queue over HTTP and in Chromium: an officer with the key accepts, corrects, merges
and rejects what an ingest would not guess, and the graph shows the result."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import sync_playwright

from api.routes.review import Accepted, Merged, ReviewItem
from graph.batch import Batch, NodeRow, ReviewRow
from graph.schema import MODEL
from graph.stores import LadybugStore
from ingest.pipeline import ingest_paths, sample_files
from tests.api.conftest import KEY, serving
from tests.api.test_browser import CHROMIUM, FLAGS, SHOTS

FIRST = (
    "Chiều 3/5, đoàn công tác của Hiệp hội Doanh nghiệp Aalborg do ông Lars Holm dẫn đầu đã "
    "đến thăm thành phố."
)
SECOND = "Thành viên đoàn đến từ Aalborg và Vương quốc Đan Mạch."
TEXT = FIRST + " " + SECOND
ITEMS = [
    ReviewRow("new_entity", "Hiệp hội Doanh nghiệp Aalborg", "Organisation", evidence=FIRST),
    ReviewRow("new_entity", "Aalborg", "City", evidence=SECOND),
    ReviewRow("new_entity", "Thành", "City", evidence=SECOND),
    ReviewRow("ambiguous", "Vương quốc Đan Mạch", None, candidates=["dk"], evidence=SECOND),
]


@pytest.fixture
def queue(tmp_path: Path) -> Iterator[LadybugStore]:
    """The sample graph and one article's four open items."""
    store = LadybugStore(tmp_path / "graph.lbdb")
    ingest_paths(store, sample_files(reference=False))
    source = NodeRow(
        "Source",
        MODEL.validate_node("Source", {"id": "aalborg-note", "name": "A note", "text": TEXT}),
    )
    store.write_batch(Batch(source=source, model=store.model, reviews=list(ITEMS)))
    yield store
    store.close()


def _ids(c: httpx.Client) -> dict[str, str]:
    return {i["text"]: i["id"] for i in c.get("/api/review").json()}


def test_decisions_over_http_need_the_key_and_are_kept_with_their_time(
    queue: LadybugStore,
) -> None:
    with serving(queue) as url, httpx.Client(base_url=url, timeout=60) as c:
        ids = _ids(c)
        assert set(ids) == {i.text for i in ITEMS}
        item = ids["Thành"]
        assert c.post(f"/api/review/{item}/reject").status_code == 401  # no key
        before = queue.counts()
        r = c.post(f"/api/review/{item}/reject", headers={"X-API-Key": KEY})
        assert r.status_code == 200 and r.json()["status"] == "rejected"
        assert queue.counts() == before  # rejecting adds nothing
        again = c.post(f"/api/review/{item}/reject", headers={"X-API-Key": KEY})
        assert again.status_code == 422 and "already rejected" in again.json()["message"]
        decided = c.get("/api/review", params={"status": "rejected"}).json()
        assert decided[0]["decided_at"] and decided[0]["decision"] == "{}"
        bad = c.post(
            f"/api/review/{ids['Aalborg']}/accept",
            headers={"X-API-Key": KEY},
            json={"label": "Sector; DROP", "name": "x"},
        )
        assert bad.status_code == 422 and "not a kind of partner" in bad.json()["message"]


def test_the_review_routes_answer_through_their_models_in_openapi(queue: LadybugStore) -> None:
    """Each route names its answer's model in the OpenAPI that /docs shows (no field but the
    model's), and a decision answers with the item as it now is: its time and what was decided
    (the answer used to give the item as it was, ``decided_at`` null)."""
    with serving(queue) as url, httpx.Client(base_url=url, timeout=60) as c:
        assert "swagger" in c.get("/docs").text.lower()
        spec = c.get("/openapi.json").json()
        schemas = spec["components"]["schemas"]
        answers = {}
        for path, ops in spec["paths"].items():
            for method, op in ops.items() if path.startswith("/api/review") else ():
                shape = op["responses"]["200"]["content"]["application/json"]["schema"]
                ref = shape.get("$ref") or f"list of {shape['items']['$ref']}"
                answers[f"{method.upper()} {path}"] = ref.replace("#/components/schemas/", "")
        assert answers == {
            "GET /api/review": "list of ReviewItem",
            "POST /api/review/{item_id}/accept": "Accepted",
            "POST /api/review/{item_id}/merge": "Merged",
            "POST /api/review/{item_id}/reject": "ReviewItem",
        }, answers
        for name in ("ReviewItem", "Accepted", "Merged"):
            assert schemas[name].get("additionalProperties") is False, schemas[name]
        assert {"created", "label"} <= set(schemas["Accepted"]["required"]), schemas["Accepted"]
        assert "into" in schemas["Merged"]["required"], schemas["Merged"]

        listed = [ReviewItem.model_validate(i) for i in c.get("/api/review").json()]
        ids = {i.text: i.id for i in listed}
        key = {"X-API-Key": KEY}
        done = {
            "accepted": Accepted.model_validate(
                c.post(f"/api/review/{ids['Aalborg']}/accept", headers=key, json={"country": "DK"})
                .raise_for_status()
                .json()
            ),
            "merged": Merged.model_validate(
                c.post(
                    f"/api/review/{ids['Vương quốc Đan Mạch']}/merge",
                    headers=key,
                    json={"into": "dk"},
                )
                .raise_for_status()
                .json()
            ),
            "rejected": ReviewItem.model_validate(
                c.post(f"/api/review/{ids['Thành']}/reject", headers=key).raise_for_status().json()
            ),
        }
        assert done["accepted"].created == "aalborg-dk" and done["accepted"].label == "City"
        assert done["merged"].into == "dk", done["merged"]
        decided = {i["id"]: i for i in c.get("/api/review", params={"status": "all"}).json()}
        for status, answer in done.items():
            kept = decided[answer.id]
            assert answer.status == kept["status"] == status, (answer, kept)
            assert answer.decided_at and answer.decided_at == kept["decided_at"], (answer, kept)
            assert answer.decision == kept["decision"], (answer, kept)


def test_an_officer_accepts_corrects_merges_and_rejects_in_chromium(queue: LadybugStore) -> None:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: install it (apt-get install -y chromium)")
    with serving(queue) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.context.add_cookies([{"name": "partnergraph_lang", "value": "en", "url": url}])
        outside: list[str] = []
        page.route(
            "**/*",
            lambda route, request: (
                route.continue_()
                if request.url.startswith(url)
                else (outside.append(request.url), route.abort())
            ),
        )
        page.goto(url + "/review")
        page.fill("#review-key", KEY)
        page.dispatch_event("#review-key", "change")
        ids = {i["text"]: i["id"] for i in httpx.get(url + "/api/review").json()}

        def row(text: str) -> str:
            return f"#item-{ids[text]}"

        # the evidence is shown with the wording marked, and links to the sentence in its article
        assert page.inner_text(f"{row('Aalborg')} mark") == "Aalborg"
        href = page.get_attribute(f"{row('Aalborg')} a.cite", "href") or ""
        assert href == f"/sources/aalborg-note?at={len(FIRST) + 1}&length={len(SECOND)}#evidence"
        # accept a city, giving its country
        page.fill(f"{row('Aalborg')} .country", "DK")
        page.click(f"{row('Aalborg')} .accept")
        page.wait_for_selector(f"{row('Aalborg')}.decided")
        # correct an organisation's name before accepting it
        page.fill(f"{row('Hiệp hội Doanh nghiệp Aalborg')} .name", "Aalborg Business Association")
        page.click(f"{row('Hiệp hội Doanh nghiệp Aalborg')} .accept")
        page.wait_for_selector(f"{row('Hiệp hội Doanh nghiệp Aalborg')}.decided")
        # merge a wording into Denmark, reject a common word
        page.fill(f"{row('Vương quốc Đan Mạch')} .into", "Denmark")
        page.click(f"{row('Vương quốc Đan Mạch')} .merge")
        page.wait_for_selector(f"{row('Vương quốc Đan Mạch')}.decided")
        page.click(f"{row('Thành')} .reject")
        page.wait_for_selector(f"{row('Thành')}.decided")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "review.png"), full_page=True)
        page.goto(url + "/review")
        assert "Nothing waits for a decision" in page.inner_text("main")
        assert "merged" in page.inner_text("main") and "rejected" in page.inner_text("main")
        browser.close()
        assert not outside, outside
    # the graph shows the result
    city = queue.read("MATCH (c:City {id: 'aalborg-dk'}) RETURN c.country_code AS cc")
    assert city == [{"cc": "DK"}], city
    org = queue.read(
        "MATCH (o:Organisation {id: 'aalborg-business-association'}) RETURN o.aliases AS a"
    )
    assert org and "Hiệp hội Doanh nghiệp Aalborg" in org[0]["a"], org
    dk = queue.read("MATCH (c:Country {id: 'dk'}) RETURN c.aliases AS a")
    assert "Vương quốc Đan Mạch" in dk[0]["a"], dk
    assert not queue.read("MATCH (c:City) WHERE c.name = 'Thành' RETURN c.id")
    decisions = {
        r["text"]: json.loads(r["decision"])
        for r in queue.read(
            "MATCH (r:ReviewItem) WHERE r.source = 'aalborg-note' "
            "RETURN r.text AS text, r.decision AS decision"
        )
    }
    assert decisions["Vương quốc Đan Mạch"] == {"into": "dk"}
    assert decisions["Hiệp hội Doanh nghiệp Aalborg"]["name"] == "Aalborg Business Association"


def test_a_decision_leaves_its_source_as_it_was(queue: LadybugStore) -> None:
    before = queue.read("MATCH (s:Source {id: 'aalborg-note'}) RETURN s.name AS n, s.aliases AS a")
    with serving(queue) as url, httpx.Client(base_url=url, timeout=60) as c:
        item = _ids(c)["Aalborg"]
        r = c.post(f"/api/review/{item}/accept", headers={"X-API-Key": KEY}, json={"country": "DK"})
        assert r.status_code == 200, r.text
    after = queue.read("MATCH (s:Source {id: 'aalborg-note'}) RETURN s.name AS n, s.aliases AS a")
    assert after == before, (before, after)  # no alias 'aalborg-note', same name


@pytest.fixture
def proposed(tmp_path: Path) -> Iterator[LadybugStore]:
    """The sample graph and two articles of our own whose visits the reader was not sure of
    (no date in them) at a strict threshold: two engagements wait."""
    from tests.ingest.test_review import ARTICLE, VI_ARTICLE

    store = LadybugStore(tmp_path / "graph.lbdb")
    ingest_paths(store, sample_files(reference=False))
    for name, text in (("denmark-visit-en", ARTICLE), ("denmark-visit-vi", VI_ARTICLE)):
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        ingest_paths(store, [path], home="haiphong-vn", review_below=0.95)
    yield store
    store.close()


def test_an_officer_corrects_accepts_and_rejects_proposed_engagements_in_chromium(
    proposed: LadybugStore,
) -> None:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: install it (apt-get install -y chromium)")
    with serving(proposed) as url, sync_playwright() as p:
        items = {
            i["source"]: i["id"]
            for i in httpx.get(url + "/api/review").json()
            if i["kind"] == "engagement"
        }
        assert set(items) == {"article-denmark-visit-en", "article-denmark-visit-vi"}, items
        en, vi = (f"#item-{items[s]}" for s in sorted(items))
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})  # Vietnamese: default
        page.goto(url + "/review")
        page.fill("#review-key", KEY)
        page.dispatch_event("#review-key", "change")
        # the form shows what the reader proposed, in the page's language
        assert page.input_value(f"{en} .label") == "Visit"
        assert page.input_value(f"{en} .direction") == "incoming"
        assert page.input_value(f"{en} select.role[data-party='dk']") == "guest"
        assert "đoàn vào" in page.inner_text(f"{en} .direction")
        assert "Erik Holm" in page.inner_text(en)  # the sentences that state it
        # correct the date and the direction, and who hosted, then accept
        page.fill(f"{en} .date", "2024-05-02")
        page.select_option(f"{en} .direction", "outgoing")
        page.select_option(f"{en} select.role[data-party='dk']", "host")
        page.select_option(f"{en} select.role[data-party='haiphong-vn']", "delegation")
        page.click(f"{en} .accept")
        page.wait_for_selector(f"{en}.decided")
        # a wrong date is refused with the reason, and nothing is written
        before = proposed.counts()
        page.fill(f"{vi} .date", "2/5")
        page.click(f"{vi} .accept")
        page.wait_for_selector(f"{vi} .outcome.error")
        assert "YYYY" in page.inner_text(f"{vi} .outcome")
        assert proposed.counts() == before
        page.click(f"{vi} .reject")
        page.wait_for_selector(f"{vi}.decided")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "review-engagements.png"), full_page=True)
        # the graph shows the result: the visit on Denmark's page, with its article
        page.goto(url + "/entities/dk")
        assert "2024" in page.inner_text("main")
        browser.close()
    visits = proposed.read(
        "MATCH (v:Visit)-[:SOURCED_FROM]->(s:Source) WHERE s.id STARTS WITH 'article-denmark' "
        "RETURN DISTINCT v.direction AS d, v.date AS date, s.id AS src ORDER BY src"
    )
    assert [(v["d"], str(v["date"]), v["src"]) for v in visits] == [
        ("outgoing", "2024-05-02", "article-denmark-visit-en")
    ], visits
    statuses = {
        r["s"]: r["status"]
        for r in proposed.read(
            "MATCH (r:ReviewItem) WHERE r.kind = 'engagement' RETURN r.source AS s, "
            "r.status AS status ORDER BY s"
        )
    }
    assert statuses == {
        "article-denmark-visit-en": "accepted",
        "article-denmark-visit-vi": "rejected",
    }, statuses


def test_the_decided_list_links_what_was_made_and_merged_into(queue: LadybugStore) -> None:
    """The review page's decided rows say what was decided in words and links (the entity an
    accept made, the one a merge went into), not the decision's stored JSON."""
    with serving(queue) as url, httpx.Client(base_url=url, timeout=60) as c:
        ids, key = _ids(c), {"X-API-Key": KEY}
        made = c.post(
            f"/api/review/{ids['Aalborg']}/accept", headers=key, json={"country": "DK"}
        ).json()["created"]
        into = c.post(
            f"/api/review/{ids['Vương quốc Đan Mạch']}/merge", headers=key, json={"into": "dk"}
        )
        assert into.status_code == 200, into.text
        c.cookies.set("partnergraph_lang", "vi")
        page = c.get("/review").text
    decided = page.split("<h2>", 2)[-1].split("</table>")[0]
    assert f'→ <a href="/entities/{made}">Aalborg</a>' in decided, decided
    assert '→ <a href="/entities/dk">dk</a>' in decided, decided
    assert "{&#34;" not in decided and '{"' not in decided and "&quot;" not in decided, decided
