"""Where the sources reach, asked per anchored id (history, dormant) or by the ids alone
(the briefs): the same date for every home, and the anchored reads never scan a table."""

from __future__ import annotations

import pytest

from graph import cypher
from graph.questions.dormant import sources_reach
from graph.questions.lookup import find_entity, side
from graph.stores import LadybugStore


@pytest.mark.parametrize("home", ["haiphong-vn", "vn", "jp", "dk"])
def test_anchored_reach_is_the_scanned_reach(full_store: LadybugStore, home: str) -> None:
    hit = find_entity(full_store, home)
    home_side = side(full_store, hit.id, hit.label)
    anchored = sources_reach(full_store, home_side)
    assert anchored == sources_reach(full_store, sorted(home_side))
    if home == "haiphong-vn":
        assert anchored is not None and anchored.isoformat() == "2022-12-31"


def test_an_entity_without_dated_contact_reaches_nowhere(full_store: LadybugStore) -> None:
    assert sources_reach(full_store, {"no-such-city": "City"}) is None
    assert sources_reach(full_store, {}) is None


def test_the_reach_is_read_from_the_id_not_a_scan(full_store: LadybugStore) -> None:
    query = cypher.home_reach("City")
    assert "{id: $id}" in query and "IN $home" not in query
    rows = full_store.read(query, {"id": "haiphong-vn", "not_contact": ["planned"]})
    assert len(rows) == len({r["precision"] for r in rows}) >= 1  # one row per precision
