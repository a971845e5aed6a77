"""The web app reads the model of the store it serves (``store.model``), not graph.schema's
module object: a label only that model has gets its entity page, its place in /api/schema,
and is a label the search and the network view's filters take."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graph.schema import MODEL, Model, load_model
from graph.schema_docs import EXAMPLE_LABEL
from graph.stores import LadybugStore
from ingest.pipeline import ingest_paths
from tests.api.conftest import serving

ROOT = Path(__file__).parents[2]

LOCATED_IN = "from: [City, Company, Organisation, Visit, Event]\n"
RECORDS = """\
source: {id: university-records, name: Aarhus University, kind: records}
nodes:
  - {label: Country, id: dk}
  - {label: City, id: haiphong-vn, name: Hai Phong, country_code: VN}
  - {label: City, id: aarhus-dk, name: Aarhus, country_code: DK}
  - {label: University, id: aarhus-university, name: Aarhus University, country_code: DK}
rels:
  - {type: LOCATED_IN, from: aarhus-university, to: aarhus-dk}
"""


def _university(tmp_path: Path) -> Model:
    """The package's schema with docs/schema.md's University (an actor) added."""
    text = (ROOT / "graph" / "schema.yaml").read_text(encoding="utf-8")
    assert text.count(LOCATED_IN) == 1
    text = text.replace("  Visit:\n", EXAMPLE_LABEL + "  Visit:\n", 1)
    text = text.replace(LOCATED_IN, LOCATED_IN.replace("]", ", University]"))
    path = tmp_path / "schema.yaml"
    path.write_text(text, encoding="utf-8")
    return load_model(path)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    tmp = tmp_path_factory.mktemp("university")
    model = _university(tmp)
    assert "University" in model.labels and "University" not in MODEL.labels
    (tmp / "records.yaml").write_text(RECORDS, encoding="utf-8")
    with LadybugStore(tmp / "g.lbdb", model=model) as store:
        ingest_paths(store, [tmp / "records.yaml"], home="haiphong-vn")
        with (
            serving(store, api_key=None, home="haiphong-vn") as url,
            httpx.Client(base_url=url, timeout=60) as client,
        ):
            yield client


def test_the_entity_page_of_a_label_only_the_store_has(served: httpx.Client) -> None:
    page = served.get("/entities/aarhus-university", params={"lang": "en"})
    assert page.status_code == 200, page.text[:800]
    assert "Aarhus University" in page.text
    assert 'href="/entities/aarhus-dk' in page.text, "its LOCATED_IN neighbour"
    assert served.get("/api/entities/aarhus-university").json()["label"] == "University"


def test_the_schema_answer_is_the_store_model(served: httpx.Client) -> None:
    schema = served.get("/api/schema").json()
    assert "country_code" in schema["labels"]["University"]["properties"], schema["labels"]
    assert "University" in schema["relationships"]["LOCATED_IN"]["from"], schema
    shown = {n for n, lab in MODEL.labels.items() if not lab.internal}
    assert set(schema["labels"]) == shown | {"University"}, sorted(schema["labels"])


def test_search_and_the_network_filter_take_the_label(served: httpx.Client) -> None:
    hits = served.get("/api/search", params={"q": "aarhus", "label": "University"})
    assert hits.status_code == 200, hits.text
    assert [h["id"] for h in hits.json()] == ["aarhus-university"], hits.json()
    view = served.get("/api/graph", params={"centre": "aarhus-dk", "label": ["City", "University"]})
    assert view.status_code == 200, view.text
    assert "aarhus-university" in {n["id"] for n in view.json()["nodes"]}, view.json()
    refused = served.get("/api/search", params={"q": "aarhus", "label": "Universe"})
    assert refused.status_code == 422 and "University" in refused.text, refused.text
