"""What the brief's picture shows: the partner's engagement neighbourhood (the partner, its
engagements with the home and their parties, the home among them, its places and people),
labelled in the brief's language. Not the twin list's cities. :mod:`graph.briefs.picture`
draws it."""

from __future__ import annotations

from graph.briefs.context import Context, clip
from graph.briefs.picture import Picture

# The engagements drawn (each with its parties), and the most nodes: enough to read, few
# enough to draw fast.
PICTURE_ENGAGEMENTS = 8
PICTURE_NODES = 24
# The partner's own neighbours drawn: its places and its people.
_OWN = {("LOCATED_IN", "out"), ("PART_OF", "out"), ("HOLDS_POSITION", "in")}


def neighbourhood(ctx: Context, home_id: str) -> Picture:
    home_label = ctx.home_view.label
    nodes: dict[str, tuple[str, str]] = {
        ctx.view.id: (ctx.partner_short, ctx.view.label),
        home_id: (ctx.home_short, home_label),
    }
    edges: set[tuple[str, str]] = set()
    engagements = ctx.h.entries[:PICTURE_ENGAGEMENTS]
    for e in engagements:
        nodes[e.id] = (clip(ctx.title(e)), e.label)
        for p in e.parties:
            # the home's places are drawn as the home; its bodies and people not at all
            if p.side == "home" and p.label != home_label:
                continue
            key = home_id if p.side == "home" else p.id
            if key not in nodes:
                nodes[key] = (ctx.short(p.name, p.name_vi), p.label)
            edges.add((key, e.id))
        if not any(p.side == "partner" and p.id == ctx.view.id for p in e.parties):
            edges.add((ctx.view.id, e.id))
    for n in ctx.view.neighbours:
        if (n.type, n.direction) in _OWN and len(nodes) < PICTURE_NODES:
            nodes.setdefault(n.id, (ctx.short(n.name or n.id, n.name_vi), n.label))
            edges.add((ctx.view.id, n.id))
    return Picture(
        centre=ctx.view.id,
        home=home_id,
        nodes=nodes,
        edges=sorted(edges),
        legend={label: ctx.L.term(label) for _, label in nodes.values()},
        inner=[e.id for e in engagements],
        colours={label: style.color for label, style in ctx.model.styles.items()},
    )
