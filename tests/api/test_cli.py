"""The command line as a user runs it: a real process, a real database file."""

from __future__ import annotations

import json
import os
import re
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
    # (a list comprehension alone runs now, issue 13: an unknown variable is the engine's error)
    done = run(db, "cypher", "RETURN [x IN [1, 2] WHERE x > 1][bold] AS big")
    assert done.returncode == 3, done
    assert "Traceback" not in done.stderr
    said = " ".join(done.stderr.split())
    assert "Variable bold is not in scope" in said and "[1, 2]" in said, said  # no markup


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
    assert done.returncode == 2 and "graphml" in done.stderr  # usage: the choices are listed


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


README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")


def readme_examples() -> list[str]:
    """Every command line in the README's code blocks, but the ones that serve (tested by
    test_serve_* here) and those that only make the sample (the db fixture runs it)."""
    # blocks without an info string are the examples to run; ```sh ones show what needs a
    # network or a key (and are walked by their own tests)
    blocks = [
        body for info, body in re.findall(r"^```(\w*)\n(.*?)^```", README, re.M | re.S) if not info
    ]
    lines = [line.strip() for block in blocks for line in block.splitlines()]
    return [
        line
        for line in lines
        if line.startswith("partnergraph ") and " serve" not in line and "load-sample" not in line
    ]


def test_the_readme_has_command_examples() -> None:
    examples = readme_examples()
    assert len(examples) >= 8, examples
    assert "partnergraph history nl --json" in examples


@pytest.mark.parametrize("line", readme_examples())
def test_every_readme_example_runs(db: Path, tmp_path: Path, line: str) -> None:
    """As a user types it: the line run by bash, with the venv's partnergraph on the PATH."""
    bin_dir = Path(sys.executable).parent
    assert (bin_dir / "partnergraph").exists(), bin_dir
    env = {**os.environ, "PARTNERGRAPH_DB": str(db), "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    done = subprocess.run(
        ["bash", "-c", line],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,  # briefs and exports land here
        timeout=300,
    )
    assert done.returncode == 0, (line, done.stderr)
    assert done.stdout.strip() or any(tmp_path.iterdir()), (line, done.stdout)
    if "--json" in line.split():
        json.loads(done.stdout)


@pytest.mark.parametrize(
    "args",
    [
        ["history", "nl", "--json"],
        ["history", "nl", "--json", "--db", "DB"],
        ["--json", "history", "nl"],
        ["history", "--json", "nl", "--home=haiphong-vn"],
    ],
)
def test_global_options_before_or_after_the_command(db: Path, args: list[str]) -> None:
    done = run(Path("not-this.lbdb"), "--db", str(db), *[str(db) if a == "DB" else a for a in args])
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["partner"]["id"] == "nl"


def test_help_shows_types_and_defaults_and_no_dangling_text() -> None:
    commands = ["", "load-sample", "ingest", "search", "show", "history", "unexplored"]
    commands += ["dormant", "cypher", "brief", "export", "import", "recover", "push", "pull"]
    commands += ["serve", "schema-docs", "review", "review list", "review accept"]
    for command in commands:
        done = run(Path("unused.lbdb"), *command.split(), "--help")
        text = done.stdout
        assert done.returncode == 0, (command, done.stderr)
        assert "<bool>" not in text and "<str>" not in text and "{" not in text, (command, text)
        assert "see below" not in text and not re.search(r"\w \.(\s|$)| \]", text), (command, text)
        if command:
            assert "Global options, before or after the command" in " ".join(text.split())
    history = " ".join(run(Path("unused.lbdb"), "history", "--help").stdout.split())
    assert "Usage: partnergraph history [OPTIONS] PARTNER" in history, history
    assert "--as-of DATE" in history and "--months N" in history, history
    cypher = " ".join(run(Path("unused.lbdb"), "cypher", "--help").stdout.split())
    assert "--format [table|json|csv]" in cypher or "--format <table|json|csv>" in cypher
    assert "[default: table]" in cypher, cypher
    assert "--json " in history or "--json," in history


def test_piped_tables_are_tsv_and_never_wrapped(db: Path) -> None:
    done = run(db, "history", "Netherlands")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    header = lines.index("date\tkind\tengagement\thome side\tpartner side\tsources")
    rows = lines[header + 1 : lines.index("", header) if "" in lines[header:] else None]
    rows = [r for r in rows if r and not r.startswith(("#", "by year"))]
    assert rows and all(r.count("\t") == 5 for r in rows), rows
    assert any("Hai Phong delegation's working visit to Rotterdam (2021)" in r for r in rows)
    assert "9 engagements" in done.stdout, done.stdout


WORDS = {
    "en": ["USD 2,061.53 million", "88 projects", "1 row in", "9 engagements"],
    "vi": ["2.061,53 triệu USD", "88 dự án", "1 dòng trong", "9 hoạt động"],
}


@pytest.mark.parametrize(
    ("lang", "options", "env"),
    [
        ("en", [], {}),  # the command line's default
        ("en", ["--lang", "en"], {"PARTNERGRAPH_LANG": "vi"}),  # the option over the setting
        ("vi", [], {"PARTNERGRAPH_LANG": "vi"}),  # the setting the web app uses
        ("vi", ["--lang", "vi"], {}),
    ],
)
def test_counts_have_plurals_and_money_is_written_as_money(
    db: Path, lang: str, options: list[str], env: dict[str, str]
) -> None:
    """Counts, money and figures in the language asked, through the catalogue and babel as the
    briefs write them."""
    money, projects, one_row, engagements = WORDS[lang]
    shown = run(db, "show", "fdi-attracted-2022-seed-000", *options, env=env)
    assert f"value\t{money}" in shown.stdout.splitlines(), shown.stdout
    assert "2061530000" not in shown.stdout
    figure = run(db, "show", "fdi-new-projects-2022-seed-000", *options, env=env)
    assert f"value\t{projects}" in figure.stdout.splitlines(), figure.stdout
    one = run(db, "cypher", "RETURN 1 AS one", *options, env=env)
    assert one_row in one.stderr and "1 rows" not in one.stderr, one.stderr
    history = run(db, *options, "history", "Netherlands", env=env)
    summary = history.stdout.splitlines()[1]  # first contact ..., N engagements, status ...
    assert engagements in summary, history.stdout
    assert WORDS["vi" if lang == "en" else "en"][3] not in summary, summary


def test_every_count_the_command_line_writes_is_in_its_catalogue() -> None:
    """Each count's singular and plural (``_n`` in api/cli.py) has its Vietnamese text with the
    same placeholder, and so has the money the briefs' Language writes."""
    import ast
    import string

    from babel.messages.pofile import read_po

    import api.cli
    from api.words import LOCALE_DIR as words_dir
    from graph.briefs import i18n

    assert words_dir == i18n.LOCALE_DIR  # the command line's catalogue beside the briefs'
    po = i18n.LOCALE_DIR / "vi" / "LC_MESSAGES" / "cli.po"
    with po.open("rb") as f:
        catalog = {m.id if isinstance(m.id, str) else m.id[0]: m for m in read_po(f) if m.id}
    calls = [  # f-strings' calls too (babel's extractor does not read inside them)
        node
        for node in ast.walk(ast.parse(Path(api.cli.__file__).read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_n"
    ]
    assert all(isinstance(c.args[0], ast.Constant) for c in calls)
    used = {c.args[0].value for c in calls}
    plural = {c.args[0].value: c.args[1].value for c in calls}
    assert all(catalog[k].id == (k, v) for k, v in plural.items() if k in catalog), plural
    assert {"{n} engagement", "{n} row", "{n} item waits"} <= used, used
    assert not sorted(used - set(catalog)), f"add these to {po}: {sorted(used - set(catalog))}"
    for msgid, message in catalog.items():
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        fields = {name for _, name, _, _ in string.Formatter().parse(msgid) if name}
        for text in texts:
            assert text and {n for _, n, _, _ in string.Formatter().parse(text) if n} == fields
    from api.words import Words

    assert Words.get("vi").count("{n} item", "{n} items", 17178) == "17.178 mục"
    for code in ("vi", "en"):  # money and numbers as the briefs write them
        words, brief = Words.get(code), i18n.Language.get(code)
        for value in (0, 1, 999.5, 17_178, 1_000_000, 2_061_530_000, -3_500_000.25, -12_345):
            assert words.money(value, "USD") == brief.money(value, "USD"), (code, value)
            assert words.number(value, 0) == brief.number(value, 0), (code, value)


@pytest.mark.parametrize(
    "environ",
    [
        {},
        {"PARTNERGRAPH_DB": "a.lbdb"},
        {"partnergraph_db": "b.lbdb"},
        {"PARTNERGRAPH_DB": ""},
        {"NEO4J_URI": "neo4j://x:7687"},
        {"NEO4J_URI": "", "PARTNERGRAPH_NEO4J_URI": "neo4j://y:7687"},
        {"PARTNERGRAPH_NEO4J_URI": "neo4j://y:7687"},
    ],
)
@pytest.mark.parametrize("updates", [{}, {"db": Path("c.lbdb"), "neo4j_uri": "neo4j://z:7687"}])
def test_a_missing_database_is_looked_for_where_the_settings_say(
    environ: dict[str, str], updates: dict[str, object]
) -> None:
    """The check made before pydantic is imported finds the file and address Settings has."""
    from api.cli import _where
    from graph.settings import Settings

    settings = Settings(environ=environ, **updates)
    assert _where(updates, environ) == (settings.db, settings.neo4j_uri)


def test_load_sample_and_ingest_end_with_the_next_step(db: Path, tmp_path: Path) -> None:
    again = run(db, "load-sample", "--no-reference")
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[-1].startswith("Next: 'partnergraph serve'"), again.stdout
    article = tmp_path / "unknown-place.txt"
    article.write_text("Năm 2023, đoàn thành phố Qwertyville thăm Hải Phòng.", encoding="utf-8")
    done = run(db, "ingest", str(article))
    assert done.returncode == 0, done.stderr
    assert "1 item to review" in done.stdout, done.stdout
    assert "'partnergraph review list'" in done.stdout, done.stdout
    assert done.stdout.splitlines()[-1].startswith("Next: "), done.stdout


def test_serve_logs_each_request(db: Path) -> None:
    import httpx

    with served_by_cli(db) as (server, port):
        assert (
            httpx.get(f"http://127.0.0.1:{port}/api/search?q=Esbjerg", timeout=30).status_code
            == 200
        )
    log = server.stderr.read() if server.stderr else ""
    assert f"serving {db} on http://127.0.0.1:{port}/" in log, log
    assert '"GET /api/search?q=Esbjerg HTTP/1.1" 200' in log, log


def test_settings_are_read_per_invocation_not_from_a_global(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each invocation builds its settings from the environment and its options (issue 16: no
    process-wide cache), so two runs in one process see two environments."""
    from api.cli import state

    monkeypatch.setenv("PARTNERGRAPH_HOME", "esbjerg-dk")
    state.reset({}, json=False)
    assert state.settings.home == "esbjerg-dk"
    monkeypatch.setenv("PARTNERGRAPH_HOME", "rotterdam-nl")
    state.reset({}, json=False)
    assert state.settings.home == "rotterdam-nl"
    state.reset({"home": "haiphong-vn", "db": "x.lbdb"}, json=False)  # the options win
    assert state.settings.home == "haiphong-vn" and state.settings.db == Path("x.lbdb")
    state.reset({}, json=False)


def test_help_imports_no_engine_store_or_tables() -> None:
    """Start-up stays fast because the heavy modules are imported by the commands that use
    them: --help loads none of them."""
    probe = (
        "import sys; sys.argv = ['partnergraph', 'history', '--help']\n"
        "import api.cli\n"
        "try:\n    api.cli.main()\nexcept SystemExit:\n    pass\n"
        "heavy = ['ladybug', 'networkx', 'rich', 'graph.stores', 'graph.questions', "
        "'pydantic', 'fastapi', 'yaml', 'babel']\n"
        "print('heavy:', *(m for m in heavy if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "--as-of" in done.stdout
    assert done.stdout.splitlines()[-1] == "heavy:", done.stdout.splitlines()[-1]


@pytest.mark.parametrize(
    ("args", "needed", "unneeded"),
    [
        (["search", "Esbjerg"], ["graph.questions.lookup"], []),  # typos: rapidfuzz
        (["show", "dk"], ["graph.questions.lookup"], ["rapidfuzz"]),
        (["history", "nl"], ["graph.questions.history"], ["rapidfuzz"]),
        (  # a path and a choice given: what typer would make of them, without its pydantic
            ["--db", "DB", "--lang", "vi", "show", "dk"],
            ["graph.questions.lookup"],
            ["rapidfuzz", "typer._adapters", "babel"],
        ),
    ],
)
def test_a_question_imports_only_what_it_asks(
    db: Path, args: list[str], needed: list[str], unneeded: list[str]
) -> None:
    args = [str(db) if a == "DB" else a for a in args]
    """A question's command loads its own question and the store, not the other questions nor
    the modules of analytics, pages, briefs or article reading (graph.questions imports each
    question when it is first asked for), nor the close matches' library for an id; nor does
    pydantic look for plugins (importlib.metadata) when they are turned off."""
    probe = (
        f"import sys; sys.argv = ['partnergraph', *{args!r}]\n"
        "import api.cli\n"
        "try:\n    api.cli.main()\nexcept SystemExit:\n    pass\n"
        "heavy = ['networkx', 'jinja2', 'weasyprint', 'spacy', 'underthesea', 'fastapi', "
        "'rich', 'followthemoney', 'docx', 'graph.briefs.content', 'ingest', 'neo4j', "
        "'graph.questions.unexplored', 'graph.questions.dormant', 'graph.dialect', "
        f"'pydantic_settings', 'importlib.metadata', *{unneeded!r}]\n"
        f"print('needed:', *(m for m in {needed!r} if m in sys.modules))\n"
        "print('heavy:', *(m for m in heavy if m in sys.modules))"
    )
    env = {**os.environ, "PARTNERGRAPH_DB": str(db)}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[-2] == " ".join(["needed:", *needed]), lines[-2]  # it did ask its question
    assert lines[-1] == "heavy:", lines[-1]


@pytest.mark.parametrize("args", [["search", "dan"], ["show", "dk"], ["history", "dk"]])
def test_a_missing_database_is_refused_before_the_store_loads(
    tmp_path: Path, args: list[str]
) -> None:
    """No database: the command says what to do (exit 74) having imported neither the engine,
    the store nor the schema, nor pydantic (typer's coercion, the settings), nor rich for a
    message on a pipe."""
    probe = (
        f"import sys; sys.argv = ['partnergraph', *{args!r}]\n"
        "import api.cli\n"
        "try:\n    api.cli.main()\nexcept SystemExit as exc:\n    print('exit', exc.code)\n"
        "heavy = ['ladybug', 'graph.stores', 'graph.schema', 'yaml', 'graph.cypher', "
        "'graph.questions.lookup', 'rapidfuzz', 'rich', 'pydantic', 'babel']\n"
        "print('heavy:', *(m for m in heavy if m in sys.modules))"
    )
    env = {**os.environ, "PARTNERGRAPH_DB": str(tmp_path / "none.lbdb")}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, env=env
    )
    assert "no database at" in done.stderr and "load-sample" in done.stderr, done.stderr
    assert done.stdout.splitlines()[-2:] == ["exit 74", "heavy:"], done.stdout


@pytest.mark.parametrize(
    ("fmt", "needed"),
    [
        ("json", []),
        ("graphml", []),
        ("gexf", []),
        ("csv", []),
        ("cypher", []),
        ("ftm", ["followthemoney"]),
    ],
)
def test_an_export_imports_only_its_own_library(
    db: Path, tmp_path: Path, fmt: str, needed: list[str]
) -> None:
    """Each format's writer loads what it writes with: GraphML and GEXF are written from the
    store's rows (no networkx), the Cypher script from graph.cypher (not the Neo4j driver)."""
    out = tmp_path / f"g.{fmt}"
    probe = (
        f"import sys; sys.argv = ['partnergraph', 'export', '--format', '{fmt}', '-o', '{out}']\n"
        "import api.cli\n"
        "try:\n    api.cli.main()\nexcept SystemExit as exc:\n    print('exit', exc.code)\n"
        "heavy = ['networkx', 'neo4j', 'followthemoney', 'fastapi', 'graph.dialect']\n"
        f"print('needed:', *(m for m in {needed!r} if m in sys.modules))\n"
        "print('heavy:', *(m for m in heavy if m in sys.modules and m not in "
        f"{needed!r}))"
    )
    env = {**os.environ, "PARTNERGRAPH_DB": str(db)}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, env=env
    )
    assert done.returncode == 0 and out.exists(), done.stderr
    lines = done.stdout.splitlines()
    assert lines[-2:] == [" ".join(["needed:", *needed]), "heavy:"], lines


def test_the_review_threshold_is_the_setting_the_command_line_reads(tmp_path: Path) -> None:
    db = tmp_path / "graph.lbdb"
    article = tmp_path / "uppsala.txt"
    article.write_text(
        "Governor Erik Holm of Sweden’s Uppsala visited Hai Phong on May 2, 2024.",
        encoding="utf-8",
    )
    strict = run(db, "--json", "ingest", str(article), env={"PARTNERGRAPH_REVIEW_BELOW": "0.9"})
    assert strict.returncode == 0, strict.stderr
    waiting = run(db, "--json", "review", "list")
    assert "Uppsala" in waiting.stdout, waiting.stdout  # 0.85 < 0.9: it waits
    held = run(db, "--json", "cypher", "MATCH (c:City {id: 'uppsala-se'}) RETURN count(c)")
    assert json.loads(held.stdout)["rows"][0][0] == 0, held.stdout


def test_pydantic_finds_no_plugins_without_importing_package_metadata() -> None:
    """With plugins off (the command line's default) pydantic's loader is given ahead: models
    still validate, nothing imports importlib.metadata, and the loader's other names are the
    real module's; with plugins on, the real loader is left to pydantic."""
    probe = (
        "import os, sys\n"
        "import api.cli\n"
        "os.environ['PYDANTIC_DISABLE_PLUGINS'] = sys.argv[1]\n"
        "api.cli._no_plugin_search()\n"
        "from pydantic import BaseModel\n"
        "class M(BaseModel):\n    x: int\n"
        "assert M(x='7').x == 7\n"
        "print('importlib.metadata' in sys.modules)\n"
        "import pydantic.plugin._loader as loader\n"
        "print(loader.PYDANTIC_ENTRY_POINT_GROUP, list(loader.get_plugins()))"
    )
    off, on = (
        subprocess.run(
            [sys.executable, "-c", probe, value], capture_output=True, text=True, timeout=120
        )
        for value in ("__all__", "")
    )
    assert off.returncode == 0 and on.returncode == 0, (off.stderr, on.stderr)
    assert off.stdout.split() == ["False", "pydantic", "[]"], off.stdout
    assert on.stdout.split()[0] == "True", on.stdout  # the real loader, which scans


def test_choices_and_paths_are_what_typer_makes_of_them(tmp_path: Path) -> None:
    """The values the command line converts without typer (a choice's value, a path with no
    conditions) are what typer makes of them, of the same type; what typer refuses is left to
    typer, which says why."""
    import typer.core
    from typer._click.core import Context
    from typer._click.exceptions import BadParameter

    import api.cli

    root = api.cli.command()
    export, brief = root.commands["export"], root.commands["brief"]
    listing = root.commands["review"].commands["list"]
    cases = [(root, "db", v) for v in ["x.lbdb", str(tmp_path), "~/a b.lbdb", "-", ""]]
    cases += [(root, "lang", v) for v in ["vi", "en", "VI", "xx", ""]]
    cases += [(export, "fmt", v) for v in ["csv", "ftm", "CSV", "pdf"]]
    cases += [(export, "output", v) for v in ["out.json", str(tmp_path)]]
    cases += [(brief, "direction", v) for v in ["incoming", "up"]]
    cases += [(listing, "status", v) for v in ["all", "open", "opened"]]
    quick = 0
    for cmd, name, value in cases:
        param = next(p for p in cmd.params if p.name == name)
        ctx = Context(cmd)
        done, ours = api.cli._processed(param, ctx, value)
        try:
            theirs = typer.core.TyperOption.process_value(param, ctx, value)
        except BadParameter:
            assert not done, (name, value)  # refused by typer, with its message
            continue
        if done:
            quick += 1
            assert ours == theirs and type(ours) is type(theirs), (name, value, ours, theirs)
    assert quick >= 12, quick
