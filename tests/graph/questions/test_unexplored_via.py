"""A home-wide suggestion's reasons carry the ids of what they go through (the network, the
sector, the partner city, the investing country, the neighbours shared with the home), with
their names in both languages: a brief or a page says them without reading the English text."""

from __future__ import annotations

from graph.questions import unexplored
from graph.stores import LadybugStore

HOME = "haiphong-vn"


def test_each_reason_names_what_it_goes_through(full_store: LadybugStore) -> None:
    found = unexplored(full_store, home=HOME, limit=40)
    by_signal = {r.signal: r for s in found for r in s.reasons}
    sister = by_signal["sister_of_partner"]
    assert sister.via and all(v.id.endswith(f"-{v.country_code}".lower()) for v in sister.via)
    assert sister.via[0].name in sister.text, sister  # the first example, in its words
    investor = next(r for s in found for r in s.reasons if r.signal == "top_investor")
    assert [v.id for v in investor.via] in (["kr"], ["jp"]), investor
    assert investor.via[0].name_vi, investor  # Hàn Quốc / Nhật Bản
    linked = next(r for s in found for r in s.reasons if r.text.startswith("linked to"))
    assert all(v.name in linked.text for v in linked.via) and linked.via, linked
