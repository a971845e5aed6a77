"""The model is passed in with the store (``store.model``), not read from graph.schema's
module object: a store given another model makes search, the exports and the briefs'
picture follow that model's facets."""

from __future__ import annotations

import io
import json
import tokenize
from pathlib import Path

import pytest

from graph.briefs import build_brief
from graph.exports.ftm import write_ftm
from graph.questions import search, side, unexplored
from graph.questions.lookup import NameIndex
from graph.schema import MODEL, Model, load_model
from graph.stores import LadybugStore

ROOT = Path(__file__).parents[2]


def _model_with(tmp_path: Path, *edits: tuple[str, str]) -> Model:
    text = (ROOT / "graph" / "schema.yaml").read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "schema.yaml"
    path.write_text(text, encoding="utf-8")
    return load_model(path)


# Organisations neither searchable nor exported to FtM, Companies drawn as stars in red.
ORGANISATION = '    style: {color: "#9467bd", shape: triangle}\n    ftm: Organization\n'
COMPANY = '    style: {color: "#ff7f0e", shape: square}\n'


@pytest.fixture
def other(tmp_path: Path) -> Model:
    return _model_with(
        tmp_path,
        (ORGANISATION, '    style: {color: "#9467bd", shape: triangle}\n    searchable: false\n'),
        (COMPANY, '    style: {color: "#ff0000", shape: star}\n'),
    )


def test_search_follows_the_store_model(sample_store: LadybugStore, other: Model) -> None:
    assert [h.id for h in search(sample_store, "CityNet")][:1] == ["citynet"]
    sample_store.model = other
    hits = search(sample_store, "CityNet")
    assert all(h.label != "Organisation" for h in hits), hits
    assert "Organisation" not in NameIndex.build(sample_store).model.searchable_labels


def test_the_ftm_export_follows_the_store_model(sample_store: LadybugStore, other: Model) -> None:
    def schemas() -> set[str]:
        out = io.StringIO()
        write_ftm(sample_store, out)
        return {json.loads(line)["schema"] for line in out.getvalue().splitlines()}

    assert "Organization" in schemas()
    sample_store.model = other
    assert "Organization" not in schemas()


def test_the_brief_picture_follows_the_store_model(
    sample_store: LadybugStore, other: Model
) -> None:
    def colours() -> dict[str, str]:
        brief = build_brief(sample_store, "dk", home="haiphong-vn", lang="en")
        assert brief.picture is not None
        return brief.picture.colours

    assert colours()["Company"] == "#ff7f0e"
    sample_store.model = other
    assert colours()["Company"] == "#ff0000"


def test_unexplored_follows_the_store_model(sample_store: LadybugStore, tmp_path: Path) -> None:
    country = '    style: {color: "#1f77b4", shape: diamond}\n    ftm: PublicBody\n'
    no_country = _model_with(
        tmp_path, (country + "    candidate: true\n", country + "    candidate: false\n")
    )
    assert {s.label for s in unexplored(sample_store, home="haiphong-vn")} == {"Country"}
    sample_store.model = no_country
    assert unexplored(sample_store, home="haiphong-vn") == []


def test_a_store_given_no_model_reads_the_package_schema(tmp_path: Path) -> None:
    """Not the module's object: its own, loaded from graph/schema.yaml."""
    with LadybugStore(tmp_path / "g.lbdb") as store:
        assert store.model is not MODEL
        assert list(store.model.labels) == list(MODEL.labels), store.model.labels
        assert list(store.model.rels) == list(MODEL.rels), store.model.rels


def test_the_package_model_reads_a_country_side(sample_store: LadybugStore) -> None:
    members = side(sample_store, "vn", "Country")
    assert members["hanoi-vn"] == "City", members
    assert not set(members.values()) & set(MODEL.engagement_labels), members


# The library modules that still read graph.schema.MODEL instead of the store's model (or a
# model argument): a list that may only shrink (docs/decisions.md, "Session 7: one schema ..."
# left items; "Session 8: the model passed in" took the stores, the queries and the batch off).
STILL_GLOBAL: set[str] = set()  # none left


def _reads_the_global(path: Path) -> bool:
    source = io.StringIO(path.read_text(encoding="utf-8"))
    return any(
        t.type == tokenize.NAME and t.string == "MODEL"
        for t in tokenize.generate_tokens(source.readline)
    )


# The one reader of graph.schema.MODEL in api/ by design: ``partnergraph schema-docs`` writes
# docs/schema.md from the package's own schema.yaml, and opens no store whose model it could
# take. The pages and routes take the served store's model (tests/api/test_store_model_app.py).
PACKAGE_SCHEMA = {"api/cli.py"}


def test_no_other_library_module_reads_the_global_model() -> None:
    """New library code takes the model with the store (``store.model``) or as an argument;
    the search, briefs, exports, unexplored, the network view's neighbourhood and style do, and
    so do the web app's pages and routes."""
    readers = {
        str(path.relative_to(ROOT))
        for folder in ("api", "graph", "ingest")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path.name != "schema.py" and _reads_the_global(path)
    }
    allowed = {*STILL_GLOBAL, *PACKAGE_SCHEMA}
    assert readers <= allowed, sorted(readers - allowed)
    for done in (
        *("graph/questions/lookup.py", "graph/briefs/context.py", "graph/exports/ftm.py"),
        *("api/pages.py", "api/routes/insights.py", "api/routes/entities.py"),
    ):
        assert done not in readers, done
