"""The schema's YAML is parsed once and kept as JSON beside the bytecode, keyed by the file's
sha256: the copy gives the same model, and an edit of the file, a damaged copy or another
format's is never used."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from graph import schema
from graph.schema import _SchemaFile, kept_schema_path, load_model, read_schema

ROOT = Path(__file__).parents[2]


@pytest.fixture
def copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The package's schema file in a folder of its own, where bytecode may be written."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(sys, "pycache_prefix", None)
    path = tmp_path / "schema.yaml"
    shutil.copy(ROOT / "graph" / "schema.yaml", path)
    return path


def _no_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the YAML was parsed")

    monkeypatch.setattr(yaml, "load", refuse)


def test_the_kept_copy_makes_the_same_model_without_parsing_yaml(
    copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = yaml.load(copy.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    first = read_schema(copy)  # parses, keeps the copy
    kept = kept_schema_path(copy)
    assert kept == copy.parent / "__pycache__" / "schema.yaml.json" and kept.exists()
    _no_yaml(monkeypatch)
    again = read_schema(copy)
    assert first == parsed
    assert _SchemaFile.model_validate(again) == _SchemaFile.model_validate(parsed)
    model, reference = load_model(copy), schema.Model(_SchemaFile.model_validate(parsed))
    assert list(model.labels) == list(reference.labels)  # the file's order: search ranks by it
    assert model.labels == reference.labels and model.rels == reference.rels
    assert model.dates == reference.dates and model.enums == reference.enums


def test_an_edited_file_is_parsed_again(copy: Path) -> None:
    read_schema(copy)
    text = copy.read_text(encoding="utf-8")
    old = "doc: A delegation's visit, seen from the home city."
    assert old in text
    copy.write_text(text.replace(old, "doc: A visit, edited.", 1), "utf-8")
    assert load_model(copy).labels["Visit"].doc == "A visit, edited."
    stored = json.loads(kept_schema_path(copy).read_bytes())
    assert stored["data"]["labels"]["Visit"]["doc"] == "A visit, edited."  # kept for the new bytes


@pytest.mark.parametrize(
    "damage",
    [
        b"{not json",
        b'{"format": "partnergraph-schema-0", "sha256": "SHA", "data": {}}',
        b'{"format": "partnergraph-schema-1", "sha256": "0000", "data": {}}',
        b'{"format": "partnergraph-schema-1", "data": {}}',
        b"[1, 2]",
    ],
)
def test_a_damaged_or_foreign_copy_is_not_used(copy: Path, damage: bytes) -> None:
    import hashlib

    reference = read_schema(copy)
    sha = hashlib.sha256(copy.read_bytes()).hexdigest()
    kept_schema_path(copy).write_bytes(damage.replace(b"SHA", sha.encode()))
    assert read_schema(copy) == reference
    assert json.loads(kept_schema_path(copy).read_bytes())["sha256"] == sha  # made again


def test_nothing_is_kept_where_bytecode_is_not_written(
    copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert load_model(copy).labels
    assert not kept_schema_path(copy).parent.exists()


def test_an_invalid_file_is_refused_and_never_kept(copy: Path) -> None:
    copy.write_text(copy.read_text(encoding="utf-8").replace("version:", "versio:"), "utf-8")
    with pytest.raises(schema.InvalidModel, match=r"schema\.yaml"):
        load_model(copy)
    assert not kept_schema_path(copy).exists()
    copy.write_text("labels: [unclosed\n", encoding="utf-8")
    with pytest.raises(schema.InvalidModel, match=r"schema\.yaml"):
        load_model(copy)


def test_the_copy_follows_the_bytecode_prefix(copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    prefix = copy.parent / "prefix"
    monkeypatch.setattr(sys, "pycache_prefix", str(prefix))
    read_schema(copy)
    kept = kept_schema_path(copy)
    assert kept.is_relative_to(prefix) and kept.exists()
    assert not (copy.parent / "__pycache__").exists()


def test_a_question_reads_no_yaml_once_the_schema_is_kept(tmp_path: Path) -> None:
    """Two processes as the command line starts them, bytecode written under a prefix: the
    first parses and keeps the schema, the second imports neither PyYAML nor libyaml."""
    probe = (
        "import sys\n"
        "from graph.schema import load_model\n"
        "load_model()\n"
        "print('yaml' in sys.modules)"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "cache")
    runs = [
        subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=ROOT
        )
        for _ in range(2)
    ]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr
    assert [r.stdout.split() for r in runs] == [["True"], ["False"]]
