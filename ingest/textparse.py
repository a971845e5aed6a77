"""Reading articles: text out of .txt/.md/.html, sentences with offsets, dates and amounts in
Vietnamese and English formats.

Examples
--------
>>> a = parse_amount("đạt 2.061,53 triệu đô la Mỹ"); (a.value, a.unit, a.approximate, a.wording)
(2061530000.0, 'USD', False, '2.061,53 triệu đô la Mỹ')
>>> parse_amount("gần 2,5 tỷ USD").approximate
True
>>> a = parse_amount("between US$11.9 to $13.6 billion"); (a.value, a.high)
(11900000000.0, 13600000000.0)
>>> find_date("ngày 20/12/2022")
PartialDate(date=datetime.date(2022, 12, 20), precision='day', wording='20/12/2022')
>>> find_date("Chiều 14-5, Chủ tịch tiếp đoàn", default_year=2023).date
datetime.date(2023, 5, 14)
>>> find_date("on April 17th 2009 the two mayors").precision
'day'
>>> find_date("năm 2022 đã chứng kiến").precision
'year'
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html.parser
import re
from dataclasses import dataclass
from typing import Any, ClassVar

__all__ = [
    "Amount",
    "PartialDate",
    "Sentence",
    "find_date",
    "is_vietnamese",
    "parse_amount",
    "parse_amounts",
    "read_article",
    "read_header",
    "sentences",
]

_VI_CHARS = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹàáèéìíòóùúýõã")


def is_vietnamese(text: str) -> bool:
    letters = [c for c in text.lower() if c.isalpha()]
    return bool(letters) and sum(c in _VI_CHARS for c in letters) / len(letters) > 0.03


# -- reading --------------------------------------------------------------------------------
class _HTMLText(html.parser.HTMLParser):
    _BLOCK: ClassVar[set[str]] = {
        "p",
        "div",
        "br",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "figcaption",
        "title",
        "section",
        "article",
        "blockquote",
        "td",
        "th",
    }
    _SKIP: ClassVar[set[str]] = {"script", "style", "noscript", "template", "svg", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in self._SKIP:
            self._skip += 1
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in self._SKIP and self._skip:
            self._skip -= 1
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip:
            self.parts.append(data)


_HEADER = re.compile(r"(?P<key>url|published|date|title|source):[ \t]*(?P<value>.*)", re.I)


def read_header(text: str) -> tuple[dict[str, Any], str]:
    r"""A text file's header lines (``url: ...``, ``published: YYYY-MM-DD`` or ``unknown``)
    and the text after them; a file without them is all text.

    >>> read_header("url: https://x.vn/a\npublished: 2023-11-30\n\nBody")
    ({'url': 'https://x.vn/a', 'published': datetime.date(2023, 11, 30)}, 'Body')
    """
    meta: dict[str, Any] = {}
    lines = text.lstrip("\ufeff").split("\n")
    i = 0
    while i < len(lines) and i < 6 and (m := _HEADER.fullmatch(lines[i].strip())):
        key, value = m.group("key").lower(), m.group("value").strip()
        if key in {"published", "date"}:
            with contextlib.suppress(ValueError):
                meta["published"] = dt.date.fromisoformat(value[:10])
        elif key == "url" and value.startswith(("http://", "https://")):
            meta["url"] = value
        i += 1
    if not i:
        return {}, text
    return meta, "\n".join(lines[i:]).lstrip("\n")


def _html_meta(text: str) -> dict[str, Any]:
    """Publication date and canonical URL from a page's metadata (the common meta tags)."""
    meta: dict[str, Any] = {}
    m = re.search(
        r"<meta[^>]+(?:property|name|itemprop)=[\"'](?:article:published_time|datePublished|"
        r"pubdate|publishdate|date|og:published_time)[\"'][^>]*content=[\"'](\d{4}-\d{2}-\d{2})",
        text,
        re.I,
    )
    if m:
        meta["published"] = dt.date.fromisoformat(m.group(1))
    m = re.search(r"<link[^>]+rel=[\"']canonical[\"'][^>]*href=[\"'](https?://[^\"']+)", text, re.I)
    if m:
        meta["url"] = m.group(1)
    return meta


def _read_page(text: str) -> tuple[str, str, dict[str, Any]]:
    """A web page's article: its body without navigation, related links and comments, and its
    title, publisher, date and URL, by trafilatura (the date only from the page's metadata,
    never guessed from its text); the page's plain text where trafilatura finds no article."""
    import trafilatura

    meta = _html_meta(text[:20000])
    doc: Any = trafilatura.bare_extraction(
        text,
        with_metadata=True,
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    body = getattr(doc, "text", None) or ""
    if len(body) < 40:  # not an article page by trafilatura's reckoning: all of its text
        parser = _HTMLText()
        parser.feed(text)
        body = "".join(parser.parts)
        title = " ".join(parser.title.split())
    else:
        title = " ".join((getattr(doc, "title", None) or "").split())
        if getattr(doc, "date", None) and "published" not in meta:
            with contextlib.suppress(ValueError):
                meta["published"] = dt.date.fromisoformat(str(doc.date)[:10])
        if getattr(doc, "url", None) and str(doc.url).startswith(("http://", "https://")):
            meta.setdefault("url", str(doc.url))
        if getattr(doc, "sitename", None):
            meta["publisher"] = " ".join(str(doc.sitename).split())[:200]
    body = "\n".join(" ".join(line.split()) for line in body.splitlines())
    return title, re.sub(r"\n{2,}", "\n", body).strip(), meta


def read_article(text: str, suffix: str) -> tuple[str, str, dict[str, Any]]:
    """The article's (title, body text, metadata). Markup is dropped; the body keeps its
    paragraphs."""
    meta: dict[str, Any] = {}
    if suffix in {".html", ".htm"}:
        title, body, meta = _read_page(text)
    elif suffix == ".md":
        body = re.sub(r"^\s{0,3}#{1,6}\s*", "", text, flags=re.M)
        body = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", body)
        body = re.sub(r"(\*\*|__|\*|_|`)(\S.*?\S|\S)\1", r"\2", body).strip()
        title = ""
    else:
        body, title = text.strip(), ""
    if not title:
        title = body.split("\n", 1)[0][:200]
    return title, body, meta


@dataclass(frozen=True)
class Sentence:
    text: str
    offset: int
    paragraph: int


_SPLIT = re.compile(
    r"(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bMrs\.)(?<!\bH\.E\.)(?<!\bNo\.)"
    r"(?<!\bProf\.)(?<!\bCo\.)(?<!\bTP\.)(?<!\bSt\.)(?<!\b[A-Z]\.)"
    r"(?<=[.!?;…])[\"”’)]*\s+(?=[\"“(]?[A-ZÀ-ỸĐ0-9])"
    # sentences run together by the page ("in Hanoi.Later, the"): a word of two or
    # more lower-case letters, a full stop, a capitalised word
    r"|(?<=[a-zà-ỹđ]{2}[.!?])(?=[A-ZÀ-ỸĐ][a-zà-ỹđ])"
)


def sentences(body: str) -> list[Sentence]:
    """Sentences with their character offsets in ``body``; a line (caption, title) is one."""
    out: list[Sentence] = []
    pos = 0
    for para, line in enumerate(body.split("\n")):
        start = 0
        for m in _SPLIT.finditer(line):
            _add(out, line[start : m.start()], pos + start, para)
            start = m.end()
        _add(out, line[start:], pos + start, para)
        pos += len(line) + 1
    return out


def _add(out: list[Sentence], text: str, offset: int, para: int) -> None:
    stripped = text.strip()
    if len(stripped) > 2:
        out.append(Sentence(stripped, offset + text.index(stripped[0]), para))


# -- dates ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class PartialDate:
    date: dt.date
    precision: str
    wording: str


MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTHS = {m: i for i, m in enumerate(MONTH_NAMES, start=1)}
_MONTHS |= {m[:3]: i for m, i in list(_MONTHS.items())}
_MON = (
    r"(January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
_DAYS = r"(?:-|–|đến|tới|to|and)"
_WEEKDAYS = {
    d: i
    for i, d in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
_DATE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # a range gives its first day: "từ ngày 5 đến 13/5/2025", "23-28 July 2023"
    (
        re.compile(
            rf"\b(\d{{1,2}})\s*{_DAYS}\s*\d{{1,2}}[/.-](\d{{1,2}})[/.-]((?:19|20)\d{{2}})\b"
        ),
        "dmy",
    ),
    (re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d{2})\b"), "dmy"),
    (
        re.compile(  # "May 3, 2023", "May 2-4, 2024": a range gives its first day
            rf"\b{_MON}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*{_DAYS}\s*\d{{1,2}})?,?\s+"
            rf"((?:19|20)\d{{2}})\b",
            re.I,
        ),
        "mdy",
    ),
    (
        re.compile(
            rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*{_DAYS}\s*\d{{1,2}}(?:st|nd|rd|th)?)?\s+"
            rf"(?:of\s+)?{_MON},?\s+((?:19|20)\d{{2}})\b",
            re.I,
        ),
        "dmy_en",
    ),
    (re.compile(r"\btháng\s+(\d{1,2})\s*(?:/|năm|-)\s*((?:19|20)\d{2})\b", re.I), "my"),
    (re.compile(rf"\b{_MON}\s+((?:19|20)\d{{2}})\b", re.I), "my_en"),
    (
        re.compile(
            r"(?:\b[Nn]gày|\b[Ss]áng|\b[Cc]hiều|\b[Tt]ối|\b[Tt]rưa|\b[Đđ]êm|\b[Tt]ừ|\b[Hh]ôm)\s+"
            rf"(\d{{1,2}})(?:\s*{_DAYS}\s*\d{{1,2}})?[/-](\d{{1,2}})\b(?![/-]\d)"
        ),
        "dm",
    ),
    (
        re.compile(
            rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*{_DAYS}\s*\d{{1,2}}(?:st|nd|rd|th)?)?\s+"
            rf"(?:of\s+)?{_MON}\b(?!,?\s+\d{{4}})",
            re.I,
        ),
        "dm_en",
    ),
    # "on November 29", "May 3-7": a day and month; the year comes from the article
    (re.compile(rf"\b{_MON}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*\d{{4}})(?![\d:])"), "md_en"),
    # a month alone ("vào tháng 7", "in July"): the year comes from the article
    (re.compile(r"\btháng\s+(\d{1,2})\b(?!\s*(?:/|năm|-)\s*\d)", re.I), "m"),
    (re.compile(rf"\b(?:in|early|late|mid-|since|until|by)\s*{_MON}\b(?!\s*\d)", re.I), "m_en"),
    (re.compile(r"\b(?:năm|in|In|Năm|since|từ)\s+((?:19|20)\d{2})\b"), "y"),
    (
        re.compile(
            r"\b(?:on|last|this)\s+(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
        ),
        "weekday",
    ),
    (re.compile(r"\b((?:19|20)\d{2})\b"), "y"),
]


_URL_DATES = (
    # /2019/02/27/ and /2019/02/: a news site's folders by date
    (re.compile(r"/((?:19|20)\d{2})/(0[1-9]|1[0-2])/([0-3]\d)(?=/)"), "day"),
    (re.compile(r"/((?:19|20)\d{2})/(0[1-9]|1[0-2])(?=/)"), "month"),
    # /201902/: a folder per month
    (re.compile(r"/((?:19|20)\d{2})(0[1-9]|1[0-2])(?=/)"), "month"),
    # -20180623161908881.htm: a page id that starts with its date and time
    (re.compile(r"[-_/]((?:19|20)\d{2})(0[1-9]|1[0-2])([0-3]\d)\d{0,9}(?=\.\w+$|/?$)"), "day"),
)


def date_from_url(url: str | None, *, today: dt.date | None = None) -> PartialDate | None:
    """The date a news site writes into a page's address, where it follows one of the common
    conventions (folders by year and month, a page id that starts with its timestamp): the
    page was published then. None where the address holds no such date, or a date to come.

    >>> date_from_url("https://example.vn/tintuc/201902/doan-dai-bieu-2935037")
    PartialDate(date=datetime.date(2019, 2, 1), precision='month', wording='201902')
    >>> date_from_url("https://example.vn/the-gioi/hop-tac-20180623161908881.htm").date
    datetime.date(2018, 6, 23)
    >>> date_from_url("https://example.vn/ha-noi-minsk-4250416094419166.htm") is None
    True
    """
    if not url:
        return None
    path = url.split("?", 1)[0].split("#", 1)[0]
    for pattern, precision in _URL_DATES:
        m = pattern.search(path)
        if m is None:
            continue
        year, month, day = (
            int(m.group(1)),
            int(m.group(2)),
            int(m.group(3) or 1) if precision == "day" else 1,
        )
        try:
            found = dt.date(year, month, day)
        except ValueError:
            continue
        if found > (today or dt.date.today()):
            continue
        return PartialDate(found, precision, m.group(0).strip("/-_"))
    return None


def find_date(
    text: str, *, default_year: int | None = None, published: dt.date | None = None
) -> PartialDate | None:
    """The first date in ``text`` with its precision; a day and month without a year take
    ``default_year`` (the article's year), or are left out when there is none; a weekday
    ("on Friday") is the last such day on or before ``published``.

    >>> find_date("on November 29", default_year=2023)
    PartialDate(date=datetime.date(2023, 11, 29), precision='day', wording='November 29')
    >>> find_date("hosted a reception on Friday", published=dt.date(2024, 5, 24)).date
    datetime.date(2024, 5, 24)
    >>> find_date("từ ngày 5 đến 13/5/2025").date
    datetime.date(2025, 5, 5)
    """
    for pattern, kind in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            try:
                found = _date_from(kind, m.groups(), default_year, published)
            except (ValueError, KeyError):
                continue
            if found:
                return PartialDate(
                    found[0],
                    found[1],
                    m.group(0).split(" ", 1)[-1]
                    if kind in {"dm", "y"} and " " in m.group(0)
                    else m.group(0),
                )
    return None


def _date_from(
    kind: str, g: tuple[str | None, ...], year: int | None, published: dt.date | None = None
) -> tuple[dt.date, str] | None:
    s = [x or "" for x in g]
    if kind == "dmy":
        return dt.date(int(s[2]), int(s[1]), int(s[0])), "day"
    if kind == "mdy":
        return dt.date(int(s[2]), _MONTHS[s[0].lower()[:3]], int(s[1])), "day"
    if kind == "dmy_en":
        return dt.date(int(s[2]), _MONTHS[s[1].lower()[:3]], int(s[0])), "day"
    if kind == "my":
        return dt.date(int(s[1]), int(s[0]), 1), "month"
    if kind == "my_en":
        return dt.date(int(s[1]), _MONTHS[s[0].lower()[:3]], 1), "month"
    if kind == "dm":
        return (dt.date(year, int(s[1]), int(s[0])), "day") if year else None
    if kind == "dm_en":
        return (dt.date(year, _MONTHS[s[1].lower()[:3]], int(s[0])), "day") if year else None
    if kind == "md_en":
        return (dt.date(year, _MONTHS[s[0].lower()[:3]], int(s[1])), "day") if year else None
    if kind == "m":
        return (dt.date(year, int(s[0]), 1), "month") if year else None
    if kind == "m_en":
        return (dt.date(year, _MONTHS[s[0].lower()[:3]], 1), "month") if year else None
    if kind == "weekday":
        if published is None:
            return None
        back = (published.weekday() - _WEEKDAYS[s[0].lower()]) % 7
        return published - dt.timedelta(days=back), "day"
    return dt.date(int(s[0]), 1, 1), "year"


# -- amounts --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Amount:
    value: float
    unit: str
    approximate: bool
    high: float | None
    wording: str


_SCALE = {
    "nghìn tỷ": 1e12,
    "ngàn tỷ": 1e12,
    "trillion": 1e12,
    "nghìn": 1e3,
    "ngàn": 1e3,
    "triệu": 1e6,
    "tỷ": 1e9,
    "tỉ": 1e9,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "m": 1e6,
    "k": 1e3,
}
_CUR = {
    "usd": "USD",
    "us$": "USD",
    "$": "USD",
    "đô la mỹ": "USD",
    "đô la": "USD",
    "đồng": "VND",
    "vnd": "VND",
    "eur": "EUR",
    "€": "EUR",
    "euro": "EUR",
    "yên": "JPY",
    "yen": "JPY",
    "won": "KRW",
}
_NUM = r"\d{1,3}(?:[.,]\d{3})*(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_SCALES = r"nghìn tỷ|ngàn tỷ|nghìn|ngàn|triệu|tỷ|tỉ|thousand|million|billion|trillion|bn"
_CURS = r"USD|US\$|\$|đô la Mỹ|đô la|đồng|VND|EUR|€|euro|yên|yen|won"
_AMOUNT = re.compile(
    r"(?P<approx>gần|khoảng|hơn|trên|nearly|about|around|almost|over|more than|approximately|"
    r"some)?\s*"
    rf"(?P<cur1>{_CURS})?\s?(?P<n1>{_NUM})\s*(?P<s1>{_SCALES})?\s*(?P<cur2>{_CURS})?"
    rf"(?:\s*(?:to|-|–|đến)\s*(?P<cur3>{_CURS})?\s?(?P<n2>{_NUM})\s*(?P<s2>{_SCALES})?\s*(?P<cur4>{_CURS})?)?",
    re.I,
)


def _number(text: str, vietnamese: bool) -> float:
    """'2.061,53' (Vietnamese) or '2,061.53' (English) → 2061.53."""
    if vietnamese or re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?|\d+,\d{1,2}", text):
        return float(text.replace(".", "").replace(",", "."))
    return float(text.replace(",", ""))


_COUNTED = {
    # a counted thing in either language, and the unit it is counted in
    "project": "project",
    "dự án": "project",
    "job": "job",
    "worker": "job",
    "việc làm": "job",
    "lao động": "job",
    "investor": "investor",
    "nhà đầu tư": "investor",
    "hectare": "hectare",
    "ha": "hectare",
    "héc-ta": "hectare",
    "locality": "locality",
    "localitie": "locality",
    "địa phương": "locality",
    "country": "country",
    "countrie": "country",
    "quốc gia": "country",
    "industrial park": "industrial park",
    "khu công nghiệp": "industrial park",
    "industrial zone": "industrial zone",
    "khu kinh tế": "industrial zone",
}
_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
}
_NOT_BETWEEN = (
    r"and|và|of|của|to|in|by|for|from|with|at|on|is|are|was|were|has|have|had|than|"
    rf"{_SCALES}|{_CURS}"
)
_COUNT = re.compile(
    r"(?P<approx>gần|khoảng|hơn|trên|nearly|about|around|almost|over|more than|"
    r"approximately|some)?\s*"
    rf"(?P<n>{_NUM}|{'|'.join(_NUMBER_WORDS)})\s+"
    rf"(?P<between>(?:(?!(?:{_NOT_BETWEEN})(?!\w))[\w()’'-]+\s+){{0,5}}?)"
    r"(?P<thing>"
    + "|".join(
        rf"{re.escape(k)}{'s' if len(k) > 2 else ''}?"
        for k in sorted(_COUNTED, key=len, reverse=True)
    )
    + r")(?!\w)",
    re.I,
)
_PERCENT = re.compile(
    r"(?P<approx>gần|khoảng|hơn|trên|nearly|about|around|almost|over|more than|some)?\s*"
    rf"(?P<n>{_NUM})\s*(?:%|per ?cent\b|phần trăm\b)",
    re.I,
)


def parse_counts(text: str) -> list[Amount]:
    """Counted things ("12 major FDI projects", "over 58,000 workers", "six Japanese
    localities", "36.6 percent"), each in the unit it counts, in order. A year is no count.

    >>> [(a.value, a.unit) for a in parse_counts("12 major FDI projects and over 11 per cent")]
    [(12.0, 'project'), (11.0, 'percent')]
    """
    vi = is_vietnamese(text)
    out: list[tuple[int, Amount]] = []
    for m in _COUNT.finditer(text):
        raw = m.group("n")
        before = text[max(0, m.start("n") - 12) : m.start("n")]
        if (
            re.search(r"\d", m.group("between"))
            or re.fullmatch(r"(?:19|20)\d{2}", raw)
            or re.search(rf"(?:{_MON}|ngày|tháng)\s*$", before, re.I)  # "January 24": a date
            or re.search(r"\b(?:the|these|those|both|all)\s*$", before, re.I)  # "the two countries"
        ):
            continue
        value = (
            float(_NUMBER_WORDS[raw.lower()]) if raw.lower() in _NUMBER_WORDS else _number(raw, vi)
        )
        thing = m.group("thing").lower()
        unit = _COUNTED.get(thing) or _COUNTED[thing[:-1]]
        wording = m.group(0).strip()
        if m.group("approx"):
            wording = wording[len(m.group("approx")) :].strip()
        out.append((m.start("n"), Amount(value, unit, bool(m.group("approx")), None, wording)))
    for m in _PERCENT.finditer(text):
        wording = m.group(0).strip()
        if m.group("approx"):
            wording = wording[len(m.group("approx")) :].strip()
        amount = Amount(
            _number(m.group("n"), vi), "percent", bool(m.group("approx")), None, wording
        )
        out.append((m.start("n"), amount))
    return [a for _, a in sorted(out, key=lambda x: x[0])]


def parse_amount(text: str) -> Amount | None:
    """The first money amount in ``text``: value in units of its currency, and its range."""
    found = parse_amounts(text)
    return found[0] if found else None


def parse_amounts(text: str) -> list[Amount]:
    """Every money amount in ``text``, in order.

    >>> [a.value for a in parse_amounts("US$1.8 billion, up from US$301 million")]
    [1800000000.0, 301000000.0]
    """
    out: list[Amount] = []
    for m in _AMOUNT.finditer(text):
        cur = m.group("cur1") or m.group("cur2") or m.group("cur3") or m.group("cur4")
        if not cur or not (m.group("s1") or m.group("s2") or m.group("cur1") or m.group("cur2")):
            continue
        vi = bool(re.search(r"triệu|tỷ|tỉ|nghìn|ngàn|đô la|đồng", m.group(0)))
        scale2 = _SCALE.get((m.group("s2") or m.group("s1") or "").lower(), 1.0)
        scale1 = _SCALE.get((m.group("s1") or m.group("s2") or "").lower(), 1.0)
        value = round(_number(m.group("n1"), vi) * scale1, 4)
        high = round(_number(m.group("n2"), vi) * scale2, 4) if m.group("n2") else None
        wording = m.group(0).strip()
        if m.group("approx"):
            wording = wording[len(m.group("approx")) :].strip()
        out.append(Amount(value, _CUR[cur.lower()], bool(m.group("approx")), high, wording))
    return out
