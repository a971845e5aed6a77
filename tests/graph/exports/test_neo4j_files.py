"""The neo4j-admin CSV and the cypher-shell script as a Neo4j 5.3 server needs them (issue 12):
no empty date or timestamp cell, the default database, and small statements."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from graph.exports import export
from graph.exports.formats import BATCH, MAX_STATEMENT_CHARS
from graph.schema import MODEL
from graph.stores import LadybugStore


def test_no_empty_date_cell_and_every_row_in_one_of_its_label_s_files(
    sample_store: LadybugStore, tmp_path: Path
) -> None:
    files = export(sample_store, "csv", tmp_path / "csv")
    script = (tmp_path / "csv" / "import.sh").read_text(encoding="utf-8")
    rows_of: dict[str, int] = {}
    for path in (f for f in files if f.suffix == ".csv"):
        assert f"={path.name}" in script
        with path.open(encoding="utf-8", newline="") as f:
            header, *rows = list(csv.reader(f))
        temporal = [i for i, h in enumerate(header) if h.endswith((":date", ":localdatetime"))]
        for row in rows:  # neo4j-admin 5.3: "Text cannot be parsed to a Date" on ""
            assert all(row[i] != "" for i in temporal), (path.name, row)
        kind = path.name.split(".")[0].split("_", 1)[1]
        rows_of[kind] = rows_of.get(kind, 0) + len(rows)
    counts = sample_store.counts()
    assert rows_of == {k: counts[k] for k in [*MODEL.labels, *MODEL.rels]}
    no_date = (tmp_path / "csv" / "nodes_Visit.no-date.csv").read_text(encoding="utf-8")
    assert no_date.startswith("id:ID,") and ":date" not in no_date.splitlines()[0]
    assert "visit-in-esbjerg-mayor" in no_date


def test_import_sh_targets_the_default_database_unless_told(
    sample_store: LadybugStore, tmp_path: Path
) -> None:
    export(sample_store, "csv", tmp_path / "csv")
    script = (tmp_path / "csv" / "import.sh").read_text(encoding="utf-8")
    command = next(line for line in script.splitlines() if line.startswith("neo4j-admin"))
    assert command.startswith('neo4j-admin database import full "${NEO4J_DATABASE:-neo4j}" ')
    assert "partnergraph" not in command and "--overwrite-destination" in command


def test_the_cypher_script_is_small_statements_without_deprecated_forms(
    sample_store: LadybugStore, tmp_path: Path
) -> None:
    text = export(sample_store, "cypher", tmp_path / "g.cypher")[0].read_text(encoding="utf-8")
    statements = [s for s in text.split(";\n") if s.startswith("UNWIND")]
    assert statements
    for statement in statements:
        assert len(statement) < MAX_STATEMENT_CHARS + 1000  # the rows plus the MERGE
        assert statement.count("{`id`: ") + statement.count("{from: ") <= BATCH
        assert "+= row" not in statement and not re.search(r"\+= row\.props\b", statement)
    merged = sum(s.count("{from: ") for s in statements)
    assert merged == sum(sample_store.counts()[r] for r in MODEL.rels)
