"""Another locality in a real browser (issue 17): the home page's Locality box switches the
home, and the search, the partner's page, its localities and the network view keep it in the
address. Debian's Chromium through Playwright, the network cut off, over a graph holding Hai
Phong and Da Nang."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page

from tests.api.conftest import serving
from tests.api.test_browser import browser, playwright, shot, wait_for_network
from tests.two_homes import load_two_homes

__all__ = ["browser", "playwright"]  # the fixtures, shared with the other browser tests


@pytest.fixture(scope="module")
def two_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = load_two_homes(Path(tmp_path_factory.mktemp("two-homes-browser")) / "graph.lbdb")
    with serving(store, api_key=None) as url:
        yield url
    store.close()


@pytest.fixture
def page(browser: Browser, two_url: str) -> Iterator[Page]:
    outside: list[str] = []
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_cookies([{"name": "partnergraph_lang", "value": "en", "url": two_url}])

    def only_the_app(route, request) -> None:  # type: ignore[no-untyped-def]
        if request.url.startswith(two_url):
            route.continue_()
        else:
            outside.append(request.url)
            route.abort("internetdisconnected")

    context.route("**/*", only_the_app)
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert outside == [] and errors == [], (outside, errors)


def _home(page: Page) -> list[str] | None:
    return parse_qs(urlsplit(page.url).query).get("home")


def test_switch_locality_and_keep_it(page: Page, two_url: str) -> None:
    page.goto(two_url + "/")
    assert "Hai Phong: international partnerships" in page.inner_text("h1")
    page.fill("form.locality input[name=home]", "Đà Nẵng")
    page.press("form.locality input[name=home]", "Enter")
    page.wait_for_url("**/?home=*")
    assert "Da Nang: international partnerships" in page.inner_text("h1")
    shot(page, "home-da-nang")
    page.fill("main form.search input[name=q]", "Denmark")
    page.press("main form.search input[name=q]", "Enter")
    page.wait_for_url("**/search?*")
    assert _home(page) == ["da-nang-vn"], page.url  # the search form carried it
    page.click("ul.hits >> text=Denmark")
    page.wait_for_url("**/entities/dk?home=da-nang-vn")
    assert "Relationship with Da Nang" in page.inner_text("#timeline")
    assert "Aarhus MoU" in page.inner_text("#timeline")
    localities = page.inner_text("#localities")
    assert "Denmark: Hai Phong 7 engagements, Da Nang 3 engagements" in localities, localities
    shot(page, "entity-denmark-da-nang")
    page.click("#localities >> text=Hai Phong")
    page.wait_for_url("**/entities/dk?home=haiphong-vn")
    assert "Crown Prince of Denmark" in page.inner_text("#timeline")


def test_the_network_view_keeps_the_home(page: Page, two_url: str) -> None:
    page.goto(two_url + "/network?home=da-nang-vn&depth=1")
    wait_for_network(page)
    assert "Da Nang" in page.inner_text("aside h1")
    page.wait_for_function("location.search.includes('centre=')")
    assert _home(page) == ["da-nang-vn"], page.url  # the view's own address keeps it
    href = page.get_attribute("aside h1 a", "href") or ""
    assert href == "/entities/da-nang-vn?home=da-nang-vn", href
