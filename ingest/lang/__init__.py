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

__all__ = ["Lexicon", "Token", "lexicon_for"]


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
    company: re.Pattern[str]
    """Heads that make it a Company rather than an Organisation."""
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


@cache
def lexicon_for(language: str) -> Lexicon:
    """The lexicon of ``language`` ("vi" or "en")."""
    if language == "vi":
        from ingest.lang import vi

        return vi.LEXICON
    from ingest.lang import en

    return en.LEXICON
