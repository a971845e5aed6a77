"""A static picture of the partner's neighbourhood (PNG): no JavaScript in PDF or DOCX."""

from __future__ import annotations

import io
from collections.abc import Callable

import networkx as nx

from graph.questions.lookup import EntityView
from graph.style import LABEL_STYLE

__all__ = ["neighbourhood_png"]

MAX_NEIGHBOURS = 30


def neighbourhood_png(
    view: EntityView, home_id: str, home_name: str, translate: Callable[[str], str] = str
) -> bytes:
    """The partner, its nearest neighbours (engagements first) and the home city; the legend's
    label names through ``translate``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    g = nx.Graph()
    g.add_node(view.id, label=view.label, name=str(view.properties.get("name", view.id)))
    for n in view.neighbours[:MAX_NEIGHBOURS]:
        g.add_node(n["id"], label=n["label"], name=n["name"] or n["id"])
        g.add_edge(view.id, n["id"])
    if home_id not in g:
        g.add_node(home_id, label="City", name=home_name)
    pos = nx.spring_layout(g, seed=7, k=1.2 / max(len(g), 1) ** 0.5)
    fig, ax = plt.subplots(figsize=(7, 4.6), dpi=110)
    nx.draw_networkx_edges(g, pos, ax=ax, edge_color="#b5bcc6", width=0.8)
    colours = [
        LABEL_STYLE.get(d["label"], {"color": "#999999"})["color"] for _, d in g.nodes(data=True)
    ]
    sizes = [420 if n == view.id else 160 for n in g]
    nx.draw_networkx_nodes(g, pos, ax=ax, node_color=colours, node_size=sizes, linewidths=0)
    labels = {n: _short(d["name"]) for n, d in g.nodes(data=True)}
    nx.draw_networkx_labels(g, pos, labels, ax=ax, font_size=6.5, font_family="DejaVu Sans")
    shown = sorted({d["label"] for _, d in g.nodes(data=True)})
    for label in shown:
        ax.scatter(
            [],
            [],
            color=LABEL_STYLE.get(label, {"color": "#999"})["color"],
            label=translate(label),
            s=30,
        )
    ax.legend(loc="lower left", fontsize=6.5, frameon=False, ncol=min(len(shown), 5))
    ax.set_axis_off()
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def _short(text: str, limit: int = 26) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
