"""What the pages say in words, over HTTP on the sample with the twin list: the reasons for a
suggestion, the graph's counts, an indicator's value and period, and the standing ties, each in
the page's language with no name of the schema."""

from __future__ import annotations

import html
import re

import httpx
import pytest


def in_lang(client: httpx.Client, lang: str, path: str) -> str:
    cookies = {"partnergraph_lang": lang}
    with httpx.Client(base_url=client.base_url, cookies=cookies, timeout=120) as c:
        return c.get(path).text


ENGLISH_REASONS = ("sister city of", "linked to", "within a few steps", "investor no.", " as ")


def _items(page: str, ul_class: str) -> list[str]:
    lists = re.findall(rf'<ul class="{ul_class}">(.*?)</ul>', page, flags=re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", li)) for u in lists for li in u.split("</li>")]


def test_reasons_for_a_suggestion_in_the_pages_language(client: httpx.Client) -> None:
    vi = [r for r in _items(in_lang(client, "vi", "/"), "reasons") if r.strip()]
    en = [r for r in _items(in_lang(client, "en", "/"), "reasons") if r.strip()]
    assert len(vi) == len(en) >= 10, (vi, en)
    english = [r for r in vi if any(w in r for w in ENGLISH_REASONS) or "Hai Phong" in r]
    assert english == [], english[:3]
    assert all("Hải Phòng" in r for r in vi), vi[:3]  # the home by its Vietnamese name
    assert sum("kết nghĩa" in r for r in vi) >= 5, vi[:5]
    assert all("Hai Phong" in r for r in en), en[:3]
    # the entities a reason goes through are named, in the page's language
    first = client.get("/api/unexplored", params={"limit": 10}).json()[0]["reasons"][0]
    assert all(v["name_vi"] or v["name"] in vi[0] for v in first["via"][:3]), (first, vi[0])
    assert all(v["name"] in en[0] for v in first["via"][:3]), (first, en[0])


def test_scores_are_written_as_the_language_writes_numbers(client: httpx.Client) -> None:
    vi, en = in_lang(client, "vi", "/"), in_lang(client, "en", "/")
    assert re.search(r"điểm \d+,\d{1,2}<", vi) and not re.search(r"điểm \d+\.\d", vi)
    assert re.search(r"score \d+\.\d{1,2}<", en)


@pytest.mark.parametrize(
    ("lang", "twinnings"), [("vi", "24.312 quan hệ kết nghĩa"), ("en", "24,312 twinnings")]
)
def test_the_graphs_counts_in_plain_words(client: httpx.Client, lang: str, twinnings: str) -> None:
    page = in_lang(client, lang, "/")
    counts = " ".join(_items(page, "counts") + _items(page, "counts links"))
    assert twinnings in counts, counts
    schema = re.findall(r"\b[A-Z]{3,}[_ ][A-Z_ ]{2,}\b", counts)
    assert schema == [], schema


@pytest.mark.parametrize(
    ("lang", "value", "period"),
    [
        ("vi", "2.061,53 triệu USD", "1/1/2022 – 20/12/2022"),
        ("en", "USD 2,061.53 million", "1 Jan 2022 – 20 Dec 2022"),
    ],
)
def test_an_indicators_value_and_period(
    client: httpx.Client, lang: str, value: str, period: str
) -> None:
    page = html.unescape(in_lang(client, lang, "/entities/fdi-attracted-2022-seed-000"))
    facts = re.sub(r"<[^>]+>", "|", page.split('id="facts"')[1].split("</section>")[0])
    assert value in facts and period in facts, facts
    assert "2022-01-01" not in facts and ("million" in facts) == (lang == "en"), facts


def test_standing_ties_name_both_sides_in_the_pages_language(client: httpx.Client) -> None:
    kotra = client.get("/api/entities/kotra").json()["properties"]
    ties = _items(in_lang(client, "vi", "/entities/kotra"), "ties")
    said = " ".join(ties)
    assert "Hải Phòng" in said and kotra["name_vi"] in said, ties
    assert "Hai Phong" not in said and kotra["name"] not in said, ties
    en = " ".join(_items(in_lang(client, "en", "/entities/kotra"), "ties"))
    assert "Hai Phong" in en and kotra["name"] in en, en


@pytest.mark.parametrize(
    ("lang", "why"),
    [
        ("vi", "dòng 18327 của danh sách: không có quốc gia nào tên “Island”"),
        ("en", "line 18327 of the list: no country is called “Island”"),
    ],
)
def test_a_twin_list_row_waiting_for_review_is_its_name(
    client: httpx.Client, lang: str, why: str
) -> None:
    """The reader words the item "line 18327: unknown country 'Island' for 'Norðurþing'": the
    page shows the name as the wording (marked in its row) and the reason in its language."""
    items = client.get("/api/review").json()
    assert any(i["text"].startswith("line 18327: unknown country") for i in items), items
    page = html.unescape(in_lang(client, lang, "/review"))
    words = re.findall(r'<strong class="wording">(.*?)</strong>', page)
    assert "Norðurþing" in words and not [w for w in words if "unknown country" in w], words
    assert why in page and "<mark>Norðurþing</mark>" in page
    assert "unknown country" not in page


@pytest.mark.parametrize(
    ("lang", "entity", "shown"),
    [
        ("vi", "mous-signed-to-date-seed-004", "gần 30 biên bản ghi nhớ"),
        ("en", "mous-signed-to-date-seed-004", "nearly 30 MoUs"),
        ("vi", "delegations-in-2022-seed-004", "175 đoàn"),
        ("en", "delegations-in-2022-seed-004", "175 delegations"),
        ("vi", "seed-004", "bài viết"),  # a source's kind
        ("en", "seed-004", "article"),
    ],
)
def test_a_figures_count_and_a_sources_kind_in_words(
    client: httpx.Client, lang: str, entity: str, shown: str
) -> None:
    """The sources say "gần 30 bản ghi nhớ": the figure is approximate, and a count's unit
    takes the plural in English."""
    page = html.unescape(in_lang(client, lang, f"/entities/{entity}"))
    facts = re.sub(r"<[^>]+>", "|", page.split('id="facts"')[1].split("</section>")[0])
    assert f"|{shown}|" in facts, facts
