"""The settings read from the environment as pydantic-settings read them before (session 8
dropped it for start-up time): a variable per field, the aliases' variables for Neo4j, the
arguments over the environment, every value validated."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from graph.choices import Lang
from graph.settings import Settings


def test_every_field_is_read_from_its_variable() -> None:
    env = {
        "PARTNERGRAPH_DB": "/x/g.lbdb",
        "PARTNERGRAPH_HOME": "hue-vn",
        "PARTNERGRAPH_MAX_ROWS": "5",
        "PARTNERGRAPH_REVIEW_BELOW": "0.75",
        "PARTNERGRAPH_LANG": "en",
        "PARTNERGRAPH_API_KEY": "s3cret",
        "UNRELATED": "1",
        "PARTNERGRAPH_NOT_A_SETTING": "ignored, as before",
    }
    s = Settings(environ=env)
    assert (s.db, s.home, s.max_rows, s.review_below, s.lang) == (
        Path("/x/g.lbdb"),
        "hue-vn",
        5,
        0.75,
        Lang.en,
    ), s
    assert s.api_key is not None and s.api_key.get_secret_value() == "s3cret"
    assert Settings(environ={}) == Settings(environ={"UNRELATED": "1"})  # the defaults


def test_neo4j_takes_its_own_variables_first() -> None:
    both = {"NEO4J_URI": "neo4j://a:7687", "PARTNERGRAPH_NEO4J_URI": "neo4j://b:7687"}
    assert Settings(environ=both).neo4j_uri == "neo4j://a:7687"
    assert Settings(environ={"PARTNERGRAPH_NEO4J_URI": "neo4j://b:7687"}).neo4j_uri == (
        "neo4j://b:7687"
    )
    s = Settings(environ={"NEO4J_PASSWORD": "pw", "NEO4J_DATABASE": "g"})
    assert (s.neo4j_password.get_secret_value(), s.neo4j_database) == ("pw", "g")


def test_arguments_win_and_names_are_read_in_any_case() -> None:
    env = {"partnergraph_home": "hue-vn", "PARTNERGRAPH_DORMANT_MONTHS": "6"}
    s = Settings(environ=env, home="da-nang-vn")
    assert (s.home, s.dormant_months) == ("da-nang-vn", 6), s
    assert Settings(environ={}, neo4j_uri="neo4j://c:7687").neo4j_uri == "neo4j://c:7687"


def test_the_process_environment_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARTNERGRAPH_HOME", "esbjerg-dk")
    monkeypatch.setenv("PARTNERGRAPH_API_KEY", " ")  # an empty key is no key
    s = Settings()
    assert (s.home, s.api_key) == ("esbjerg-dk", None), s


@pytest.mark.parametrize(
    ("env", "field"),
    [
        ({"PARTNERGRAPH_MAX_ROWS": "many"}, "max_rows"),
        ({"PARTNERGRAPH_MAX_ROWS": "0"}, "max_rows"),
        ({"PARTNERGRAPH_LANG": "fr"}, "lang"),
        ({"PARTNERGRAPH_REVIEW_BELOW": "2"}, "review_below"),
    ],
)
def test_a_bad_value_is_refused_naming_the_setting(env: dict[str, str], field: str) -> None:
    with pytest.raises(ValidationError, match=field):
        Settings(environ=env)


def test_an_unknown_argument_is_refused() -> None:
    with pytest.raises(ValidationError, match="nope"):
        Settings(environ={}, nope=1)
