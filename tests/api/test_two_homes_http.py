"""Two homes in one graph over HTTP (issue 17): every question of the API and every page takes
``?home=`` (id or name), defaulting to the setting; an unknown home is a JSON 404 on the API and
a page naming the close matches; the pages keep the chosen home in their links and forms."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.api.conftest import serving
from tests.two_homes import load_two_homes

PAGE = {"Accept": "text/html"}
DN = {"home": "da-nang-vn"}


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    store = load_two_homes(Path(tmp_path_factory.mktemp("two-homes-http")) / "graph.lbdb")
    with serving(store, api_key=None) as url, httpx.Client(base_url=url, timeout=120) as c:
        yield c
    store.close()


def test_history_for_each_home(two: httpx.Client) -> None:
    default = two.get("/api/entities/dk/history").json()
    dn = two.get("/api/entities/dk/history", params=DN).json()
    by_name = two.get("/api/entities/dk/history", params={"home": "Đà Nẵng"}).json()
    assert default["home"] == "haiphong-vn" and default["summary"]["engagements"] == 7, default
    assert dn["home"] == "da-nang-vn" and dn["summary"]["engagements"] == 3, dn["summary"]
    assert by_name == dn


def test_localities_of_a_partner(two: httpx.Client) -> None:
    r = two.get("/api/entities/dk/localities", params=DN)
    assert r.status_code == 200, r.text
    rows = [(x["id"], x["engagements"]) for x in r.json()["localities"]]
    assert rows == [("haiphong-vn", 7), ("da-nang-vn", 3)], rows
    assert r.json()["country"] == "VN" and r.json()["home"] == "da-nang-vn"


def test_unexplored_dormant_stats_examples_for_each_home(two: httpx.Client) -> None:
    hp = {s["id"] for s in two.get("/api/unexplored", params={"limit": 50}).json()}
    dn = {s["id"] for s in two.get("/api/unexplored", params={**DN, "limit": 50}).json()}
    assert hp != dn and "aarhus-dk" not in dn, dn
    again = {s["id"] for s in two.get("/api/unexplored", params={**DN, "limit": 50}).json()}
    assert again == dn  # kept per home: the second answer is the first
    quiet = two.get("/api/dormant", params={**DN, "months": 3}).json()
    assert quiet["home"] == "da-nang-vn" and quiet["as_of"] == "2023-11-10", quiet
    assert {d["id"] for d in quiet["partners"]} == {"dk", "aarhus-dk"}, quiet["partners"]
    assert two.get("/api/stats", params={"home": "Đà Nẵng"}).json()["home"] == "da-nang-vn"
    assert two.get("/api/stats").json()["home"] == "haiphong-vn"
    examples = two.get("/api/examples", params=DN).json()
    assert any("da-nang-vn" in str(e["parameters"]) for e in examples), examples


def test_briefs_opportunities_and_graph_for_each_home(two: httpx.Client) -> None:
    r = two.get("/api/briefs/dk.md", params={**DN, "lang": "en"})
    assert r.status_code == 200, r.text
    assert "Aarhus MoU" in r.text and "Delegation of the Crown Prince of Denmark" not in r.text
    assert 'filename="brief-dk-da-nang-vn-en.md"' in r.headers["content-disposition"]
    default = two.get("/api/briefs/dk.md", params={"lang": "en"})
    assert "Delegation of the Crown Prince of Denmark" in default.text
    assert 'filename="brief-dk-en.md"' in default.headers["content-disposition"]
    opp = two.get("/api/opportunities/dk", params=DN)
    assert opp.status_code == 200 and "aarhus-dk" not in {s["id"] for s in opp.json()}, opp.text
    view = two.get("/api/graph", params={**DN, "evidence": "false"}).json()
    assert view["centre"] == "da-nang-vn", view["centre"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/entities/dk/history",
        "/api/entities/dk/localities",
        "/api/unexplored",
        "/api/dormant",
        "/api/stats",
        "/api/examples",
        "/api/graph",
        "/api/briefs/dk.md",
        "/api/opportunities/dk",
    ],
)
def test_an_unknown_home_is_a_json_404_naming_close_matches(two: httpx.Client, path: str) -> None:
    r = two.get(path, params={"home": "Da Nag"})
    assert r.status_code == 404, (path, r.text)
    body = r.json()
    assert body["error"] == "UnknownHome" and "Da Nang (da-nang-vn)" in body["message"], body


def _links(html: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'(?:href|action)="(/[^"]*)"', html)]


def test_the_home_page_for_another_locality_keeps_it_in_its_links(two: httpx.Client) -> None:
    two.cookies.set("partnergraph_lang", "en")
    page = two.get("/", params={"home": "Đà Nẵng"}, headers=PAGE)
    assert page.status_code == 200, page.text
    assert "<h1>Da Nang: international partnerships</h1>" in page.text
    assert 'name="home" value="Da Nang"' in page.text  # the switch, filled with the home
    links = [
        link
        for link in _links(page.text)
        if link.startswith(("/entities/", "/network", "/dormant", "/console"))
    ]
    assert links, page.text
    for link in links:
        assert parse_qs(urlsplit(link).query).get("home") == ["da-nang-vn"], link
    # the search forms carry it as a field
    hidden = page.text.count('<input type="hidden" name="home" value="da-nang-vn">')
    assert hidden >= 2, hidden
    default = two.get("/", headers=PAGE).text
    assert "home=" not in " ".join(_links(default)) and "Hai Phong: international" in default


def test_a_partner_page_lists_the_localities_that_engage_it(two: httpx.Client) -> None:
    two.cookies.set("partnergraph_lang", "en")
    page = two.get("/entities/dk", params=DN, headers=PAGE).text
    assert "Relationship with Da Nang" in page, page
    assert "Localities of Vietnam that engage it" in page
    section = page.split('id="localities"')[1].split("</section>")[0]
    text = re.sub(r"<[^>]+>", "", section)
    assert "Denmark: Hai Phong 7 engagements, Da Nang 3 engagements" in text, text
    assert 'href="/entities/dk?home=haiphong-vn"' in section, section
    assert "Aarhus MoU" in page and "Crown Prince of Denmark receives" not in page
    two.cookies.set("partnergraph_lang", "vi")
    vi = re.sub(r"<[^>]+>", "", two.get("/entities/dk", params=DN, headers=PAGE).text)
    assert "Đan Mạch: Hải Phòng 7 hoạt động, Đà Nẵng 3 hoạt động" in vi, vi
    assert "Các địa phương của Việt Nam có hoạt động với đối tác này" in vi


def test_an_unknown_home_page_names_the_localities_it_is_close_to(two: httpx.Client) -> None:
    two.cookies.set("partnergraph_lang", "vi")
    r = two.get("/entities/dk", params={"home": "Da Nag"}, headers=PAGE)
    assert r.status_code == 404, r.text
    assert "Không có thành phố hay tỉnh nào tên “Da Nag” trong đồ thị" in r.text, r.text
    assert 'href="/entities/dk?home=da-nang-vn"' in r.text, r.text
    two.cookies.set("partnergraph_lang", "en")
    en = two.get("/dormant", params={"home": "Da Nag", "months": 3}, headers=PAGE)
    assert en.status_code == 404 and "No city or province called “Da Nag”" in en.text
    assert 'href="/dormant?home=da-nang-vn&amp;months=3"' in en.text, en.text


def test_pages_of_another_home(two: httpx.Client) -> None:
    two.cookies.set("partnergraph_lang", "en")
    quiet = two.get("/dormant", params={**DN, "months": 3}, headers=PAGE).text
    assert "Aarhus" in quiet and 'href="/entities/aarhus-dk?home=da-nang-vn"' in quiet
    net = two.get("/network", params=DN, headers=PAGE).text
    config = net.split('id="config">')[1].split("</script>")[0]
    assert '"centre": "da-nang-vn"' in config and '"home": "da-nang-vn"' in config, config
    source = two.get("/sources/test-da-nang-2023", params=DN, headers=PAGE)
    assert source.status_code == 200 and "Da Nang</a>" in source.text  # the footer's home
    form = two.get(
        "/entities/dk/brief", params={**DN, "fmt": "md", "lang": "en"}, follow_redirects=False
    )
    assert form.status_code == 303, form.text
    target = urlsplit(form.headers["location"])
    assert target.path == "/api/briefs/dk.md", target
    assert parse_qs(target.query)["home"] == ["da-nang-vn"], target
    console = two.get("/console", params=DN, headers=PAGE).text
    assert "da-nang-vn" in console
