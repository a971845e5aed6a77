"""The errors a page shows speak the page's language (the web catalogue), with the English
message below where the page's sentence is only the error's kind; the JSON API and the CLI keep
the English message."""

from __future__ import annotations

import html

import httpx
from babel.messages.pofile import read_po

import api.deps  # noqa: F401  (its errors join the tree)
import graph.stores.writer  # noqa: F401
from api.errors import MESSAGES
from graph import errors
from tests.api.test_web_i18n import PO


def _tree(cls: type[errors.PartnergraphError]) -> list[type[errors.PartnergraphError]]:
    return [cls, *(c for sub in cls.__subclasses__() for c in _tree(sub))]


def page_texts() -> set[str]:
    texts = {c.msgid for c in _tree(errors.PartnergraphError)}
    texts |= {errors.NO_ENTITY, errors.NO_ENTITY_CLOSE} | set(MESSAGES.values())
    return texts


def test_every_page_text_of_an_error_is_translated() -> None:
    with PO.open("rb") as f:
        cat = {m.id: m.string for m in read_po(f, locale="vi") if m.id}
    assert len(page_texts()) >= 10
    missing = sorted(t for t in page_texts() if not cat.get(t))
    assert missing == [], f"add these to {PO.name}: {missing}"


def _page(client: httpx.Client, lang: str, path: str) -> httpx.Response:
    headers = {"accept": "text/html"}
    with httpx.Client(
        base_url=client.base_url, cookies={"partnergraph_lang": lang}, timeout=client.timeout
    ) as c:
        return c.get(path, headers=headers)


def test_a_bad_parameter_is_told_in_the_pages_language(client: httpx.Client) -> None:
    vi = _page(client, "vi", "/network?depth=9")
    assert vi.status_code == 422
    text = html.unescape(vi.text)
    assert "Địa chỉ này có giá trị mà trang không dùng được (depth)" in text, text[-3000:]
    assert '<p class="detail" lang="en">depth: Input should be less than or equal to 3' in text
    en = html.unescape(_page(client, "en", "/network?depth=9").text)
    assert "This address has a value the page cannot use (depth)" in en
    api = client.get("/api/graph", params={"depth": 9})  # the JSON API keeps the English
    assert api.status_code == 422 and api.json()["message"].startswith("depth: Input should")


def test_a_missing_entity_and_a_missing_page_in_vietnamese(client: httpx.Client) -> None:
    vi = html.unescape(_page(client, "vi", "/entities/Denmarc").text)
    assert "Không có thực thể nào tên “Denmarc”; hãy chọn một trong các kết quả gần đúng" in vi
    assert "Give one of these ids" not in vi and 'class="detail"' not in vi
    api = client.get("/api/entities/Denmarc").json()["message"]
    assert api.startswith("no entity is called 'Denmarc'; close matches: Denmark (dk)"), api
    nowhere = _page(client, "vi", "/nowhere/at-all")
    assert nowhere.status_code == 404
    assert "Không có gì ở /nowhere/at-all; hãy quay về trang chủ" in html.unescape(nowhere.text)
