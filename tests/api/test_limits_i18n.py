"""The app's limits (401 without the key, 413 for a body too large, 414 for a query string too
long) speak the page's language on a page, with the English reason below; the JSON API keeps the
English message."""

from __future__ import annotations

import html

import httpx
import pytest

from api.deps import KeyRefused, TooLarge
from graph.briefs.i18n import Language


def _page(client: httpx.Client, lang: str, method: str, path: str, **kw: object) -> str:
    with httpx.Client(
        base_url=client.base_url, cookies={"partnergraph_lang": lang}, timeout=client.timeout
    ) as c:
        answer = c.request(method, path, headers={"accept": "text/html"}, **kw)  # type: ignore[arg-type]
    return f"{answer.status_code} {html.unescape(answer.text)}"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_request_over_a_limit_is_told_in_the_pages_language(
    client: httpx.Client, lang: str
) -> None:
    said = Language.get(lang, "web").gettext(TooLarge.msgid)
    assert (said == TooLarge.msgid) == (lang == "en"), said  # in the catalogue
    body = _page(client, lang, "POST", "/review", content=b"x" * (2 * 2**20 + 1))
    assert body.startswith("413 ") and said in body, body[-2000:]
    assert '<p class="detail" lang="en">the request\'s body passes 2 MiB' in body, body[-2000:]
    long = _page(client, lang, "GET", "/search?q=" + "a" * 5000)
    assert long.startswith("414 ") and said in long, long[-2000:]
    assert "the query string has 5,002 bytes" in long
    api = client.post("/api/cypher", content=b"x" * (2 * 2**20 + 1))
    assert api.status_code == 413 and api.json() == {
        "error": "TooLarge",
        "message": "the request's body passes 2 MiB",
    }


def test_a_refused_key_has_its_own_text(client: httpx.Client) -> None:
    """401 comes only from the JSON API (uploads, review decisions): the pages' scripts show its
    kind's text from the catalogue (tests/api/test_browser.py, the review page)."""
    vi = Language.get("vi", "web").gettext(KeyRefused.msgid)
    assert vi != KeyRefused.msgid and "API" in vi, vi
    answer = client.post("/api/ingest", files={"files": ("a.txt", b"x")})
    assert answer.status_code == 401 and answer.json()["error"] == "KeyRefused", answer.text
    assert answer.json()["message"].startswith("uploads are turned off"), answer.text
    page = _page(client, "vi", "GET", "/review")
    errors = page.split('id="error-texts">', 1)[1].split("</script>", 1)[0]
    assert vi in html.unescape(errors.encode().decode("unicode_escape")), errors[:300]
