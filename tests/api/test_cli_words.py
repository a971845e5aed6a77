"""The command line in Vietnamese: every message, column, help text and error it writes is in
its catalogue (graph/briefs/locale/vi/LC_MESSAGES/cli.po), translated with the same
placeholders, and a real process says them in the language asked; TSV and JSON keys stay as
they are (they are data)."""

from __future__ import annotations

import ast
import gettext
import inspect
import io
import json
import os
import pty
import re
import string
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po as babel_read_po

import api.cli
from api.words import CLI_PO, LOCALE_DIR, read_po
from graph import errors

ROOT = Path(__file__).parents[2]
PO = LOCALE_DIR / "vi" / "LC_MESSAGES" / CLI_PO
SOURCE = Path(api.cli.__file__).read_text(encoding="utf-8")
TREE = ast.parse(SOURCE)
WRAPPERS = {"_t", "_word"}  # a message through the catalogue
COUNTS = {"_n"}  # a count (tests/api/test_cli.py checks those)


def _name(func: ast.expr) -> str | None:
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def _calls(names: set[str]) -> Iterator[ast.Call]:
    for node in ast.walk(TREE):
        if isinstance(node, ast.Call) and _name(node.func) in names:
            yield node


def said_messages() -> set[str]:
    """The first argument of each ``_t`` and ``_word``: a text written in the call."""
    found = set()
    for call in _calls(WRAPPERS):
        arg = call.args[0]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            found.add(arg.value)
    return found


def columns() -> set[str]:
    return {
        e.value
        for call in _calls({"_table"})
        if isinstance(call.args[1], ast.List)
        for e in call.args[1].elts
        if isinstance(e, ast.Constant)
    }


def help_texts() -> set[str]:
    """What ``--help`` shows of every command, option and argument, as the catalogue keys it."""
    root = api.cli.command()
    found, todo = set(), [root]
    while todo:
        cmd = todo.pop()
        for owner in (cmd, *cmd.params, getattr(cmd, "_help_option", None)):
            for attr in ("help", "epilog", "short_help"):
                if text := getattr(owner, attr, None):
                    found.add(api.cli.help_key(text))
        todo += getattr(cmd, "commands", {}).values()
    return found


def error_sentences() -> set[str]:
    """Each error class's sentence and the raise sites' own ids (graph/errors.py)."""
    classes = [c for c in vars(errors).values() if inspect.isclass(c)]
    own = {errors.NO_ENTITY, errors.NO_ENTITY_CLOSE}
    return {c.msgid for c in classes if issubclass(c, errors.PartnergraphError)} | own


def catalogue() -> dict[str, str]:
    messages, _ = read_po(PO)
    return {k if isinstance(k, str) else k[0]: v for k, v in messages.items()}


def test_every_text_the_command_line_writes_is_in_its_catalogue() -> None:
    said, heads, helps = said_messages(), columns(), help_texts()
    assert {"timeline", "Next: {step}", "error: {message}"} <= said, said
    assert {"date", "home side", "evidence"} <= heads, heads
    assert len(helps) > 60 and "Show this message and exit." in helps, helps
    wanted = said | heads | helps | set(api.cli.TYPER_WORDS) | error_sentences()
    cat = catalogue()
    missing = sorted(w for w in wanted if not cat.get(w))
    assert missing == [], f"add these to {PO.relative_to(ROOT)}: {missing}"


def test_translations_keep_their_placeholders() -> None:
    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for msgid, msgstr in catalogue().items():
        assert fields(msgid) == fields(msgstr), msgid
        assert msgstr.count("'partnergraph") == msgid.count("'partnergraph"), msgid


def test_every_message_goes_through_the_catalogue() -> None:
    """A text typed straight into what the command line says (a line, a title, a status, an
    error) fails here: only ``_t``, ``_word`` and ``_n`` take words. Markup and punctuation may
    stay outside."""
    sayers = {"_say", "_status", "_table", "_ours", "add_task", "BadParameter"}
    inner = WRAPPERS | COUNTS | {"_num", "_relation_status", "repr", "join", "escape", "get"}
    bare: list[str] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.Call) and _name(node.func) in inner:
            return
        if isinstance(node, ast.Subscript):  # a key of the data: result['id']
            return visit(node.value)
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            words = re.sub(r"\[/?(?:bold|dim|cyan|yellow|red|green)\]", "", node.value)
            if re.search(r"[A-Za-z]{2,}", words):
                bare.append(node.value)
        for child in ast.iter_child_nodes(node):
            visit(child)

    for call in _calls(sayers):
        for arg in call.args[:1] if _name(call.func) == "_table" else call.args:
            visit(arg)
        for kw in call.keywords:
            if kw.arg not in {"param_hint", "stderr", "ours", "total"}:
                visit(kw.value)
    for call in _calls({"update"}):  # a progress bar's description
        for kw in call.keywords:
            if kw.arg == "description":
                visit(kw.value)
    assert bare == [], f"write these through _t(...) and add them to {PO.name}: {bare}"


def test_the_catalogue_reader_reads_what_babel_reads() -> None:
    """The command line reads its catalogue without babel; each of the package's catalogues
    comes out as babel's reading and compiling keeps it (what GNUTranslations looks up)."""
    for po in sorted((LOCALE_DIR / "vi" / "LC_MESSAGES").glob("*.po")):
        ours, plural = read_po(po)
        with po.open("rb") as f:
            compiled = io.BytesIO()
            write_mo(compiled, babel_read_po(f, locale="vi"))
        compiled.seek(0)
        theirs = gettext.GNUTranslations(compiled)
        assert ours == {k: v for k, v in theirs._catalog.items() if k != ""}, po.name  # type: ignore[attr-defined]
        assert [plural(n) for n in range(5)] == [theirs.plural(n) for n in range(5)]  # type: ignore[attr-defined]


def test_the_reader_skips_fuzzy_and_untranslated_entries(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        '#, fuzzy\nmsgid "guess"\nmsgstr "đoán"\n\n'
        'msgid "empty"\nmsgstr ""\n\n'
        'msgid "two "\n"lines"\nmsgstr "hai "\n"dòng \\"x\\""\n\n'
        'msgid "{n} cat"\nmsgid_plural "{n} cats"\nmsgstr[0] "{n} mèo"\nmsgstr[1] "{n} mèos"\n',
        encoding="utf-8",
    )
    messages, plural = read_po(po)
    assert messages == {
        "two lines": 'hai dòng "x"',
        ("{n} cat", 0): "{n} mèo",
        ("{n} cat", 1): "{n} mèos",
    }
    assert (plural(1), plural(2)) == (0, 1)


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
        timeout=300,
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-words") / "graph.lbdb"
    done = run("--db", str(path), "load-sample", "--no-reference")
    assert done.returncode == 0, done.stderr
    return path


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--lang", "vi", "history", "--help"], {}),
        (["history", "--help", "--lang=vi"], {}),
        (["history", "--help"], {"PARTNERGRAPH_LANG": "vi"}),
    ],
)
def test_help_in_vietnamese(args: list[str], env: dict[str, str]) -> None:
    done = run(*args, env=env)
    assert done.returncode == 0, done.stderr
    text = " ".join(done.stdout.split())
    for vi in ["Mọi hoạt động với một đối tác", "Đối số:", "Tùy chọn:", "[bắt buộc]"]:
        assert vi in text, (vi, text)
    assert "Hiện thông báo này rồi thoát." in text and "Tùy chọn chung, trước hoặc sau" in text
    assert "Every engagement" not in text and "Options:" not in text
    assert "--as-of DATE" in text  # the options themselves are as typed


def test_help_stays_english_unless_asked() -> None:
    text = " ".join(run("history", "--help", env={"PARTNERGRAPH_LANG": ""}).stdout.split())
    env = {k: v for k, v in os.environ.items() if k.upper() != "PARTNERGRAPH_LANG"}
    plain = subprocess.run(
        [sys.executable, "-m", "api.cli", "history", "--help"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert "Every engagement with a partner" in " ".join(plain.stdout.split())
    assert "Options:" in plain.stdout and "Tùy chọn" not in plain.stdout
    assert "Every engagement" in text or "Mọi hoạt động" not in text


def test_piped_output_says_its_lines_in_vietnamese_and_keeps_its_keys(db: Path) -> None:
    done = run("--db", str(db), "history", "Netherlands", "--lang", "vi")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Netherlands (Country nl) và haiphong-vn, tính đến "), lines[0]
    assert (
        "liên hệ đầu tiên 2021, gần nhất 2022, 9 hoạt động, tình trạng đang hoạt động" in lines[1]
    )
    assert "# diễn biến" in lines  # a title, for people
    assert "date\tkind\tengagement\thome side\tpartner side\tsources" in lines  # data: as is
    as_json = run("--db", str(db), "--json", "history", "nl", "--lang", "vi")
    summary = json.loads(as_json.stdout)["summary"]
    assert summary["engagements"] == 9 and summary["status"] == "active", summary


def test_a_terminal_gets_its_columns_in_vietnamese(db: Path) -> None:
    """On a terminal (a pseudo-terminal here) the table's columns are words for people."""
    main, other = pty.openpty()
    env = {**os.environ, "COLUMNS": "200", "LINES": "50", "TERM": "dumb"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "--db", str(db), "--lang", "vi", "show", "dk"],
        stdout=other,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(other)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert proc.wait(timeout=120) == 0, proc.stderr.read() if proc.stderr else ""
    shown = re.sub(r"\x1b\[[0-9;]*m", "", b"".join(chunks).decode("utf-8"))
    for vi in ["thuộc tính", "giá trị", "câu trích", "loại quan hệ", "chiều", "vai trò"]:
        assert vi in shown, (vi, shown[:2000])
    assert "evidence" not in shown.split("quan hệ")[0]


@pytest.mark.parametrize(
    ("args", "first", "second"),
    [
        (
            ["show", "nowhere-xx"],
            "lỗi: Không có thực thể nào tên “nowhere-xx”; hãy tìm kiếm với một phần của tên.",
            "no entity is called 'nowhere-xx'",
        ),
        (["history", "dk", "--as-of", "2022-13-01"], "lỗi: --as-of '2022-13-01' không phải", None),
        (
            ["cypher", "MATCH (n) DETACH DELETE n"],
            "lỗi: Truy vấn bị từ chối; chi tiết bên dưới (bằng tiếng Anh) cho biết lý do.",
            "writes to the graph",
        ),
    ],
)
def test_errors_in_vietnamese_with_the_english_details(
    db: Path, args: list[str], first: str, second: str | None
) -> None:
    done = run("--db", str(db), "--lang", "vi", *args)
    assert done.returncode in (3, 4, 65), done.stderr
    lines = done.stderr.splitlines()
    assert lines[0].startswith(first), lines
    if second:
        assert second in lines[1], lines
    else:
        assert len(lines) == 1, lines  # the command line's own error: one sentence
    english = run("--db", str(db), *args)
    assert english.stderr.startswith("error: ") and "lỗi" not in english.stderr


def test_a_missing_database_in_vietnamese_before_pydantic(tmp_path: Path) -> None:
    probe = (
        "import sys; sys.argv = ['partnergraph', 'show', 'dk']\n"
        "import api.cli\n"
        "try:\n    api.cli.main()\nexcept SystemExit as exc:\n    print('exit', exc.code)\n"
        "print('heavy:', *(m for m in ['pydantic', 'babel', 'ladybug'] if m in sys.modules))"
    )
    env = {
        **os.environ,
        "PARTNERGRAPH_DB": str(tmp_path / "none.lbdb"),
        "PARTNERGRAPH_LANG": "vi",
    }
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.stderr.startswith("lỗi: không có cơ sở dữ liệu tại "), done.stderr
    assert "'partnergraph load-sample'" in done.stderr
    assert done.stdout.splitlines()[-2:] == ["exit 74", "heavy:"], done.stdout
