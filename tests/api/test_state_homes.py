"""The app's kept answers are per home (issue 17): two localities of one graph get their own
suggestions, each computed once per graph version, and an unknown home is never kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from api.state import AppState
from graph.errors import UnknownHome
from graph.settings import Settings
from tests.two_homes import load_two_homes


@pytest.fixture(scope="module")
def state(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppState]:
    store = load_two_homes(Path(tmp_path_factory.mktemp("state-homes")) / "graph.lbdb")
    yield AppState(settings=Settings(db=store.path), store=store)
    store.close()


def test_suggestions_are_kept_per_home(state: AppState) -> None:
    hp = state.unexplored(limit=10, labels=None)
    dn = state.unexplored(home="Đà Nẵng", limit=10, labels=None)
    assert [s.id for s in hp] != [s.id for s in dn]
    assert state.unexplored(home="da-nang-vn", limit=10, labels=None) is dn  # kept, by its id
    assert state.unexplored(home="haiphong-vn", limit=10, labels=None) is hp
    assert state.home("Đà Nẵng").id == "da-nang-vn" and state.home().id == "haiphong-vn"
    state.changed()
    again = state.unexplored(home="da-nang-vn", limit=10, labels=None)
    assert again is not dn and [s.id for s in again] == [s.id for s in dn]


def test_an_unknown_home_is_not_kept(state: AppState) -> None:
    for _ in range(2):
        with pytest.raises(UnknownHome):
            state.home("Da Nag")
    assert not [k for k in state._memo if k[:2] == ("home", "Da Nag")], state._memo.keys()
