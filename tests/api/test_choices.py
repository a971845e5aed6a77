"""One enum per concept (graph/choices.py): the command line and the web app offer the same
choices and refuse the same others, and no module keeps its own copy of them."""

from __future__ import annotations

import re
import subprocess
import sys
from enum import StrEnum
from pathlib import Path

import httpx
import pytest

from graph.briefs import FORMATS as BRIEF_FORMATS
from graph.briefs.i18n import LANGUAGES
from graph.choices import BriefFormat, Direction, ExportFormat, Lang, ReviewStatus
from graph.exports import FORMATS as EXPORT_FORMATS
from graph.schema import MODEL

ROOT = Path(__file__).resolve().parents[2]


def test_the_registries_are_the_enums() -> None:
    assert tuple(Lang) == LANGUAGES, LANGUAGES
    assert tuple(BriefFormat) == BRIEF_FORMATS, BRIEF_FORMATS
    assert list(EXPORT_FORMATS) == list(ExportFormat), list(EXPORT_FORMATS)
    assert [str(d) for d in Direction] == MODEL.enums["direction"], MODEL.enums["direction"]
    statuses = [str(s) for s in ReviewStatus if s is not ReviewStatus.all]
    assert statuses == MODEL.enums["review_status"], MODEL.enums["review_status"]
    assert [s.stored for s in ReviewStatus] == [*statuses, None]


def _param_enum(spec: dict[str, object], path: str, name: str) -> list[str]:
    op = spec["paths"][path]["get"]  # type: ignore[index]
    (param,) = [p for p in op["parameters"] if p["name"] == name]
    schema = param["schema"]
    ref = schema.get("$ref") or next(
        (s["$ref"] for s in schema.get("anyOf", []) if "$ref" in s), None
    )
    enum: list[str] = spec["components"]["schemas"][ref.rsplit("/", 1)[-1]]["enum"]  # type: ignore[index]
    return enum


@pytest.mark.parametrize(
    ("path", "name", "enum"),
    [
        ("/api/briefs/{ref}.{fmt}", "fmt", BriefFormat),
        ("/api/briefs/{ref}.{fmt}", "lang", Lang),
        ("/api/briefs/{ref}.{fmt}", "direction", Direction),
        ("/api/export.{fmt}", "fmt", ExportFormat),
        ("/api/review", "status", ReviewStatus),
    ],
)
def test_the_api_offers_the_enum(
    client: httpx.Client, path: str, name: str, enum: type[StrEnum]
) -> None:
    spec = client.get("/openapi.json").json()
    assert _param_enum(spec, path, name) == [str(e) for e in enum]


def test_the_api_and_the_pages_refuse_another_choice(client: httpx.Client) -> None:
    assert client.get("/api/briefs/dk.odt").status_code == 422
    assert client.get("/api/briefs/dk.md?lang=fr").status_code == 422
    assert client.get("/api/export.xml").status_code == 422
    assert client.get("/api/review?status=pending").status_code == 422
    assert client.get("/api/review?status=all").status_code == 200
    assert client.get("/lang/fr", follow_redirects=False).status_code == 422
    assert client.get("/entities/dk/brief?fmt=odt", follow_redirects=False).status_code == 422
    done = client.get("/entities/dk/brief?lang=en&fmt=md&direction=", follow_redirects=False)
    assert done.status_code == 303 and "lang=en" in done.headers["location"], done.headers


@pytest.mark.parametrize(
    ("args", "enum"),
    [
        (["brief", "dk", "--lang", "fr"], Lang),
        (["brief", "dk", "--format", "odt"], BriefFormat),
        (["brief", "dk", "--direction", "inbound"], Direction),
        (["export", "--format", "xml", "-o", "x"], ExportFormat),
        (["review", "list", "--status", "pending"], ReviewStatus),
    ],
)
def test_the_command_line_refuses_another_choice_naming_the_enum(
    args: list[str], enum: type[StrEnum]
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "--db", "unused.lbdb", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    for choice in enum:
        assert f"'{choice}'" in done.stderr, done.stderr


_LITERAL = re.compile(r"Literal\[([^\]]*)\]")
_ENUMS = (Lang, BriefFormat, ExportFormat, Direction, ReviewStatus)


def _copies(line: str) -> bool:
    """A Literal whose values are two or more of one enum's (and perhaps ""): a copy of it.
    One that adds values of its own is another concept (a review's direction may be
    "third-place"; a query's format is json or csv)."""
    for match in _LITERAL.finditer(line):
        values = set(re.findall(r"""["']([^"']*)["']""", match.group(1))) - {""}
        for enum in _ENUMS:
            choices = {str(e) for e in enum}
            if len(values) >= 2 and values <= choices and not values <= {"json", "csv"}:
                return True
    return False


def test_no_module_lists_the_choices_again() -> None:
    """A `Literal["vi", "en"]` (or of formats, directions or review statuses) beside the enums is a copy that
    drifts: every one goes through graph/choices.py."""
    assert _copies('lang: Literal["vi", "en"] = "vi"')
    assert _copies('direction: Literal["incoming", "outgoing", ""] = ""')
    assert _copies('status: Literal["open", "accepted", "merged", "rejected", "all"]')
    assert not _copies('format: Literal["json", "csv"] = "json"')
    assert not _copies('direction: Literal["incoming", "outgoing", "third-place", ""]')
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for folder in ("api", "graph", "ingest")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _copies(line)
    ]
    assert not found, found
