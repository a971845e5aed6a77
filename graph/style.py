"""How each label looks, in the network view, its legend and the briefs' pictures: the
schema's ``style`` facet (graph/schema.yaml), as the pages and vis-network take it."""

from __future__ import annotations

from graph.schema import Model

__all__ = ["label_style"]


def label_style(model: Model) -> dict[str, dict[str, str]]:
    """Label -> ``{"color": ..., "shape": ...}`` for the labels the schema draws."""
    return {name: style.model_dump() for name, style in model.styles.items()}
