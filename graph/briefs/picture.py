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

from graph.style import LABEL_STYLE

__all__ = ["Picture", "neighbourhood_png", "neighbourhood_svg"]

WIDTH, HEIGHT = 760, 520
PRINT_DPI = 300
_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
_GREY = "#9aa3ad"


class Picture(BaseModel):
    """What the picture shows: node id → (label text, node label), undirected edges."""

    centre: str
    home: str
    nodes: dict[str, tuple[str, str]]
    edges: list[tuple[str, str]]
    legend: dict[str, str]


def _layout(p: Picture) -> dict[str, tuple[float, float]]:
    cx, cy = WIDTH / 2, HEIGHT / 2 - 18
    inner = [n for n, (_, label) in p.nodes.items() if label in {"Visit", "Event", "Agreement"}]
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


def _colour(label: str) -> str:
    return LABEL_STYLE.get(label, {"color": "#999999"})["color"]


def _anchor(x: float) -> str:
    return "start" if x < 70 else "end" if x > WIDTH - 70 else "middle"


def neighbourhood_svg(p: Picture) -> str:
    pos = _layout(p)
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
    for n, (text, label) in p.nodes.items():
        x, y = pos[n]
        r = 11 if n in {p.centre, p.home} else 6
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{_colour(label)}"/>')
        weight = ' font-weight="bold"' if n in {p.centre, p.home} else ""
        for i, line in enumerate(_lines(text)):
            out.append(
                f'<text x="{x:.1f}" y="{y + r + 11 + 12 * i:.1f}" text-anchor="{_anchor(x)}"'
                f"{weight}>{escape(line)}</text>"
            )
    x = 10.0
    for label, name in sorted(p.legend.items()):
        out.append(
            f'<circle cx="{x + 5:.1f}" cy="{HEIGHT - 12}" r="5" fill="{_colour(label)}"/>'
            f'<text x="{x + 14:.1f}" y="{HEIGHT - 8}">{escape(name)}</text>'
        )
        x += 24 + 6.2 * len(name)
    out.append("</svg>")
    return "\n".join(out)


def neighbourhood_png(p: Picture, dpi: int = PRINT_DPI) -> bytes:
    """The same drawing as :func:`neighbourhood_svg`, at ``dpi`` (the SVG's unit is 1/96 in)."""
    from PIL import Image, ImageDraw, ImageFont

    k = dpi / 96
    pos = {n: (x * k, y * k) for n, (x, y) in _layout(p).items()}
    img = Image.new("RGB", (round(WIDTH * k), round(HEIGHT * k)), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(_FONT, round(10 * k))
    bold = ImageFont.truetype(_FONT.replace("Sans.ttf", "Sans-Bold.ttf"), round(10 * k))
    for a, b in p.edges:
        draw.line([pos[a], pos[b]], fill=_GREY, width=max(1, round(k)))
    anchors = {"start": "ls", "middle": "ms", "end": "rs"}
    for n, (text, label) in p.nodes.items():
        x, y = pos[n]
        r = (11 if n in {p.centre, p.home} else 6) * k
        draw.ellipse([x - r, y - r, x + r, y + r], fill=_colour(label))
        for i, line in enumerate(_lines(text)):
            draw.text(
                (x, y + r + (11 + 12 * i) * k),
                line,
                fill="#1d2430",
                font=bold if n in {p.centre, p.home} else font,
                anchor=anchors[_anchor(x / k)],
            )
    x = 10 * k
    for label, name in sorted(p.legend.items()):
        y = (HEIGHT - 12) * k
        draw.ellipse([x, y - 5 * k, x + 10 * k, y + 5 * k], fill=_colour(label))
        draw.text((x + 14 * k, (HEIGHT - 8) * k), name, fill="#1d2430", font=font, anchor="ls")
        x += (24 + 6.2 * len(name)) * k
    buf = io.BytesIO()
    img.save(buf, format="PNG", dpi=(dpi, dpi))
    return buf.getvalue()
