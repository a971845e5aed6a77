"""A language is a module: everything the article reader knows about one language.

Each module (``vi.py``, ``en.py``) builds one :class:`Lexicon`: the words that introduce a
person (titles, honorifics), an organisation (heads such as "Sở", "Embassy"), the home's own
bodies ("UBND thành phố", "the People's Committee"), the cue words of each kind of
engagement, the words that say who travelled where and that something is only planned, and a
tokenizer that tags proper nouns. The reader (``ingest/articles.py``) uses only this
interface, so adding a language is adding a module and a line in :func:`lexicon_for`
(``docs/decisions.md``, "Session 4", says how).

Examples
--------
>>> lexicon_for("vi").code, lexicon_for("en").code
('vi', 'en')
>>> [t.text for t in lexicon_for("en").tokens("Mayor John Smith visited Esbjerg.") if t.proper]
['John', 'Smith', 'Esbjerg']
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

__all__ = ["Lexicon", "Token", "lexicon_for", "lexicons"]

_NEVER = re.compile(r"(?!x)x")
"""A pattern that matches nothing: what a language does not have."""


@dataclass(frozen=True)
class Token:
    """A word (or a multi-word unit, as Vietnamese word segmentation gives) with its place in
    the sentence and whether the language's tools call it a proper noun."""

    text: str
    start: int
    end: int
    tag: str
    """N, Np (proper noun), Ny (abbreviation), V, E (preposition), CH (punctuation), M, X..."""

    @property
    def proper(self) -> bool:
        return self.tag in {"Np", "Ny"}


@dataclass(frozen=True)
class Lexicon:
    code: str
    tokens: Callable[[str], list[Token]]
    titles: re.Pattern[str]
    """A position before a name: "Phó Chủ tịch UBND thành phố", "Vice Chairman of ...". The
    match is the title's head; what follows up to the name is its body."""
    honorifics: re.Pattern[str]
    """"ông", "ngài", "đồng chí", "Mr.", "H.E.": a name follows."""
    title_words: frozenset[str]
    """Folded words that belong to a title, never to a name ("chairman", "chu tich")."""
    org_before: re.Pattern[str]
    """A head that stands before an organisation's name ("Đại sứ quán", "Embassy of")."""
    org_after: re.Pattern[str]
    """A head that ends an organisation's name ("Corporation", "Co., Ltd")."""
    body_heads: dict[str, re.Pattern[str]]
    """Heads that make a body one kind rather than another, by the schema's label ("Tập
    đoàn", "Corporation": a company); a body without any is of the kind that none names."""
    home_bodies: re.Pattern[str]
    """The home's own bodies without the home's name ("UBND thành phố", "Tỉnh ủy",
    "the city's People's Committee", "the province")."""
    cues: dict[str, re.Pattern[str]]
    """Cue words of each kind of engagement: visit, meeting, agreement, event, investment."""
    agreement_nouns: re.Pattern[str]
    online: re.Pattern[str]
    receive: re.Pattern[str]
    """"A tiếp B", "A received B": A hosts, B came."""
    received_by: re.Pattern[str]
    """The passive: "B was welcomed by A", "B được A đón"."""
    travel_to: re.Pattern[str]
    """"visit to X", "thăm X", "làm việc tại X": where the travellers went (X follows)."""
    from_place: re.Pattern[str]
    """"delegation of/from X", "đoàn (công tác) X": who travelled (X follows)."""
    planned: re.Pattern[str]
    """Only planned or hoped for: "sẽ", "dự kiến", "hướng tới", "will", "towards"."""
    planned_after: re.Pattern[str]
    """Planned, said right after the cue ("a visit ... slated to take place", "dự kiến diễn
    ra"): matched from the cue's end."""
    signed_here: re.Pattern[str]
    """The home holds the signing: "UBND tỉnh tổ chức Lễ ký kết", "hosted the signing"."""
    resident: re.Pattern[str]
    """Titles of resident diplomats: their calls are meetings, not delegations' visits."""
    witness: re.Pattern[str]
    """"chứng kiến", "witnessed": who stands there did not sign."""
    both_sides: re.Pattern[str] = re.compile(r"(?!x)x")
    """The parties named together without their names ("the two sides", "hai bên"): an
    engagement of the sides the article is about."""
    speech: re.Pattern[str] = re.compile(r"(?!x)x")
    """A verb of saying right after a person ("X said", "X, the governor, stressed", "ông X
    cho biết"): the person is quoted, which tells where they were (the article's meeting) and
    that a fact they report ("said the city signed ...") is not theirs."""
    place_visited: re.Pattern[str] = re.compile(r"(?!x)x")
    """Matched right after a place: the place is where the travellers went ("the official Sweden
    visit", "her Seoul trip"). In Vietnamese the place follows ("chuyến thăm Thụy Điển"):
    ``travel_to`` says it."""
    documents: tuple[tuple[str, re.Pattern[str]], ...] = ()
    """The kinds of agreement document ("letter of intent", "memorandum", "plan",
    "programme", "contract"), each with its words: two documents of an article are two
    agreements ("signed a Letter of Intent in April" and "signed an MoU" at the visit)."""
    compass: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Directions that name a foreign region with its country ("Bắc Australia": the
    Northern Territory): the folded word, and how English names start."""
    agreement_between: re.Pattern[str] = re.compile(r"(?!x)x")
    """An agreement named in passing, with its parties and no verb of signing ("projects under
    the friendship agreement between the two provinces"): it exists; when it
    was signed the sentence does not say."""
    side_meeting: re.Pattern[str] = re.compile(r"(?!x)x")
    """A meeting of its own during a trip ("On the sidelines of ...", "paid a courtesy call
    to", "Bên lề ..."): not one of the trip's working sessions."""
    agreement_reached: re.Pattern[str] = re.compile(r"(?!x)x")
    """An earlier agreement and when it was reached, said in passing ("an MoU signed in
    2015"): the date follows the match."""
    title_body: frozenset[str] = field(default_factory=frozenset)
    """Lower-case words that may stand inside a title's body before the name ("of the
    northern port city of ...", "Chief of X district Y"), where other lower-case words end
    it ("the governor met Maria ...")."""
    stop_names: frozenset[str] = field(default_factory=frozenset)
    """Folded words that start a sentence or a caption and are never names ("ảnh", "photo")."""
    # -- places ---------------------------------------------------------------------------
    place_before: re.Pattern[str] = _NEVER
    """The kind of place written right before its name, kept in the mention's wording
    ("tỉnh Karlovy Vary"): searched at the end of the text before the name."""
    place_after: re.Pattern[str] = _NEVER
    """The kind of place written right after its name ("Uppsala City", "Gyeonggi Province"),
    not a body of that place ("Uppsala City People's Council")."""
    district_after: re.Pattern[str] = _NEVER
    """A district, ward or town written after its name ("Kien An District")."""
    city_cue: re.Pattern[str] = _NEVER
    """Words before a name that say it is a place ("thành phố", "province of"): searched at
    the end of the text before it."""
    city_after: re.Pattern[str] = _NEVER
    """Words after a name that say it is a place ("X province", "X's")."""
    of_place: re.Pattern[str] = _NEVER
    """"of (the city of)", "của (tỉnh)": a body's place follows."""
    state_form: re.Pattern[str] = _NEVER
    """A state's form before a country's short name ("Cộng hòa Czech"): searched at the end
    of the text before it."""
    the_before: re.Pattern[str] = _NEVER
    """The article before a country's code ("the US", "the UK"): at the end of the text
    before it."""
    leaders: re.Pattern[str] = _NEVER
    """"lãnh đạo (tỉnh X)": the place's leaders, who are no body of their own."""
    body_words: re.Pattern[str] = _NEVER
    """Words of a home body's name ("UBND", "People's"): a name with the home in it and one of
    these is the home's own body."""
    # -- occasions and delegations ------------------------------------------------------------
    occasion: re.Pattern[str] = _NEVER
    """A sentence that opens on the occasion it is about ("At the event", "Tại buổi làm
    việc"), other than the trip just told of ("During the trip", "Trong chuyến thăm")."""
    delegation_noun: re.Pattern[str] = _NEVER
    """The delegation as a noun ("đoàn công tác", "delegation"): not a verb of travel."""
    delegation_after: re.Pattern[str] = _NEVER
    """A delegation named after whose it is ("the Gyeongsangbuk delegation"): matched right
    after the place."""
    delegation_start: re.Pattern[str] = _NEVER
    """A sentence that starts with "the delegation" ("Đoàn", "The delegation"): the
    article's delegation."""
    listing: re.Pattern[str] = _NEVER
    """A list after a verb ("including", "bao gồm"): its items share the verb's status."""
    organised: re.Pattern[str] = _NEVER
    """"organised", "tổ chức": the home holds the event."""
    title_lead: re.Pattern[str] = _NEVER
    """What may stand between a name's comma and the title after it ("X, the governor")."""
    title_end: re.Pattern[str] = re.compile(r"[,.;(]")
    """Where a title written after a name ends: punctuation, or "and" between two people."""
    title_after_name: re.Pattern[str] = _NEVER
    """A comma and what may lead a title written after a name ("X, the newly appointed
    Governor"), where the language writes titles there."""
    after_name: re.Pattern[str] = re.compile(r"\s*(?:,[^,;]{1,120},\s*|\([^)]{1,60}\)\s*)?")
    """What may stand between a person and a verb of saying: an apposition, a bracket, an
    adverb ("X, the governor, also said")."""
    place_affix: re.Pattern[str] = _NEVER
    """The kind of place around a place's own name ("Thành phố Hải Phòng", "Quang Ninh
    province"): removed to get the bare name."""
    place_word: re.Pattern[str] = _NEVER
    """A kind of place as a word of its own ("City", "Province")."""
    located_in: re.Pattern[str] = _NEVER
    """"in (the province of)", "tại (tỉnh)": where a mission is, at the end of the text before
    the place."""
    name_joiners: frozenset[str] = frozenset()
    """What joins the fields of one body's name ("Bộ Văn hóa, Thể thao và Du lịch": "," and
    "và"), where the language names bodies head first."""
    name_of: frozenset[str] = frozenset()
    """The word that ends a head-first body's name with whose it is ("của")."""
    mission_at: re.Pattern[str] = _NEVER
    """What joins a mission to where it is ("Embassy in Vietnam", "Lãnh sự quán X tại TP.HCM"):
    matched right after the mission's name."""
    event_kinds: tuple[tuple[str, re.Pattern[str]], ...] = ()
    """The kinds of event and their words, first that matches: congress, forum, fair..."""
    place_gap: re.Pattern[str] = _NEVER
    """What may stand between a home body and the home's name ("Tỉnh ủy tỉnh Lào Cai")."""
    # -- figures and agreements -----------------------------------------------------------------
    investment_words: re.Pattern[str] = _NEVER
    """Investment and capital ("đầu tư", "invest"): a sentence with these may hold figures."""
    foreign_words: re.Pattern[str] = _NEVER
    """Foreign investment ("FDI", "nước ngoài"): a figure of FDI attracted."""
    twinning: re.Pattern[str] = _NEVER
    """Twinning words ("kết nghĩa", "sister"), in lower case: a twinning agreement."""
    memorandum: re.Pattern[str] = _NEVER
    """Memorandum words ("ghi nhớ", "memorand"), in lower case: an MoU."""


def lexicons() -> tuple[Lexicon, ...]:
    """Every language's lexicon."""
    return lexicon_for("vi"), lexicon_for("en")


@cache
def lexicon_for(language: str) -> Lexicon:
    """The lexicon of ``language`` ("vi" or "en")."""
    if language == "vi":
        from ingest.lang import vi

        return vi.LEXICON
    from ingest.lang import en

    return en.LEXICON
