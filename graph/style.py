"""How each label looks, in the network view, its legend and the briefs' pictures."""

from __future__ import annotations

__all__ = ["LABEL_STYLE"]

# vis-network shapes; the colours are matplotlib's tab10, readable on white and in greyscale.
LABEL_STYLE: dict[str, dict[str, str]] = {
    "Country": {"color": "#1f77b4", "shape": "diamond"},
    "City": {"color": "#2ca02c", "shape": "dot"},
    "Company": {"color": "#ff7f0e", "shape": "square"},
    "Organisation": {"color": "#9467bd", "shape": "triangle"},
    "Person": {"color": "#e377c2", "shape": "star"},
    "Visit": {"color": "#d62728", "shape": "box"},
    "Event": {"color": "#8c564b", "shape": "box"},
    "Agreement": {"color": "#17becf", "shape": "ellipse"},
    "Sector": {"color": "#bcbd22", "shape": "hexagon"},
    "Indicator": {"color": "#7f7f7f", "shape": "triangleDown"},
}
