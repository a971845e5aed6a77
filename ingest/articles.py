"""Articles (Vietnamese or English) into a batch: entities, engagements, dates and amounts.

Rules over the proper nouns that each language's tools find (``ingest/lang/``: underthesea's
tags for Vietnamese, capitals for English), not over every run of words. Per sentence:

1. mentions: the home (its names, and its bodies written without a name: "UBND thành phố",
   "the People's Committee"), people after a title or an honorific (the title kept apart from
   the name), organisations by their head ("Đại sứ quán ...", "... Corporation") or their
   acronym in parentheses, and proper nouns that name a country, a place the graph or GeoNames
   knows (only where written as a name, not a common word, and with its country named in the
   article or a cue such as "thành phố"), or anything else the graph holds;
2. engagement mentions from cue words: the kind (visit, meeting, agreement, event,
   investment), the status (planned where "sẽ", "will", "towards" come before the cue), the
   direction (who travelled where), the date (the sentence's, else the article's: its
   ``published:`` line, with a day and month taking that year) and the parties with roles;
   mentions of one event in an article are merged into one node;
3. amounts become indicators, linked to the country or company they are about.

What cannot be resolved with confidence goes to the review queue, and so does what the graph
cannot hold (a planned visit). An article is read within a time budget and with bounded
output: past either, a clear :class:`InputError` and nothing written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from graph.batch import Batch, Mention, NodeRow, ReviewRow
from graph.errors import InputError
from graph.schema import Model
from graph.settings import Settings
from graph.text import fold, slug
from ingest.lang import Lexicon, Token, lexicon_for, lexicons
from ingest.proposal import Party, Proposal
from ingest.reference import CITIES, COUNTRIES
from ingest.resolve import Candidate, Resolver
from ingest.textparse import (
    MONTH_NAMES,
    PartialDate,
    Sentence,
    date_from_url,
    find_date,
    is_vietnamese,
    parse_amounts,
    parse_counts,
    read_article,
    read_header,
    sentences,
)

__all__ = ["MAX_CHARS", "MAX_ENGAGEMENTS", "TIME_BUDGET", "article_batch", "article_source"]

MAX_CHARS = 300_000
"""A news article is a few thousand characters; a longer file is refused, not read for minutes."""
TIME_BUDGET = 60.0
"""Seconds one article may take to read (about 1 s per 1,000 words is usual)."""
MAX_ENGAGEMENTS = 60
"""Engagements one article may add; past that the rest wait in the review queue."""
MAX_SENTENCE = 1_200
"""Characters of one sentence that are read (a page without full stops is one "sentence")."""

_CONFIDENCE = {"graph": 0.95, "reference": 0.85, "fuzzy": 0.6}
"""How sure the reader is of an entity, by how it was found: a name the graph holds, a name of
the reference data (or a person after a title), one typo away."""
_BIG_CITY = 1_000_000
"""A city this large needs no cue nor its country named (the context check by population)."""
_COMMON_ZIPF = 4.0
"""A one-word name this frequent as a word of the language (wordfreq's Zipf scale: 4 is once
in 100,000 words) is a word, not a place, unless a cue says it is a place."""


@dataclass(frozen=True)
class _Kinds:
    """What the reader's rules ask of the schema (the model it reads with), in its labels."""

    actors: tuple[str, ...]
    """Who takes part in engagements."""
    places: tuple[str, ...]
    """What something may be located in (countries, cities and provinces): where a delegation
    goes, where a body is."""
    bodies: tuple[str, ...]
    """Bodies (organisations, companies): what goes by an acronym ("KOTRA") and by a head word."""
    position_rank: dict[str, int]
    """What a person may hold a position in, the narrowest first: a body (0), a place that lies
    in another place (1: a city), a place that lies in none (2: a country)."""
    measured: frozenset[str]
    """What an investment figure is of when the sentence names it: an investor (INVESTS_IN's
    from) that a figure may measure (MEASURES' to)."""


@lru_cache(maxsize=8)
def _kinds(model: Model) -> _Kinds:
    actors = model.actor_labels
    located = model.rel("LOCATED_IN")
    places = tuple(located.to_labels)

    def rank(label: str) -> int:
        return 0 if label not in places else 1 if label in located.from_labels else 2

    return _Kinds(
        actors=actors,
        places=places,
        bodies=tuple(n for n in actors if model.labels[n].acronyms),
        position_rank={n: rank(n) for n in model.rel("HOLDS_POSITION").to_labels},
        measured=frozenset(model.rel("INVESTS_IN").from_labels)
        & frozenset(model.rel("MEASURES").to_labels),
    )


@dataclass
class _Found:
    id: str
    label: str
    start: int
    end: int
    wording: str
    home: bool = False


@dataclass
class _Home:
    id: str
    label: str
    country: str
    names: list[str]
    props: dict[str, Any] | None
    name: str = ""
    """The name the graph (or the reference data) gives it: what the home is called."""


@dataclass
class _Mention:
    kind: str  # visit, meeting, agreement, event, investment
    status: str  # happened, signed, planned
    direction: str | None
    date: PartialDate | None
    parties: dict[str, str]  # id -> role
    sentence: Sentence
    cue: str
    online: bool = False
    event_kind: str | None = None
    document: str | None = None
    """The agreement's document as the sentence names it ("memorandum", "plan")."""
    existing: bool = False
    """An agreement named in passing: in force, signed at a time and place not said."""
    side: bool = False
    """A meeting of its own during a trip (on the sidelines, a courtesy call)."""


@dataclass
class _State:
    batch: Batch
    resolver: Resolver
    kinds: _Kinds
    lex: Lexicon
    home: _Home
    home_side: set[str]
    published: dt.date | None
    year: int | None
    text: str
    countries_named: set[str] = field(default_factory=set)
    nodes: dict[str, NodeRow] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    people: dict[str, list[str]] = field(default_factory=dict)
    reviewed: set[str] = field(default_factory=set)
    seen: list[tuple[Sentence, list[_Found]]] = field(default_factory=list)
    """Every sentence with the actors found in it, in the article's order."""
    positions: set[str] = field(default_factory=set)
    """People whose position is written already."""
    capitalised: set[str] = field(default_factory=set)
    """Words the article writes with a capital in mid-sentence (after a lower-case word)."""
    dateline_end: int = 0
    """Where the dateline ends in the text: what it names is no party."""
    at_home: str | None = None
    """"incoming" where the article's dateline is the home ("HẢI PHÒNG –"), "outgoing" where
    it is a foreign place ("Canberra (VNA) –"): where what it reports took place, unless it
    says otherwise."""
    url_date: PartialDate | None = None
    """When the page's address says it was published (no ``published:`` line)."""
    speakers: set[str] = field(default_factory=set)
    """People the article quotes ("X said"): they spoke at its main meeting."""
    deadline: float = 0.0
    path: Path = Path("article")
    review_below: float = 0.5


def article_source(text: str, *, path: Path, model: Model) -> NodeRow:
    """The Source node of an article: its title, language, URL and date of publication (from
    a ``url:`` / ``published:`` header or the page's metadata), text and hash, checked
    against ``model``."""
    meta, rest = read_header(text)
    title, body, page_meta = read_article(rest, path.suffix.lower())
    meta = {**page_meta, **meta}
    props: dict[str, Any] = {
        "id": f"article-{slug(path.stem)[:60] or 'untitled'}",
        "name": title or path.name,
        "kind": "article",
        "file": path.name,
        "language": "vi" if is_vietnamese(body) else "en",
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
        "text": body,
        "url": meta.get("url"),
        "publisher": meta.get("publisher"),
        "published": meta.get("published"),
    }
    props = {k: v for k, v in props.items() if v is not None}
    return NodeRow(label="Source", props=model.validate_node("Source", props))


def article_batch(
    text: str,
    *,
    path: Path,
    resolver: Resolver,
    home: str,
    home_side: set[str] | None = None,
    review_below: float = Settings.model_fields["review_below"].default,
    time_budget: float = TIME_BUDGET,
) -> Batch:
    """Read an article and extract what it says into a batch (see the module's docstring).
    ``home``: the home city's or province's id; ``home_side``: the home, its bodies and
    officials (ids), as the graph knows them; ``review_below``: the confidence under which a
    name waits for review instead of entering the graph. The labels it reads with are the
    resolver's model's (the store's)."""
    if len(text) > MAX_CHARS:
        raise InputError(
            f"{path}: {len(text):,} characters is more than an article may have "
            f"({MAX_CHARS:,}); split it into its articles, or give the data as records"
        )
    started = time.monotonic()
    source = article_source(text, path=path, model=resolver.model)
    body = source.props["text"]
    lex = lexicon_for(source.props["language"])
    the_home = _the_home(resolver, home)
    published = source.props.get("published")
    url_date = None if published else date_from_url(source.props.get("url"))
    years = [
        int(y)
        for y in re.findall(r"\b((?:19|20)\d{2})\b", body)
        if int(y) <= dt.date.today().year  # "trung hòa carbon vào năm 2050" is a target
    ]
    state = _State(
        batch=Batch(source=source, model=resolver.model),
        resolver=resolver,
        kinds=_kinds(resolver.model),
        lex=lex,
        home=the_home,
        home_side=(home_side or set()) | {the_home.id},
        published=published,
        year=published.year
        if published
        else url_date.date.year
        if url_date
        else _article_year(years, body),
        url_date=url_date,
        text=body,
        deadline=started + time_budget,
        path=path,
        review_below=review_below,
    )
    state.countries_named = _countries_named(body) | {the_home.country}
    state.at_home = _dateline(state, body)
    state.capitalised = set(re.findall(r"(?<=[a-zà-ỹ,] )([A-ZÀ-ỸĐ][\w’'-]*)", body)) - set(
        re.findall(r"(?<=[.!?] )([A-Z][\w’'-]*)", body)  # "... in Hanoi. The city"
    )
    mentions: list[_Mention] = []
    carried: tuple[int, PartialDate | None] | None = None
    for sent in sentences(body):
        _check_time(state)
        if len(sent.text) > MAX_SENTENCE:
            sent = Sentence(sent.text[:MAX_SENTENCE], sent.offset, sent.paragraph)
        found = _mentions(state, sent)
        clauses = _clauses(sent, found)
        # "Chiều 27-2, Đoàn ... do A; B và C dẫn đầu đã làm việc với ...": the date before a
        # semicolon holds for what follows it and gives none
        inherited = carried[1] if carried and carried[0] == sent.paragraph else None
        sent_date = _date(state, sent.text) or inherited
        carried = (sent.paragraph, sent_date) if sent.text.rstrip().endswith(";") else None
        for clause, in_clause in clauses:
            state.seen.append((clause, in_clause))
            mentions += _engagement_mentions(state, clause, in_clause, sent_date)
        _amounts(state, sent, found)
    _follow_on(lex, mentions)
    _write_engagements(state, _merge(state, mentions))
    return state.batch


_DATELINE = re.compile(
    r"^\s*((?:[A-ZÀ-ỸĐ][\w’'.]*\s?){1,4}?)\s*(?:\([A-Za-z.]{2,10}\)\s*)?[–—-]\s", re.M
)


def _dateline(state: _State, body: str) -> str | None:
    """Where the article was filed, from its dateline in the first lines ("HẢI PHÒNG – ",
    "Binh Duong (VNA) – "): the home, a foreign place, or not a place ("VOV.VN - ")."""
    for m in _DATELINE.finditer("\n".join(body.split("\n")[:4])):
        place = m.group(1).strip()
        if state.home.names and _names_pattern(tuple(state.home.names)).fullmatch(
            _fold_same_length(place.title() if place.isupper() else place)
        ):
            state.dateline_end = m.end()
            return "incoming"
        where = _place(state, place.title() if place.isupper() else place)
        if where is not None and not _domestic(state, _Found(where.id, where.label, 0, 0, "")):
            state.dateline_end = m.end()  # "Canberra (VNA) –" is where it was filed, no party
            return "outgoing"
    return None


def _follow_on(lex: Lexicon, mentions: list[_Mention]) -> None:
    """ "In 2022, the district received a delegation of X. The two sides signed an MoU.": a
    mention with no date of its own, in a sentence after a dated one in the same paragraph,
    happened then and there; what is planned "during the trip" is planned for the trip's
    dates."""
    last: _Mention | None = None
    for m in mentions:
        if m.date is not None:
            last = m
            continue
        if (
            last is None
            or m.existing
            or (m.status == "planned") != (last.status == "planned")
            or m.sentence.paragraph != last.sentence.paragraph
            or m.sentence.offset == last.sentence.offset
            or lex.occasion.match(m.sentence.text)
        ):
            continue
        m.date = last.date
        if m.direction is None and not m.online and last.direction in {"incoming", "outgoing"}:
            m.direction = last.direction


def _clauses(sent: Sentence, found: list[_Found]) -> list[tuple[Sentence, list[_Found]]]:
    """A sentence that lists several things with semicolons ("mời ... tham dự Hội nghị ...,
    diễn ra vào đầu tháng 4; mời ... tham dự Festival ... vào tháng 6; tổ chức đoàn ...") is
    read clause by clause: each its own engagement, status and date."""
    if ";" not in sent.text:
        return [(sent, found)]
    out = []
    pos = 0
    for part in sent.text.split(";"):
        start, end = pos, pos + len(part)
        pos = end + 1
        if not part.strip():
            continue
        clause = Sentence(part, sent.offset + start, sent.paragraph)
        inside = [
            replace(f, start=f.start - start, end=f.end - start)
            for f in found
            if start <= f.start and f.end <= end
        ]
        out.append((clause, inside))
    return out


def _check_time(state: _State) -> None:
    if time.monotonic() > state.deadline:
        raise InputError(
            f"{state.path}: reading this article took longer than its time budget "
            f"({TIME_BUDGET:.0f} s); nothing was written. Is it one article? Split it, or give "
            "the data as records"
        )


def _article_year(years: list[int], body: str = "") -> int | None:
    """The year the article is about, for an article without a publication date: the year of
    the first full date it gives ("Chiều 15-2-2023"), else one year that clearly dominates
    its mentions."""
    if full := re.search(r"\b\d{1,2}[/.-]\d{1,2}[/.-]((?:19|20)\d{2})\b", body):
        return int(full.group(1))
    months = re.findall(
        rf"(?:\b{_MONTH_WORDS}|tháng\s+\d{{1,2}})[\s/,-]+(?:năm\s+)?((?:19|20)\d{{2}})\b",
        body,
        re.I,
    )
    if months:  # "in October 2023": the latest month named with its year is the article's time
        return max(int(y) for y in months)
    if not years:
        return None
    if len(set(years)) == 1:
        return years[0]
    counts = sorted({y: years.count(y) for y in years}.items(), key=lambda kv: -kv[1])
    year, count = counts[0]
    runner_up = counts[1][1] if len(counts) > 1 else 0
    return year if count >= 2 and count >= 2 * runner_up else None


# -- the home ---------------------------------------------------------------------------------
_MONTH_WORDS = "(?:" + "|".join(m for m in MONTH_NAMES if len(m) > 3) + ")"


def _plain(text: str) -> str:
    """Without diacritics, case kept: "Bắc Ninh" -> "Bac Ninh"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _the_home(resolver: Resolver, home_id: str) -> _Home:
    """The home as the graph knows it, else from the reference data (a GeoNames city or an
    ISO 3166-2 province), else from its id alone."""
    country = home_id.rpartition("-")[2].upper()
    label = resolver.label_of(home_id)
    props = None
    if label is not None:
        names = resolver.names_of(home_id)
        country = resolver.country_of(home_id) or country
        name = names[0] if names else home_id  # the graph's name comes first
    elif (ref := CITIES.by_id(home_id)) is not None:
        label, names, country = "City", [ref.name, *ref.aliases], ref.country_code
        props = ref.props() | {"name": _plain(ref.name), "name_vi": ref.name}
        name = _plain(ref.name)
    else:
        label = "City"
        names = [home_id.rpartition("-")[0].replace("-", " ").title()]
        props = {"id": home_id, "name": names[0], "country_code": country}
        name = names[0]
    variants = []
    for n in names:
        base = n
        for lex in lexicons():  # the home's names are in every language
            base = lex.place_affix.sub("", base)
        variants += [n, base, _plain(base)]
        if " " in base:  # "Hai Phong" and "Haiphong", "Hà Nội" and "Hanoi"
            variants.append(_plain(base).replace(" ", ""))
    names = sorted({v for v in variants if len(fold(v)) >= 3}, key=len, reverse=True)
    return _Home(home_id, label, country, names, props, name)


def _ensure_home(state: _State, sent: Sentence, wording: str) -> None:
    if state.home.id in state.nodes:
        return
    home = state.home
    props = home.props or {"id": home.id, "name": home.name or home.id}
    cand = Candidate(home.id, home.label, str(props["name"]), "graph", props)
    _ensure_node(state, cand, sent, wording)


# -- folding with offsets kept ------------------------------------------------------------------
def _fold_same_length(text: str) -> str:
    """Lower case without diacritics, one character for one (so offsets hold)."""
    return "".join(_fold_char(c) for c in text)


@cache
def _fold_char(c: str) -> str:
    folded = fold(c) if c.strip() else " "
    return folded if len(folded) == 1 else c.lower()


@cache
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = sorted({_fold_same_length(n) for n in names if n}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, alternatives)) + r")(?!\w)")


# -- mentions ---------------------------------------------------------------------------------
def _countries_named(text: str) -> set[str]:
    """Countries the article names (any language, exact names), for the context check of
    places: a place counts when its country is named too."""
    folded = _fold_same_length(text)
    out = set()
    for name, code in COUNTRIES.names().items():
        if (
            len(name) >= 4
            and name in folded
            and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", folded)
        ):
            out.add(code)
    return out


def _mentions(state: _State, sent: Sentence) -> list[_Found]:
    lex = state.lex
    text = sent.text
    tokens = lex.tokens(text)
    if tokens and tokens[0].tag == "N" and tokens[0].text in state.capitalised:
        # a sentence's first word that the article writes with a capital mid-sentence too
        # ("Le Trung Kien said ...", "... Head of the Authority Tran Van Ba")
        first = tokens[0]
        tokens = [Token(first.text, first.start, first.end, "Np"), *tokens[1:]]
    found: list[_Found] = []

    def free(start: int, end: int) -> bool:
        return all(f.end <= start or end <= f.start for f in found)

    def keep(cand: Candidate, start: int, end: int, wording: str) -> None:
        if not free(start, end):
            return
        if cand.label == "City" and CITIES.within(cand.id, state.home.id):
            # "Kien An District", "huyện Cát Hải": a district of the home acts as the home
            if cue := state.lex.place_before.search(text, 0, start):
                start = cue.start()
            if kind := state.lex.district_after.match(text, end):
                end = kind.end()
            if free(start, end):
                _ensure_home(state, sent, text[start:end])
                found.append(
                    _Found(state.home.id, state.home.label, start, end, text[start:end], True)
                )
            return
        if cand.id not in state.nodes and _CONFIDENCE[cand.how] < state.review_below:
            _review(state, "ambiguous", cand.label, wording, sent, [cand.id])
            return
        _ensure_node(state, cand, sent, wording)
        home = cand.id in state.home_side
        if cand.label == "City" and (cue := state.lex.place_before.search(text, 0, start)):
            wording = text[cue.start() : end]  # "tỉnh Karlovy Vary", as the article says
        if cand.label == "City" and (kind := state.lex.place_after.match(text, end)):
            wording = text[end - len(wording) : kind.end()]  # "Uppsala City", "Gyeonggi Province"
        found.append(_Found(cand.id, cand.label, start, end, wording, home))

    # the home, by name and by its bodies
    folded = _fold_same_length(text)
    if state.home.names:
        for m in _names_pattern(tuple(state.home.names)).finditer(folded):
            if free(m.start(), m.end()):
                _ensure_home(state, sent, text[m.start() : m.end()])
                found.append(
                    _Found(
                        state.home.id,
                        state.home.label,
                        m.start(),
                        m.end(),
                        text[m.start() : m.end()],
                        True,
                    )
                )
    for m in lex.home_bodies.finditer(text):
        after = text[m.end() : m.end() + 40]
        nxt = next((t for t in tokens if t.start >= m.end()), None)
        names_other = (
            nxt is not None
            and nxt.start - m.end() <= 1
            and nxt.proper
            and not any(f.home and f.start == nxt.start for f in found)
            # "Tỉnh ủy Vân Nam": any name after a Vietnamese body's head is that body's
            and (lex.code == "vi" or _place(state, nxt.text) is not None)
        )
        if names_other:
            continue
        prev = next((t for t in reversed(tokens) if t.end <= m.start()), None)
        if (
            lex.code == "en"
            and prev is not None
            and m.start() - prev.end <= 1
            and prev.proper
            and not any(f.home and f.end == prev.end for f in found)
        ):
            continue  # "the Uppsala City People's Council": another place's council
        if of := state.lex.of_place.match(after):
            # "the People's Committee of <home>" is the home's; "of <another place>" is not
            rest = _fold_same_length(after[of.end() :])
            if not (state.home.names and _names_pattern(tuple(state.home.names)).match(rest)):
                continue
        if free(m.start(), m.end()):
            _ensure_home(state, sent, m.group(0))
            found.append(
                _Found(state.home.id, state.home.label, m.start(), m.end(), m.group(0), True)
            )
    _join_home_mentions(state.lex, text, found)
    _acronym_orgs(state, sent, keep)
    people = []
    for person in _people(state, text, tokens, [(f.start, f.end) for f in found]):
        if free(person.start, person.end):
            _person(state, sent, person, keep)
            people.append(person)
    _head_orgs(state, sent, tokens, keep, free)
    for start, end, run in _proper_runs(text, tokens):
        if free(start, end):
            _resolve_run(state, sent, run, keep, free)
            continue
        # a run that holds a name taken already ("<home> and Uppsala"): each untaken part as
        # a whole, never cut into smaller names ("Northern" of "... Northern Territory ...")
        parts: list[list[Token]] = [[]]
        for t in run:
            if free(t.start, t.end):
                parts[-1].append(t)
            elif parts[-1]:
                parts.append([])
        for part in parts:
            while part and not part[0].proper:
                part = part[1:]
            while part and not part[-1].proper:
                part = part[:-1]
            if part:
                wording = text[part[0].start : part[-1].end]
                cand = _name(state, wording, text, part[0].start, single=len(part) == 1)
                if cand is not None:
                    keep(cand, part[0].start, part[-1].end, wording)
    for person in people:
        _position(state, sent, person, found)
    _role_people(state, sent, found)
    return sorted(found, key=lambda f: f.start)


def _role_people(state: _State, sent: Sentence, found: list[_Found]) -> None:
    """A foreign office named without its holder ("Thủ tướng Belarus", "the Governor of
    Uppsala"): a person with ``named`` false and the office as written for a name, holding the
    position in that place. Only a foreign place's office with no name after it or before it;
    never the home's side, never an invented name."""
    text, lex = sent.text, state.lex
    people = [f for f in found if f.label == "Person"]
    places = [f for f in found if f.label in state.kinds.places and not f.home]
    for m in lex.titles.finditer(text):
        place = next((f for f in places if 0 <= f.start - m.end() <= 30), None)
        if place is None or _domestic(state, place) or place.id in state.home_side:
            continue
        gap = text[m.end() : place.start]
        of = lex.of_place.match(gap.lstrip())
        kind_of_place = lex.place_before.search(gap) or (of and of.end() == len(gap.lstrip()))
        if gap.strip() and not (lex.place_gap.fullmatch(gap) or kind_of_place):
            continue  # another body's name between the office and the place
        if re.match(r"\s*[A-ZÀ-ỸĐ]", text[place.end :]) or any(
            m.start() - 3 <= p.end <= m.start() or m.start() <= p.start <= place.end + 3
            for p in people
        ):
            continue  # a body or a name follows ("Uppsala County Council", "... Erik Holm")
        if place.id not in state.nodes or lex.delegation_after.match(text[place.end :]):
            continue  # "the head of the visiting Lao delegation": the delegation's, not Laos'
        head = fold(m.group(0))
        if any(
            head in fold(n.props.get("title") or n.props.get("title_vi") or "")
            for n in state.nodes.values()
            if n.label == "Person" and n.props.get("named")
        ):
            continue  # the article names who holds an office of that name: that is who
        wording = text[m.start() : place.end]
        person_id = slug(wording)[:80]
        # the office as the article writes it is the name (no holder's name to spell plainly)
        props: dict[str, Any] = {"id": person_id, "name": wording, "named": False}
        if lex.code == "vi":
            props |= {"title_vi": m.group(0), "name_vi": wording}
        else:
            props["title"] = m.group(0)
        cand = Candidate(person_id, "Person", props["name"], "reference", props)
        if _CONFIDENCE[cand.how] < state.review_below:
            _review(state, "new_entity", "Person", wording, sent, [])
            continue
        new = person_id not in state.nodes
        _ensure_node(state, cand, sent, wording)
        if new:
            state.batch.add_rel(
                "HOLDS_POSITION",
                from_label="Person",
                from_id=person_id,
                to_label=state.nodes[place.id].label,
                to_id=place.id,
                props={
                    "evidence": text,
                    "offset": sent.offset,
                    "title": m.group(0),
                    "wording": wording,
                },
            )
        found.append(_Found(person_id, "Person", m.start(), place.end, wording))


def _position(state: _State, sent: Sentence, hit: _PersonHit, found: list[_Found]) -> None:
    """A person's position in what the title names: the body ("Đại sứ quán", "Port
    Authority"), else the place or country ("Governor of Vientiane", "Đại sứ Belarus"); the
    home for a title of the home's bodies."""
    who = next((f for f in found if f.start == hit.start and f.label == "Person"), None)
    if who is None or not hit.title or who.id in state.positions:
        return
    inside = [
        f
        for f in found
        if f.id != who.id and hit.title_start <= f.start and f.end <= hit.title_end + 1
    ]
    rank = state.kinds.position_rank
    inside = sorted((f for f in inside if f.label in rank), key=lambda f: rank[f.label])
    target = inside[0] if inside else None
    if who.id in state.home_side and (target is None or target.label != "Organisation"):
        target = _Found(state.home.id, state.home.label, 0, 0, "")
        _ensure_home(state, sent, state.home.name)
    if target is None or target.id not in state.nodes:
        return
    state.positions.add(who.id)
    state.batch.add_rel(
        "HOLDS_POSITION",
        from_label="Person",
        from_id=who.id,
        to_label=state.nodes[target.id].label,
        to_id=target.id,
        props={
            "evidence": sent.text,
            "offset": sent.offset,
            "title": " ".join(hit.title.split())[:200],
            "wording": hit.title[:200],
        },
    )


def _join_home_mentions(lex: Lexicon, text: str, found: list[_Found]) -> None:
    """The home's body and its name written together ("Tỉnh ủy Lào Cai", "UBND tỉnh Bắc
    Ninh") are one mention, worded as the article words it; so is "tỉnh Quảng Ninh"."""
    found.sort(key=lambda f: f.start)
    i = 0
    while i < len(found):
        f = found[i]
        if f.home and (cue := lex.place_before.search(text, 0, f.start)) and cue.end() == f.start:
            f.wording = text[cue.start() : f.end]
        if i + 1 < len(found):
            g = found[i + 1]
            gap = text[f.end : g.start]
            if (
                f.home
                and g.home
                and f.id == g.id
                and (not gap.strip() or lex.place_gap.fullmatch(gap))
            ):
                # "lãnh đạo tỉnh Khánh Hòa": the province, its leaders being no body
                wording = lex.leaders.sub("", text[f.start : g.end])
                found[i] = replace(f, end=g.end, wording=wording)
                del found[i + 1]
                continue
        i += 1


def _proper_runs(text: str, tokens: list[Token]) -> list[tuple[int, int, list[Token]]]:
    """Maximal runs of proper-noun tokens; "of" and "of the" may join them ("Republic of
    Korea")."""
    runs: list[list[Token]] = []
    cur: list[Token] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.proper or (
            cur and t.text in {"of", "and", "&"} and i + 1 < len(tokens) and tokens[i + 1].proper
        ):
            cur.append(t)
        else:
            if cur:
                runs.append(cur)
            cur = []
        i += 1
    if cur:
        runs.append(cur)
    out = []
    for run in runs:
        while run and not run[-1].proper:
            run = run[:-1]
        if run:
            out.append((run[0].start, run[-1].end, run))
    return out


def _resolve_run(state: _State, sent: Sentence, run: list[Token], keep: Any, free: Any) -> None:
    """The longest sub-runs first, left to right: each names a country, a known place, a
    known person or body, or nothing."""
    text = sent.text
    n = len(run)
    i = 0
    while i < n:
        for j in range(n, i, -1):
            if not run[j - 1].proper or not run[i].proper:
                continue
            start, end = run[i].start, run[j - 1].end
            wording = text[start:end]
            if not free(start, end):
                continue
            cand = _name(state, wording, text, start, single=j - i == 1)
            if cand is not None:
                keep(cand, start, end, wording)
                i = j - 1
                break
        i += 1


def _name(state: _State, wording: str, text: str, start: int, *, single: bool) -> Candidate | None:
    key = fold(wording)
    if len(key) < 2 or key in state.lex.stop_names:
        return None
    if wording.isupper() and len(wording) <= 3 and "." not in wording:
        # "US" of "US$", "MW", "LG": a code is a country only where the graph calls it so
        hit = state.resolver.resolve(wording, ["Country", *state.kinds.bodies], fuzzy=False)
        if hit.status == "match" and hit.best.how == "graph" and hit.best.label != "Country":
            return hit.best
        ref = COUNTRIES._index.get(key)
        if ref is None and state.lex.the_before.search(text[max(0, start - 5) : start]):
            code = COUNTRIES.lookup(wording)  # "the US", "the UK", "the UAE": a country's code
            ref = code.iso2 if code is not None else None
        if ref and text[start + len(wording) : start + len(wording) + 1] != "$":
            return _country(state, ref)
        return None
    surname = _surname(state, wording)
    if surname is not None:
        return surname
    country = COUNTRIES.lookup(wording) if not wording.isupper() else None
    form = state.lex.state_form.search(text[:start])
    if country is None and form is not None:  # "Cộng hòa Czech": the state's form before it
        country = COUNTRIES.lookup(form.group(0) + wording)
    if country is not None:
        return _country(state, country.iso2)
    if (region := _compass_region(state, wording)) is not None:
        return region
    res = state.resolver.resolve(wording, [*state.kinds.actors], fuzzy=False)
    if res.status == "match":
        best = res.best
        if best.label != "City" or best.id in state.home_side:
            return best
        return best if _place_ok(state, best, wording, text, start, single=single) else None
    if res.status == "ambiguous":
        cities = [c for c in res.candidates if c.label == "City"]
        if ours := [c for c in cities if CITIES.within(c.id, state.home.id)]:
            return ours[0]  # the home's own district before a namesake elsewhere
        cands = [c for c in cities if _country_of(state, c) in state.countries_named]
        if len(cands) == 1 and _place_ok(state, cands[0], wording, text, start, single=single):
            return cands[0]
        if cands and not single:
            _review(
                state, "ambiguous", "City", wording, Sentence(text, 0, 0), [c.id for c in cands]
            )
        return None
    if len(key) >= 7 and not _common(wording, state.lex.code):
        # one typo in a place or a body the graph knows ("Roterdam"); never a country: their
        # names and translations are all known, and "Phan Van" is one letter from "Phần Lan"
        fuzzy = state.resolver.resolve(wording, ["City", *state.kinds.bodies])
        if fuzzy.status == "match":
            best = fuzzy.best
            if _country_of(state, best) in state.countries_named:
                return best
    if (
        len(key) >= 4
        and not _common(wording, state.lex.code)
        and _travellers_or_place(state, text, start)
    ):
        # "đoàn thành phố X", "a delegation from X", "visit to X": a place nobody knows yet.
        # A person decides what it is; nothing is invented.
        _review(state, "new_entity", "City", wording, Sentence(text, 0, 0), [])
    return None


def _compass_region(state: _State, wording: str) -> Candidate | None:
    """A region named by its direction and its country ("Bắc Australia"), as the reference
    data names it (the Northern Territory), with the article's name as an alias."""
    direction, _, rest = wording.partition(" ")
    words = state.lex.compass.get(fold(direction))
    country = COUNTRIES.lookup(rest) if words and rest else None
    ref = CITIES.by_compass(words or (), country.iso2) if country else None
    if ref is None:
        return None
    hit = state.resolver.resolve(ref.name, ["City"], country=ref.country_code, fuzzy=False)
    if hit.status == "match" and hit.best.how == "graph":
        return hit.best
    props = ref.props() | {"aliases": [*ref.aliases, wording], "name_vi": wording}
    return Candidate(ref.id, "City", ref.name, "reference", props)


def _travellers_or_place(state: _State, text: str, start: int) -> bool:
    """Whether the words right before ``start`` say who travelled or where to."""
    lex = state.lex
    window = max(0, start - 80)
    return any(
        m.end() == start
        for pattern in (lex.from_place, lex.travel_to)
        for m in pattern.finditer(text, window, start)
    )


def _country(state: _State, iso2: str) -> Candidate:
    ref = COUNTRIES.by_code[iso2]
    known = state.resolver.label_of(ref.id) is not None
    return Candidate(
        ref.id,
        "Country",
        ref.name,
        "graph" if known else "reference",
        None if known else ref.props(),
    )


def _country_of(state: _State, cand: Candidate) -> str | None:
    if cand.props and cand.props.get("country_code"):
        return str(cand.props["country_code"])
    return state.resolver.country_of(cand.id) or cand.id.rpartition("-")[2].upper()


def _place_ok(
    state: _State, cand: Candidate, wording: str, text: str, start: int, *, single: bool
) -> bool:
    """A gazetteer place counts where it is written as a name: not a common word of the
    language, and with a cue ("thành phố X", "X province") or its country named in the
    article."""
    before, after = text[max(0, start - 20) : start], text[start + len(wording) :]
    cued = bool(
        state.lex.city_cue.search(before)
        or state.lex.city_after.search(after)
        or (
            (not single or not _common(wording, state.lex.code))
            and _travellers_or_place(state, text, start)
        )
    )
    if single and _common(wording, state.lex.code) and not state.lex.city_cue.search(before):
        return False  # "Northern Territory" is not the Northern division of Fiji
    if len(fold(wording)) < 4 and not cued:
        return False
    big = int((cand.props or {}).get("population") or 0) >= _BIG_CITY
    return cued or big or _country_of(state, cand) in state.countries_named


def _common(word: str, language: str) -> bool:
    from wordfreq import zipf_frequency

    return (
        max(zipf_frequency(word.lower(), language), zipf_frequency(word.lower(), "en"))
        >= _COMMON_ZIPF
    )


def _place(state: _State, wording: str) -> Candidate | None:
    ref = COUNTRIES.lookup(wording)
    if ref is not None:
        return _country(state, ref.iso2)
    res = state.resolver.resolve(wording, state.kinds.places, fuzzy=False)
    return res.best if res.status == "match" else None


def _surname(state: _State, wording: str) -> Candidate | None:
    """ "Lee" after "Governor Lee Cheol Woo", "ông Quyền" after "Nguyễn Mạnh Quyền": the same
    person."""
    if " " in wording.strip():
        return None
    key = fold(wording)
    hits = [pid for pid, toks in state.people.items() if key in toks]
    if len(hits) == 1:
        return Candidate(hits[0], "Person", state.names[hits[0]], "graph")
    return None


def _ensure_node(state: _State, cand: Candidate, sent: Sentence, wording: str) -> None:
    if cand.id in state.nodes:
        return
    props = cand.props or {"id": cand.id, "name": cand.name}
    mention = Mention(
        evidence=sent.text, offset=sent.offset, wording=wording, confidence=_CONFIDENCE[cand.how]
    )
    state.nodes[cand.id] = state.batch.add_node(cand.label, props, mention)
    state.names[cand.id] = cand.name
    if cand.how == "graph" and cand.props is None:
        return
    names = [props.get("name"), props.get("name_vi"), *(props.get("aliases") or [])]
    state.resolver.add(cand.id, cand.label, cand.name, names, country=props.get("country_code"))
    country = COUNTRIES.by_code.get(str(props.get("country_code", "")).upper())
    if cand.label == "City" and country is not None:
        # a new city is placed in its country (GeoNames says which), so that the country's
        # history finds what happens there
        known = state.resolver.label_of(country.id) is not None
        place = Candidate(
            country.id,
            "Country",
            country.name,
            "graph" if known else "reference",
            None if known else country.props(),
        )
        if country.id not in state.nodes:
            _ensure_node(state, place, sent, country.name)
        state.batch.add_rel(
            "LOCATED_IN",
            from_label="City",
            from_id=cand.id,
            to_label="Country",
            to_id=country.id,
            props={
                "evidence": sent.text,
                "offset": sent.offset,
                "wording": f"{wording} ({country.iso2}, GeoNames)",
            },
        )


_ACRONYM_ORG = re.compile(
    r"(?P<name>(?:[A-ZÀ-ỸĐ][\w’'&.-]*)(?:\s+(?:[\w’'&.-]+)){1,11}?)\s*\((?P<acr>[A-Z][A-Za-z&.-]{1,11})\)"
)


def _acronym_orgs(state: _State, sent: Sentence, keep: Any) -> None:
    """ "Phòng Thương mại và Công nghiệp Việt Nam (VCCI)": an organisation and its acronym; the
    long name starts at a head word of the language where there is one (never 110 characters
    of a sentence)."""
    lex = state.lex
    for m in _ACRONYM_ORG.finditer(sent.text):
        long_name, acronym = m.group("name"), m.group("acr")
        known = state.resolver.resolve(acronym, state.kinds.bodies, fuzzy=False)
        if known.status == "match":
            start = m.start("acr")
            keep(known.best, start, start + len(acronym), acronym)
            continue
        heads = list(lex.org_before.finditer(long_name))
        prefix = sent.text[: m.start("acr") - 1].rstrip(" (")
        wider = [h for h in lex.org_before.finditer(prefix) if prefix[h.start()].isupper()]
        if (
            not heads
            and lex.code == "vi"
            and wider
            and len(prefix[wider[-1].start() :].split()) <= 20
        ):
            heads = [wider[-1]]
            long_name = prefix[wider[-1].start() :]
        elif heads:
            long_name = long_name[heads[0].start() :]
        elif lex.code == "en":
            words = long_name.split()
            # the capitalised words before the parenthesis: "... the Korea Trade-Investment
            # Promotion Agency (KOTRA)"
            k = len(words)
            while k > 0 and (words[k - 1][:1].isupper() or words[k - 1] in {"of", "and", "for"}):
                k -= 1
            long_name = " ".join(words[k:])
        else:
            continue
        if len(long_name.split()) < 2 or (not lex.org_after.search(long_name) and not heads):
            if COUNTRIES.lookup(long_name) is not None:
                continue
            if lex.code == "en" and not any(w[:1].isupper() for w in long_name.split()[1:]):
                continue
        start = sent.text.index(long_name)
        res = state.resolver.resolve(acronym, state.kinds.bodies, fuzzy=False)
        if res.status != "match":
            res = state.resolver.resolve(long_name, state.kinds.bodies, fuzzy=False)
        if res.status == "match":
            keep(res.best, start, m.end(), sent.text[start : m.end()])
            continue
        if COUNTRIES.lookup(long_name) is not None or _place(state, long_name) is not None:
            continue
        label = _body_label(state, long_name)
        props: dict[str, Any] = {"id": slug(acronym), "aliases": [acronym]}
        if lex.code == "vi":  # never invent an English name: the acronym stands for it
            props |= {"name": acronym, "name_vi": long_name}
        else:
            props |= {"name": long_name}
        keep(
            Candidate(props["id"], label, props["name"], "reference", props),
            start,
            m.end(),
            sent.text[start : m.end()],
        )


_VI_STOP_TAGS = {"V", "E", "C", "CH", "P", "R", "T", "L", "Cc"}


def _body_label(state: _State, name: str) -> str:
    """The kind of body its head says ("Tập đoàn", "Corporation": a company), else the kind
    of body the language gives no heads for (an organisation)."""
    heads = state.lex.body_heads
    bodies = state.kinds.bodies
    named = (b for b in bodies if b in heads and heads[b].search(name))
    return next(named, None) or next((b for b in bodies if b not in heads), bodies[-1])


def _field_word(lex: Lexicon, t: Token) -> bool:
    """A capitalised common word that names a body's field ("Thể thao", "Đầu tư"), not a
    place or a person (proper nouns), another body's head ("Sở", "Đại sứ quán") nor a title
    ("Bí thư")."""
    return (
        t.text[:1].isupper()
        and not t.proper
        and not lex.org_before.match(t.text)
        and not lex.titles.match(t.text)
    )


def _head_orgs(state: _State, sent: Sentence, tokens: list[Token], keep: Any, free: Any) -> None:
    """Organisations named by their head: "Đại sứ quán Belarus", "Tập đoàn LG" (Vietnamese:
    the head first, then nouns and proper nouns up to a verb or preposition); "Royal
    Netherlands Navy", "Port Authority of Oslo and Akershus" (English: a capitalised run
    that holds a head)."""
    lex = state.lex
    text = sent.text
    spans: list[tuple[int, int]] = []
    whose: dict[int, int] = {}
    """Where the name of a body that starts there ends, when it says whose it is."""
    if lex.code == "vi":
        for m in lex.org_before.finditer(text):
            if not text[m.start()].isupper():
                continue
            after = [t for t in tokens if t.start >= m.end()]
            end = m.end()
            taken = 0
            mission = lex.resident.match(text, m.start()) is not None
            joined = False
            for i, t in enumerate(after[:12]):
                nxt = after[i + 1] if i + 1 < len(after) else None
                if (
                    taken
                    and t.text in lex.name_joiners
                    and nxt is not None
                    and _field_word(lex, nxt)
                ):
                    # "Bộ Văn hóa, Thể thao và Du lịch": the fields of one body, listed
                    joined = True
                    continue
                if joined and _field_word(lex, t):
                    joined = False
                    end = t.end
                    taken += 1
                    continue
                if taken and t.text in lex.name_of:
                    # "Sở Công nghiệp, Thương mại và Du lịch của hạt Uppsala": whose body it
                    # is ends its name (a place, after at most two words of its kind)
                    place = next(
                        (
                            u
                            for u in after[i + 1 : i + 4]
                            if u.proper
                            and not any(
                                v.tag in _VI_STOP_TAGS for v in after[i + 1 : after.index(u)]
                            )
                        ),
                        None,
                    )
                    if place is not None:
                        whose[m.start()] = place.end  # its name; the place stays a mention
                    break
                # "Văn phòng X tại Y" is one name; a mission's place is read on its own below
                if t.tag in _VI_STOP_TAGS and not (t.text == "tại" and taken and not mission):
                    break
                if t.tag == "CH":
                    break
                end = t.end
                taken += 1
            if taken and (any(t.proper for t in after if t.end <= end) or m.start() in whose):
                spans.append((m.start(), end))
    else:
        for start, end, run in _proper_runs(text, tokens):
            wording = text[start:end]
            heads = list(lex.org_after.finditer(wording))
            if not heads:
                continue
            # the run up to its last head, without a leading title or home body
            cut = heads[-1].end()
            wording = wording[:cut]
            lead = 0
            for t in run:
                if fold(t.text) in lex.title_words or t.text in {"The", "the"}:
                    lead = t.end - start + 1
                else:
                    break
            if cut - lead >= 4:
                spans.append((start + lead, start + cut))
    for start, end in spans:
        wording = text[start:end].strip(" ,.")
        if not free(start, end) or len(wording.split()) < 2 or len(wording) > 90:
            continue
        if lex.home_bodies.fullmatch(wording) or lex.titles.fullmatch(wording):
            continue
        home_named = (
            _names_pattern(tuple(state.home.names)).search(_fold_same_length(wording))
            if state.home.names
            else None
        )
        res = state.resolver.resolve(wording, state.kinds.bodies, fuzzy=False)
        if res.status != "match" and (head := lex.org_before.match(wording)) is not None:
            res = state.resolver.resolve(  # "Tập đoàn Orsted" is the graph's "Orsted"
                wording[head.end() :].strip(), state.kinds.bodies, fuzzy=False
            )
        if res.status == "match":
            keep(res.best, start, start + len(wording), wording)
            continue
        if home_named and lex.body_words.search(wording):
            _ensure_home(state, sent, wording)  # the home's own body
            continue
        label = _body_label(state, wording)
        country = next((c for c in _countries_in(state, wording)), None)
        name, aliases = wording, []
        if start in whose:
            name, aliases = text[start : whose[start]], [wording]
        elif lex.resident.search(wording) and (
            where := _mission_place(state, text, start + len(wording))
        ):
            # "RoK Embassy in Vietnam", "Tổng Lãnh sự quán Lào tại TP.HCM": a mission is
            # named with where it is; the place stays a mention of its own
            name, aliases = f"{wording}{where}", [wording]
        if country and country != state.home.country:
            # "Đảng Lao động Triều Tiên": the country is named, and is an entity of the article
            _ensure_node(state, _country(state, country), sent, wording)
        props: dict[str, Any] = {"id": slug(name)[:80], "name": name}
        if aliases:
            props["aliases"] = aliases
        if lex.code == "vi":
            props["name_vi"] = name
        if country:
            props["country_code"] = country
        keep(
            Candidate(props["id"], label, name, "reference", props),
            start,
            start + len(wording),
            wording,
        )


def _mission_place(state: _State, text: str, end: int) -> str | None:
    """ " in Vietnam", " tại Thành phố Hồ Chí Minh": where the mission ending at ``end`` is,
    as written, when a country, a city or the home follows the language's word for it."""
    at = state.lex.mission_at.match(text, end)
    if at is None:
        return None
    place = re.match(r"(?:[A-ZÀ-ỸĐ][\w.’'-]*)(?:\s+[A-ZÀ-ỸĐ][\w.’'-]*){0,4}", text[at.end() :])
    if place is None:
        return None
    words = place.group(0).rstrip(".").split()
    for n in range(len(words), 0, -1):  # the longest run of capitalised words that is a place
        candidate = " ".join(words[:n])
        home = state.home.names and _names_pattern(tuple(state.home.names)).fullmatch(
            _fold_same_length(candidate)
        )
        if home or _place(state, candidate) is not None:
            return text[end : at.end()] + candidate
    return None


def _countries_in(state: _State, text: str) -> list[str]:
    return sorted(_countries_named(text))


@dataclass
class _PersonHit:
    name: str
    title: str
    start: int
    end: int
    title_start: int = 0
    title_end: int = 0


def _people(
    state: _State, text: str, tokens: list[Token], taken: list[tuple[int, int]]
) -> list[_PersonHit]:
    """People after a title ("Phó Chủ tịch UBND tỉnh Ninh Bình Trần Văn Ba", "Governor Lee
    Cheol Woo") or an honorific ("ngài X", "Mr. X"), and before a title in English ("X,
    Chairman of ..."). The title's body (places, bodies) is kept apart from the name."""
    lex = state.lex
    hits: list[_PersonHit] = []
    for pattern in (lex.titles, lex.honorifics):
        for m in pattern.finditer(text):
            after = [t for t in tokens if t.start >= m.end()]
            window: list[Token] = []
            for t in after[:16]:
                if t.tag == "CH" and t.text not in {"’", "'", "’s", "'s", "(", ")", "-"}:
                    break
                if lex.code == "vi" and t.tag in {"V", "C"}:
                    break
                if (
                    lex.code == "en"
                    and t.tag == "X"
                    and fold(t.text) not in lex.title_words | lex.title_body
                ):
                    break  # "the governor met Maria ...": a verb, not the title's body
                window.append(t)
            name = _first_name_run(state, window, taken)
            if name is None:
                continue
            prev = next((t for t in reversed(tokens) if t.end <= name[0].start), None)
            if (
                prev is not None
                and lex.org_before.fullmatch(prev.text)
                and prev.text not in {"Tổ chức", "Ban", "Hội", "Đảng"}  # also common nouns
            ):
                continue  # "Bí thư Tỉnh ủy Vân Nam": the body's name, not a person's
            first, last = name
            begin = m.start()
            body = next(
                (
                    b
                    for b in lex.home_bodies.finditer(text, max(0, begin - 60), begin)
                    if text[b.end() : begin].isspace()
                ),
                None,
            )
            if body is not None and lex.code == "en":
                begin = body.start()  # "the district People's Committee Chairman X"
            title = text[begin : first.start].strip(" ,")
            span = (begin, first.start)
            after_title = _title_after(lex, text, last.end)
            if after_title is not None and (pattern is lex.honorifics or not title):
                # "ông Trần Văn Ba, Chủ tịch UBND tỉnh Ninh Bình": the title follows
                title, span = text[after_title[0] : after_title[1]], after_title
            hits.append(
                _PersonHit(text[first.start : last.end], title, first.start, last.end, *span)
            )
    if lex.code == "vi":
        # "các đồng chí: Trần Văn Ba, Ủy viên Trung ương Đảng, Trưởng Ban ...; Lê Thị Hoa,
        # Bí thư Tỉnh ủy ...": a name (two syllables or more), a comma, a title
        for tok in tokens:
            if (
                tok.tag != "Np"
                or len(tok.text.split()) < 2
                or any(h.start == tok.start for h in hits)
            ):
                continue
            trailing = _title_after(lex, text, tok.end)
            if trailing is None or COUNTRIES.lookup(tok.text) or _place(state, tok.text):
                continue
            if lex.org_before.match(tok.text):
                continue  # "Ban Chấp hành Đảng X, Trưởng ban ...": a body's name ends a title
            tail = tok.text.split(" ", 1)[1]
            if lex.city_cue.search(text[max(0, tok.start - 20) : tok.start]) or (
                len(tail) >= 4 and _place(state, tail) is not None
            ):
                continue  # "tại tỉnh miền Tây Artemisa, ...": a place, not a person
            if _names_pattern(tuple(state.home.names)).fullmatch(_fold_same_length(tok.text)):
                continue
            hits.append(
                _PersonHit(tok.text, text[trailing[0] : trailing[1]], tok.start, tok.end, *trailing)
            )
    after_name = _titles_any_case(lex.titles.pattern)
    for m in lex.title_after_name.finditer(text):  # "X, the Governor of Y"
        if after_name.match(text, m.end()) is None:
            continue
        before = [tok for tok in tokens if tok.end <= m.start()]
        run: list[Token] = []
        for k in range(len(before) - 1, -1, -1):
            tok = before[k]
            if not tok.proper:
                if k == 0 and run and tok.tag == "N" and _name_start(tok.text):
                    # "Min Moon Ki, Commercial Attaché ...": the sentence's first word
                    # starts the name; "The", "During" never do
                    run.insert(0, Token(tok.text, tok.start, tok.end, "Np"))
                break
            run.insert(0, tok)
        name = _name_at_end(state, run, taken)
        if name is not None:
            first, last = name
            tail = text[m.end() : _title_end(lex, text, m.end())]
            hits.append(
                _PersonHit(
                    text[first.start : last.end],
                    tail.strip(),
                    first.start,
                    last.end,
                    m.end(),
                    m.end() + len(tail),
                )
            )
    return hits


def _title_after(lex: Lexicon, text: str, end: int) -> tuple[int, int] | None:
    """The span of a title written right after a name and a comma, up to the next comma."""
    m = re.match(r",\s+", text[end:])
    if m is None:
        return None
    start = end + m.end()
    if lead := lex.title_lead.match(text, start):
        start = lead.end()
    if _titles_any_case(lex.titles.pattern).match(text, start) is None:
        return None
    return start, _title_end(lex, text, start)


def _title_end(lex: Lexicon, text: str, start: int) -> int:
    """Where a title that starts at ``start`` ends: at the next comma (unless another title
    follows it), or where the sentence goes on."""
    titles = _titles_any_case(lex.titles.pattern)
    stop = start
    while True:  # "Ủy viên Trung ương Đảng, Trưởng Ban Liên lạc ...": titles one after another
        nxt = lex.title_end.search(text, stop)
        end_of = nxt.start() if nxt else len(text)
        # "Bí thư Tỉnh ủy Ninh Bình đón ông Erik Holm": the title ends where the sentence
        # goes on (a verb of receiving or saying, another person's honorific)
        cuts = [
            m.start()
            for p in (lex.honorifics, lex.receive, lex.speech)
            if (m := p.search(text, stop + 1, end_of)) is not None
        ]
        if cuts:
            return len(text[: min(cuts)].rstrip())
        stop = end_of
        more = re.match(r",\s+", text[stop:])
        if more is None or titles.match(text, stop + more.end()) is None:
            return stop
        stop += more.end()


def _name_start(word: str) -> bool:
    """A capitalised sentence-initial word that may start a name: not one of the language's
    most frequent words ("The", "During", "Both"; wordfreq's Zipf 5.5 and over)."""
    from wordfreq import zipf_frequency

    return word.isalpha() and zipf_frequency(word.lower(), "en") < 5.5


@cache
def _titles_any_case(pattern: str) -> re.Pattern[str]:
    """Titles after a name are written in lower case too: "Phan Van Mai, chairman of ..."."""
    return re.compile(pattern, re.I)


def _first_name_run(
    state: _State, window: list[Token], taken: list[tuple[int, int]]
) -> tuple[Token, Token] | None:
    """The first run of proper nouns in the window that is a name once the title words,
    places and bodies at its start are left out."""
    runs: list[list[Token]] = [[]]
    for t in window:
        if t.proper:
            runs[-1].append(t)
        elif runs[-1]:
            runs.append([])
    for run in runs:
        if run:
            name = _name_at_end(state, run, taken)
            if name is not None:
                return name
    return None


def _name_at_end(
    state: _State, window: list[Token], taken: list[tuple[int, int]]
) -> tuple[Token, Token] | None:
    """The last run of proper nouns in the window, without the title words, places and
    bodies at its start: the person's name, or None (a title with no name after it)."""
    lex = state.lex
    run: list[Token] = []
    for t in window:
        if t.proper:
            run.append(t)
        else:
            run = []
    # a body's name before the person's: "Fatherland Front Committee Tran Ngoc Thanh",
    # "Nordic Electronics Vietnam Co.Ltd Lars Lind"
    heads = [i for i, t in enumerate(run) if lex.org_after.search(t.text)]
    if heads and heads[-1] == len(run) - 1:
        return None  # "RoK Embassy", "Communist Party": a body, not a person
    if run and lex.place_word.fullmatch(run[-1].text):
        return None  # "the Mayor of Uppsala City": a place, the person unnamed
    if heads:
        run = run[heads[-1] + 1 :]
    # a country glued to the name in one word unit: "Đại sứ Belarus Uladzimir Baravikou"
    if run:
        words = run[0].text.split(" ")
        after = sum(len(t.text.split(" ")) for t in run[1:])
        for k in (2, 1):
            rest = " ".join(words[k:])
            if (
                k <= len(words)
                and len(words) - k + after >= 2
                and COUNTRIES.lookup(" ".join(words[:k])) is not None
            ):
                tail = [Token(rest, run[0].end - len(rest), run[0].end, run[0].tag)] if rest else []
                run = [*tail, *run[1:]]
                break
    # a place before the name: "Governor of Vientiane Sinlavong Khoutphaythoune" (a long
    # place name only: many surnames are also short place names, "Lee", "Tran", "Kim")
    if (
        lex.code == "en"
        and len(run) >= 3
        and len(fold(run[0].text)) >= 6
        and _place(state, run[0].text) is not None
    ):
        run = run[1:]
    while run:
        head = run[0]
        joined = " ".join(t.text for t in run)
        if (
            any(a < head.end and head.start < b for a, b in taken)
            or fold(head.text) in lex.title_words
            or fold(head.text).removesuffix("'s").removesuffix("’s") in lex.title_words
            or head.text.isupper()
            or all(w in lex.title_words for w in fold(head.text).split())
            or COUNTRIES.lookup(head.text) is not None
            or (
                lex.code == "vi"
                and sum(len(t.text.split(" ")) for t in run[1:]) >= 2
                and _place(state, head.text) is not None
            )
            or lex.titles.fullmatch(head.text)
            or _names_pattern(tuple(state.home.names)).fullmatch(_fold_same_length(head.text))
        ):
            run = run[1:]
            continue
        if _place(state, joined) is not None or COUNTRIES.lookup(joined) is not None:
            return None
        break
    if not run:
        return None
    words = " ".join(t.text for t in run).split()
    if lex.code == "vi" and len(words) < 2 and _surname(state, run[0].text) is None:
        return None
    if lex.code == "en" and len(words) == 1 and (_common(words[0], "en") or len(words[0]) < 3):
        return None
    return run[0], run[-1]


def _person(state: _State, sent: Sentence, hit: _PersonHit, keep: Any) -> None:
    same = _surname(state, hit.name)
    if same is not None:
        keep(same, hit.start, hit.end, hit.name)
        return
    res = state.resolver.resolve(hit.name, ["Person"], fuzzy=len(hit.name) >= 10)
    if res.status == "match":
        keep(res.best, hit.start, hit.end, hit.name)
        state.people.setdefault(res.best.id, fold(hit.name).split())
        return
    places_or_bodies = [*state.kinds.places, *state.kinds.bodies]
    if state.resolver.resolve(hit.name, places_or_bodies, fuzzy=False).status == "match":
        return
    props: dict[str, Any] = {"id": slug(hit.name), "name": _plain(hit.name), "named": True}
    title = " ".join(hit.title.split())[:200]
    if title:
        props |= {"title_vi": title} if state.lex.code == "vi" else {"title": title}
    if state.lex.code == "vi" or _plain(hit.name) != hit.name:
        props["name_vi"] = hit.name
    keep(
        Candidate(props["id"], "Person", props["name"], "reference", props),
        hit.start,
        hit.end,
        hit.name,
    )
    if props["id"] not in state.nodes:
        return  # waits for review
    state.people[props["id"]] = fold(hit.name).split()
    if _home_title(state, title):
        state.home_side.add(props["id"])


def _home_title(state: _State, title: str) -> bool:
    """A title of the home's bodies ("Chủ tịch UBND thành phố", "Vice Chairman of the
    People's Committee", "Secretary of Bac Ninh's Party Committee"), not one that names a
    foreign place ("consul general of Sweden in Ninh Binh")."""
    rest = title
    if state.home.names:  # the home's own names are not foreign places ("Can" of "Can Tho")
        folded = _fold_same_length(title)
        for m in reversed(list(_names_pattern(tuple(state.home.names)).finditer(folded))):
            rest = rest[: m.start()] + " " * (m.end() - m.start()) + rest[m.end() :]
    for t in state.lex.tokens(rest):
        if not t.proper or t.text.isupper():
            continue
        place = _place(state, t.text)
        if place is not None and not _domestic(state, _Found(place.id, place.label, 0, 0, "")):
            return False
    if state.lex.home_bodies.search(title):
        return True
    return bool(state.home.names) and bool(
        _names_pattern(tuple(state.home.names)).search(_fold_same_length(title))
    )


def _review(
    state: _State,
    kind: str,
    label: str | None,
    text: str,
    sent: Sentence,
    cands: list[str],
    proposal: str | None = None,
    *,
    ident: str | None = None,
) -> None:
    key = f"{kind}|{label}|{ident or fold(text)}"
    if key in state.reviewed:
        return
    state.reviewed.add(key)
    state.batch.reviews.append(
        ReviewRow(
            kind=kind,
            label=label,
            text=text,
            candidates=cands,
            evidence=sent.text,
            proposal=proposal,
            ident=ident,
        )
    )


# -- engagements ------------------------------------------------------------------------------
def _engagement_mentions(
    state: _State, sent: Sentence, found: list[_Found], sent_date: PartialDate | None = None
) -> list[_Mention]:
    lex = state.lex
    text = sent.text
    after_dateline = [f for f in found if sent.offset + f.end > state.dateline_end]
    actors = [f for f in after_dateline if f.label in state.kinds.actors]
    partners = [f for f in actors if not f.home and not _domestic(state, f)]
    home_here = any(f.home or f.id in state.home_side for f in actors)
    cues: dict[str, re.Match[str]] = {}
    for kind, pattern in lex.cues.items():
        found_cues = list(pattern.finditer(text))
        # "đoàn đại biểu tỉnh sẽ sang thăm Thụy Điển": the verb says the status, not the noun
        verbs = [c for c in found_cues if not lex.delegation_noun.search(c.group(0))]
        if found_cues:
            cues[kind] = (verbs or found_cues)[0]
    if "agreement" in cues and not lex.agreement_nouns.search(text):
        del cues["agreement"]
    existing = None
    if "agreement" not in cues and (existing := lex.agreement_between.search(text)):
        cues["agreement"] = existing  # "the co-operation programme between the two localities"
    if "investment" in cues:
        cues = {"investment": cues["investment"]}
    if "event" in cues and not (text[cues["event"].start()].isupper() or partners):
        del cues["event"]
    if not cues:
        return []
    reached = lex.agreement_reached.search(text)
    earlier = find_date(text[reached.end() : reached.end() + 30]) if reached else None
    if reached and earlier:  # "their MoU, signed in 2015": that date is the MoU's
        cut = reached.end() + len(earlier.wording) + 4
        date = _date(state, text[: reached.start()] + " " * (cut - reached.start()) + text[cut:])
    else:
        date = _date(state, text)
    date = date or sent_date
    online = bool(lex.online.search(text))
    speakers = _speakers(state, text, found)
    out = []
    for kind, m in cues.items():
        if (
            kind in {"visit", "meeting"}
            and "agreement" in cues
            and not lex.receive.search(text)
            and not (lex.delegation_noun.search(text) and partners)
        ):
            continue  # "signed during the visit": the agreement is the fact here
        if kind == "meeting" and "visit" in cues:
            continue
        alone = not (home_here and kind in {"visit", "meeting"}) and not (
            kind == "agreement"
            and (_status(lex, text, m) == "planned" or lex.both_sides.search(text))
        )
        if kind not in {"event", "investment"} and not partners and alone:
            continue
        # an agreement named in passing is in force, unless hoped for right before it ("hope
        # for the establishment of a formal twinning relationship between ...")
        status = (
            ("planned" if lex.planned.search(text, max(0, m.start() - 60), m.start()) else "signed")
            if m is existing
            else _status(lex, text, m)
        )
        when = None if m is existing else date
        if status == "planned":  # "sẽ thăm ... vào tháng 7": a plan's date follows its cue
            when = _date(state, text[m.end() :]) or date
        if kind == "agreement" and status != "planned":
            status = "signed"
        direction = None if online else _direction(state, text, actors, kind)
        if direction == "outgoing" and kind == "visit" and _mission_at_home(state, text, actors):
            kind, direction = "meeting", None  # a call on a consulate in the home city
        parties = _roles(state, text, actors, kind, m)
        for who, said in speakers:
            # "X said in April, the province signed ...": the fact X reports is not X's
            if said <= m.start() and any(
                said <= a.start < m.start() and a.id != who.id for a in actors
            ):
                parties.pop(who.id, None)
        if (
            not home_here
            and kind in {"agreement", "event", "investment", "visit", "meeting"}
            and partners
        ):
            pass
        event_kind = None
        if kind == "event":
            event_kind = next((k for k, p in lex.event_kinds if p.search(text)), "conference")
        side = kind in {"visit", "meeting"} and bool(lex.side_meeting.search(text))
        if kind in {"visit", "meeting"} and (
            online or side or (lex.resident.search(text) and not lex.delegation_noun.search(text))
        ):
            kind = "meeting"
        out.append(
            _Mention(
                kind,
                status,
                direction,
                when,
                parties,
                sent,
                m.group(0),
                online,
                event_kind,
                _document(lex, text, m) if kind == "agreement" else None,
                existing=m is existing,
                side=side,
            )
        )
    if reached and earlier:
        # "an MoU, signed in 2015": an agreement of its own
        out.append(
            _Mention(
                "agreement",
                "signed",
                None,
                earlier,
                {},
                sent,
                reached.group(0),
                document=_document(lex, text, reached),
                existing=True,
            )
        )
    return out


def _document(lex: Lexicon, text: str, cue: re.Match[str]) -> str | None:
    """The document signed: the one named first after the cue ("signed a Letter of Intent"),
    else the last one before it ("the MoU was signed")."""
    named = [(m.start(), kind) for kind, p in lex.documents for m in p.finditer(text)]
    after = [x for x in named if x[0] >= cue.start()]
    if after:
        return min(after)[1]
    before = [x for x in named if x[0] < cue.start()]
    return max(before)[1] if before else None


def _speakers(state: _State, text: str, found: list[_Found]) -> list[tuple[_Found, int]]:
    """The people quoted in a sentence, each with where the verb of saying ends: "X said",
    "X, the governor, stressed", "Chủ tịch UBND tỉnh Nguyễn Văn A cho biết"."""
    out = []
    for f in found:
        if f.label != "Person":
            continue
        verb = state.lex.speech.match(text, state.lex.after_name.match(text, f.end).end())  # type: ignore[union-attr]
        if verb is not None:
            out.append((f, verb.end()))
    return out


def _mission_at_home(state: _State, text: str, actors: list[_Found]) -> bool:
    """A foreign mission in the home ("Tổng Lãnh sự quán Thụy Điển tại tỉnh Ninh Bình", "the
    Consulate General of Laos in Ho Chi Minh City"): the home's delegation did not travel."""
    for m in state.lex.resident.finditer(text):
        for a in actors:
            if a.home and m.end() < a.start <= m.end() + 60:
                between = text[m.end() : a.start]
                if state.lex.located_in.search(between):
                    return True
    return False


def _domestic(state: _State, f: _Found) -> bool:
    """The home's own country, and the places and bodies of it that are not foreign."""
    if f.label == "Country":
        return f.id == state.home.country.lower()
    if f.label == "City":
        return (
            state.resolver.country_of(f.id) or f.id.rpartition("-")[2].upper()
        ) == state.home.country
    node = state.nodes.get(f.id)
    return node is not None and node.props.get("country_code") == state.home.country


def _status(lex: Lexicon, text: str, cue: re.Match[str]) -> str:
    """Planned when a word of intent stands in the same clause before the cue ("sẽ thăm",
    "will visit", "towards signing"), or right after it ("to be signed")."""
    clause_start = max(text.rfind(c, 0, cue.start()) for c in ",;:") + 1
    window = text[max(clause_start, cue.start() - 120) : cue.start()]
    if lex.listing.match(text[clause_start:]):
        # "will widen exchanges, including the Ninh Binh Days": the list is the verb's
        window = text[max(text.rfind(c, 0, clause_start - 1) for c in ";:") + 1 : cue.start()]
    if lex.planned.search(window) or lex.planned_after.match(text, cue.end()):
        return "planned"
    return "happened"


def _direction(state: _State, text: str, actors: list[_Found], kind: str) -> str | None:
    """Who travelled where: a delegation of the home, or travel to a foreign place, is
    outgoing; a foreign delegation, travel to the home, or the home receiving is incoming."""
    lex = state.lex

    def at(pos: int) -> _Found | None:
        return next((a for a in actors if pos <= a.start <= pos + 3), None)

    for m in lex.from_place.finditer(text):
        who = at(m.end())
        if who is not None:
            return "outgoing" if who.home or _domestic(state, who) else "incoming"
    for a in actors:  # "the Gyeongsangbuk delegation", "đoàn Hà Nội"
        if lex.delegation_after.match(text[a.end :]):
            return "outgoing" if a.home or _domestic(state, a) else "incoming"
    for a in actors:  # "the official Sweden visit": where they went
        if a.label in state.kinds.places and lex.place_visited.match(text, a.end):
            return "incoming" if a.home or _domestic(state, a) else "outgoing"
    for m in lex.travel_to.finditer(text):
        if any(
            a.label == "Organisation" and m.start() - 1 <= a.end <= m.start()
            for a in actors
            if lex.resident.search(a.wording)
        ):
            continue  # "Đại sứ quán Việt Nam tại Trung Quốc": where the mission is, not a trip
        where = at(m.end())
        if where is not None and where.label in state.kinds.places:
            if where.home or _domestic(state, where):
                return "incoming"
            return "outgoing"
    if lex.received_by.search(text):
        first = next((a for a in actors), None)
        return "outgoing" if first is not None and first.home else "incoming"
    if lex.receive.search(text):
        return "incoming"
    if kind == "agreement" and lex.signed_here.search(text) and any(a.home for a in actors):
        return "incoming"  # the home holds the signing
    if kind in {"visit", "meeting"} and any(a.home for a in actors):
        return "home"  # the home meets someone: where, the article's trip says (else at home)
    if (
        kind in {"visit", "meeting", "agreement"}
        and lex.delegation_start.match(text)
        and any(a.label in state.kinds.places and not _domestic(state, a) for a in actors)
    ):
        return "delegation"  # "the delegation" of the article: its direction is the trip's
    return None


def _roles(
    state: _State, text: str, actors: list[_Found], kind: str, cue: re.Match[str]
) -> dict[str, str]:
    lex = state.lex
    witness = lex.witness.search(text)
    receive = lex.receive.search(text)
    out: dict[str, str] = {}
    for a in actors:
        home = a.home or a.id in state.home_side
        if not home and a.label in state.kinds.places and _domestic(state, a):
            continue
        if kind == "agreement":
            role = (
                "participant"
                if witness and a.start > witness.start() and a.label == "Person"
                else "signatory"
            )
        elif kind in {"visit", "meeting"}:
            role = "host" if home else "guest"
            if (
                receive
                and not home
                and a.start < receive.start()
                and not lex.received_by.search(text)
            ):
                role = "host"
        elif kind == "event":
            role = "organiser" if home and lex.organised.search(text) else "participant"
        else:
            role = "investor" if not home else "host"
        out.setdefault(a.id, role)
    return out


def _date(state: _State, text: str) -> PartialDate | None:
    return find_date(text, default_year=state.year, published=state.published)


def _merge(state: _State, mentions: list[_Mention]) -> list[list[_Mention]]:
    """Mentions of one event in an article become one engagement: the same kind (a visit and
    its meetings are one), the same status, no two directions, partner places that overlap
    (people and bodies of no known place join: "During the meeting, Mai ...", "Meanwhile,
    the ship's commander ..."), and dates that agree."""
    groups: list[list[_Mention]] = []
    for m in mentions:
        key = "visit" if m.kind in {"visit", "meeting"} else m.kind
        for g in groups:
            first = g[0]
            gkey = "visit" if first.kind in {"visit", "meeting"} else first.kind
            if gkey != key or first.status != m.status:
                continue
            documents = {x.document for x in [*g, m]} - {None}
            if len(documents) > 1:
                continue
            if any(x.side for x in g) != m.side:
                continue  # a side meeting is not one of the trip's sessions
            directions = {x.direction for x in [*g, m]} - {None, "delegation", "home"}
            if len(directions) > 1:
                continue
            if (
                first.kind != m.kind
                and (first.kind == "meeting") != (m.kind == "meeting")
                and m.online
            ):
                continue
            dates = [x.date for x in g if x.date] + ([m.date] if m.date else [])
            if not _dates_agree(dates):
                continue
            ours = {k for x in g for p in x.parties for k in _places(state, p)}
            theirs = {k for p in m.parties for k in _places(state, p)}
            if ours and theirs and not ours & theirs:
                continue
            g.append(m)
            break
        else:
            groups.append([m])
    return groups


def _places(state: _State, node_id: str) -> set[str]:
    """The foreign places a party stands for: a country, a city and its country, a body of a
    known country; none for the home side and for people."""
    node = state.nodes.get(node_id)
    if node is None or node_id in state.home_side or node.label == "Person":
        return set()
    keys = {node_id} if node.label in state.kinds.places else set()
    code = node.props.get("country_code") or node.props.get("iso2")
    if code and str(code).upper() != state.home.country:
        keys.add(str(code).lower())
    return keys


def _dates_agree(dates: list[PartialDate]) -> bool:
    """One year, one month (where the month is given), at most two days: the mentions of
    one event ("signed in April" is not the MoU of August)."""
    keys = {_iso(d)[:4] for d in dates}
    if len(keys) > 1:
        return False
    if len({_iso(d)[:7] for d in dates if d.precision != "year"}) > 1:
        return False
    days = {_iso(d) for d in dates if d.precision == "day"}
    return len(days) <= 2


def _iso(d: PartialDate) -> str:
    return d.date.isoformat()[: {"day": 10, "month": 7, "year": 4}[d.precision]]


def _write_engagements(state: _State, groups: list[list[_Mention]]) -> None:
    """Each group of mentions (one event) into one engagement, or one review item, at most
    :data:`MAX_ENGAGEMENTS`: what the article says of its main trip (its date, who travelled,
    its lead partners) fills in what an engagement's own sentences leave out."""
    fallback = _fallback_date(state, groups)
    visit_direction = _visit_direction(groups)
    lead = _lead_partners(state, groups)
    _context_parties(state, groups)
    days = _trip_days(groups)
    written = 0
    for g in groups:
        if _errand_of_the_trip(state, g, days):
            continue
        _join_the_lead(state, g, lead)
        if written >= MAX_ENGAGEMENTS:
            _review(
                state,
                "capped",
                None,
                f"{len(groups) - written} more engagements",
                g[0].sentence,
                [],
                f"an article adds at most {MAX_ENGAGEMENTS} engagements; check it is one article",
            )
            break
        written += _write_engagement(state, g, fallback, visit_direction)


def _fallback_date(state: _State, groups: list[list[_Mention]]) -> PartialDate | None:
    """The date of an engagement whose sentences give none: the article's first full date,
    else the month it was published (its ``published:`` line, else its address), else its
    year."""
    for m in (m for g in groups for m in g):
        if m.date and m.date.precision == "day":
            return m.date
    if state.published:
        return PartialDate(state.published.replace(day=1), "month", str(state.published))
    if state.url_date:
        return PartialDate(state.url_date.date.replace(day=1), "month", state.url_date.wording)
    if state.year:
        return PartialDate(dt.date(state.year, 1, 1), "year", str(state.year))
    return None


def _visit_direction(groups: list[list[_Mention]]) -> str | None:
    """Which way the article's trip went: the first visit that happened and says where, else
    the first visit or meeting that happened with the home ("the city received", incoming) or
    "the delegation" (the home's, outgoing)."""
    happened = [m for g in groups for m in g if m.status == "happened"]
    said = (m.direction for m in happened if m.kind == "visit")
    implied = (
        {"home": "incoming", "delegation": "outgoing"}[m.direction]
        for m in happened
        if m.kind in {"visit", "meeting"} and m.direction in {"home", "delegation"}
    )
    return next((d for d in said if d not in {None, "delegation", "home"}), None) or next(
        implied, None
    )


def _lead_partners(state: _State, groups: list[list[_Mention]]) -> dict[str, str]:
    """The parties not of the home side (id → role) of the first engagement that has any."""
    for g in groups:
        if _own_partner(state, g):
            return {p: r for m in g for p, r in m.parties.items() if p not in state.home_side}
    return {}


def _own_partner(state: _State, g: list[_Mention]) -> bool:
    """Whether the engagement's sentences name a party not of the home side."""
    return any(p not in state.home_side for m in g for p in m.parties)


def _trip_days(groups: list[list[_Mention]]) -> set[str]:
    """The days of the visits that happened, as their sentences date them."""
    return {
        _iso(m.date)
        for g in groups
        for m in g
        if m.kind == "visit" and m.status == "happened" and m.date and m.date.precision == "day"
    }


def _errand_of_the_trip(state: _State, g: list[_Mention], days: set[str]) -> bool:
    """A visit or meeting planned on a day of the trip with no partner of its own ("the crew
    is scheduled to visit the museum"): part of the trip, not an engagement of its own."""
    return (
        g[0].kind in {"visit", "meeting"}
        and g[0].status == "planned"
        and not _own_partner(state, g)
        and any(m.date and _iso(m.date) in days for m in g)
    )


def _join_the_lead(state: _State, g: list[_Mention], lead: dict[str, str]) -> None:
    """An engagement that names no partner of its own is with the article's lead partners, and
    so is an agreement of "the two sides" (who sign it)."""
    sides = g[0].kind == "agreement" and any(
        state.lex.both_sides.search(m.sentence.text) for m in g
    )
    if not _own_partner(state, g) or sides:
        for p, r in lead.items():
            g[0].parties.setdefault(p, "signatory" if g[0].kind == "agreement" else r)


def _wording(state: _State, g: list[_Mention], pid: str) -> str | None:
    """How the engagement's sentences name a party: the longest wording ("Sở Ngoại vụ Khánh
    Hòa" for the home, "tỉnh Karlovy Vary"), else how the article first named it."""
    offsets = {m.sentence.offset for m in g}
    words = [f.wording for sent, found in state.seen for f in found if f.id == pid]
    near = [
        f.wording
        for sent, found in state.seen
        if sent.offset in offsets
        for f in found
        if f.id == pid
    ]
    said = near or words or [""]
    # a name before a bare body: "Kien An District" rather than "People's Committee"
    named = [w for w in said if not state.lex.home_bodies.fullmatch(w.strip())]
    return max(named or said, key=len) or None


def _context_parties(state: _State, groups: list[list[_Mention]]) -> None:
    """Who the article's main engagement involves beyond the sentences holding its cue words:
    the people and bodies named in sentences that cue nothing ("The delegation included ...",
    "Also attending were ..."), and the places named in its own paragraphs. Sentences that
    state figures are about something else (the investors of a year)."""
    if not groups:
        return
    main = next(
        (g for g in groups if g[0].kind in {"visit", "meeting"} and g[0].status == "happened"),
        None,
    ) or next((g for g in groups if g[0].status != "planned"), groups[0])
    used = {m.sentence.offset for g in groups for m in g}
    paragraphs = {m.sentence.paragraph for m in main} | {0}
    extra: dict[str, str] = {}
    for sent, found in state.seen:
        if sent.offset in used or (
            state.lex.investment_words.search(sent.text) and re.search(r"\d", sent.text)
        ):
            continue
        for f in found:
            home = f.home or f.id in state.home_side
            if f.label not in state.kinds.actors or (not home and _domestic(state, f)):
                continue
            if f.label in state.kinds.places and sent.paragraph not in paragraphs:
                continue
            extra.setdefault(f.id, "host" if home else "guest")
    for sent, found in state.seen:  # who is quoted spoke at the main meeting
        if sent.offset in {m.sentence.offset for m in main}:
            continue
        for f, _ in _speakers(state, sent.text, found):
            extra.setdefault(f.id, "host" if f.home or f.id in state.home_side else "guest")
    for pid, role in extra.items():
        main[0].parties.setdefault(pid, role)


def _engagement_confidence(
    state: _State, g: list[_Mention], explicit_direction: bool, date: PartialDate | None
) -> float:
    """How sure the reader is of an engagement: a cue word alone is 0.5; a partner named in
    its own sentences, a date, a direction the text says, and more than one mention each add
    to it. No date where one is expected (something that happened, not named in passing) takes
    from it: on the dev set, 4 of 12 undated engagements were right against 40 of 45 dated
    ones (docs/benchmarks.md, session 7), so an officer who sets the review threshold sees
    those first."""
    offsets = {m.sentence.offset for m in g}
    partner_named = any(
        f.label in state.kinds.actors and not f.home and f.id not in state.home_side
        for sent, found in state.seen
        if sent.offset in offsets
        for f in found
    )
    expected = g[0].status != "planned" and not all(m.existing for m in g)
    dated = 0.1 if date else -0.2 if expected else 0.0
    score = 0.5 + 0.2 * partner_named + dated + 0.1 * explicit_direction + 0.1 * (len(g) > 1)
    return round(max(0.1, min(1.0, score)), 2)


def _write_engagement(
    state: _State, g: list[_Mention], fallback: PartialDate | None, visit_direction: str | None
) -> int:
    """One event's mentions into one engagement node with its parties (1), or into the review
    queue when the reader is not sure enough of it, or nothing when it has no partner (0)."""
    kind = _kind(g)
    date = _engagement_date(g, fallback)
    direction, explicit_direction = _engagement_direction(state, g, kind, visit_direction)
    parties = _parties(state, g, kind, direction)
    partner_ids = [p for p in parties if p not in state.home_side]
    if kind in {"visit", "meeting", "agreement"} and not partner_ids:
        return 0
    label = _LABEL_OF_KIND[kind]
    props = _kind_props(state, g, kind, label, direction)
    props |= _identity(state, g, kind, label, date, partner_ids)
    props = {k: v for k, v in props.items() if v is not None}
    confidence = _engagement_confidence(state, g, explicit_direction, date)
    if state.home.id in parties:
        _ensure_home(state, g[0].sentence, state.home.name or state.home.id)
    proposal = _proposal(state, g, label, props, parties, confidence)
    if confidence < state.review_below:
        # not sure enough: an officer accepts, corrects or rejects it on /review
        _review(
            state,
            "engagement",
            label,
            props["name"],
            max((m.sentence for m in g), key=lambda x: len(x.text)),  # the fullest account
            partner_ids,
            proposal.to_json(),
            ident=props["id"],
        )
        return 0
    proposal.write(state.batch)
    return 1


_LABEL_OF_KIND = {
    "visit": "Visit",
    "meeting": "Event",
    "agreement": "Agreement",
    "event": "Event",
    "investment": "Event",
}
"""The node an engagement of each kind is."""


def _kind(g: list[_Mention]) -> str:
    """Meetings with no visit among them are a meeting; else the first mention's kind (a
    visit merged with its meetings, the first of them the visit, is the visit)."""
    if any(m.kind == "meeting" for m in g) and not any(m.kind == "visit" for m in g):
        return "meeting"
    return g[0].kind


def _engagement_date(g: list[_Mention], fallback: PartialDate | None) -> PartialDate | None:
    """The most precise date its sentences give, else the article's (``fallback``) unless it
    is planned or named in passing (no date is then expected)."""
    dated = [m.date for m in g if m.date]
    if dated:
        return max(dated, key=lambda d: {"day": 3, "month": 2, "year": 1}[d.precision])
    if g[0].status != "planned" and not all(m.existing for m in g):
        return fallback
    return None


def _engagement_direction(
    state: _State, g: list[_Mention], kind: str, visit_direction: str | None
) -> tuple[str | None, bool]:
    """Which way it went, and whether its sentences say so. Else: the article's delegation
    went out and the home's guests came in (as the trip went, if it did); a side meeting and
    an agreement signed are where the trip, or the dateline, is; an event is held at home
    unless the text says where abroad. Where an agreement not yet signed will be signed is
    not known."""
    first = g[0]
    direction = next(
        (m.direction for m in g if m.direction not in {None, "delegation", "home"}), None
    )
    explicit = direction is not None
    if direction is None and any(m.direction == "delegation" for m in g):
        direction = visit_direction or "outgoing"  # the article's delegation: the home's
    if direction is None and any(m.direction == "home" for m in g):
        direction = visit_direction or "incoming"
    if direction is None and all(m.side for m in g) and not first.online:
        direction = visit_direction  # a side meeting of the trip is where the trip is
    in_passing = all(m.existing for m in g)
    if kind == "agreement" and direction is None and not first.online and not in_passing:
        direction = visit_direction or state.at_home
    if kind == "agreement" and first.status == "planned":
        direction = None
    if kind == "event" and direction is None and not first.online:
        direction = "incoming"
    return direction, explicit


def _parties(state: _State, g: list[_Mention], kind: str, direction: str | None) -> dict[str, str]:
    """Who took part (id → role), as its sentences first name each, the home among them unless
    they name its side (the article is the home's); who travelled decides a visit's roles,
    and those who take part in an agreement sign it."""
    parties: dict[str, str] = {}
    for m in g:
        for pid, role in m.parties.items():
            parties.setdefault(pid, role)
    if not any(p in state.home_side for p in parties):
        parties[state.home.id] = "participant"
    if kind == "visit" and direction in {"incoming", "outgoing"}:
        # the home hosts a visit to it, its delegation travels on a visit abroad
        for pid in parties:
            home = pid in state.home_side
            parties[pid] = (
                ("host" if home else "guest")
                if direction == "incoming"
                else ("delegation" if home else "host")
            )
    elif kind == "agreement":
        for pid, role in parties.items():
            if role != "participant" or pid == state.home.id:
                parties[pid] = "signatory"
    return parties


def _kind_props(
    state: _State, g: list[_Mention], kind: str, label: str, direction: str | None
) -> dict[str, Any]:
    """What its kind says of it: a visit's direction, an agreement's kind and status, an
    event's kind, the CAMEO code; the status and direction where the label has them."""
    first = g[0]
    props: dict[str, Any] = {}
    if kind == "visit":
        if direction in {"incoming", "outgoing"}:
            props |= {"direction": direction, "cameo": "042" if direction == "outgoing" else "043"}
    elif kind == "agreement":
        props |= {
            "kind": _agreement_kind(state, g),
            "status": "proposed" if first.status == "planned" else "signed",
            "cameo": "057",
        }
    elif kind == "meeting":
        props |= {"kind": "meeting"}
    elif kind == "event":
        props |= {"kind": first.event_kind or "conference"}
    else:
        props |= {"kind": "investment", "cameo": "061"}  # licences handed to investors
    # what the schema may not hold yet: kept where it does
    schema = state.resolver.model.labels[label].properties
    if "status" in schema and kind != "agreement":
        props["status"] = first.status
    if "direction" in schema and kind != "visit" and direction:
        props["direction"] = direction
    return props


def _agreement_kind(state: _State, g: list[_Mention]) -> str:
    lowered = " ".join(m.sentence.text for m in g).lower()
    if state.lex.twinning.search(lowered):
        return "twinning"
    return "mou" if state.lex.memorandum.search(lowered) else "cooperation"


def _identity(
    state: _State,
    g: list[_Mention],
    kind: str,
    label: str,
    date: PartialDate | None,
    partner_ids: list[str],
) -> dict[str, Any]:
    """Its id (kind, date, partners, and a digest of the source and sentence), its name (its
    kind and partners, else the home), its first sentence as the description, and its date."""
    first = g[0]
    names = ", ".join(dict.fromkeys(state.names.get(p, p) for p in partner_ids)) or state.names.get(
        state.home.id, state.home.id
    )
    digest = hashlib.sha1(
        f"{state.batch.source.id}|{first.sentence.offset}|{kind}".encode()
    ).hexdigest()[:6]
    when = _iso(date) if date else "undated"
    title = {
        "visit": "Visit",
        "meeting": "Meeting",
        "agreement": "Agreement",
        "event": (first.event_kind or "event").capitalize(),
        "investment": "Investment",
    }[kind]
    props: dict[str, Any] = {
        "id": f"{label.lower()}-{when}-{slug(names)[:40]}-{digest}".replace("--", "-"),
        "name": f"{title}: {names}"[:200],
        "description": first.sentence.text[:500],
    }
    if state.lex.code == "vi":
        text = first.sentence.text
        props["name_vi"] = text[:120] + ("…" if len(text) > 120 else "")
    if date:
        props |= {"date": date.date, "date_precision": date.precision}
    return props


def _proposal(
    state: _State,
    g: list[_Mention],
    label: str,
    props: dict[str, Any],
    parties: dict[str, str],
    confidence: float,
) -> Proposal:
    """The engagement as written or reviewed: the node, one mention per sentence, and each
    party with the sentence that names it; a party its sentences do not name (the article's
    lead, the home) is less sure."""
    offsets = {m.sentence.offset for m in g}
    named = {f.id for sent, found in state.seen if sent.offset in offsets for f in found}
    return Proposal(
        label=label,
        props=state.resolver.model.validate_node(label, props),
        mentions=[
            Mention(
                evidence=m.sentence.text,
                offset=m.sentence.offset,
                wording=m.date.wording if m.date else None,
                confidence=confidence,
            )
            for i, m in enumerate(g)
            if i == 0 or m.sentence.offset != g[i - 1].sentence.offset
        ],
        parties=[
            Party(
                id=pid,
                label=state.nodes[pid].label,
                role=role,
                evidence=(m := next((x for x in g if pid in x.parties), g[0])).sentence.text,
                offset=m.sentence.offset,
                wording=_wording(state, g, pid) or state.names.get(pid),
                confidence=confidence if pid in named else round(confidence - 0.2, 2),
            )
            for pid, role in parties.items()
            if pid in state.nodes
        ],
    )


# -- amounts ----------------------------------------------------------------------------------


def _amounts(state: _State, sent: Sentence, found: list[_Found]) -> None:
    if not state.lex.investment_words.search(sent.text):
        return
    money = parse_amounts(sent.text)
    for amount in [*money, *parse_counts(sent.text)]:
        date = _date(state, sent.text)
        digest = hashlib.sha1(
            f"{state.batch.source.id}|{sent.offset}|{amount.wording}".encode()
        ).hexdigest()[:6]
        foreign = bool(state.lex.foreign_words.search(sent.text))
        if amount in money:
            metric = "fdi_attracted" if foreign else "investment"
            title = "FDI attracted" if foreign else "Investment"
        else:  # a count: "12 FDI projects", "58,000 workers", "70 per cent"
            metric = ("fdi_" if foreign else "") + slug(amount.unit).replace("-", "_") + "_count"
            title = (
                f"{'FDI ' if foreign else ''}{amount.unit}s"
                if amount.unit != "percent"
                else "Share"
            )
        props: dict[str, Any] = {
            "id": f"{metric.replace('_', '-')}-{digest}",
            "name": title + (f" ({date.date.year})" if date else ""),
            "metric": metric,
            "value": amount.value,
            "unit": amount.unit,
            "approximate": amount.approximate,
            "period": str(date.date.year) if date else None,
            "description": (
                f"Range {amount.value:,.0f} to {amount.high:,.0f} {amount.unit}"
                if amount.high
                else None
            ),
        }
        state.batch.add_node(
            "Indicator",
            {k: v for k, v in props.items() if v is not None},
            Mention(evidence=sent.text, offset=sent.offset, wording=amount.wording),
        )
        # what the figure measures: the investor named with it (of another kind than the
        # home: a city's figure names its investing countries; a city named there is where,
        # or a place read wrongly), else the home
        about = [
            f
            for f in found
            if f.label in state.kinds.measured
            and f.label != state.home.label
            and not f.home
            and not _domestic(state, f)
        ]
        targets = about[:1] or (
            []
            if state.home.id not in state.nodes
            else [_Found(state.home.id, state.home.label, 0, 0, "")]
        )
        if not about and state.home.id not in state.nodes and any(f.home for f in found):
            _ensure_home(state, sent, "")
            targets = [_Found(state.home.id, state.home.label, 0, 0, "")]
        for t in targets:
            state.batch.add_rel(
                "MEASURES",
                from_label="Indicator",
                from_id=props["id"],
                to_label=state.nodes[t.id].label,
                to_id=t.id,
                props={"evidence": sent.text, "offset": sent.offset},
            )
        if state.home.id in state.nodes and amount in money:
            for company in (f for f in found if f.label == "Company"):
                state.batch.add_rel(
                    "INVESTS_IN",
                    from_label="Company",
                    from_id=company.id,
                    to_label=state.nodes[state.home.id].label,
                    to_id=state.home.id,
                    props={
                        "evidence": sent.text,
                        "offset": sent.offset,
                        "amount": amount.value,
                        "unit": amount.unit,
                        "period": props.get("period"),
                        "wording": amount.wording,
                    },
                )
