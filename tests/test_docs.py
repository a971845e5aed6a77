"""What the README promises is what the program does."""

from __future__ import annotations

import re
from pathlib import Path

from api.cli import app, review_app
from graph.settings import Settings

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_gives_the_two_commands() -> None:
    assert "make run" in README and "make test" in README
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)


def test_every_command_is_in_the_readme() -> None:
    names = [c.name or c.callback.__name__ for c in app.registered_commands]  # type: ignore[union-attr]
    names += [f"review {c.name}" for c in review_app.registered_commands]
    assert len(names) > 10
    for name in names:
        if name.startswith("review "):
            assert re.search(rf"review [^\n|]*\b{name.split()[1]}\b", README), name
        else:
            assert re.search(rf"partnergraph {re.escape(name)}(?![\w-])", README), name


def test_every_setting_is_documented() -> None:
    """By its variable, or by its name as a word (``db`` is not found inside ``lbdb``)."""
    decisions = (ROOT / "docs" / "decisions.md").read_text(encoding="utf-8")
    for name, field in Settings.model_fields.items():
        variables = [f"PARTNERGRAPH_{name.upper()}"]
        alias = field.validation_alias
        variables += [str(a) for a in getattr(alias, "choices", ())]
        assert any(v in README for v in variables) or any(
            re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)
            for text in (README, decisions)
        ), name
