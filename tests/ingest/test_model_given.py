"""The ingest reads with the model it is given (the store's, passed down with the resolver),
and is told its home: no module global, no default home, no environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import InputError, ValidationError
from graph.schema import MODEL, Model, load_model
from graph.stores import LadybugStore
from ingest import articles, review
from ingest.pipeline import ingest_paths
from ingest.resolve import Resolver

ROOT = Path(__file__).parents[2]
# An investment figure named with a company (a sentence written for this test).
INVESTED = "Samsung Electronics Corporation invested USD 100 million in Ninh Binh in 2022."


def _copy(tmp_path: Path, old: str, new: str) -> Model:
    text = (ROOT / "graph" / "schema.yaml").read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "schema.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return load_model(path)


def _measured(model: Model) -> dict[str, str]:
    batch = articles.article_batch(
        INVESTED, path=Path("figure.txt"), resolver=Resolver(model=model), home="ninh-binh-vn"
    )
    assert batch.nodes, batch
    return {r.to_id: r.to_label for r in batch.rels if r.type == "MEASURES"}


def test_a_figure_named_with_a_company_measures_what_the_schema_lets_it(tmp_path: Path) -> None:
    """What a figure is of comes from the schema (an investor a figure may measure): with the
    package's, the home (a figure may not measure a company: the article used to fail with
    "MEASURES cannot go from Indicator to Company"); with a schema whose figures may measure
    companies, the company."""
    assert _measured(MODEL) == {"ninh-binh-vn": "City"}
    measures = "    from: [Indicator]\n    to: [City, Country, Organisation]\n"
    companies = _copy(
        tmp_path, measures, measures.replace("Organisation]", "Organisation, Company]")
    )
    measured = _measured(companies)
    assert list(measured.values()) == ["Company"], measured


def test_a_resolver_needs_a_store_or_a_model() -> None:
    with pytest.raises(TypeError, match="a store or a model"):
        Resolver()
    assert Resolver(model=MODEL).model is MODEL


def test_an_article_needs_its_home_and_the_environment_does_not_give_it(
    empty_store: LadybugStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ingest_paths reads no settings: an article without a home is refused before anything
    is written, saying how to give one, even with PARTNERGRAPH_HOME set; records need none."""
    monkeypatch.setenv("PARTNERGRAPH_HOME", "ninh-binh-vn")
    article = tmp_path / "figure.txt"
    article.write_text(INVESTED, encoding="utf-8")
    before = empty_store.counts()
    with pytest.raises(InputError, match=r"figure\.txt: an article is read for a home.*--home"):
        ingest_paths(empty_store, [article])
    assert empty_store.counts() == before
    records = ROOT / "tests" / "data" / "da-nang" / "da-nang-2023.yaml"
    assert ingest_paths(empty_store, [records])[0].written.created, "records need no home"
    (report,) = ingest_paths(empty_store, [article], home="ninh-binh-vn")
    assert {e["label"] for e in report.entities} >= {"Company", "Indicator"}, report.entities


def test_the_review_queue_takes_the_kinds_of_the_store_model(
    sample_store: LadybugStore, tmp_path: Path
) -> None:
    """Accepting reads the store's model: where Event is no engagement, a proposed visit
    cannot be corrected into one (with the package's model it can: test_review.py)."""
    from tests.ingest.test_review import _ingest, _waiting

    _ingest(sample_store, tmp_path)
    item = _waiting(sample_store)
    event = "  Event:\n    group: engagement\n"
    sample_store.model = _copy(tmp_path, event, event.replace("engagement", "topic"))
    with pytest.raises(
        ValidationError, match=r"'Event' is not a kind of engagement; use Visit, Agreement$"
    ):
        review.accept(sample_store, str(item["id"]), label="Event")
    statuses = {i["id"]: i["status"] for i in review.items(sample_store, status=None)}
    assert statuses[item["id"]] == "open", statuses  # nothing was decided
