from __future__ import annotations

from pathlib import Path

import pytest

from graph import cypher
from graph.cypher import ddl
from graph.errors import InvalidModel, ValidationError
from graph.schema import MODEL, load_model
from graph.schema_docs import EXAMPLE_LABEL, render
from graph.style import label_style

ROOT = Path(__file__).parents[2]


def test_docs_schema_md_is_generated_from_the_schema() -> None:
    on_disk = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    assert on_disk == render(MODEL), "docs/schema.md is stale: run 'make docs'"


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
    statements = cypher.ddl(MODEL)
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


@pytest.mark.parametrize(
    ("label", "props", "message"),
    [
        ("City", {"population": 10**30}, "is not a INT64 \\(a 64-bit integer is between"),
        ("City", {"population": "99999999999999999999999"}, "is not a INT64"),
        ("City", {"population": -1}, "population=-1 is out of range: it must be at least 0"),
        ("City", {"latitude": -90.5}, "it must be from -90 to 90"),
        ("City", {"latitude": float("nan")}, "latitude=nan is not a finite number"),
        ("City", {"longitude": "inf"}, "longitude='inf' is not a finite number"),
        ("City", {"longitude": 10**400}, "is not a finite number"),
        ("City", {"description": float("-inf")}, "description=-inf is not a finite number"),
        ("Visit", {"date": "9999-12-31"}, "date=9999-12-31 is not a plausible date"),
        ("Visit", {"date": "1799-12-31"}, "between 1800-01-01 and the end of the year 50"),
        ("Source", {"url": "javascript:alert(1)"}, "is not a web address"),
        ("Source", {"url": "https://exa mple.org/\n"}, "is not a web address"),
        ("Source", {"url": "ftp://example.org/a"}, "give an http:// or https:// URL"),
    ],
)
def test_values_are_checked_against_their_range(
    label: str, props: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        MODEL.validate_node(label, {"id": "x", "name": "X", **props})


def test_ranges_are_data_in_the_schema_and_in_its_docs() -> None:
    assert MODEL.label("City").properties["population"].min == 0
    assert MODEL.rel("INVESTS_IN").properties["amount"].min == 0
    assert MODEL.label("Source").properties["url"].format == "url"
    docs = render(MODEL)
    assert "| `population` | INT64 |  | At least 0. |" in docs
    assert "| `url` | STRING |  | An http:// or https:// address. |" in docs
    assert "dates (DATE, TIMESTAMP) are between 1800-01-01" in docs
    ok = MODEL.validate_node("Source", {"id": "s", "name": "S", "url": "HTTPS://example.org"})
    assert ok["url"] == "HTTPS://example.org"


@pytest.mark.parametrize(
    ("prop", "message"),
    [
        ("{type: STRING, min: 0}", "min and max are for INT64 and DOUBLE"),
        ("{type: INT64, format: url}", "a format is for STRING"),
    ],
)
def test_a_range_or_format_on_the_wrong_type_fails_loudly(
    tmp_path: Path, prop: str, message: str
) -> None:
    schema = (ROOT / "graph" / "schema.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "schema.yaml"
    bad.write_text(
        schema.replace("      iso3: {type: STRING}", f"      iso3: {prop}"), encoding="utf-8"
    )
    with pytest.raises(InvalidModel, match=message):
        load_model(bad)


# -- what labels do: facets, groups that extend, relationship ends given by group ------------

UNIVERSITY = EXAMPLE_LABEL  # docs/schema.md's example


def _schema_with(tmp_path: Path, old: str, new: str) -> Path:
    text = (ROOT / "graph" / "schema.yaml").read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "schema.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_a_label_added_to_a_copy_of_the_schema_gets_what_its_facets_say(tmp_path: Path) -> None:
    model = load_model(_schema_with(tmp_path, "  Visit:\n", UNIVERSITY + "  Visit:\n"))
    uni = model.label("University")
    assert list(uni.properties)[:5] == ["id", "name", "name_vi", "aliases", "description"]
    assert model.rel("PARTICIPATED_IN").allows("University", "Visit")  # from: [actor]
    assert model.rel("SOURCED_FROM").allows("University", "Source")
    assert "University" in model.candidate_labels and "University" in model.searchable_labels
    assert model.ftm_schemas["University"] == "Organization"
    assert model.coded_labels == ("Company", "Organisation", "University")
    assert label_style(model)["University"] == {"color": "#aec7e8", "shape": "hexagon"}
    # the DDL names are checked against the model given, not the package's own schema
    assert any(s.startswith("CREATE NODE TABLE IF NOT EXISTS `University`(") for s in ddl(model))
    assert any("FROM `University` TO `Visit`" in s for s in ddl(model))
    assert "`University`" in " ".join(cypher.neo4j_schema(model))
    docs = render(model)
    assert "#### University" in docs and "drawn in the network view as a hexagon" in docs
    assert "University" not in MODEL.labels  # the package's own schema is untouched


def test_facets_reproduce_what_the_code_listed_before() -> None:
    assert MODEL.candidate_labels == {"City", "Organisation", "Company", "Country"}
    assert MODEL.engagement_labels == ("Visit", "Event", "Agreement")
    assert MODEL.coded_labels == ("Company", "Organisation")
    assert {n for n, lab in MODEL.labels.items() if lab.acronyms} == {"Company", "Organisation"}
    assert "Source" not in MODEL.searchable_labels and "ReviewItem" not in MODEL.searchable_labels
    assert set(MODEL.styles) == set(MODEL.domain_labels) - {"Source"}
    assert {n for n, lab in MODEL.labels.items() if not lab.analytics} == {
        "Indicator",
        "Source",
        "ReviewItem",
    }
    assert MODEL.ftm_schemas["Source"] == "Document" and "Sector" not in MODEL.ftm_schemas


def test_every_ftm_facet_is_a_followthemoney_schema() -> None:
    from followthemoney import model as ftm

    for label, schema in MODEL.ftm_schemas.items():
        assert ftm.get(schema) is not None, (label, schema)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("from: [actor]\n", "from: [actors]\n", "unknown label or group 'actors'"),
        ("  actor:\n    extends: named\n", "  actor:\n    extends: nameless\n", "unknown group"),
        ("  named:\n", "  named:\n    extends: actor\n", "extends itself"),
        ("shape: dot}", "shape: blob}", "style.shape"),
        (
            "    candidate: true\n    properties:\n      kind",
            "    candidat: true\n    properties:\n      kind",
            "candidat",
        ),
    ],
)
def test_a_wrong_facet_or_group_fails_loudly(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    with pytest.raises(InvalidModel, match=message):
        load_model(_schema_with(tmp_path, old, new))


@pytest.mark.parametrize(
    "old,new",
    [
        (
            "  Visit:\n",
            "  Uni`) DETACH DELETE (n:\n    group: actor\n    doc: A label.\n  Visit:\n",
        ),
        ("  TWINNED_WITH:\n", "  TWINNED-WITH:\n"),  # a relationship type
        ("      population: {", "      population size: {"),  # a property
    ],
)
def test_a_name_that_query_text_could_not_hold_fails_loudly(
    tmp_path: Path, old: str, new: str
) -> None:
    """What ``cypher.ident`` quotes: every name the model accepts, nothing else."""
    with pytest.raises(InvalidModel, match="a name is a letter, then letters, digits or '_'"):
        load_model(_schema_with(tmp_path, old, new))
    with pytest.raises(ValidationError, match="is not a label, relationship type or property"):
        cypher.ident(new.strip().split(":")[0])
