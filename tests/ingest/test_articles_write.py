"""The steps that turn an article's merged mentions into engagements, each alone on mentions
made for the test (issue 16): the article's trip (its direction, its fallback date, its lead
partners, its errands), and one engagement's kind, date, direction and parties. The rules end
to end, on sentences, are in test_articles_rules.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from graph.batch import Batch
from graph.schema import MODEL
from ingest import articles
from ingest.lang import lexicon_for
from ingest.resolve import Resolver
from ingest.textparse import PartialDate, Sentence

HOME = "ninh-binh-vn"
COMMITTEE = "ninh-binh-committee"  # of the home side
DAY = PartialDate(dt.date(2024, 3, 3), "day", "March 3")
MONTH = PartialDate(dt.date(2024, 3, 1), "month", "March")
YEAR = PartialDate(dt.date(2024, 1, 1), "year", "2024")


def state(**fields: Any) -> articles._State:
    """A reader's state for an English article of the home, as ``article_batch`` makes it."""
    resolver = Resolver(model=MODEL)
    source = articles.article_source("A test.", path=Path("write.txt"), model=MODEL)
    made = articles._State(
        batch=Batch(source=source, model=MODEL),
        resolver=resolver,
        kinds=articles._kinds(MODEL),
        lex=lexicon_for("en"),
        home=articles._the_home(resolver, HOME),
        home_side={HOME, COMMITTEE},
        published=None,
        year=None,
        text="",
    )
    for name, value in fields.items():
        setattr(made, name, value)
    return made


def m(
    kind: str = "visit",
    status: str = "happened",
    direction: str | None = None,
    date: PartialDate | None = None,
    parties: dict[str, str] | None = None,
    *,
    offset: int = 0,
    text: str = "A sentence.",
    **more: Any,
) -> articles._Mention:
    return articles._Mention(
        kind=kind,
        status=status,
        direction=direction,
        date=date,
        parties=dict(parties or {}),
        sentence=Sentence(text, offset, 0),
        cue=kind,
        **more,
    )


@pytest.mark.parametrize(
    ("groups", "want"),
    [
        ([[m("meeting", direction="home")], [m(direction="outgoing")]], "outgoing"),
        ([[m(direction=None)], [m(direction="incoming")]], "incoming"),
        ([[m(direction="delegation")]], "outgoing"),
        ([[m("meeting", direction="home")]], "incoming"),
        ([[m("meeting", direction="outgoing")]], None),  # a meeting's own says nothing
        ([[m(status="planned", direction="outgoing")], [m("event", direction="home")]], None),
    ],
)
def test_the_trip_goes_as_a_visit_says_else_as_its_delegation_or_hosts_imply(
    groups: list[list[articles._Mention]], want: str | None
) -> None:
    assert articles._visit_direction(groups) == want


@pytest.mark.parametrize(
    ("fields", "groups", "want"),
    [
        ({"published": dt.date(2024, 5, 9)}, [[m(date=MONTH)], [m(date=DAY)]], DAY),
        ({"published": dt.date(2024, 5, 9), "year": 2023}, [[m(date=MONTH)]], "2024-05 month"),
        (
            {"url_date": PartialDate(dt.date(2023, 7, 4), "day", "/2023/07/04/")},
            [],
            "2023-07 month",
        ),
        ({"year": 2022}, [[m()]], "2022-01 year"),
        ({}, [[m(date=YEAR)]], None),
    ],
)
def test_an_undated_engagement_takes_the_first_full_date_else_when_it_was_published(
    fields: dict[str, Any], groups: list[list[articles._Mention]], want: object
) -> None:
    got = articles._fallback_date(state(**fields), groups)
    if isinstance(want, str):
        assert got is not None and f"{got.date.isoformat()[:7]} {got.precision}" == want, got
    else:
        assert got == want, got


@pytest.mark.parametrize(
    ("g", "want"),
    [
        ([m(status="planned", date=DAY)], True),
        ([m("meeting", "planned", date=DAY, parties={COMMITTEE: "host"})], True),
        ([m(status="planned", date=DAY, parties={"kr": "guest"})], False),  # its own partner
        ([m(status="planned", date=PartialDate(dt.date(2024, 3, 4), "day", "4"))], False),
        ([m(date=DAY)], False),  # what happened on the day is the trip itself
        ([m("agreement", "planned", date=DAY)], False),
    ],
)
def test_a_planned_errand_on_a_day_of_the_trip_is_no_engagement(
    g: list[articles._Mention], want: bool
) -> None:
    days = articles._trip_days([[m(date=DAY)], [m(status="planned", date=MONTH)]])
    assert days == {"2024-03-03"}, days
    assert articles._errand_of_the_trip(state(), g, days) is want


def test_the_lead_partners_join_what_names_none_and_sign_what_the_two_sides_sign() -> None:
    s = state()
    groups = [[m("meeting", parties={COMMITTEE: "host"})], [m(parties={"kr": "guest"})]]
    lead = articles._lead_partners(s, groups)
    assert lead == {"kr": "guest"}, lead
    unnamed, own = m("event", parties={COMMITTEE: "host"}), m("event", parties={"jp": "guest"})
    sides = m("agreement", parties={"jp": "participant"}, text="The two sides signed it.")
    for mention in (unnamed, own, sides):
        articles._join_the_lead(s, [mention], lead)
    assert unnamed.parties == {COMMITTEE: "host", "kr": "guest"}, unnamed.parties
    assert own.parties == {"jp": "guest"}, own.parties
    assert sides.parties == {"jp": "participant", "kr": "signatory"}, sides.parties


@pytest.mark.parametrize(
    ("g", "want"),
    [
        ([m(), m("meeting")], "visit"),
        ([m("meeting"), m()], "meeting"),  # the first mention's kind, where a visit is one
        ([m("meeting"), m("meeting")], "meeting"),
        ([m("agreement"), m("meeting")], "meeting"),
        ([m("agreement"), m("event")], "agreement"),
    ],
)
def test_meetings_alone_are_a_meeting_else_the_first_mention_says(
    g: list[articles._Mention], want: str
) -> None:
    assert articles._kind(g) == want


@pytest.mark.parametrize(
    ("g", "want"),
    [
        ([m(date=YEAR), m(date=DAY), m(date=MONTH)], DAY),
        ([m(date=MONTH), m(date=YEAR)], MONTH),
        ([m()], YEAR),  # the article's
        ([m(status="planned")], None),
        ([m(existing=True), m(existing=True)], None),  # named in passing
        ([m(existing=True), m()], YEAR),
    ],
)
def test_the_most_precise_date_else_the_articles_where_one_is_expected(
    g: list[articles._Mention], want: PartialDate | None
) -> None:
    assert articles._engagement_date(g, YEAR) == want


@pytest.mark.parametrize(
    ("kind", "g", "trip", "want"),
    [
        ("visit", [m(direction=None), m(direction="outgoing")], None, ("outgoing", True)),
        ("visit", [m(direction="delegation")], None, ("outgoing", False)),
        ("visit", [m(direction="home")], None, ("incoming", False)),
        ("visit", [m(direction="home")], "outgoing", ("outgoing", False)),  # as the trip went
        ("meeting", [m("meeting", side=True)], "outgoing", ("outgoing", False)),
        ("meeting", [m("meeting", side=True, online=True)], "outgoing", (None, False)),
        ("meeting", [m("meeting")], "outgoing", (None, False)),
        ("agreement", [m("agreement")], None, ("incoming", False)),  # the dateline's
        ("agreement", [m("agreement")], "outgoing", ("outgoing", False)),
        ("agreement", [m("agreement", existing=True)], "outgoing", (None, False)),
        ("agreement", [m("agreement", "planned", "outgoing")], None, (None, True)),
        ("event", [m("event")], None, ("incoming", False)),
        ("event", [m("event", online=True)], None, (None, False)),
        ("event", [m("event", direction="outgoing")], None, ("outgoing", True)),
    ],
)
def test_which_way_an_engagement_went_and_whether_its_sentences_say_so(
    kind: str, g: list[articles._Mention], trip: str | None, want: tuple[str | None, bool]
) -> None:
    got = articles._engagement_direction(state(at_home="incoming"), g, kind, trip)
    assert got == want, (kind, trip, got)


@pytest.mark.parametrize(
    ("kind", "direction", "named", "want"),
    [
        (
            "visit",
            "incoming",
            [{"kr": "guest", "busan": "participant"}],
            {"kr": "guest", "busan": "guest", HOME: "host"},
        ),
        (
            "visit",
            "outgoing",
            [{"kr": "participant", COMMITTEE: "guest"}],
            {"kr": "host", COMMITTEE: "delegation"},
        ),
        ("visit", None, [{"kr": "guest"}, {"kr": "host"}], {"kr": "guest", HOME: "participant"}),
        (
            "agreement",
            None,
            [{"kr": "participant", "busan": "witness", COMMITTEE: "participant"}],
            {"kr": "participant", "busan": "signatory", COMMITTEE: "participant"},
        ),
        ("agreement", None, [{"kr": "guest"}], {"kr": "signatory", HOME: "signatory"}),
        ("event", "incoming", [{"kr": "guest"}], {"kr": "guest", HOME: "participant"}),
    ],
)
def test_who_took_part_and_in_what_role(
    kind: str, direction: str | None, named: list[dict[str, str]], want: dict[str, str]
) -> None:
    g = [m(kind, parties=p, offset=i) for i, p in enumerate(named)]
    got = articles._parties(state(), g, kind, direction)
    assert got == want, got
    assert list(got) == list(want), got  # in the order first named, the home last
