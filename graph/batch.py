"""What one ingested file adds to the graph, validated against the schema before any write."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from graph.schema import MODEL

__all__ = ["Batch", "Mention", "NodeRow", "RelRow", "ReviewRow"]


class Mention(BaseModel):
    """Where a source states a node: the sentence, its offset and the source's own wording."""

    model_config = ConfigDict(extra="forbid")
    evidence: str | None = None
    offset: int | None = None
    wording: str | None = None


class NodeRow(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: str
    props: dict[str, Any]
    mention: Mention | None = None

    @property
    def id(self) -> str:
        return str(self.props["id"])


class RelRow(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: str
    from_label: str
    from_id: str
    to_label: str
    to_id: str
    props: dict[str, Any]


class ReviewRow(BaseModel):
    """Something the ingest would not guess: a person decides with ``partnergraph review``."""

    model_config = ConfigDict(extra="forbid")
    kind: str
    label: str | None = None
    text: str
    candidates: list[str] = Field(default_factory=list)
    proposal: str | None = None
    evidence: str | None = None


class Batch(BaseModel):
    """One file's contribution. Written in one transaction, or not at all."""

    model_config = ConfigDict(extra="forbid")
    source: NodeRow
    nodes: list[NodeRow] = Field(default_factory=list)
    rels: list[RelRow] = Field(default_factory=list)
    reviews: list[ReviewRow] = Field(default_factory=list)

    def add_node(
        self, label: str, props: dict[str, Any], mention: Mention | None = None
    ) -> NodeRow:
        row = NodeRow(label=label, props=MODEL.validate_node(label, props), mention=mention)
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
            type=rel_type,
            from_label=from_label,
            from_id=from_id,
            to_label=to_label,
            to_id=to_id,
            props=MODEL.validate_rel(rel_type, from_label, to_label, props),
        )
        self.rels.append(row)
        return row
