"""Review items are checked against the schema's enums before they are written."""

from __future__ import annotations

import pytest

from graph.batch import Batch, NodeRow, ReviewRow
from graph.errors import ValidationError
from graph.schema import MODEL
from graph.stores import LadybugStore


def _batch(kind: str) -> Batch:
    src = NodeRow(label="Source", props=MODEL.validate_node("Source", {"id": "s1", "name": "s1"}))
    return Batch(
        source=src, model=MODEL, reviews=[ReviewRow(kind=kind, label="City", text="Aalborg")]
    )


@pytest.mark.parametrize("kind", MODEL.enums["review_kind"])
def test_every_review_kind_of_the_schema_is_written(empty_store: LadybugStore, kind: str) -> None:
    report = empty_store.write_batch(_batch(kind))
    rows = empty_store.read("MATCH (r:ReviewItem) RETURN r.kind AS kind, r.status AS status")
    assert report.reviews == 1 and rows == [{"kind": kind, "status": "open"}], rows


def test_a_review_kind_outside_the_schema_is_refused(empty_store: LadybugStore) -> None:
    with pytest.raises(ValidationError, match="kind='unsure' is not one of new_entity"):
        empty_store.write_batch(_batch("unsure"))
    assert empty_store.read("MATCH (r:ReviewItem) RETURN count(r) AS n") == [{"n": 0}]
