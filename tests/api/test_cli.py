"""The command line as a user runs it: a real process, a real database file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PARTNERGRAPH_DB": str(db), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def count(db: Path) -> int:
    done = run(db, "--json", "cypher", "MATCH (n) RETURN count(n)")
    assert done.returncode == 0, done.stderr
    return int(json.loads(done.stdout)["rows"][0][0])


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "graph.lbdb"
    done = run(path, "load-sample", "--no-reference")
    assert done.returncode == 0, done.stderr
    return path


def test_help_explains_every_command() -> None:
    done = run(Path("unused.lbdb"), "--help")
    assert done.returncode == 0
    for command in [
        "load-sample",
        "ingest",
        "review",
        "search",
        "show",
        "history",
        "unexplored",
        "dormant",
        "cypher",
    ]:
        assert command in done.stdout, command


def test_load_sample_twice_changes_nothing(db: Path) -> None:
    before = count(db)
    again = run(db, "--json", "load-sample", "--no-reference")
    assert again.returncode == 0, again.stderr
    assert all(r["skipped"] for r in json.loads(again.stdout))
    assert count(db) == before


def test_history_json_names_sources(db: Path) -> None:
    done = run(db, "--json", "history", "Đan Mạch", "--as-of", "2022-12-31")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["partner"]["id"] == "dk"
    assert all(e["sources"] for e in data["entries"]), data["entries"]


def test_history_table(db: Path) -> None:
    done = run(db, "history", "Netherlands")
    assert done.returncode == 0, done.stderr
    assert "Rotterdam" in done.stdout and "seed-004" in done.stdout, done.stdout


def test_unknown_partner_exit_4_with_close_matches(db: Path) -> None:
    done = run(db, "history", "Denmarc")
    assert done.returncode == 4, done
    assert "Denmark (dk)" in done.stderr, done.stderr


def test_cypher_formats_and_params(db: Path) -> None:
    done = run(
        db,
        "cypher",
        "MATCH (c:Country {id: $id}) RETURN c.name, c.name_vi",
        "--param",
        "id=dk",
        "--format",
        "csv",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["c.name,c.name_vi", "Denmark,Đan Mạch"], done.stdout


def test_cypher_write_is_refused_with_exit_3(db: Path) -> None:
    done = run(db, "cypher", "MATCH (n) DETACH DELETE n")
    assert done.returncode == 3, done
    assert "read-only" in done.stderr
    assert (
        json.loads(run(db, "--json", "cypher", "MATCH (n:Country) RETURN count(n)").stdout)["rows"][
            0
        ][0]
        > 0
    )


def test_bad_input_exit_65_and_nothing_written(db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "empty.md"
    bad.write_text("", encoding="utf-8")
    before = count(db)
    done = run(db, "ingest", str(DATA / "esbjerg-visit-vi.txt"), str(bad))
    assert done.returncode == 65, done
    assert "empty.md" in done.stderr and "empty" in done.stderr
    assert count(db) == before


def test_ingest_json_lists_what_it_added(db: Path) -> None:
    done = run(db, "--json", "ingest", str(DATA / "seattle-en.html"))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)[0]
    assert any(e["label"] == "Agreement" for e in report["engagements"]), report
    assert {"id", "label", "name", "status"} <= set(report["entities"][0]), report


def test_review_queue_round_trip(db: Path, tmp_path: Path) -> None:
    article = tmp_path / "unknown-city.txt"
    article.write_text("Năm 2023, đoàn thành phố Zzyzxville thăm Hải Phòng.", encoding="utf-8")
    assert run(db, "ingest", str(article)).returncode == 0
    items = json.loads(run(db, "--json", "review", "list").stdout)
    item = next(i for i in items if i["text"] == "Zzyzxville")
    done = run(db, "--json", "review", "accept", item["id"], "--country", "US")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["created"] == "zzyzxville-us"
    again = run(db, "review", "reject", item["id"])
    assert again.returncode == 65 and "already accepted" in again.stderr, again


def test_missing_database_says_what_to_do(tmp_path: Path) -> None:
    done = run(tmp_path / "none.lbdb", "history", "Denmark")
    assert done.returncode == 74 and "load-sample" in done.stderr, done
