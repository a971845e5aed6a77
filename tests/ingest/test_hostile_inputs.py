"""Hostile and unlucky inputs to ingest (issue 10): each is refused with one error that names
the file (and the line or entry), says what to do, exits 65, and writes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph.errors import PartnergraphError
from graph.stores import LadybugStore
from ingest.pipeline import MAX_BYTES, ingest_paths

SOURCE = "source: {id: hostile, name: Hostile}\n"


@pytest.fixture
def store(full_store: LadybugStore) -> LadybugStore:
    """The sample graph with the twin list: every case is refused, so none changes it (each
    checks that the counts stay the same)."""
    return full_store


def _refused(store: LadybugStore, path: Path, message: str) -> str:
    """Ingest ``path``: refused with exit code 65, ``message`` in the error, the file named
    once (no repeated prefix), no traceback, and the graph unchanged."""
    before = store.counts()
    with pytest.raises(PartnergraphError, match=message) as caught:
        ingest_paths(store, [path])
    text = str(caught.value)
    assert caught.value.exit_code == 65, text
    assert text.startswith(str(path)) and text.count(path.name) == 1, text
    assert store.counts() == before
    return text


def _node(props: str) -> str:
    return f"{SOURCE}nodes:\n  - {{{props}}}\n"


def _deep_json(depth: int) -> str:
    return '{"source": {"id": "hostile", "name": "H"}, "nodes": ' + "[" * depth + "]" * depth + "}"


NINES = "9" * 5000
CASES: list[tuple[str, str | bytes, str]] = [
    # depth: a RecursionError traceback before
    ("deep.json", _deep_json(100_000), r"deep\.json, line 1: nested more than 64 levels deep"),
    ("deeper.json", _deep_json(500), r"nested more than 64 levels deep.*docs/records\.md"),
    ("deep.yaml", SOURCE + "nodes: " + "[" * 20_000 + "]" * 20_000 + "\n", r"line 2: nested more"),
    # values their type cannot hold: tracebacks, or exit 74 with a C++ cast message, before
    (
        "bad-date.yaml",
        _node("label: Visit, id: v, name: V, date: 2022-02-30"),
        r"line 3: 2022-02-30 is not a date that exists.*write a real date as YYYY-MM-DD",
    ),
    (
        "big-int.yaml",
        _node(f"label: City, id: big-xx, name: Big, population: {10**30}"),
        r"nodes\[0\] \(big-xx\).*population=1000000000000000000000000000000 is not a INT64 "
        r"\(a 64-bit integer is between",
    ),
    ("digits.yaml", _node(f"label: City, id: d-xx, name: D, population: {NINES}"), "line 3:"),
    (
        "digits.json",
        '{"source": {"id": "hostile", "name": "H"}, "nodes": [{"population": ' + NINES + "}]}",
        "not valid JSON: Exceeds the limit",
    ),
    (
        "huge-double.json",
        '{"source": {"id": "h", "name": "H"}, "nodes": [{"label": "City", "id": "h-xx", '
        '"name": "H", "latitude": 1e999}]}',
        r"latitude=inf is not a finite number.*give the number, or leave the property out",
    ),
    # non-finite numbers, required or not: accepted before
    (
        "nan.yaml",
        _node("label: Indicator, id: i, name: I, metric: m, value: .nan, unit: USD"),
        r"nodes\[0\] \(i\): Indicator 'i': value=nan is not a finite number",
    ),
    (
        "nan.json",
        '{"source": {"id": "h", "name": "H"}, "nodes": [{"label": "Indicator", "id": "i", '
        '"name": "I", "metric": "m", "value": NaN, "unit": "USD"}]}',
        "value=nan is not a finite number",
    ),
    (
        "infinity.json",
        '{"source": {"id": "h", "name": "H"}, "nodes": [{"label": "City", "id": "i-xx", '
        '"name": "I", "longitude": -Infinity}]}',
        "longitude=-inf is not a finite number",
    ),
    ("inf.yaml", _node("label: City, id: i-xx, name: I, latitude: .inf"), "not a finite number"),
    (
        "nan.csv",
        "label,id,name,latitude,source\nCity,n-xx,N,NaN,hostile\n",
        r"nan\.csv: line 2 \(n-xx\): .*latitude='NaN' is not a finite number",
    ),
    # a key given twice: the last one won before
    (
        "twice.yaml",
        f"{SOURCE}nodes:\n  - label: City\n    id: t-xx\n    name: A\n    name: B\n",
        r"line 6: the key 'name' is given twice in the mapping of line 3 \(also at line 5\); "
        "keep one",
    ),
    (
        "twice.json",
        '{"source": {"id": "h", "name": "H"}, '
        '"nodes": [{"label": "City", "id": "t-xx", "name": "A", "name": "B"}]}',
        r"the key 'name' is given twice in the object with id 't-xx'; keep one",
    ),
    (
        "twice-source.json",
        '{"source": {"id": "h", "name": "H"}, "source": {"id": "g", "name": "G"}}',
        r"the key 'source' is given twice in an object; keep one",
    ),
    ("twice.csv", "label,id,name,name,source\nCity,t-xx,A,B,h\n", r"line 1: the column 'name'"),
    # below the schema's minimum: accepted before
    (
        "negative-investment.yaml",
        f"{SOURCE}rels:\n  - {{type: INVESTS_IN, from: dk, to: haiphong-vn, amount: -5}}\n",
        r"rels\[0\]: INVESTS_IN: amount=-5.0 is out of range: it must be at least 0",
    ),
    (
        "negative-population.yaml",
        _node("label: City, id: n-xx, name: N, population: -3"),
        "population=-3 is out of range: it must be at least 0",
    ),
    (
        "latitude.yaml",
        _node("label: City, id: n-xx, name: N, latitude: 91"),
        "latitude=91.0 is out of range: it must be from -90 to 90",
    ),
    # dates outside a plausible range: accepted before
    (
        "far-future.yaml",
        _node("label: Visit, id: v, name: V, date: 9999-12-31"),
        r"date=9999-12-31 is not a plausible date; dates are between 1800-01-01 and the end of "
        r"the year 50 years from now \(check the year\)",
    ),
    (
        "typo-year.yaml",
        _node("label: Agreement, id: a, name: A, date: 1022-05-01"),
        "date=1022-05-01 is not a plausible date",
    ),
    # UTF-16: "a binary file" before
    (
        "bom.txt",
        "Hải Phòng tiếp đoàn Đan Mạch.".encode("utf-16"),
        "this is UTF-16 text; save it as UTF-8",
    ),
    ("no-bom.yaml", SOURCE.encode("utf-16-le"), "this is UTF-16 text; save it as UTF-8"),
    ("wide.json", '{"source": {}}'.encode("utf-32"), "this is UTF-32 text; save it as UTF-8"),
    # the repeated prefix: "missing-rel.yaml: rels[0]: missing-rel.yaml: rels[0]: ..." before
    (
        "missing-rel.yaml",
        f"{SOURCE}rels:\n  - {{type: MEMBER_OF, from: haiphong-vn, to: nowhere}}\n",
        r"missing-rel\.yaml: rels\[0\]: 'nowhere' is neither a node of this file nor in the graph",
    ),
    (
        "unknown-country.yaml",
        _node("label: Country, id: zz"),
        r"nodes\[0\] \(zz\): Country 'zz': the id of a country is its ISO 3166",
    ),
    # URLs only http(s): javascript: was accepted and rendered as a link before
    (
        "javascript.yaml",
        'source: {id: h, name: H, url: "javascript:alert(document.cookie)"}\n',
        r"source: Source 'h': url='javascript:alert\(document.cookie\)' is not a web address; "
        "give an http:// or https:// URL",
    ),
    ("data-url.yaml", 'source: {id: h, name: H, url: "data:text/html,x"}\n', "not a web address"),
    ("no-host.yaml", 'source: {id: h, name: H, url: "https:alert"}\n', "not a web address"),
]


@pytest.mark.parametrize(("name", "content", "message"), CASES, ids=[c[0] for c in CASES])
def test_hostile_files_are_refused_by_name_and_nothing_is_written(
    store: LadybugStore, tmp_path: Path, name: str, content: str | bytes, message: str
) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    _refused(store, path, message)


def test_the_size_limit_is_the_readmes_20_mb(store: LadybugStore, tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as f:
        f.truncate(MAX_BYTES + 1)  # sparse: no 20 MB written
    text = _refused(store, path, r"20,000,001 bytes is more than the 20 MB \(20,000,000 bytes\)")
    message = text.removeprefix(str(path)).replace("20,000,001", "")
    assert "split it" in message and "21" not in message
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert "at most 20 MB" in readme and MAX_BYTES == 20_000_000


def _with_text(folder: Path, text_file: str) -> Path:
    path = folder / "records.yaml"
    path.write_text(f"source: {{id: h, name: H, text_file: {text_file}}}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("text_file", ["/etc/passwd", "../secret.txt", "sub/../../secret.txt"])
def test_a_text_file_outside_the_records_folder_is_refused(
    store: LadybugStore, tmp_path: Path, text_file: str
) -> None:
    (tmp_path / "secret.txt").write_text("root:x:0:0", encoding="utf-8")
    folder = tmp_path / "records"
    (folder / "sub").mkdir(parents=True)
    text = _refused(
        store, _with_text(folder, text_file), r"source\.text_file: .* is outside this file's folder"
    )
    assert "relative path, without '..'" in text


def test_a_link_out_of_the_records_folder_is_refused(store: LadybugStore, tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("root:x:0:0", encoding="utf-8")
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "text.txt").symlink_to(tmp_path / "secret.txt")
    _refused(store, _with_text(folder, "text.txt"), "is outside this file's folder")


def test_a_text_file_that_is_not_utf8_is_refused_by_name(
    store: LadybugStore, tmp_path: Path
) -> None:
    (tmp_path / "text.txt").write_bytes("Hải Phòng".encode("utf-16"))
    text = _refused(store, _with_text(tmp_path, "text.txt"), "source.text_file: .*UTF-16")
    assert "text.txt: this is UTF-16 text" in text


def test_what_is_allowed_still_goes_in(tmp_path: Path, empty_store: LadybugStore) -> None:
    """A text file below the records file (also through a link that stays inside), http(s)
    URLs, a zero population, dates at the ends of the range, a YAML merge key: accepted."""
    folder = tmp_path / "records"
    (folder / "texts").mkdir(parents=True)
    (folder / "texts" / "a.txt").write_text("Một câu.", encoding="utf-8")
    (folder / "link.txt").symlink_to(folder / "texts" / "a.txt")
    latest = dt.date.today().year + 50
    paths = []
    for i, (text_file, url) in enumerate(
        [("texts/a.txt", "https://example.org/a?b=1"), ("link.txt", "http://example.org")]
    ):
        path = folder / f"ok-{i}.yaml"
        path.write_text(
            f"source: {{id: ok-{i}, name: OK, url: '{url}', text_file: {text_file}}}\n"
            "nodes:\n"
            f"  - &a {{label: City, id: a{i}-vn, name: A, country_code: VN, population: 0, "
            "evidence: Một câu.}\n"
            f"  - {{<<: *a, id: b{i}-vn, name: B}}\n"
            f"  - {{label: Visit, id: v{i}, name: V, date: 1800-01-01}}\n"
            f"  - {{label: Agreement, id: g{i}, name: G, until: {latest}-12-31}}\n",
            encoding="utf-8",
        )
        paths.append(path)
    reports = ingest_paths(empty_store, paths)
    assert [len(r.entities) + len(r.engagements) for r in reports] == [4, 4]
    assert empty_store.counts()["City"] == 4
