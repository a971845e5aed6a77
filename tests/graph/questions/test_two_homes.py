"""The same questions asked for two homes in one graph (issue 17): Hai Phong from the sample and
Da Nang from the tests' own records. Each home sees its own side, its own reach and its own
partners; an unknown home is one error naming the close matches."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from graph.briefs import build_brief, render
from graph.errors import NotFound, UnknownHome
from graph.questions import dormant, history, unexplored
from graph.questions.home import find_home, home_country
from graph.questions.localities import localities
from graph.stores import LadybugStore
from tests.two_homes import HOMES, load_two_homes


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LadybugStore]:
    store = load_two_homes(tmp_path_factory.mktemp("two-homes") / "graph.lbdb")
    yield store
    store.close()


def test_a_home_is_found_by_id_or_name(two: LadybugStore) -> None:
    assert find_home(two, "da-nang-vn").id == "da-nang-vn"
    assert find_home(two, "Đà Nẵng").id == "da-nang-vn"
    assert find_home(two, "da nang").id == "da-nang-vn"
    assert home_country(two, find_home(two, "da-nang-vn")) == "VN"
    assert home_country(two, find_home(two, "dk")) == "DK"


@pytest.mark.parametrize("ref", ["Da Nag", "danang-v"])
def test_an_unknown_home_names_its_close_matches(two: LadybugStore, ref: str) -> None:
    with pytest.raises(UnknownHome) as caught:
        find_home(two, ref)
    assert "da-nang-vn" in caught.value.close, caught.value.close
    assert "Da Nang (da-nang-vn)" in str(caught.value) and "--home" in str(caught.value)
    assert caught.value.exit_code == 2 and isinstance(caught.value, NotFound)


@pytest.mark.parametrize(
    ("ref", "label"),
    [
        ("visit-2023-out-busan-da-nang", "Visit"),
        ("tran-quoc-bao", "Person"),
        ("KOTRA", "Organisation"),
    ],
)
def test_only_a_place_is_a_home(two: LadybugStore, ref: str, label: str) -> None:
    with pytest.raises(UnknownHome, match=f"is a {label}, which cannot be the home"):
        find_home(two, ref)


@pytest.mark.parametrize(
    "ask",
    [
        lambda s, h: history(s, "dk", home=h),
        lambda s, h: dormant(s, home=h),
        lambda s, h: unexplored(s, home=h, limit=5),
        lambda s, h: localities(s, "dk", home=h),
        lambda s, h: build_brief(s, "dk", home=h, picture=False),
    ],
    ids=["history", "dormant", "unexplored", "localities", "brief"],
)
def test_every_question_refuses_an_unknown_home(two: LadybugStore, ask: object) -> None:
    with pytest.raises(UnknownHome, match="close matches: Da Nang"):
        ask(two, "Da Nag")  # type: ignore[operator]


def test_history_with_denmark_from_each_home(two: LadybugStore) -> None:
    hp, dn = (history(two, "dk", home=h) for h in HOMES)
    assert (hp.home, dn.home) == HOMES
    dn_names = [e.name for e in dn.entries]
    assert dn_names == [
        "Chairman Trần Quốc Bảo receives the Ambassador of Denmark",
        "Da Nang - Aarhus MoU on smart-city cooperation",
        "Green growth forum in Da Nang",
    ], dn_names
    assert "Delegation of the Crown Prince of Denmark" in [e.name for e in hp.entries]
    assert hp.summary.engagements == 7 and dn.summary.engagements == 3, (hp.summary, dn.summary)
    # the forum both attended: each home sees itself on the home side, the other as a third
    forum = {h.home: next(e for e in h.entries if "forum" in e.name) for h in (hp, dn)}
    sides = {h: {p.id: p.side for p in e.parties} for h, e in forum.items()}
    assert sides["haiphong-vn"]["haiphong-vn"] == "home", sides
    assert sides["haiphong-vn"]["da-nang-vn"] == "other", sides
    assert sides["da-nang-vn"]["da-nang-vn"] == "home", sides
    assert sides["da-nang-vn"]["haiphong-vn"] == "other", sides
    # Da Nang's chairman is on its side through his committee (a person of a body of the city)
    visit = dn.entries[0]
    assert {p.id: p.side for p in visit.parties}["tran-quoc-bao"] == "home", visit.parties
    assert dn.as_of == "2023-11-10" and dn.summary.by_year == {"2023": 3}, dn


def test_dormant_from_each_home(two: LadybugStore) -> None:
    hp, dn = (dormant(two, home=h, months=3) for h in HOMES)
    assert dn.as_of == "2023-11-10" == hp.as_of  # both reach the forum of 10 Nov 2023
    dn_quiet = {d.id: d.months_quiet for d in dn.partners}
    hp_quiet = {d.id: d.months_quiet for d in hp.partners}
    # each party as it took part: Denmark itself last came to Da Nang in March, Aarhus's MoU
    # of June 2023 ends on 30 June; the embassy came to the forum with both homes
    assert dn_quiet == {"dk": 7, "aarhus-dk": 4}, dn_quiet
    assert hp_quiet["dk"] == hp_quiet["nl"] == 10, hp_quiet  # 2022 ends on 31 December
    assert "aarhus-dk" not in hp_quiet and "dk-embassy-vn" not in hp_quiet, hp_quiet
    assert [a.id for a in dn.agreements] == ["agreement-2023-da-nang-aarhus"], dn.agreements


def test_unexplored_from_each_home(two: LadybugStore) -> None:
    hp, dn = ({s.id for s in unexplored(two, home=h, limit=50)} for h in HOMES)
    assert hp != dn
    engaged_by_da_nang = {"aarhus-dk", "busan-kr", "dk", "jp"}
    assert not dn & engaged_by_da_nang, dn & engaged_by_da_nang
    assert not {"esbjerg-dk", "rotterdam-nl"} & hp, hp  # Hai Phong's own partners
    assert not {"haiphong-vn", "da-nang-vn"} & (hp | dn)  # the home's own country is domestic


def test_a_brief_for_each_home(two: LadybugStore) -> None:
    md = {
        h: render(build_brief(two, "dk", home=h, lang="en", picture=False), "md").decode()
        for h in HOMES
    }
    crown = "Delegation of the Crown Prince of Denmark"  # Hai Phong's visit of 2022
    assert "Aarhus MoU" in md["da-nang-vn"] and crown not in md["da-nang-vn"]
    assert crown in md["haiphong-vn"] and "Aarhus MoU" not in md["haiphong-vn"]
    assert "**Home city:** Da Nang" in md["da-nang-vn"], md["da-nang-vn"][:300]
    vi = render(build_brief(two, "dk", home="da-nang-vn", lang="vi", picture=False), "md")
    assert "Đà Nẵng" in vi.decode()


@pytest.mark.parametrize("partner", ["dk", "kr", "jp", "vn", "aarhus-dk", "nl", "haiphong-vn"])
def test_localities_count_what_each_history_counts(two: LadybugStore, partner: str) -> None:
    found = localities(two, partner, home="haiphong-vn")
    assert found.country == "VN" and found.partner.id == partner
    counts = {x.id: x.engagements for x in found.localities}
    for place in HOMES:
        if place == partner:
            assert place not in counts
            continue
        expected = history(two, partner, home=place).summary.engagements
        assert counts.get(place, 0) == expected, (place, counts, expected)
    assert localities(two, partner, home="da-nang-vn").localities == found.localities


def test_localities_of_denmark_most_engaged_first(two: LadybugStore) -> None:
    found = localities(two, "Đan Mạch", home="da-nang-vn")
    rows = [(x.id, x.engagements, x.last_contact, x.last_precision) for x in found.localities]
    assert rows == [
        ("haiphong-vn", 7, "2023-11-10", "day"),
        ("da-nang-vn", 3, "2023-11-10", "day"),
    ], rows
    assert found.localities[1].name_vi == "Đà Nẵng"


def test_localities_of_a_home_without_a_country_are_none(two: LadybugStore) -> None:
    assert localities(two, "Hải Phòng", home="jp").country == "JP"
    assert localities(two, "dk", home="jp").localities == []
    assert history(two, "kr", home="da-nang-vn", as_of=dt.date(2023, 9, 1)).entries == []
