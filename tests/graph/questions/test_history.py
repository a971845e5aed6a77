from __future__ import annotations

import datetime as dt

from graph.questions import history
from graph.stores import LadybugStore

HOME = "haiphong-vn"


def _names(h: object) -> list[str]:
    return [e.name for e in h.entries]  # type: ignore[attr-defined]


def test_denmark(full_store: LadybugStore) -> None:
    h = history(full_store, "Denmark", home=HOME, as_of=dt.date(2022, 12, 31))
    names = _names(h)
    assert "Delegation of the Crown Prince of Denmark" in names, names
    assert "Chairman Nguyễn Văn Tùng receives the Mayor of Esbjerg" in names, names
    partners = {p.name for e in h.entries for p in e.parties if p.side == "partner"}
    assert {"Ørsted", "Esbjerg", "Jesper Frost Rasmussen", "Crown Prince of Denmark"} <= partners, (
        partners
    )
    reception = next(e for e in h.entries if "Esbjerg" in e.name)
    roles = {p.id: p.role for p in reception.parties}
    assert roles["nguyen-van-tung"] == "host" and roles["jesper-frost-rasmussen"] == "guest", roles
    assert all(e.sources and e.sources[0].evidence for e in h.entries), h.entries
    assert h.summary.status == "active" and h.summary.by_year == {"2022": 5}, h.summary


def test_netherlands_by_its_vietnamese_name(full_store: LadybugStore) -> None:
    h = history(full_store, "Hà Lan", home=HOME)
    assert h.partner.id == "nl"
    assert h.entries[0].date == "2021-01-01" and "Rotterdam" in h.entries[0].name, h.entries[0]
    partners = {p.name for e in h.entries for p in e.parties if p.side == "partner"}
    assert {"Port of Rotterdam", "Amsterdam Airport Schiphol", "Rotterdam"} <= partners, partners


def test_korea_by_its_vietnamese_name(full_store: LadybugStore) -> None:
    h = history(full_store, "Hàn Quốc", home=HOME)
    assert h.partner.id == "kr"
    names = _names(h)
    assert "Investment promotion conference with Korean businesses" in names, names
    assert "Investment promotion conference with LG Group's supporting-industry suppliers" in names
    kcci = [e for e in h.entries if any(p.id == "kcci" for p in e.parties)]
    assert len(kcci) == 2, kcci
    ties = {(t.type, t.from_id, t.details.get("rank")) for t in h.ties}
    assert ("INVESTS_IN", "kr", 1) in ties, ties
    # the trip to Korea is stated by both articles: both are cited
    trip = next(e for e in h.entries if e.id == "visit-2022-out-kr")
    assert [s.id for s in trip.sources] == ["seed-000", "seed-004"], trip.sources


def test_as_of_shows_the_relationship_as_it_stood(full_store: LadybugStore) -> None:
    h = history(full_store, "nl", home=HOME, as_of=dt.date(2021, 12, 31))
    dated = [e for e in h.entries if e.date]
    assert [e.date for e in dated] == ["2021-01-01"], dated
    assert h.summary.last_contact == "2021-01-01"


def test_dormant_when_quiet_too_long(full_store: LadybugStore) -> None:
    h = history(full_store, "dk", home=HOME, as_of=dt.date(2025, 1, 1), dormant_months=12)
    # the last contact is "in 2022": counted from the end of 2022, not from 1 January
    assert h.summary.status == "dormant" and h.summary.months_since_last == 24, h.summary
    assert h.summary.last_shown == "2022" and h.summary.first_shown == "2022"


def test_by_default_history_is_as_of_the_latest_date_the_sources_reach(
    full_store: LadybugStore,
) -> None:
    h = history(full_store, "dk", home=HOME)
    assert h.as_of == "2022-12-31"  # the seed articles reach to the end of 2022, not to today
    assert h.summary.status == "active" and h.summary.months_since_last == 0, h.summary


def test_ties_come_in_the_same_order_on_every_store(full_store: LadybugStore) -> None:
    ties = history(full_store, "kr", home=HOME).ties
    keys = [(t.type, t.from_id, t.to_id, t.source, t.evidence or "") for t in ties]
    assert ties and keys == sorted(keys)


def test_the_two_articles_disagree_on_fdi_and_both_figures_stay(full_store: LadybugStore) -> None:
    rows = full_store.query_readonly(
        "MATCH (i:Indicator {metric: 'fdi_attracted'})-[s:SOURCED_FROM]->(src:Source) "
        "RETURN src.id, i.value, i.approximate, s.wording ORDER BY src.id"
    ).rows
    assert rows == [
        ["seed-000", 2061530000.0, False, "2.061,53 triệu đô la Mỹ"],
        ["seed-004", 2500000000.0, True, "gần 2,5 tỷ USD"],
    ], rows


def test_any_city_can_be_home(full_store: LadybugStore) -> None:
    """The home city is a setting: Rotterdam's view of its relationship with Hai Phong."""
    h = history(full_store, "Hải Phòng", home="rotterdam-nl")
    names = _names(h)
    assert "Hai Phong delegation's working visit to Rotterdam (2021)" in names, names
    visit = next(e for e in h.entries if e.date == "2021-01-01")
    sides = {p.id: p.side for p in visit.parties}
    assert sides == {"rotterdam-nl": "home", "haiphong-vn": "partner"}, sides
