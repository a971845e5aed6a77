"""The command line as a user runs it: a real process, a real database file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA, served_by_cli


def run(
    db: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PARTNERGRAPH_DB": str(db), "COLUMNS": "200", **(env or {})}
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
    assert "writes to the graph" in done.stderr
    assert (
        json.loads(run(db, "--json", "cypher", "MATCH (n:Country) RETURN count(n)").stdout)["rows"][
            0
        ][0]
        > 0
    )


def test_an_engine_error_is_exit_3_and_echoes_the_query_as_written(db: Path) -> None:
    done = run(db, "cypher", "RETURN [x IN [1, 2] WHERE x > 1] AS big")
    assert done.returncode == 3, done
    assert "Traceback" not in done.stderr
    assert "[x IN [1, 2] WHERE x > 1]" in " ".join(done.stderr.split()), done.stderr  # no markup


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


def test_serve_refuses_a_public_address_without_a_key(db: Path) -> None:
    for env in ({}, {"PARTNERGRAPH_API_KEY": ""}, {"PARTNERGRAPH_API_KEY": " "}):  # empty: no key
        done = run(db, "serve", "--host", "0.0.0.0", "--port", "8765", env=env)
        assert done.returncode == 2, (env, done.stderr)  # usage, as the README says
        assert "PARTNERGRAPH_API_KEY" in done.stderr and "--public-without-key" in done.stderr


def test_search_text_is_bounded(db: Path) -> None:
    done = run(db, "search", "a" * 201)
    assert done.returncode == 65 and "at most 200 characters" in done.stderr


def test_serve_without_a_database_says_what_to_do(tmp_path: Path) -> None:
    done = run(tmp_path / "none.lbdb", "serve", "--port", "8766")
    assert done.returncode == 65 and "load-sample" in done.stderr


def test_serve_serves_and_other_commands_can_still_read(db: Path) -> None:
    import httpx

    with served_by_cli(db) as (_, port):
        r = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=5)
        assert r.status_code == 200 and r.json()["writable"] is False
        page = httpx.get(f"http://127.0.0.1:{port}/entities/dk", timeout=30)
        assert page.status_code == 200 and "Đan Mạch" in page.text
        # the app opened the database read-only: the command line can read it meanwhile
        done = run(db, "--json", "search", "Esbjerg")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)[0]["id"] == "esbjerg-dk"


def test_export_then_import_into_a_new_database(db: Path, tmp_path: Path) -> None:
    dump = tmp_path / "graph.jsonl"
    done = run(db, "export", "--format", "json", "-o", str(dump))
    assert done.returncode == 0, done.stderr
    fresh = tmp_path / "fresh.lbdb"
    done = run(fresh, "import", str(dump))
    assert done.returncode == 0, done.stderr
    assert count(fresh) == count(db)
    done = run(fresh, "import", str(dump))
    assert done.returncode == 0 and "0 nodes added" in done.stdout
    done = run(fresh, "import", str(tmp_path / "missing.jsonl"))
    assert done.returncode == 65 and "no such file" in done.stderr
    done = run(db, "export", "--format", "xlsx", "-o", str(tmp_path / "x"))
    assert done.returncode == 65 and "graphml" in done.stderr


def test_push_without_an_address_says_what_to_give(db: Path) -> None:
    env_free = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "--db", str(db), "push"],
        capture_output=True,
        text=True,
        env=env_free,
        timeout=120,
    )
    assert done.returncode == 65 and "--neo4j neo4j://host:7687" in done.stderr
    done = run(db, "--neo4j", "bolt://127.0.0.1:1", "history", "dk")
    assert (
        done.returncode == 74
        and "cannot reach Neo4j" in done.stderr
        and "Traceback" not in done.stderr
    )
