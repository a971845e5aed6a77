"""An id names one node whatever its label: an Organisation ``dk`` next to the Country ``dk``
made ``history Denmark`` fail. The write path refuses it, naming the file, the id and both
labels, and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.batch import Batch, NodeRow
from graph.errors import ValidationError
from graph.schema import MODEL
from graph.stores import LadybugStore
from graph.stores.writer import DuplicateId
from ingest.pipeline import ingest_paths


def _batch(source: str = "s1") -> Batch:
    src = NodeRow("Source", MODEL.validate_node("Source", {"id": source, "name": source}))
    return Batch(source=src, model=MODEL)


def test_an_id_taken_by_another_label_in_the_graph_is_refused(
    sample_store: LadybugStore,
) -> None:
    before = sample_store.counts()
    batch = _batch()
    batch.add_node("Sector", {"id": "clean-energy-x", "name": "Clean energy X"})
    batch.add_node("Organisation", {"id": "dk", "name": "Danish Organisation"})
    with pytest.raises(DuplicateId) as refused:
        sample_store.write_batch(batch)
    message = str(refused.value)
    assert "Organisation 'dk'" in message and "a Country in the graph" in message, message
    assert "nothing was written" in message
    assert isinstance(refused.value, ValidationError) and refused.value.exit_code == 65
    assert sample_store.counts() == before


def test_one_id_under_two_labels_in_one_batch_is_refused(empty_store: LadybugStore) -> None:
    batch = _batch()
    batch.add_node("Country", {"id": "zz", "name": "Zedland"})
    batch.add_node("City", {"id": "zz", "name": "Zed City", "country_code": "ZZ"})
    with pytest.raises(DuplicateId, match="given to a Country and to a City"):
        empty_store.write_batch(batch)
    assert sum(empty_store.counts().values()) == 0


def test_the_source_id_counts_too(sample_store: LadybugStore) -> None:
    batch = _batch("dk")  # a source called like the Country dk
    with pytest.raises(DuplicateId, match="Source 'dk'"):
        sample_store.write_batch(batch)


def test_an_import_is_checked_the_same_way(sample_store: LadybugStore) -> None:
    before = sample_store.counts()
    nodes = [NodeRow("Company", {"id": "dk", "name": "DK Ltd"})]
    with pytest.raises(DuplicateId, match="Company 'dk'"):
        sample_store.import_rows(nodes, [])
    assert sample_store.counts() == before


def test_a_records_file_naming_an_existing_id_with_another_label_names_the_file(
    sample_store: LadybugStore, tmp_path: Path
) -> None:
    records = tmp_path / "danish-org.yaml"
    records.write_text(
        "source: {id: danish-org, name: A Danish body}\n"
        "nodes:\n"
        "  - {label: Organisation, id: dk, name: Danish Organisation}\n",
        encoding="utf-8",
    )
    before = sample_store.counts()
    with pytest.raises(ValidationError) as refused:
        ingest_paths(sample_store, [records])
    message = str(refused.value)
    assert message.startswith(f"{records}: ") and message.count(str(records)) == 1, message
    assert "Organisation 'dk'" in message and "Country" in message, message
    assert sample_store.counts() == before


def test_the_same_id_and_label_from_two_sources_is_still_one_node(
    empty_store: LadybugStore,
) -> None:
    for source in ("s1", "s2"):
        batch = _batch(source)
        batch.add_node("Country", {"id": "dk", "name": "Denmark"})
        empty_store.write_batch(batch)
    assert empty_store.counts()["Country"] == 1
