from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import InputError, ValidationError
from graph.stores import LadybugStore
from ingest.pipeline import ingest_paths, sample_files


def _bad(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"   \n", "empty"),
        ("binary.txt", b"\x00\x01\x02PNG", "binary"),
        ("latin1.txt", "Hải Phòng".encode("utf-16"), "UTF-8"),
        ("broken.yaml", b"source:\n  id: x\n  name: [unclosed\n", "line 3"),
        ("broken.json", b'{"source": {"id": "x",}', "line 1: not valid JSON"),
        ("list.yaml", b"- 1\n- 2\n", "a records file is a mapping"),
        ("table.csv", b"a,b\n1,2\n", "unknown CSV header"),
        ("picture.png", b"x", "cannot ingest .png"),
    ],
)
def test_bad_files_are_refused_by_name_and_nothing_is_written(
    sample_store: LadybugStore, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    before = sample_store.counts()
    good = sample_files(reference=False)[0]
    with pytest.raises(InputError, match=message) as caught:
        ingest_paths(sample_store, [good, _bad(tmp_path, name, content)])
    assert name in str(caught.value)
    assert sample_store.counts() == before


@pytest.mark.parametrize(
    ("records", "message"),
    [
        ("nodes:\n  - {label: Planet, id: mars, name: Mars}\n", "unknown label 'Planet'"),
        (
            "nodes:\n  - {label: City, id: x, name: X, population: lots}\n",
            "nodes\\[0\\] \\(x\\).*not a INT64",
        ),
        (
            "nodes:\n  - {label: City, id: x, name: X, evidence: not in the text}\n",
            "not in the source text",
        ),
        ("rels:\n  - {type: MEMBER_OF, from: haiphong-vn, to: nowhere}\n", "'nowhere' is neither"),
        ("nodes:\n  - {id: x, name: X}\n", "needs a 'label'"),
    ],
)
def test_records_that_break_the_schema_name_the_entry(
    sample_store: LadybugStore, tmp_path: Path, records: str, message: str
) -> None:
    (tmp_path / "t.txt").write_text("Một câu.", encoding="utf-8")
    path = tmp_path / "bad.yaml"
    path.write_text(
        f"source: {{id: test-src, name: T, text_file: t.txt}}\n{records}", encoding="utf-8"
    )
    before = sample_store.counts()
    with pytest.raises(ValidationError, match=message):
        ingest_paths(sample_store, [path])
    assert sample_store.counts() == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "source: {id: s, name: S}\nrecords: []\n",
            "unknown key 'records'; a records file may have source, nodes, rels",
        ),
        (
            "source: {id: s, name: S, author: me}\nnodes: []\n",
            "unknown key 'author'; the source may have id, name, kind",
        ),
        ("nodes: []\n", "source is missing; a records file needs source \\(with id and name\\)"),
        ("source: {id: s}\nnodes: []\n", "source.name is missing"),
    ],
)
def test_a_records_file_of_the_wrong_shape_says_what_it_may_hold(
    sample_store: LadybugStore, tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "shape.yaml"
    path.write_text(text, encoding="utf-8")
    before = sample_store.counts()
    with pytest.raises(ValidationError, match=message) as caught:
        ingest_paths(sample_store, [path])
    assert "shape.yaml" in str(caught.value)
    assert sample_store.counts() == before


def test_ingesting_twice_gives_the_same_graph(sample_store: LadybugStore) -> None:
    before = sample_store.counts()
    reports = ingest_paths(sample_store, sample_files(reference=False))
    assert all(r.skipped for r in reports), reports
    assert sample_store.counts() == before


def test_a_changed_source_is_not_silently_overwritten(
    sample_store: LadybugStore, tmp_path: Path
) -> None:
    text = tmp_path / "a.txt"
    text.write_text("Hải Phòng tiếp đoàn Đan Mạch năm 2022.", encoding="utf-8")
    ingest_paths(sample_store, [text], home="haiphong-vn")
    text.write_text("Hải Phòng tiếp đoàn Hà Lan năm 2023.", encoding="utf-8")
    with pytest.raises(InputError, match="different version of source"):
        ingest_paths(sample_store, [text], home="haiphong-vn")


def test_text_that_looks_like_cypher_is_data(sample_store: LadybugStore, tmp_path: Path) -> None:
    path = tmp_path / "evil.yaml"
    name = "x'}) DETACH DELETE n //"
    path.write_text(
        "source: {id: evil, name: evil}\nnodes:\n"
        f'  - {{label: Organisation, id: evil-org, name: "{name}"}}\n',
        encoding="utf-8",
    )
    before = sample_store.counts()
    ingest_paths(sample_store, [path])
    after = sample_store.counts()
    assert after["Organisation"] == before["Organisation"] + 1
    assert after["Country"] == before["Country"], "nothing was deleted"
    row = sample_store.read("MATCH (o:Organisation {id: 'evil-org'}) RETURN o.name AS name")
    assert row == [{"name": name}]
