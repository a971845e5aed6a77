"""What one ingested file adds to the graph, validated against the schema before any write.

Plain slotted dataclasses: the rows are checked by the batch's model (the store's, given when
the batch is made: :meth:`Model.validate_node`) when they are added; a second pass through
pydantic cost more than the database write on a million rows. Pydantic checks the files
themselves, at the boundary (``ingest.records``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from graph.schema import Model

__all__ = ["Batch", "Mention", "NodeRow", "RelRow", "ReviewRow"]


@dataclass(slots=True)
class Mention:
    """Where a source states a node: the sentence, its offset, the source's own wording and
    how sure the reader is."""

    evidence: str | None = None
    offset: int | None = None
    wording: str | None = None
    confidence: float | None = None

    def props(self) -> dict[str, Any]:
        # by hand: dataclasses.asdict costs a second per 200,000 nodes of a bulk ingest
        out: dict[str, Any] = {}
        if self.evidence is not None:
            out["evidence"] = self.evidence
        if self.offset is not None:
            out["offset"] = self.offset
        if self.wording is not None:
            out["wording"] = self.wording
        if self.confidence is not None:
            out["confidence"] = self.confidence
        return out


@dataclass(slots=True)
class NodeRow:
    label: str
    props: dict[str, Any]
    mention: Mention | None = None

    @property
    def id(self) -> str:
        return str(self.props["id"])


@dataclass(slots=True)
class RelRow:
    type: str
    from_label: str
    from_id: str
    to_label: str
    to_id: str
    props: dict[str, Any]


@dataclass(slots=True)
class ReviewRow:
    """Something the ingest would not guess: a person decides with ``partnergraph review``."""

    kind: str
    text: str
    label: str | None = None
    candidates: list[str] = field(default_factory=list)
    proposal: str | None = None
    evidence: str | None = None
    ident: str | None = None
    """What tells it from another item of the same wording in the same source (an
    engagement's id); not stored."""

    def props(self) -> dict[str, Any]:
        out = asdict(self)
        del out["ident"]
        return out


@dataclass(slots=True)
class Batch:
    """One file's contribution, checked against ``model`` (the store's it is written to).
    Written in one transaction, or not at all."""

    source: NodeRow
    model: Model = field(kw_only=True, repr=False)
    nodes: list[NodeRow] = field(default_factory=list)
    rels: list[RelRow] = field(default_factory=list)
    reviews: list[ReviewRow] = field(default_factory=list)

    def add_node(
        self, label: str, props: dict[str, Any], mention: Mention | None = None
    ) -> NodeRow:
        row = NodeRow(label, self.model.validate_node(label, props), mention)
        self.nodes.append(row)
        return row

    def add_rel(
        self,
        rel_type: str,
        *,
        from_label: str,
        from_id: str,
        to_label: str,
        to_id: str,
        props: dict[str, Any],
    ) -> RelRow:
        props = {"source": self.source.id, **props}
        row = RelRow(
            rel_type,
            from_label,
            from_id,
            to_label,
            to_id,
            self.model.validate_rel(rel_type, from_label, to_label, props),
        )
        self.rels.append(row)
        return row
