"""The command line asks any locality of one graph with --home (or PARTNERGRAPH_HOME), by id
or name; an unknown home is a usage error (exit 2) naming the close matches (issue 17)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.api.test_cli import run
from tests.two_homes import load_two_homes


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-homes") / "graph.lbdb"
    load_two_homes(path).close()
    return path


def test_history_for_each_home(db: Path) -> None:
    hp = run(db, "history", "Denmark", "--json")
    dn = run(db, "--home", "da-nang-vn", "history", "Denmark", "--json")
    by_env = run(db, "history", "Denmark", "--json", env={"PARTNERGRAPH_HOME": "Đà Nẵng"})
    assert hp.returncode == dn.returncode == by_env.returncode == 0, (hp.stderr, dn.stderr)
    assert json.loads(hp.stdout)["summary"]["engagements"] == 7
    answer = json.loads(dn.stdout)
    assert answer["home"] == "da-nang-vn" and answer["summary"]["engagements"] == 3, answer
    assert json.loads(by_env.stdout)["home"] == "da-nang-vn"


def test_dormant_unexplored_and_brief_for_another_home(db: Path, tmp_path: Path) -> None:
    quiet = run(db, "dormant", "--months", "3", "--home=da-nang-vn", "--json")
    assert quiet.returncode == 0, quiet.stderr
    assert {d["id"] for d in json.loads(quiet.stdout)["partners"]} == {"dk", "aarhus-dk"}
    found = run(db, "unexplored", "--limit", "50", "--home", "da-nang-vn", "--json")
    assert found.returncode == 0, found.stderr
    assert "aarhus-dk" not in {s["id"] for s in json.loads(found.stdout)}
    out = tmp_path / "dk.md"
    made = run(db, "--home", "da-nang-vn", "brief", "dk", "--format", "md", "-o", str(out))
    assert made.returncode == 0, made.stderr
    assert "Aarhus MoU" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [["history", "dk"], ["dormant"], ["unexplored"]])
def test_an_unknown_home_is_a_usage_error(db: Path, command: list[str]) -> None:
    done = run(db, "--home", "Da Nag", *command)
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "Da Nang (da-nang-vn)" in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_localities_from_the_command_line(db: Path) -> None:
    done = run(db, "localities", "Đan Mạch", "--home", "da-nang-vn", "--json")
    assert done.returncode == 0, done.stderr
    rows = [(x["id"], x["engagements"]) for x in json.loads(done.stdout)["localities"]]
    assert rows == [("haiphong-vn", 7), ("da-nang-vn", 3)], rows
    table = run(db, "localities", "dk")
    assert "Da Nang\tda-nang-vn\t3\t10 Nov 2023" in table.stdout, table.stdout
    assert run(db, "localities", "dk", "--home", "Da Nag").returncode == 2
