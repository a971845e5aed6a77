"""English: words and their capitals give the proper nouns (no statistical model: see
docs/decisions.md, Session 4); the rest is the lexicon below.

Examples
--------
>>> [t.text for t in LEXICON.tokens("The Governor met Mr. Lee in May.") if t.proper]
['Governor', 'Mr.', 'Lee']
>>> bool(LEXICON.planned.search("towards signing cooperation agreements"))
True
"""

from __future__ import annotations

import re

from ingest.lang import Lexicon, Token
from ingest.textparse import MONTH_NAMES

__all__ = ["LEXICON"]

_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}|(?:Mr|Ms|Mrs|Dr|St|Co|Ltd|Inc|Jr|Prof|Gen|Lt|Col|Corp|No)\.|"
    # a word, with inner apostrophes ("O'Brien") but not the possessive: "Cuba’s Artemisa" is
    # Cuba, "’s", Artemisa, so that a name never swallows its owner
    r"[\w-]+(?:['’](?![sS]\b)[\w-]+)*(?:\.\w+)*|['’][sS]\b|\S"
)
# Words written with a capital that are not names: months and weekdays (a rule of the
# language, not of any article); any sentence's first word when it is a common word.
_NOT_NAMES = frozenset(
    [*MONTH_NAMES, "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
)


def _common(word: str) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "en") >= 4.0


def tokens(text: str) -> list[Token]:
    out: list[Token] = []
    first = True
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        if word[0].isdigit():
            tag = "M"
        elif not word[0].isalnum():
            tag = "CH"
        elif word.isupper() and len(word) > 1:
            tag = "Ny"
        elif word[0].isupper():
            lowered = word.lower()
            not_name = lowered in _NOT_NAMES or (first and _common(word) and not _common_name(word))
            tag = "N" if not_name else "Np"
        else:
            tag = "X"
        out.append(Token(word, m.start(), m.end(), tag))
        if tag != "CH" or word in {".", "!", "?", ":", "“", '"'}:
            first = tag == "CH"
    # particles inside a name: "Ben de Guzman", "Yvonne van Beusekom", "Abdullah bin Ahmad"
    for i in range(1, len(out) - 1):
        if out[i].text in _PARTICLES and out[i - 1].proper and out[i + 1].tag == "Np":
            out[i] = Token(out[i].text, out[i].start, out[i].end, "Np")
    return out


_PARTICLES = frozenset(
    [
        "de",
        "del",
        "della",
        "der",
        "den",
        "di",
        "da",
        "du",
        "dos",
        "das",
        "van",
        "von",
        "ban",
        "bin",
        "binti",
        "al",
        "el",
        "la",
        "le",
        "ter",
    ]
)


def _common_name(word: str) -> bool:
    """A capitalised word at a sentence's start that is a name all the same: a country
    ("Japan’s investment ...", "Cuba and Vietnam ...")."""
    from ingest.reference import COUNTRIES

    return COUNTRIES.lookup(word) is not None


def _words(*alternatives: str) -> str:
    return "|".join(sorted(alternatives, key=len, reverse=True))


_RANKS = "Deputy|Vice|Acting|Senior|Permanent|Standing|First|Executive|Assistant|Associate"
"""What may stand before any title and stays part of it ("Deputy General Director")."""
_TITLES = _words(
    "Vice Chairman",
    "Vice Chairwoman",
    "Chairman",
    "Chairwoman",
    "Vice Chair",
    "Chair",
    "Standing Vice Chairman",
    "Permanent Vice Chairman",
    "Vice Mayor",
    "Deputy Mayor",
    "Mayor",
    "Ambassador",
    "Consul General",
    "Consul",
    "Deputy Minister",
    "Minister",
    "Vice Minister",
    "Vice Governor",
    "Governor",
    "Vice President",
    "President",
    "Prime Minister",
    "Deputy Prime Minister",
    "General Secretary",
    "Party Secretary",
    "Secretary",
    "Deputy Secretary",
    "Permanent Deputy Secretary",
    "Director General",
    "Deputy Director",
    "Director",
    "General Director",
    "Managing Director",
    "Executive Director",
    "CEO",
    "Chief Executive",
    "Chief Minister",
    "Chief",
    "Commanding Officer",
    "Officer",
    "Head",
    "Deputy Head",
    "Commander",
    "Captain",
    "Counsellor",
    "Attaché",
    "Attache",
    "First Secretary",
    "Speaker",
    "Administrator",
    "Commissioner",
    "Senator",
    "Rector",
    "Principal",
    "Lord Mayor",
    "Chief Executive Officer",
    "Trade Attaché",
    "Commercial Attaché",
    "Charge d’Affaires",
    "Chargé d’Affaires",
    "Politburo member",
)
_ORG_AFTER = _words(
    "Corporation",
    "Corp.",
    "Group",
    "Company",
    "Co., Ltd",
    "Co., Ltd.",
    "Co. Ltd",
    "Ltd.",
    "Ltd",
    "JSC",
    "Inc.",
    "Inc",
    "LLC",
    "University",
    "Association",
    "Authority",
    "Embassy",
    "Consulate General",
    "Consulate",
    "Navy",
    "Council",
    "Committee",
    "Agency",
    "Department",
    "Ministry",
    "Bank",
    "Party",
    "Federation",
    "Chamber of Commerce",
    "Institute",
    "Foundation",
    "Fund",
    "Organisation",
    "Organization",
    "Network",
    "Union",
    "Office",
    "Administration",
    "Academy",
    "Forces",
    "Force",
    "Government",
    "Assembly",
    "Society",
    "Club",
    "Alliance",
    "Affairs",
    "Secretariat",
)

LEXICON = Lexicon(
    code="en",
    tokens=tokens,
    # titles are written in lower case too ("Vice chairman of ...", "said deputy director X")
    titles=re.compile(rf"\b(?:(?:{_RANKS})\s+)*(?:{_TITLES})\b", re.I),
    honorifics=re.compile(
        r"(?:\bMr\.?|\bMs\.?|\bMrs\.?|\bDr\.?|\bH\.E\.?|\bHis Excellency|\bHer Excellency|\bMadam|\bProf\.?)(?=\s)"
    ),
    title_words=frozenset(
        [
            "vice",
            "chairman",
            "chairwoman",
            "chair",
            "of",
            "the",
            "people's",
            "people’s",
            "committee",
            "council",
            "party",
            "province",
            "provincial",
            "city",
            "municipal",
            "secretary",
            "deputy",
            "standing",
            "permanent",
            "mayor",
            "governor",
            "minister",
            "ambassador",
            "consul",
            "general",
            "director",
            "head",
            "president",
            "and",
            "for",
            "department",
            "foreign",
            "affairs",
            "administration",
            "commander",
        ]
    ),
    both_sides=re.compile(
        r"\b(?:[Tt]he two (?:\w+\s+)?(?:sides|cities|provinces|localities|parties|capitals)|"
        r"[Bb]oth sides)\b"
    ),
    title_body=frozenset(
        [
            "district",
            "county",
            "prefecture",
            "state",
            "region",
            "regional",
            "territory",
            "town",
            "in",
            "new",
            "national",
            "central",
            "of the northern port city of ...",
            "northern",
            "southern",
            "eastern",
            "western",
            "north",
            "south",
            "east",
            "west",
            "northeastern",
            "northwestern",
            "southeastern",
            "southwestern",
            "port",
            "coastal",
            "capital",
            "border",
            "mountainous",
            "delta",
            "metropolis",
            "economic",
            "zone",
        ]
    ),
    org_before=re.compile(r"(?!x)x"),  # covered by the capitalised run holding a head
    org_after=re.compile(rf"\b(?:{_ORG_AFTER})(?![\w])"),
    body_heads={
        "Company": re.compile(
            r"\b(?:Corporation|Corp\.|Group|Company|Co\.|Ltd|JSC|Inc|LLC|Bank|Electronics|Industries)\b"
        )
    },
    home_bodies=re.compile(
        r"(?:\b[Tt]he\s+)?(?:(?:[Mm]unicipal|[Cc]ity|[Pp]rovincial|[Cc]ity’s|[Cc]ity's|"
        r"[Pp]rovince’s|[Pp]rovince's)\s+)?(?:People(?:’s|'s)? Committee|"
        r"People(?:’s|'s)? Council|Party Committee|Department of Foreign Affairs)\b|"
        r"(?:\b[Tt]he\s+)?(?:[Mm]unicipal|[Cc]ity|[Pp]rovincial|[Cc]ity’s|[Cc]ity's|[Pp]rovince’s|"
        r"[Pp]rovince's)\s+(?:leaders|leadership|authorities)\b|"
        r"\b[Tt]he (?:city|province)\b(?!’s| of)"
    ),
    cues={
        "visit": re.compile(
            r"\b(?:visit(?:s|ed|ing)?|(?:received|receives|receiving)(?=\s+(?:a\s+|an\s+|the\s+)?"
            r"(?:[A-Z]|delegation|visiting|crew|guests|ambassador|consul|officials))|"
            r"welcom(?:ed|es|ing)(?=\s+(?:a\s+|an\s+|the\s+)?(?:[A-Z]|delegation|visiting|crew|guests))"
            r"(?!\s+(?:\S+\s+){0,2}?(?:investors?|investments?|businesses|enterprises|firms|companies|capital)\b)|"
            r"hosted|"
            r"hosts|hosting|reception|courtesy call|port call|working trip|working session|"
            r"trip to|arrived|delegation (?:led|headed) by|led (?:a|the) delegation|"
            r"(?:a|the) delegation (?:of|from))\b"
        ),
        "meeting": re.compile(r"\b(?:met|meets|meeting|talks|online|virtual|video conference)\b"),
        "agreement": re.compile(r"\b(?:sign(?:ed|s|ing)?|inked|ink)\b"),
        "event": re.compile(
            r"\b(?:[Cc]onference|[Ff]orum|[Ss]eminar|[Ww]orkshop|[Ff]air|[Ee]xpo|[Ee]xhibition|"
            r"[Cc]ongress|[Ss]ummit|[Ff]estival|Days|Week)\b"
        ),
        "investment": re.compile(
            r"\b(?:investment|business|registration) (?:licen[cs]es?|certificates?)\b|"
            r"\b(?:licen[cs]es|certificates) (?:to|for)\b"
        ),
    },
    agreement_nouns=re.compile(
        r"(?:memorand|\bMoU\b|agreement|letter of intent|\bLoI\b|twinning|sister[- ]cit|"
        r"programme|\bprogram\b|\bplan\b|\baccord\b|\bdeal\b|contract)",
        re.I,
    ),
    online=re.compile(r"\b(?:online|virtual|video ?conference|videoconference)\b", re.I),
    receive=re.compile(
        r"\b(?:(?:received|receives|receiving)(?=\s+(?:a\s+|an\s+|the\s+)?"
        r"(?:[A-Z]|delegation|visiting|crew|guests|ambassador|consul|officials))|"
        r"(?:welcomed|welcomes|welcoming)(?=\s+(?:a\s+|an\s+|the\s+)?(?:[A-Z]|delegation|visiting|crew|guests))"
        r"(?!\s+(?:\S+\s+){0,2}?(?:investors?|investments?|businesses|enterprises|firms|companies|capital)\b)|"
        r"hosted|hosts|hosting|greeted)\b"
    ),
    received_by=re.compile(r"\b(?:was|were|been) (?:received|welcomed|hosted|greeted) by\b"),
    travel_to=re.compile(
        r"\b(?:visit(?:s|ed|ing)? to|visited|visiting|trip to|travel(?:l?ed)? to|arrived in|"
        r"in|at|to)\s+(?:the\s+)?(?:(?:city|province|state) of\s+)?"
    ),
    from_place=re.compile(r"\b(?:delegations? (?:of|from)|visitors from)\s+(?:the\s+)?"),
    planned=re.compile(
        r"\b(?:will|would|shall|towards|toward|expected to|expects to|plans? to|planned|planning|"
        r"proposed|proposes|propose|suggested|hopes? (?:to|for)|hoped|hope|wish(?:es)? (?:to|for)|"
        r"look(?:s|ing)? forward|should|"
        r"intends?|upcoming|invit(?:ed|es|e|ation)|future|slated|scheduled|set to|due to)\b"
    ),
    planned_after=re.compile(
        r"[^.;]{0,60}?\b(?:(?:is|are|was|were)\s+)?(?:slated|scheduled|expected|set|due|planned)"
        r"\s+(?:to|for)\b|[^.;]{0,40}?\b(?:later this year|next year|next month|in the coming)\b"
    ),
    signed_here=re.compile(
        r"\b(?:hosted|held|organi[sz]ed)\s+(?:a|the)\s+(?:signing|ceremony)|"
        r"\bsigning ceremony (?:held|took place) in\b"
    ),
    resident=re.compile(
        r"\b(?:Ambassador|Consul General|Consul|Charg[eé] d[’']Affaires|[Aa]ttach[eé]|Embassy|Consulate)\b",
        re.I,
    ),
    witness=re.compile(r"\b(?:witness(?:ed|ing)?|in the presence of)\b"),
    documents=(
        ("letter of intent", re.compile(r"[Ll]etter of [Ii]ntent|\bLoI\b|\bLOI\b")),
        ("memorandum", re.compile(r"[Mm]emorand|\bMoU\b|\bMOU\b")),
        ("plan", re.compile(r"\b[Pp]lan\b(?! to)")),
        ("programme", re.compile(r"\b[Pp]rogram(?:me)?\b")),
        ("contract", re.compile(r"\b[Cc]ontract\b")),
    ),
    agreement_between=re.compile(
        r"\b(?:co-?operation|friendship|twinning|sister[- ]city)\s+"
        r"(?:programmes?|programs?|agreements?|memorand\w*|plans?|relationship)\s+between\b",
        re.I,
    ),
    side_meeting=re.compile(
        r"^\s*On the sidelines? of\b|\bpaid (?:a|an) courtesy (?:visit|call) to\b", re.I
    ),
    agreement_reached=re.compile(
        r"\b(?:memorand\w*(?: of understanding)?|MoU|agreement|programme|letter of intent)"
        r",?\s+(?:which was\s+|that was\s+)?(?:reached|signed|inked)\s+(?=in\s|on\s)",
        re.I,
    ),
    place_visited=re.compile(
        r"\s+(?:official\s+|working\s+|state\s+|study\s+)?(?:visit|trip|tour)\b(?!\s+to\b)"
    ),
    speech=re.compile(
        r"\b(?:said|says|noted|notes|stressed|stresses|added|affirmed|emphasi[sz]ed|highlighted|"
        r"underlined|expressed|told|informed|briefed|suggested|proposed|asked|spoke|thanked|"
        r"congratulated|praised|appreciated|reported)\b"
    ),
    stop_names=frozenset({"photo", "file photo", "vna", "vns"}),
    place_after=re.compile(
        r"\s+(?:City|Province|Prefecture|County|District|State|Territory)\b"
        r"(?!\s+(?:People|Council|Committee|Government))"
    ),
    district_after=re.compile(r"\s+(?:District|Ward|Commune|Town|County)\b"),
    city_cue=re.compile(r"(?:city of|province of|mayor of|capital|prefecture of)\s*$", re.I),
    city_after=re.compile(
        r"^\s*(?:city|province|prefecture|county|district|state|territory)\b|^[’']s\b", re.I
    ),
    of_place=re.compile(r"^of\s+(?:the\s+)?"),
    the_before=re.compile(r"\bthe\s+$"),
    body_words=re.compile(r"People|Party"),
    occasion=re.compile(r"(?:At|During|On the sidelines of)\b(?!.{0,25}the (?:trip|visit))"),
    delegation_noun=re.compile(r"delegation"),
    delegation_after=re.compile(r"\s*(?:[’']s\s+)?delegation"),
    delegation_start=re.compile(r"\s*[Tt]he delegation\b"),
    listing=re.compile(r"\s*(?:including|such as)\b"),
    organised=re.compile(r"organi[sz]ed|hosted"),
    title_lead=re.compile(r"(?:the\s+|an?\s+)"),
    investment_words=re.compile(r"FDI|invest|capital", re.I),
    foreign_words=re.compile(r"FDI|foreign", re.I),
    twinning=re.compile(r"sister|twin"),
    memorandum=re.compile(r"memorand|mou\b"),
    title_end=re.compile(r"[,;(]|\sand\s|\.\s*$"),
    title_after_name=re.compile(
        r",\s+(?:the\s+|an?\s+)?(?:(?:new|newly[- ]appointed|incoming|former)\s+)?"
    ),
    after_name=re.compile(r"\s*(?:,[^,;]{1,120},\s*|\([^)]{1,60}\)\s*)?(?:(?:also|then)\s+)?"),
    place_affix=re.compile(r"^(?:city of|province of)\s+|\s+(?:city|province)$", re.I),
    place_word=re.compile(r"City|Province|Prefecture|County|District|State|Territory"),
    located_in=re.compile(r"in\s+(?:the\s+)?$"),
    event_kinds=(
        ("congress", re.compile(r"congress", re.I)),
        ("forum", re.compile(r"forum|summit", re.I)),
        ("fair", re.compile(r"\bfair\b|expo", re.I)),
        ("exhibition", re.compile(r"exhibition", re.I)),
        ("workshop", re.compile(r"seminar|workshop", re.I)),
        ("festival", re.compile(r"festival|\bdays\b|\bweek\b", re.I)),
        ("conference", re.compile(r"conference", re.I)),
    ),
    mission_at=re.compile(r"\s+in\s+(?:the\s+)?"),
    place_gap=re.compile(r"\s*of\s*"),
)
