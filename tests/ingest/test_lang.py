"""Each rule of the Vietnamese and English lexicons (ingest/lang/), on sentences written for
these tests in the patterns of real reporting."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from graph.errors import InputError
from graph.schema import MODEL
from ingest import articles
from ingest.lang import lexicon_for
from ingest.reference import CITIES
from ingest.resolve import Resolver
from ingest.textparse import find_date, parse_amounts, read_header, sentences

VI, EN = lexicon_for("vi"), lexicon_for("en")


@pytest.mark.parametrize(
    ("lex", "kind", "sentence", "expected"),
    [
        (VI, "agreement", "Hai bên đã ký kết biên bản ghi nhớ hợp tác.", True),
        (VI, "agreement", "Ông Trần Văn Ký phát biểu tại buổi làm việc.", False),  # a name
        (VI, "visit", "Phó Chủ tịch tiếp đoàn công tác của tỉnh bạn.", True),
        (VI, "visit", "Hai bên sẽ tiếp tục trao đổi thông tin.", False),  # "tiếp tục": continue
        (VI, "meeting", "Hai bên hội đàm trực tuyến sáng nay.", True),
        (VI, "event", "Hội nghị xúc tiến đầu tư diễn ra tại thành phố.", True),
        (VI, "investment", "Lãnh đạo tỉnh trao giấy chứng nhận đầu tư cho ba dự án.", True),
        (EN, "visit", "The governor paid a working visit to the province.", True),
        (EN, "visit", "The two sides will step up delegation exchanges.", False),
        (EN, "agreement", "The two cities signed a memorandum of understanding.", True),
        (EN, "event", "The city hosted an investment promotion conference.", True),
        (EN, "investment", "The authority granted investment licences to five projects.", True),
    ],
)
def test_cue_words(lex: object, kind: str, sentence: str, expected: bool) -> None:
    assert bool(lex.cues[kind].search(sentence)) is expected, (kind, sentence)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("lex", "sentence", "cue", "status"),
    [
        (VI, "Đoàn đại biểu tỉnh sẽ thăm thành phố bạn vào tháng tới.", "thăm", "planned"),
        (VI, "Hai bên hướng tới ký kết thỏa thuận kết nghĩa.", "ký kết", "planned"),
        (VI, "Đoàn đại biểu tỉnh đã thăm thành phố bạn.", "thăm", "happened"),
        (EN, "They agreed to work towards signing a twinning agreement.", "signing", "planned"),
        (EN, "The mayor will visit the province in July.", "visit", "planned"),
        (EN, "The two sides signed a letter of intent.", "signed", "happened"),
    ],
)
def test_status_from_words_of_intent(lex: object, sentence: str, cue: str, status: str) -> None:
    m = re.search(re.escape(cue), sentence)
    assert m is not None
    assert articles._status(lex, sentence, m) == status, sentence  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lex", "text", "matched"),
    [
        (VI, "tại trụ sở UBND tỉnh", "UBND tỉnh"),
        (VI, "Thành ủy đã chỉ đạo", "Thành ủy"),
        (EN, "the provincial People’s Committee said", "the provincial People’s Committee"),
        (EN, "leaders of the city welcomed", "the city"),
    ],
)
def test_home_bodies_without_a_name(lex: object, text: str, matched: str) -> None:
    m = lex.home_bodies.search(text)  # type: ignore[attr-defined]
    assert m is not None and m.group(0) == matched, (text, m)


def test_english_proper_nouns_leave_out_months_weekdays_and_sentence_starts() -> None:
    proper = [
        t.text
        for t in EN.tokens("Under the plan, Mayor Anna Berg visits Oslo on Friday in May.")
        if t.proper
    ]
    assert proper == ["Mayor", "Anna", "Berg", "Oslo"], proper


def test_vietnamese_proper_nouns_come_from_the_tagger() -> None:
    proper = [
        t.text
        for t in VI.tokens("Đoàn đại biểu tỉnh sẽ thăm Belarus và gặp ông Trần Văn Nam.")
        if t.proper
    ]
    assert "Belarus" in proper and "Trần Văn Nam" in proper, proper


@pytest.mark.parametrize(
    ("lex", "sentence", "title"),
    [
        (VI, "Phó Chủ tịch UBND tỉnh Lê Văn Bình tiếp đoàn.", "Phó Chủ tịch"),
        (VI, "Bộ trưởng cảm ơn ngài Peter Holm đã đến thăm.", "ngài"),
        (EN, "Vice Governor Maria Lind received the guests.", "Vice Governor"),
        (EN, "He thanked Mr. Hans Berg for the visit.", "Mr."),
    ],
)
def test_titles_and_honorifics_introduce_people(lex: object, sentence: str, title: str) -> None:
    pattern = lex.titles if title[0].isupper() and title != "Mr." else lex.honorifics  # type: ignore[attr-defined]
    assert pattern.search(sentence).group(0) == title, sentence


def test_sentences_do_not_end_after_mr_or_dr() -> None:
    parts = [s.text for s in sentences("Mr. Berg met Dr. Lind. They spoke.")]
    assert parts == ["Mr. Berg met Dr. Lind.", "They spoke."], parts


def test_the_published_header_is_read() -> None:
    meta, rest = read_header(
        "url: https://news.example.org/a\npublished: 2024-03-15\n\nTitle\nBody"
    )
    assert meta == {"url": "https://news.example.org/a", "published": dt.date(2024, 3, 15)}
    assert rest == "Title\nBody"
    assert read_header("published: unknown\n\nText")[0] == {}


@pytest.mark.parametrize(
    ("text", "kwargs", "date", "precision"),
    [
        ("signed on March 14 in the city", {"default_year": 2024}, dt.date(2024, 3, 14), "day"),
        ("a reception on Friday", {"published": dt.date(2024, 3, 15)}, dt.date(2024, 3, 15), "day"),
        ("a reception on Monday", {"published": dt.date(2024, 3, 15)}, dt.date(2024, 3, 11), "day"),
        ("Sáng 9/11, đoàn đến thăm", {"default_year": 2023}, dt.date(2023, 11, 9), "day"),
        ("từ ngày 5 đến 13/5/2025", {}, dt.date(2025, 5, 5), "day"),
        ("from 23-28 July 2023", {}, dt.date(2023, 7, 23), "day"),
        ("vào tháng 12/2023", {}, dt.date(2023, 12, 1), "month"),
    ],
)
def test_dates(text: str, kwargs: dict[str, object], date: dt.date, precision: str) -> None:
    found = find_date(text, **kwargs)  # type: ignore[arg-type]
    assert found is not None and (found.date, found.precision) == (date, precision), found


def test_every_amount_of_a_sentence() -> None:
    values = [a.value for a in parse_amounts("some US$1.2 billion, up from US$900 million")]
    assert values == [1_200_000_000.0, 900_000_000.0], values


@pytest.mark.parametrize("word", ["Mayor", "Minister", "Chief", "She", "Police"])
def test_common_words_are_not_places(word: str) -> None:
    assert articles._common(word, "en"), word


def test_short_words_get_no_fuzzy_match() -> None:
    assert Resolver(model=MODEL)._fuzzy("mayor", {"City", "Country"}) == {}


def test_a_vietnamese_province_can_be_the_home() -> None:
    ref = CITIES.by_id("ninh-binh-vn")
    assert ref is not None and ref.kind == "province" and ref.country_code == "VN", ref


def test_an_article_past_its_time_budget_is_refused() -> None:
    with pytest.raises(InputError, match="time budget"):
        articles.article_batch(
            "Chiều 14-5, ông Nguyễn Văn An tiếp đoàn.\n" * 3,
            path=Path("slow.txt"),
            resolver=Resolver(model=MODEL),
            home="ninh-binh-vn",
            time_budget=-1,
        )


def test_an_article_too_long_to_be_one_is_refused() -> None:
    with pytest.raises(InputError, match="split it"):
        articles.article_batch(
            "x" * (articles.MAX_CHARS + 1),
            path=Path("huge.txt"),
            resolver=Resolver(model=MODEL),
            home="ninh-binh-vn",
        )


def test_engagements_per_article_are_capped() -> None:
    lines = [
        f"Mayor Anna Berg{i} of Oslo, Norway, visited the province on May {1 + i % 28}, 2024."
        for i in range(80)
    ]
    batch = articles.article_batch(
        "\n".join(lines), path=Path("many.txt"), resolver=Resolver(model=MODEL), home="ninh-binh-vn"
    )
    engagements = {n.id for n in batch.nodes if n.label in {"Visit", "Event", "Agreement"}}
    assert len(engagements) <= articles.MAX_ENGAGEMENTS, len(engagements)
