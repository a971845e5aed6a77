"""A static picture of the partner's engagement neighbourhood: SVG for HTML and PDF (crisp, text
that can be selected), PNG at print resolution for DOCX (Word edits pictures, not SVG). No
JavaScript, no plotting library: one radial layout drawn twice.

The partner is in the centre, its engagements with the home on an inner ring, their parties,
its places and its people on an outer ring, each near the engagements it takes part in; the
home is one of them, linked to every engagement it took part in.
"""

from __future__ import annotations

import io
import math
from xml.sax.saxutils import escape

from pydantic import BaseModel

__all__ = ["Label", "Picture", "neighbourhood_png", "neighbourhood_svg", "place_labels"]

WIDTH, HEIGHT = 760, 520
PRINT_DPI = 300
_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
_GREY = "#9aa3ad"


class Picture(BaseModel):
    """What the picture shows: node id → (label text, node label), undirected edges, the
    engagements (on the inner ring) and each label's colour (the schema's style facet)."""

    centre: str
    home: str
    nodes: dict[str, tuple[str, str]]
    edges: list[tuple[str, str]]
    legend: dict[str, str]
    inner: list[str]
    colours: dict[str, str]


def _layout(p: Picture) -> dict[str, tuple[float, float]]:
    cx, cy = WIDTH / 2, HEIGHT / 2 - 18
    inner = [n for n in p.inner if n in p.nodes]
    pos = {p.centre: (cx, cy)}
    for i, n in enumerate(inner):
        a = 2 * math.pi * i / max(len(inner), 1) - math.pi / 2
        pos[n] = (cx + 175 * math.cos(a), cy + 105 * math.sin(a))
    angle = {n: 2 * math.pi * i / max(len(inner), 1) - math.pi / 2 for i, n in enumerate(inner)}
    outer = [n for n in p.nodes if n not in pos]
    wanted: dict[str, float] = {}
    for n in outer:
        linked = [
            angle[b if a == n else a]
            for a, b in p.edges
            if n in (a, b) and (b if a == n else a) in angle
        ]
        if linked:  # the mean direction of its engagements
            wanted[n] = math.atan2(
                sum(math.sin(x) for x in linked), sum(math.cos(x) for x in linked)
            )
        else:
            wanted[n] = math.pi / 2
    order = sorted(outer, key=lambda n: (wanted[n], n))
    gap = 2 * math.pi / max(len(order), 1)
    placed: list[float] = []
    for n in order:  # keep neighbours on the ring at least a share of the circle apart
        a = wanted[n]
        if placed and a - placed[-1] < gap:
            a = placed[-1] + gap
        placed.append(a)
    for n, a in zip(order, placed, strict=True):
        pos[n] = (cx + 320 * math.cos(a), cy + 195 * math.sin(a))
    return pos


def _lines(text: str, width: int = 22) -> list[str]:
    words, out, line = text.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            out.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    out.append(line)
    if len(out) > 2:
        out = [out[0], (out[1] + " …") if len(out[1]) < width else out[1][: width - 1] + "…"]
    return out


def _colour(p: Picture, label: str) -> str:
    return p.colours.get(label, _GREY)


def _radius(p: Picture, n: str) -> int:
    return 11 if n in {p.centre, p.home} else 6


# -- labels that do not overlap -----------------------------------------------------------------
_LINE = 12  # px between two lines of a label
_LEGEND = 24  # px kept free for the legend at the bottom
Box = tuple[float, float, float, float]


def text_width(text: str, bold: bool = False) -> float:
    """A generous width of ``text`` at 10 px in DejaVu Sans (capitals are wider), so that
    labels kept apart by it are apart on the page too."""
    width = sum(3.4 if c == " " else 7.2 if c.isupper() else 6.0 for c in text)
    return width * (1.1 if bold else 1.0)


class Label(BaseModel):
    """Where a node's label is written: its lines, their anchor and first baseline, the box
    they take."""

    lines: list[str]
    x: float
    y: float
    anchor: str  # start, middle or end
    box: Box


def _candidates(x: float, y: float, r: float, lines: list[str], bold: bool) -> list[Label]:
    w = max(text_width(line, bold) for line in lines)
    h = _LINE * len(lines)
    gap = 3
    return [
        # below, above, right, left of the dot
        Label(
            lines=lines,
            x=x,
            y=y + r + 11,
            anchor="middle",
            box=(x - w / 2, y + r + 1, x + w / 2, y + r + 3 + h),
        ),
        Label(
            lines=lines,
            x=x,
            y=y - r - 4 - _LINE * (len(lines) - 1),
            anchor="middle",
            box=(x - w / 2, y - r - 3 - h, x + w / 2, y - r - 1),
        ),
        Label(
            lines=lines,
            x=x + r + gap,
            y=y + 4 - _LINE * (len(lines) - 1) / 2,
            anchor="start",
            box=(x + r + gap, y - h / 2 - 1, x + r + gap + w, y + h / 2 + 1),
        ),
        Label(
            lines=lines,
            x=x - r - gap,
            y=y + 4 - _LINE * (len(lines) - 1) / 2,
            anchor="end",
            box=(x - r - gap - w, y - h / 2 - 1, x - r - gap, y + h / 2 + 1),
        ),
    ]


def _overlap(a: Box, b: Box) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def _outside(b: Box) -> float:
    """How much of a box lies off the drawing (the legend's row counts as off)."""
    inside = (max(b[0], 0), max(b[1], 0), min(b[2], WIDTH), min(b[3], HEIGHT - _LEGEND))
    area = (b[2] - b[0]) * (b[3] - b[1])
    kept = max(0.0, inside[2] - inside[0]) * max(0.0, inside[3] - inside[1])
    return area - kept


def place_labels(p: Picture, pos: dict[str, tuple[float, float]]) -> dict[str, Label]:
    """Each label below, above, right or left of its dot, whichever first clears the dots,
    the labels already placed and the edge of the drawing (the partner and the home first,
    then the engagements, then the rest); where none is clear, the one that overlaps least."""
    dots = [
        (x - _radius(p, n), y - _radius(p, n), x + _radius(p, n), y + _radius(p, n))
        for n, (x, y) in pos.items()
    ]
    order = sorted(
        p.nodes,
        key=lambda n: (n not in {p.centre, p.home}, n not in p.inner),
    )
    taken: list[Box] = []
    out: dict[str, Label] = {}
    for n in order:
        x, y = pos[n]
        bold = n in {p.centre, p.home}
        options = _candidates(x, y, _radius(p, n), _lines(p.nodes[n][0]), bold)

        def cost(label: Label) -> float:
            b = label.box
            return (
                sum(_overlap(b, t) for t in taken)
                + sum(_overlap(b, d) for d in dots)
                + 4 * _outside(b)
            )

        best = next((o for o in options if cost(o) == 0), None) or min(options, key=cost)
        out[n] = best
        taken.append(best.box)
    return out


def neighbourhood_svg(p: Picture) -> str:
    pos = _layout(p)
    labels = place_labels(p, pos)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" font-family="DejaVu Sans, sans-serif" font-size="10">'
    ]
    for a, b in p.edges:
        (x1, y1), (x2, y2) = pos[a], pos[b]
        out.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke="{_GREY}" stroke-width="1"/>'
        )
    for n, (_, label) in p.nodes.items():
        x, y = pos[n]
        out.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{_radius(p, n)}" fill="{_colour(p, label)}"/>'
        )
    for n, at in labels.items():
        weight = ' font-weight="bold"' if n in {p.centre, p.home} else ""
        for i, line in enumerate(at.lines):
            out.append(
                f'<text x="{at.x:.1f}" y="{at.y + _LINE * i:.1f}" text-anchor="{at.anchor}"'
                f"{weight}>{escape(line)}</text>"
            )
    x = 10.0
    for label, name in sorted(p.legend.items()):
        out.append(
            f'<circle cx="{x + 5:.1f}" cy="{HEIGHT - 12}" r="5" fill="{_colour(p, label)}"/>'
            f'<text x="{x + 14:.1f}" y="{HEIGHT - 8}">{escape(name)}</text>'
        )
        x += 24 + 6.2 * len(name)
    out.append("</svg>")
    return "\n".join(out)


def neighbourhood_png(p: Picture, dpi: int = PRINT_DPI) -> bytes:
    """The same drawing as :func:`neighbourhood_svg`, at ``dpi`` (the SVG's unit is 1/96 in)."""
    from PIL import Image, ImageDraw, ImageFont

    k = dpi / 96
    layout = _layout(p)
    pos = {n: (x * k, y * k) for n, (x, y) in layout.items()}
    img = Image.new("RGB", (round(WIDTH * k), round(HEIGHT * k)), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(_FONT, round(10 * k))
    bold = ImageFont.truetype(_FONT.replace("Sans.ttf", "Sans-Bold.ttf"), round(10 * k))
    for a, b in p.edges:
        draw.line([pos[a], pos[b]], fill=_GREY, width=max(1, round(k)))
    anchors = {"start": "ls", "middle": "ms", "end": "rs"}
    for n, (_, label) in p.nodes.items():
        x, y = pos[n]
        r = _radius(p, n) * k
        draw.ellipse([x - r, y - r, x + r, y + r], fill=_colour(p, label))
    for n, at in place_labels(p, layout).items():
        for i, line in enumerate(at.lines):
            draw.text(
                (at.x * k, (at.y + _LINE * i) * k),
                line,
                fill="#1d2430",
                font=bold if n in {p.centre, p.home} else font,
                anchor=anchors[at.anchor],
            )
    x = 10 * k
    for label, name in sorted(p.legend.items()):
        y = (HEIGHT - 12) * k
        draw.ellipse([x, y - 5 * k, x + 10 * k, y + 5 * k], fill=_colour(p, label))
        draw.text((x + 14 * k, (HEIGHT - 8) * k), name, fill="#1d2430", font=font, anchor="ls")
        x += (24 + 6.2 * len(name)) * k
    buf = io.BytesIO()
    img.save(buf, format="PNG", dpi=(dpi, dpi))
    return buf.getvalue()
