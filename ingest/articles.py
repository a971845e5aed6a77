"""Articles (Vietnamese or English) into a batch: entities, engagements, dates and amounts.

Rules, not a statistical model: underthesea's Vietnamese NER tagged "Hoàng Minh Cường" as a
place when measured, and rules say why they found what they found. Per sentence:

1. mentions: names and aliases of what the graph holds, countries (CLDR, pycountry), cities
   after a cue ("thành phố X", "city of X", "X (Country)") from GeoNames, organisations
   introduced with their acronym ("Phòng Thương mại ... (KCCI)"), people after a title
   ("Thị trưởng ... Jesper Frost Ramussen"); misspellings resolve with one typo allowed;
2. engagements from cue words (visit/reception, MoU signing, conference...), with the
   sentence's date (or the article's year), the home city's side and the partners' roles;
3. amounts of investment become indicators.

What cannot be resolved with confidence (several candidates; a name after a city cue that no
reference knows) goes to the review queue.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.batch import Batch, Mention, NodeRow, ReviewRow
from graph.schema import MODEL
from graph.settings import get_settings
from graph.text import fold, slug
from ingest.reference import COUNTRIES
from ingest.resolve import Candidate, How, Resolver
from ingest.textparse import (
    PartialDate,
    Sentence,
    find_date,
    is_vietnamese,
    parse_amount,
    read_article,
    sentences,
)

__all__ = ["article_batch", "article_source"]

_ACTORS = ["Country", "City", "Company", "Organisation", "Person"]
_U = "[" + "".join(sorted({c for c in map(chr, range(0x41, 0x1F00)) if c.isupper()})) + "]"
_L = "[" + "".join(sorted({c for c in map(chr, range(0x61, 0x1F00)) if c.islower()})) + "’']"
_CAP = rf"{_U}{_L}*"
_WORD = re.compile(r"[\w’'-]+", re.UNICODE)

_CITY_CUE = re.compile(
    r"(?:thành phố|tỉnh|thủ đô|TP\.|thị trấn|city of|City of|capital|mayor of|Mayor of)\s+"
    rf"(?P<name>{_CAP}(?: {_CAP}){{0,3}})"
)
_WEAK_CITY_CUE = re.compile(
    rf"\b(?:tại|ở|in|to|at|visited|visit)\s+(?P<name>{_CAP}(?: {_CAP}){{0,2}})"
)
_CITY_COUNTRY = re.compile(
    rf"(?P<name>{_CAP}(?: {_CAP}){{0,2}})\s*(?:\(|-|, )\s*(?P<country>{_CAP}(?: {_CAP}){{0,3}})"
)
_ORG_HEADS = (
    r"Phòng Thương mại|Tổ chức|Cơ quan|Hiệp hội|Mạng lưới|Hội đồng|Ủy ban|Bộ|Sở|Quỹ|Ngân hàng|"
    r"Trung tâm|Viện|Đại sứ quán|Tổng Lãnh sự quán|Lãnh sự quán|Tập đoàn|Công ty|Tổng công ty|"
    r"Liên minh|Hội|Chamber|Association|Agency|Organi[sz]ation|Council|Ministry|Bank|"
    r"Institute|Network|Federation|Union|Corporation|Group|Company|Embassy|Consulate|Fund|Foundation"
)
_ACRONYM_ORG = re.compile(
    rf"(?P<name>(?:the |The )?(?:{_ORG_HEADS})\b[^()\n;:]{{2,120}}?)\s*"
    r"\((?P<acr>[A-Z][A-Za-z&.-]{1,11})\)"
)
_COMPANY_HEADS = re.compile(
    r"^(?:the )?(?:Tập đoàn|Công ty|Tổng công ty)|(?:Group|Corporation|Company|Co\.|Ltd|Inc)\b",
    re.I,
)
_TITLES_VI = (
    r"Phó Chủ tịch|Chủ tịch|Phó Bí thư|Bí thư|Thị trưởng|Phó Thị trưởng|Đại sứ|Tổng Lãnh sự|"
    r"Lãnh sự|Bộ trưởng|Thứ trưởng|Tổng Giám đốc|Giám đốc|Thống đốc|Tỉnh trưởng|Chủ nhiệm|"
    r"Trưởng đoàn|Tổng thống|Thủ tướng|Phó Thủ tướng|Ngài|ông|bà|Ông|Bà"
)
_TITLES_EN = (
    r"Vice Chairman|Vice Chairwoman|Chairman|Chairwoman|Vice Mayor|Deputy Mayor|Mayor|Ambassador|"
    r"Consul General|Consul|Minister|Deputy Minister|Governor|President|Vice President|"
    r"Prime Minister|Secretary|Director General|Director|CEO|Chief Executive|Mr\.|Ms\.|Mrs\.|Dr\."
)
_NAME = rf"(?P<person>{_U}{_L}+(?: {_U}{_L}+){{1,4}})"
_PERSON_VI = re.compile(
    rf"\b(?P<title>{_TITLES_VI})\b(?P<mid>[^,.;:()]{{0,60}}?(?:\([^)]*\))?[^,.;:()]{{0,20}}?)\s*{_NAME}"
)
_PERSON_EN = re.compile(
    rf"\b(?P<title>{_TITLES_EN})\s+(?P<mid>(?:of|for|to) [^,.;:()]{{0,50}}?,?\s+)?{_NAME}"
)
_PERSON_EN_AFTER = re.compile(
    rf"{_NAME},\s+(?:the\s+)?(?P<title>{_TITLES_EN})\b(?P<mid>[^,.;:()]{{0,60}})"
)

_CUES = {
    "Agreement": re.compile(
        r"\b(?:ký kết|ký|signed|signing|sign|kết nghĩa|twinned|sister[- ]city agreement)\b",
        re.I,
    ),
    "Event": re.compile(
        r"\b(?:hội nghị|hội thảo|diễn đàn|đại hội|triển lãm|hội chợ|tọa đàm|toạ đàm|lễ hội|"
        r"conference|forum|seminar|workshop|fair|expo|exhibition|congress|summit|festival)\b",
        re.I,
    ),
    "Visit": re.compile(
        r"(?:\btiếp(?! tục| nhận| cận| theo| thu| tế| xúc| đón)\b|\bđón\b|\bthăm\b|"
        r"\blàm việc với\b|"
        r"\bchào xã giao\b|\bđoàn công tác\b|\bvào làm việc\b|\bđến từ\b|"
        r"\bvisit(?:s|ed|ing)?\b|\breceiv(?:ed|es|ing)\b|"
        r"\bwelcom(?:ed|es|ing)\b|\bmet with\b|\bcourtesy call\b|\bdelegation\b)",
        re.I,
    ),
}
_OUTGOING = re.compile(
    r"sang thăm|visit to|visited|trip to|travell?ed to|chuyến công tác tại|tại nước ngoài",
    re.I,
)
_INCOMING = re.compile(
    r"\btiếp(?! tục| nhận| cận| theo| thu| tế| xúc)\b|\bđón\b|\breceived\b|\bwelcomed\b|"
    r"\bhosted\b|\bvào làm việc\b|\bcame to\b",
    re.I,
)
_ORGANISE = re.compile(r"tổ chức|organi[sz]ed|hosted|chủ trì|phối hợp", re.I)
_EVENT_KINDS = [
    ("congress", r"đại hội|congress"),
    ("forum", r"diễn đàn|forum|summit"),
    ("fair", r"hội chợ|fair|expo"),
    ("exhibition", r"triển lãm|exhibition"),
    ("workshop", r"hội thảo|seminar|workshop|tọa đàm|toạ đàm"),
    ("festival", r"lễ hội|festival"),
    ("conference", r"hội nghị|conference"),
]
_INVEST = re.compile(r"đầu tư|FDI|invest", re.I)


@dataclass
class _Found:
    id: str
    label: str
    name: str
    start: int
    wording: str


@dataclass
class _State:
    batch: Batch
    resolver: Resolver
    text: str
    vietnamese: bool
    home: str
    home_side: set[str]
    year: int | None
    nodes: dict[str, NodeRow] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    reviewed: set[str] = field(default_factory=set)


def article_source(text: str, *, path: Path) -> NodeRow:
    """The Source node of an article: its title, language, text and hash."""
    title, body = read_article(text, path.suffix.lower())
    props = {
        "id": f"article-{slug(path.stem)[:60] or 'untitled'}",
        "name": title or path.name,
        "kind": "article",
        "file": path.name,
        "language": "vi" if is_vietnamese(body) else "en",
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
        "text": body,
    }
    return NodeRow(label="Source", props=MODEL.validate_node("Source", props))


def article_batch(
    text: str,
    *,
    path: Path,
    resolver: Resolver,
    home: str | None = None,
    home_side: set[str] | None = None,
) -> Batch:
    """Read an article and extract what it says into a batch (see the module's docstring).
    ``home``: the home city's id (default: the setting); ``home_side``: the home city, its
    bodies and officials (ids), as the graph knows them."""
    home = home or get_settings().home
    source = article_source(text, path=path)
    title, body = source.props["name"], source.props["text"]
    vietnamese = source.props["language"] == "vi"
    years = Counter(int(y) for y in re.findall(r"\b((?:19|20)\d{2})\b", title + "\n" + body))
    state = _State(
        batch=Batch(source=source),
        resolver=resolver,
        text=body,
        vietnamese=vietnamese,
        home=home,
        home_side=(home_side or set()) | {home},
        year=_article_year(years),
    )
    home_in_article = False
    per_sentence = []
    for sent in sentences(body):
        found = _mentions(state, sent)
        home_in_article |= any(f.id == state.home for f in found)
        per_sentence.append((sent, found))
    for sent, found in per_sentence:
        _engagements(state, sent, found, home_in_article)
        _amounts(state, sent, found)
    return state.batch


def _article_year(years: Counter[int]) -> int | None:
    """The year the article is about, when one year clearly dominates its mentions."""
    if not years:
        return None
    ranked = years.most_common(2)
    year, count = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    return year if count >= 2 and count >= 2 * runner_up else None


# -- mentions -------------------------------------------------------------------------------
def _mentions(state: _State, sent: Sentence) -> list[_Found]:
    found: dict[str, _Found] = {}
    taken: list[tuple[int, int]] = []

    def keep(cand: Candidate, start: int, end: int, wording: str) -> None:
        if any(a < end and start < b for a, b in taken):
            return
        taken.append((start, end))
        _ensure_node(state, cand, sent, wording)
        found.setdefault(cand.id, _Found(cand.id, cand.label, cand.name, start, wording))

    for m in _ACRONYM_ORG.finditer(sent.text):
        _acronym_org(state, sent, m, keep)
    for person in _people(sent.text):
        _person(state, sent, person, keep)
    for m in _CITY_CUE.finditer(sent.text):
        _cue_city(state, sent, m.group("name"), m.start("name"), keep)
    for m in _WEAK_CITY_CUE.finditer(sent.text):
        _cue_city(state, sent, m.group("name"), m.start("name"), keep, weak=True)
    for start, end, wording in _phrases(sent.text):
        if any(a < end and start < b for a, b in taken):
            continue
        res = state.resolver.resolve(wording, [*_ACTORS, "Sector"])
        if res.status == "none" or (res.best.how == "reference" and res.best.label == "City"):
            continue  # bare city names only count after a cue (too many are common words)
        if res.status == "ambiguous":
            _review(state, "ambiguous", None, wording, sent, [c.id for c in res.candidates])
            taken.append((start, end))
            continue
        if res.best.label == "Sector" or wording[0].isupper() or wording.isupper():
            keep(res.best, start, end, wording)
    for m in _CITY_COUNTRY.finditer(sent.text):
        words = m.group("country").split()
        for n in range(len(words), 0, -1):
            country = COUNTRIES.lookup(" ".join(words[:n]))
            if country is not None:
                _cue_city(state, sent, m.group("name"), m.start("name"), keep, country.iso2)
                break
    return sorted(found.values(), key=lambda f: f.start)


def _phrases(text: str) -> list[tuple[int, int, str]]:
    """Runs of 1 to 8 words, longest first, for look-up in the gazetteers."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    out = []
    for n in range(8, 0, -1):
        for i in range(len(words) - n + 1):
            start, end = words[i][0], words[i + n - 1][1]
            out.append((start, end, text[start:end]))
    # names written with parentheses, such as "Đài Loan (Trung Quốc)"
    for m in re.finditer(r"[A-ZÀ-ỸĐ][\w ]{1,30}\([\w ]{2,30}\)", text):
        out.insert(0, (m.start(), m.end(), m.group(0)))
    return out


def _ensure_node(state: _State, cand: Candidate, sent: Sentence, wording: str) -> None:
    if cand.id in state.nodes:
        return
    # a node already in the graph is only cited (id and name), never changed
    props = cand.props or {"id": cand.id, "name": cand.name}
    mention = Mention(evidence=sent.text, offset=sent.offset, wording=wording)
    state.nodes[cand.id] = state.batch.add_node(cand.label, props, mention)
    state.names[cand.id] = cand.name
    if cand.how == "graph":
        return
    names = [props.get("name"), props.get("name_vi"), *(props.get("aliases") or [])]
    state.resolver.add(cand.id, cand.label, cand.name, names, country=props.get("country_code"))
    country = COUNTRIES.by_code.get(str(props.get("country_code", "")).upper())
    if cand.label == "City" and country is not None:
        # a new city is placed in its country (GeoNames says which), so that the country's
        # history finds what happens there
        known = state.resolver.label_of(country.id) is not None
        how: How = "graph" if known else "reference"
        place = Candidate(
            country.id, "Country", country.name, how, None if known else country.props()
        )
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


def _cue_city(
    state: _State,
    sent: Sentence,
    name: str,
    start: int,
    keep: Any,
    iso2: str | None = None,
    *,
    weak: bool = False,
) -> None:
    words = name.split()
    for n in range(len(words), 0, -1):  # "Rotterdam Hà" → "Rotterdam"
        res = state.resolver.resolve(" ".join(words[:n]), ["City"], country=iso2)
        if res.status != "none":
            name = " ".join(words[:n])
            break
    if res.status == "match":
        keep(res.best, start, start + len(name), name)
    elif res.status == "ambiguous":
        _review(state, "ambiguous", "City", name, sent, [c.id for c in res.candidates])
    elif not weak and iso2 is None and not COUNTRIES.lookup(name) and not _is_known(state, name):
        _review(state, "new_entity", "City", name, sent, [])


def _is_known(state: _State, name: str) -> bool:
    return state.resolver.resolve(name).status != "none"


def _acronym_org(state: _State, sent: Sentence, m: re.Match[str], keep: Any) -> None:
    long_name, acronym = " ".join(m.group("name").split()), m.group("acr")
    if long_name.lower().startswith("the "):
        long_name = long_name[4:]
    res = state.resolver.resolve(acronym, ["Organisation", "Company"])
    if res.status != "match":
        res = state.resolver.resolve(long_name, ["Organisation", "Company"])
    if res.status == "match":
        keep(res.best, m.start(), m.end(), m.group(0))
        return
    label = "Company" if _COMPANY_HEADS.search(long_name) else "Organisation"
    props: dict[str, Any] = {"id": slug(acronym), "aliases": [acronym]}
    if state.vietnamese:  # never invent an English name: the acronym stands for it
        props |= {"name": acronym, "name_vi": long_name}
    else:
        props |= {"name": long_name}
    country = next((c for c in _countries_in(long_name)), None)
    if country:
        props["country_code"] = country
    keep(
        Candidate(props["id"], label, props["name"], "reference", props),
        m.start(),
        m.end(),
        m.group(0),
    )


def _countries_in(text: str) -> list[str]:
    out = []
    for _, _, wording in _phrases(text):
        ref = COUNTRIES.lookup(wording)
        if ref and wording[0].isupper():
            out.append(ref.iso2)
    return out


@dataclass
class _PersonHit:
    name: str
    title: str
    affiliation: str
    start: int
    end: int


def _people(text: str) -> list[_PersonHit]:
    hits = []
    for pattern in (_PERSON_VI, _PERSON_EN, _PERSON_EN_AFTER):
        for m in pattern.finditer(text):
            name = m.group("person")
            mid = (m.group("mid") or "").strip(" ,")
            hits.append(_PersonHit(name, m.group("title"), mid, m.start("person"), m.end("person")))
    return hits


def _person(state: _State, sent: Sentence, hit: _PersonHit, keep: Any) -> None:
    if COUNTRIES.lookup(hit.name) or _is_place_or_body(state, hit.name):
        return
    res = state.resolver.resolve(hit.name, ["Person"])
    if res.status == "match":
        keep(res.best, hit.start, hit.end, hit.name)
        return
    title = f"{hit.title} {hit.affiliation}".strip()
    props: dict[str, Any] = {"id": slug(hit.name), "name": hit.name, "named": True}
    props |= {"title_vi": title} if state.vietnamese else {"title": title}
    if state.vietnamese:
        props["name_vi"] = hit.name
    keep(
        Candidate(props["id"], "Person", hit.name, "reference", props), hit.start, hit.end, hit.name
    )


def _is_place_or_body(state: _State, name: str) -> bool:
    res = state.resolver.resolve(name, ["City", "Country", "Organisation", "Company"])
    return res.status == "match" and res.best.how != "fuzzy"


def _review(
    state: _State, kind: str, label: str | None, text: str, sent: Sentence, cands: list[str]
) -> None:
    key = f"{kind}|{label}|{fold(text)}"
    if key in state.reviewed:
        return
    state.reviewed.add(key)
    state.batch.reviews.append(
        ReviewRow(kind=kind, label=label, text=text, candidates=cands, evidence=sent.text)
    )


# -- engagements ----------------------------------------------------------------------------
def _engagements(state: _State, sent: Sentence, found: list[_Found], home_in_article: bool) -> None:
    actors = [f for f in found if f.label in _ACTORS]
    home_side = state.home_side
    partners = [f for f in actors if f.id not in home_side]
    home_here = any(f.id in home_side for f in actors) or (
        home_in_article
        and re.search(r"\bthành phố\b(?! [A-ZÀ-ỸĐ])|\bthe city\b", sent.text) is not None
    )
    date = find_date(sent.text, default_year=state.year)
    if date is None and state.year:  # the article's year, as precise as the article is
        date = PartialDate(dt.date(state.year, 1, 1), "year", str(state.year))
    cues = {kind for kind, cue in _CUES.items() if cue.search(sent.text)}
    if "Event" in cues and "Visit" in cues and not _INCOMING.search(sent.text):
        cues.discard("Visit")  # a delegation going to a conference: the conference is the fact
    for kind in _CUES:
        if kind not in cues:
            continue
        if kind != "Event" and not partners:
            continue
        if kind == "Event" and not (partners or (home_here and _named_event(sent.text))):
            continue
        _engagement(state, kind, sent, actors, partners, home_side, home_here, date)


def _named_event(text: str) -> bool:
    """An event with a name ("Hội nghị Xúc tiến...", "Techfest 2022"), not "các diễn đàn"."""
    m = _CUES["Event"].search(text)
    return m is not None and m.group(0)[0].isupper()


def _engagement(
    state: _State,
    kind: str,
    sent: Sentence,
    actors: list[_Found],
    partners: list[_Found],
    home_side: set[str],
    home_here: bool,
    date: PartialDate | None,
) -> None:
    props: dict[str, Any] = {}
    foreign_place = any(
        f.label in {"City", "Country"} and f.id not in home_side and f.id != "vn" for f in partners
    )
    receive = _INCOMING.search(sent.text)
    if kind == "Visit":
        cue = _CUES["Visit"].search(sent.text)
        home_after = cue is not None and any(
            a.id in home_side and a.start > cue.start() for a in actors
        )
        outgoing = (
            receive is None
            and not home_after
            and (bool(_OUTGOING.search(sent.text)) or foreign_place)
        )
        direction = "outgoing" if outgoing else "incoming"
        props |= {"direction": direction, "cameo": "042" if outgoing else "043"}
        home_role, other_role = ("delegation", "host") if outgoing else ("host", "guest")
    elif kind == "Agreement":
        lowered = sent.text.lower()
        agreement_kind = (
            "twinning"
            if re.search(r"kết nghĩa|sister|twin", lowered)
            else "mou"
            if re.search(r"ghi nhớ|memorand|mou", lowered)
            else "cooperation"
        )
        props |= {"kind": agreement_kind, "status": "signed", "cameo": "057"}
        home_role = other_role = "signatory"
    else:
        event_kind = next((k for k, p in _EVENT_KINDS if re.search(p, sent.text, re.I)), "meeting")
        props |= {"kind": event_kind}
        props["cameo"] = "061" if _INVEST.search(sent.text) else "044" if foreign_place else None
        organises = bool(_ORGANISE.search(sent.text))
        home_role = "organiser" if organises and not foreign_place else "participant"
        other_role = "participant"
    partner_names = ", ".join(
        dict.fromkeys(state.names.get(p.id, p.name) for p in partners)
    ) or state.names.get(state.home, state.home)
    label_en = {
        "Visit": "Visit",
        "Agreement": "Agreement",
        "Event": props.get("kind", "event").capitalize(),
    }[kind]
    digest = hashlib.sha1(f"{state.batch.source.id}|{sent.offset}|{kind}".encode()).hexdigest()[:6]
    when = (
        date.date.isoformat()[: {"day": 10, "month": 7, "year": 4}[date.precision]]
        if date
        else "undated"
    )
    node_id = f"{kind.lower()}-{when}-{slug(partner_names)[:40]}-{digest}".replace("--", "-")
    props |= {
        "id": node_id,
        "name": f"{label_en}: {partner_names}"[:200],
        "description": sent.text[:500],
    }
    if state.vietnamese:
        props["name_vi"] = sent.text[:120] + ("…" if len(sent.text) > 120 else "")
    if date:
        props |= {"date": date.date, "date_precision": date.precision}
    props = {k: v for k, v in props.items() if v is not None}
    mention = Mention(
        evidence=sent.text, offset=sent.offset, wording=date.wording if date else None
    )
    state.batch.add_node(kind, props, mention)
    evidence = {"evidence": sent.text, "offset": sent.offset}
    seen: set[str] = set()
    if home_here and state.home not in {a.id for a in actors}:
        _ensure_home(state, sent)
        actors = [*actors, _Found(state.home, "City", state.home, -1, "thành phố")]
    for actor in actors:
        if actor.id in seen:
            continue
        seen.add(actor.id)
        role = home_role if actor.id in home_side else other_role
        if kind == "Visit" and receive and actor.start >= 0:
            # "A tiếp B", "A received B": who stands before the verb hosts
            role = "host" if actor.start < receive.start() else "guest"
        label = state.nodes[actor.id].label
        state.batch.add_rel(
            "PARTICIPATED_IN",
            from_label=label,
            from_id=actor.id,
            to_label=kind,
            to_id=node_id,
            props={**evidence, "role": role, "wording": actor.wording},
        )


def _ensure_home(state: _State, sent: Sentence) -> None:
    if state.home in state.nodes:
        return
    label = state.resolver.label_of(state.home) or "City"
    cand = Candidate(state.home, label, state.home, "graph")
    _ensure_node(state, cand, sent, "thành phố")


# -- amounts --------------------------------------------------------------------------------
def _amounts(state: _State, sent: Sentence, found: list[_Found]) -> None:
    amount = parse_amount(sent.text)
    if amount is None or not _INVEST.search(sent.text):
        return
    date = find_date(sent.text, default_year=state.year)
    companies = [f for f in found if f.label == "Company"]
    digest = hashlib.sha1(f"{state.batch.source.id}|{sent.offset}|amount".encode()).hexdigest()[:6]
    metric = (
        "fdi_attracted" if re.search(r"FDI|nước ngoài|foreign", sent.text, re.I) else "investment"
    )
    props: dict[str, Any] = {
        "id": f"{metric.replace('_', '-')}-{digest}",
        "name": f"{'FDI attracted' if metric == 'fdi_attracted' else 'Investment'}"
        + (f" ({date.date.year})" if date else ""),
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
    target = state.home if state.home in state.nodes else None
    if target:
        state.batch.add_rel(
            "MEASURES",
            from_label="Indicator",
            from_id=props["id"],
            to_label=state.nodes[target].label,
            to_id=target,
            props={"evidence": sent.text, "offset": sent.offset},
        )
        for company in companies:
            state.batch.add_rel(
                "INVESTS_IN",
                from_label="Company",
                from_id=company.id,
                to_label=state.nodes[target].label,
                to_id=target,
                props={
                    "evidence": sent.text,
                    "offset": sent.offset,
                    "amount": amount.value,
                    "unit": amount.unit,
                    "period": props.get("period"),
                    "wording": amount.wording,
                },
            )
