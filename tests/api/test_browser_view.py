"""The network view as someone used to Kumu or Neo4j Bloom reads it, in Debian's Chromium (the
network cut off, as in test_browser.py): close places on the map apart, labels readable at the
zoom a view is fitted at, a hovered label over no other label, the engagements' parties
labelled among the towns. Overlap is measured from vis-network's own boxes (getBoundingBox of
each node drawn in the viewport, its label included), as test_browser.py measures it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page

from tests.api import test_browser
from tests.api.test_browser import overlaps, shot, wait_for_network, zoom_on

# the browser and the pages over the sample with the twin list, as test_browser.py makes them
playwright = test_browser.playwright
browser = test_browser.browser
pages = test_browser.pages

SIZES = [(1400, 900), (420, 900)]

LABELS = """() => { const n = window.partnergraph.network; const scale = n.getScale();
  return n.body.nodeIndices.filter((id) => n.body.nodes[id].options.label)
    .map((id) => [id, n.body.nodes[id].labelModule.fontOptions.size * scale]); }"""
"""Each label drawn: its node and its size on the screen in pixels."""


def labels(page: Page) -> dict[str, float]:
    return dict(page.evaluate(LABELS))


def settle(page: Page) -> None:
    """Let the labels follow a zoom (the page sizes them again after a frame at a new zoom)."""
    for _ in range(3):
        page.evaluate("window.partnergraph.network.redraw()")
        page.wait_for_timeout(150)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    "path",
    [
        "/network?centre=dk&depth=1&layout=map",  # Copenhagen's suburbs, a few km apart
        "/network?depth=2&view=engagements&layout=map",  # Hai Phong's districts and bodies
    ],
)
def test_map_keeps_close_places_apart(
    pages: Callable[..., Page],
    base_url: str,
    client: httpx.Client,
    lang: str,
    size: tuple[int, int],
    path: str,
) -> None:
    """No two nodes or kept labels on the map overlap; a node that had to step aside from its
    place is drawn with a line to it, and the place is the server's."""
    page = pages(lang, *size)
    page.goto(base_url + path)
    wait_for_network(page)
    seen = overlaps(page)
    assert seen["found"] == [], (len(seen["found"]), seen["found"][:6])
    assert seen["drawn"] > 50, seen
    centre = "dk" if "centre=dk" in path else "haiphong-vn"
    answer = client.get(
        "/api/graph",
        params={"centre": centre, "depth": path.split("depth=")[1][0], "evidence": "false"},
    ).json()
    spots: dict[str, Any] = page.evaluate(
        """() => Object.fromEntries(window.partnergraph.nodeView.get()
             .map((n) => [n.id, n.info.spot ? [n.info.spot.x, n.info.spot.y] : null]))"""
    )
    for node, spot in spots.items():
        lon, lat = answer["places"][node]
        assert spot == pytest.approx([lon * 10, -lat * 10], abs=0.01), (node, spot)
    at = page.evaluate("window.partnergraph.network.getPositions()")
    aside = [k for k, (x, y) in spots.items() if abs(at[k]["x"] - x) + abs(at[k]["y"] - y) >= 3]
    assert aside, "nothing had to step aside: the test does not test"
    assert at[centre]["x"] == pytest.approx(spots[centre][0], abs=1)  # the centre keeps its place
    shot(page, f"view-map-{centre}-{lang}-{size[0]}")


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("size", SIZES)
def test_labels_are_readable_at_the_zoom_a_large_view_is_fitted_at(
    pages: Callable[..., Page], base_url: str, lang: str, size: tuple[int, int]
) -> None:
    """Hai Phong's view with the twin list is fitted at a small scale (0.44 at 1400 px, 0.23 at
    420): its labels keep a size that can be read there (7 px or more), and zoomed in, more
    nodes keep theirs, still without overlap."""
    page = pages(lang, *size)
    page.goto(base_url + "/network?depth=2&view=engagements")
    wait_for_network(page)
    assert page.evaluate("window.partnergraph.network.getScale()") < 0.5
    fitted = labels(page)
    assert "haiphong-vn" in fitted, fitted
    small = {k: round(v, 1) for k, v in fitted.items() if v < 7}
    assert small == {}, small
    assert overlaps(page)["found"] == []
    zoom_on(page, "haiphong-vn", 1.5)
    settle(page)
    zoomed = labels(page)
    assert all(v >= 7 for v in zoomed.values()), zoomed
    seen = overlaps(page)
    assert seen["found"] == [], seen["found"][:6]
    assert len(zoomed) > len(fitted) or size[0] < 1000, (fitted, zoomed)
    shot(page, f"view-labels-zoomed-{lang}-{size[0]}")


HOVER_TARGET = """() => {
  // the node drawn nearest below a kept label, without one of its own (its label would be
  // drawn over that label)
  const n = window.partnergraph.network;
  const ids = n.body.nodeIndices;
  const kept = ids.filter((id) => n.body.nodes[id].options.label);
  let best = null;
  for (const k of kept) {
    const a = n.body.nodes[k];
    for (const id of ids) {
      const b = n.body.nodes[id];
      if (b.options.label) continue;
      const d = Math.hypot(a.x - b.x, a.y - b.y);
      if (!best || d < best[1]) best = [id, d];
    }
  }
  return best && best[0];
}"""


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", ["/network?depth=2", "/network?centre=dk&depth=1"])
def test_a_hovered_label_is_readable_and_over_no_other_label(
    pages: Callable[..., Page], base_url: str, lang: str, size: tuple[int, int], path: str
) -> None:
    """Hovering the node nearest a kept label shows its name at a size that can be read, on a
    panel, and the labels it would cover step aside until the mouse leaves."""
    page = pages(lang, *size)
    page.goto(base_url + path)
    wait_for_network(page)
    before = labels(page)
    page.locator("#network").scroll_into_view_if_needed()  # below the filters at 420 px
    target = page.evaluate(HOVER_TARGET)
    assert target and target not in before, (target, before)
    point = page.evaluate(
        "(id) => { const n = window.partnergraph.network; return n.canvasToDOM(n.getPositions([id])[id]); }",
        target,
    )
    box = page.locator("#network").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    for _ in range(50):
        if target in labels(page):
            break
        page.wait_for_timeout(100)
    page.wait_for_timeout(200)
    hovered = labels(page)
    assert hovered.get(target, 0) >= 8.4, (target, hovered.get(target))
    seen = overlaps(page)
    with_labels = [f for f in seen["found"] if f[1] and f[3]]  # two labelled boxes
    assert with_labels == [], with_labels[:6]
    shot(page, f"view-hover-{lang}-{size[0]}-{'dk' if 'dk' in path else 'home'}")
    page.mouse.move(box["x"] + 2, box["y"] + 2)
    for _ in range(50):
        if target not in labels(page):
            break
        page.wait_for_timeout(100)
    assert set(labels(page)) == set(before)  # the labels that stepped aside are back


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("size", SIZES)
def test_the_engagements_parties_keep_their_labels_among_the_towns(
    pages: Callable[..., Page], base_url: str, lang: str, size: tuple[int, int]
) -> None:
    """Denmark's partners view: its embassy in Viet Nam sits among 98 twinned towns whose dots
    its label would cover; the towns step aside, so every party to an engagement is labelled."""
    page = pages(lang, *size)
    page.goto(base_url + "/network?centre=dk&depth=1")
    wait_for_network(page)
    parties = page.evaluate(
        """() => window.partnergraph.nodeView.get()
             .filter((n) => n.info.engaged && n.id !== 'dk').map((n) => n.id)"""
    )
    assert "dk-embassy-vn" in parties or any("embassy" in p for p in parties), parties
    unlabelled = sorted(set(parties) - set(labels(page)))
    assert unlabelled == [], unlabelled
    assert overlaps(page)["found"] == []
    shot(page, f"view-parties-{lang}-{size[0]}")
