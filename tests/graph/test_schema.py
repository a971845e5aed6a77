from __future__ import annotations

from pathlib import Path

import pytest

from graph import cypher
from graph.errors import InvalidModel, ValidationError
from graph.schema import MODEL, load_model
from graph.schema_docs import render

ROOT = Path(__file__).parents[2]


def test_docs_schema_md_is_generated_from_the_schema() -> None:
    on_disk = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    assert on_disk == render(), "docs/schema.md is stale: run 'make docs'"


def test_every_label_design_md_lists_is_in_the_schema() -> None:
    wanted = {
        "Country",
        "City",
        "Company",
        "Organisation",
        "Person",
        "Visit",
        "Event",
        "Agreement",
        "Sector",
        "Indicator",
        "Source",
    }
    assert wanted <= set(MODEL.labels), set(MODEL.labels)
    for label in ["Visit", "Event", "Agreement"]:
        props = MODEL.label(label).properties
        assert {"date", "date_precision", "cameo", "name", "name_vi", "aliases"} <= set(props)
    for rel in MODEL.rels.values():
        assert {"source", "evidence", "offset", "wording"} <= set(rel.properties), rel.name


def test_ddl_has_a_table_for_every_label_and_relationship() -> None:
    statements = cypher.ddl()
    assert len(statements) == len(MODEL.labels) + len(MODEL.rels)
    assert any(
        "CREATE REL TABLE IF NOT EXISTS `TWINNED_WITH`(FROM `City` TO `City`" in s
        for s in statements
    )


@pytest.mark.parametrize(
    ("label", "props", "message"),
    [
        ("Planet", {"id": "x", "name": "X"}, "unknown label 'Planet'"),
        ("City", {"id": "x"}, "required property 'name' is missing"),
        (
            "City",
            {"id": "x", "name": "X", "population": "many"},
            "population='many' is not a INT64",
        ),
        ("City", {"id": "x", "name": "X", "colour": "red"}, "unknown property colour"),
        (
            "Visit",
            {"id": "v", "name": "V", "direction": "sideways"},
            "is not one of incoming, outgoing",
        ),
        ("Visit", {"id": "v", "name": "V", "date": "20/12/2022"}, "write dates as YYYY-MM-DD"),
        ("City", {"id": "Not A Slug", "name": "X"}, "is not a slug"),
    ],
)
def test_validation_names_what_is_wrong(label: str, props: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        MODEL.validate_node(label, props)


def test_relationship_endpoints_are_checked() -> None:
    with pytest.raises(ValidationError, match="TWINNED_WITH cannot go from Country to City"):
        MODEL.validate_rel("TWINNED_WITH", "Country", "City", {"source": "s"})


def test_a_broken_schema_file_fails_loudly(tmp_path: Path) -> None:
    bad = tmp_path / "schema.yaml"
    bad.write_text("version: 1\nlabels: {}\n", encoding="utf-8")
    with pytest.raises(InvalidModel, match=r"schema\.yaml"):
        load_model(bad)
