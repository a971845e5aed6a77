/* The network view: vis-network (shipped by pyvis, served by this app) over /api/graph.
   Filters hide nodes and edges through a DataView, so the layout stays where it settled.
   Names from the data are only ever set as text, never as HTML. The view's state (filters,
   years, the selected node, the layout) is kept in the page's address, so that a view can be
   shared. The server lays the graph out (a radial tree, api/routes/graph.py), so the page draws
   it as it comes: physics only polishes a small view. The map layout places nodes by their
   coordinates over the countries' outlines (Natural Earth via world-atlas, served by the app). */
"use strict";
(function () {
  const config = JSON.parse(document.getElementById("config").textContent);
  const status = document.getElementById("status");
  const details = document.getElementById("details");
  const container = document.getElementById("network");
  const state = { timings: {}, ready: false, network: null, nodes: null, edges: null, nodeView: null, edgeView: null };
  window.partnergraph = state;
  state.timings.script = performance.now();

  const query = new URLSearchParams(window.location.search);
  const listed = (name) => new Set((query.get(name) || "").split(",").filter(Boolean));
  const hiddenLabels = listed("hide");
  const hiddenRels = listed("hiderel");
  let yearFrom = parseInt(query.get("from"), 10) || null;
  let yearTo = parseInt(query.get("to"), 10) || null;
  let selected = query.get("node");
  // The partners view (the default) folds the engagements between two parties into one link
  // weighted by their number; the engagements view shows each one as a node.
  let view = query.get("view") === "engagements" ? "engagements" : "partners";
  // The network layout (the server's radial tree, as settled) or the map by coordinates.
  let layout = query.get("layout") === "map" ? "map" : "network";
  const ENGAGEMENTS = new Set(config.engagements); // the schema's engagement labels
  const LABELLED = 25; // the best-linked nodes keep their label at every zoom; others on hover
  const POLISHED = 300; // physics polishes views of at most this many nodes; larger ones are drawn as laid out
  const MAP_SCALE = 10; // canvas units per degree on the map
  // Arrows by level of detail: a large view drawn whole shows none (at that zoom they are
  // specks, and drawing 1,500 of them was a tenth of each frame); zoomed in, they come back.
  const ARROW_SCALE = 0.6;
  let arrowsShown = true;

  function say(key, values) {
    let text = (config.messages && config.messages[key]) || key;
    for (const [k, v] of Object.entries(values || {})) text = text.split("{" + k + "}").join(String(v));
    return text;
  }

  // Names compared without case or diacritics: "dan mach" finds Đan Mạch.
  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase().replace(/\s+/g, " ").trim();
  }

  // What the page knows of a node beyond what vis-network draws, in one object that
  // vis-network copies by reference: each field of a node's own is copied for each node
  // (arrays and plain objects element by element), about a fifth of building 2,000 nodes.
  class NodeInfo {
    constructor(fields) { Object.assign(this, fields); }
  }

  const foldedNames = new Map(); // a node's names folded, when first searched
  function folded(node) {
    if (!foldedNames.has(node.id)) foldedNames.set(node.id, node.info.names.map(fold));
    return foldedNames.get(node.id);
  }

  // The home chosen (none: the app's setting), carried by the links the view makes.
  function homeQuery(sep) {
    return config.home ? sep + "home=" + encodeURIComponent(config.home) : "";
  }

  function remember() {
    const params = new URLSearchParams();
    params.set("centre", config.centre);
    params.set("depth", config.depth);
    if (config.home) params.set("home", config.home); // the home chosen stays in the address
    if (hiddenLabels.size) params.set("hide", [...hiddenLabels].join(","));
    if (hiddenRels.size) params.set("hiderel", [...hiddenRels].join(","));
    if (yearFrom !== null) params.set("from", yearFrom);
    if (yearTo !== null) params.set("to", yearTo);
    if (selected) params.set("node", selected);
    if (view !== "partners") params.set("view", view);
    if (layout !== "network") params.set("layout", layout);
    window.history.replaceState(null, "", "/network?" + params.toString());
  }

  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  }

  function checkbox(parent, value, colour, hidden, name) {
    const label = el("label", null, { class: "check" });
    const box = el("input", null, { type: "checkbox", value: value });
    box.checked = !hidden.has(value);
    box.addEventListener("change", () => {
      if (box.checked) hidden.delete(value); else hidden.add(value);
      refresh();
    });
    label.appendChild(box);
    if (colour) {
      const swatch = el("span", null, { class: "swatch" });
      swatch.style.background = colour;
      label.appendChild(swatch);
    }
    label.appendChild(document.createTextNode(" " + (name || (config.styles[value] || {}).name || value)));
    parent.appendChild(label);
  }

  // Each node by id, for the filters: the edges' filter asks for both ends of each link, and
  // DataSet.get (options parsed, a copy made) for 4,500 ends was a tenth of the page's own work.
  const byId = new Map();

  function nodeShown(node) {
    if (!node || hiddenLabels.has(node.kind)) return false;
    if (layout === "map" && !node.info.place) return false;
    if (view === "partners" && ENGAGEMENTS.has(node.kind)) return false;
    if (node.year === null || node.year === undefined) {
      // an engagement without a date is not "in 2022"
      if (ENGAGEMENTS.has(node.kind) && (yearFrom !== null || yearTo !== null)) return false;
    } else {
      if (yearFrom !== null && node.year < yearFrom) return false;
      if (yearTo !== null && node.year > yearTo) return false;
    }
    return true;
  }

  function refresh() {
    if (!state.nodeView) return;
    refreshFolded();
    state.nodeView.refresh();
    state.edgeView.refresh();
    if (state.ready) relabel();
    tell();
  }

  // What the view shows, in the status line and the address.
  function tell() {
    status.textContent = say("shown", { shown: state.nodeView.length, total: state.nodes.length, edges: state.edgeView.length });
    if (layout === "map") {
      const unplaced = state.nodes.get({ filter: (n) => !n.info.place }).length;
      if (unplaced) status.textContent += " " + say("unplaced", { n: unplaced });
    }
    remember();
  }

  // Where the layout settled (or where a node was dragged) becomes the node's own place, so a
  // node hidden by a filter comes back exactly where it was.
  function keepPositions() {
    const positions = state.network.getPositions();
    if (layout === "network") {
      for (const [id, p] of Object.entries(positions)) state.nodes.get(id).info.net = { x: p.x, y: p.y };
    }
    state.nodes.update(Object.entries(positions).map(([id, p]) => ({ id, x: p.x, y: p.y })));
  }

  // One link per pair of parties that met in engagements: its weight their number, its
  // tooltip their kinds and years. Only engagements the filters show are counted.
  function foldEngagements(edges) {
    const parties = new Map();
    for (const e of edges) {
      const target = byId.get(e.to);
      if (e.relType === "PARTICIPATED_IN" && target && ENGAGEMENTS.has(target.kind)) {
        if (!parties.has(e.to)) parties.set(e.to, []);
        parties.get(e.to).push(e.from);
      }
    }
    const pairs = new Map();
    for (const [engagement, who] of parties) {
      const unique = [...new Set(who)].sort();
      for (let i = 0; i < unique.length; i++) {
        for (let j = i + 1; j < unique.length; j++) {
          const key = unique[i] + "\u0000" + unique[j];
          if (!pairs.has(key)) pairs.set(key, { from: unique[i], to: unique[j], engagements: [] });
          pairs.get(key).engagements.push(byId.get(engagement));
        }
      }
    }
    const folded = [...pairs.values()].map((p) => ({ id: nextEdge++, folded: true, ...p, relType: "ENGAGEMENTS", color: { opacity: 0.6 } }));
    for (const e of folded) Object.assign(e, counted(e)); // counted before vis-network sees them
    foldedIds = folded.map((e) => e.id);
    return folded;
  }

  // A folded link's weight, width and tooltip from the engagements the filters show.
  function counted(edge) {
    const shown = edge.engagements.filter((n) => nodeShownAsEngagement(n));
    const kinds = {};
    for (const n of shown) kinds[n.kind] = (kinds[n.kind] || 0) + 1;
    const years = [...new Set(shown.map((n) => n.year).filter((y) => y !== null && y !== undefined))].sort();
    return {
      live: shown.length > 0, weight: shown.length,
      width: 1 + 2 * Math.log2(Math.max(shown.length, 1)),
      title: say("engagements", { n: shown.length }) + ": " +
        Object.entries(kinds).map(([k, n]) => ((config.styles[k] || {}).name || k) + " " + n).join(", ") +
        (years.length ? " · " + years.join(", ") : ""),
    };
  }

  // The folded links again after a filter changed (only they: DataSet.forEach over 2,000
  // links was 60 ms of the page's start).
  let foldedIds = [];
  function refreshFolded() {
    state.edges.update(state.edges.get(foldedIds).map((e) => ({ id: e.id, ...counted(e) })));
  }

  function nodeShownAsEngagement(node) {
    const saved = view;
    view = "engagements";
    try { return nodeShown(node); } finally { view = saved; }
  }

  // Labels by level of detail without collisions: the nodes the rule labels (the centre, then
  // the engagements and their parties, then the best linked) keep their label where it clears
  // every node drawn and every label kept before it; the others show theirs on hover. The
  // node under the mouse and the selection come first (the labels they would cover step aside
  // while they are shown). Boxes in canvas units, as vis-network bounds them (getBoundingBox):
  // a box's label inside it; any other shape's below it, its box as wide as the label from the
  // shape's top to the label's foot.
  // Labels keep their size on the screen at any zoom (12 px, the centre's 18): in canvas units
  // they are larger in a view seen whole (France's at 0.2, Hai Phong's at 0.44), in steps of
  // 2^(1/4) so that a small zoom changes nothing.
  const measure = document.createElement("canvas").getContext("2d");
  measure.font = "100px arial";
  const widths = new Map();
  const PAD = 3; // room left around a label
  const MAP_DOT = 6; // a dot's radius on the map: places are near each other there
  const WRAP = 170; // a label wraps at this width (at zoom 1)
  let textScale = 1; // canvas units per pixel of a label
  const stepOf = (scale) => Math.pow(2, Math.max(-4, Math.floor(-4 * Math.log2(scale) + 0.01)) / 4); // 10-12 px
  let hovered = null;
  const SHRINK = [1, 0.84, 0.71]; // a label that finds no room at its size tries smaller ones (down to 7-8.5 px)
  function fontSize(node) {
    return (node.id === config.centre ? 18 : 12) * textScale * (node.info.shrink || 1);
  }
  function shapeBox(node, p) {
    const r = node.id === config.centre ? 24 : (config.styles[node.kind] || {}).shape === "box" ? 18 : layout === "map" ? MAP_DOT : 12;
    return [p.x - r, p.y - r, p.x + r, p.y + r];
  }
  function labelBox(node, p) {
    const size = fontSize(node);
    const name = node.info.fullName; // measured once per name, at 100 px: a width grows with the size
    if (!widths.has(name)) widths.set(name, measure.measureText(name).width / 100);
    const wide = widths.get(name) * size;
    const wrap = WRAP * textScale;
    const lines = Math.ceil(wide / wrap) || 1;
    const [w, h] = [Math.min(wide, wrap) / 2 + PAD, (lines * size) / 2 + PAD];
    if ((config.styles[node.kind] || {}).shape === "box") return [p.x - w - 11, p.y - h - 11, p.x + w + 11, p.y + h + 11];
    const shape = shapeBox(node, p);
    return [Math.min(shape[0], p.x - w), shape[1], Math.max(shape[2], p.x + w), shape[3] + 2 * h];
  }
  const meets = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

  // Boxes in a grid of cells, to ask what a new box would meet.
  class Boxes {
    constructor(cell) { this.cell = cell; this.grid = new Map(); }
    cells(box, visit) {
      const c = this.cell;
      for (let i = Math.floor(box[0] / c); i <= Math.floor(box[2] / c); i++) {
        for (let j = Math.floor(box[1] / c); j <= Math.floor(box[3] / c); j++) if (visit(i + "," + j) === false) return false;
      }
      return true;
    }
    put(box, owner) {
      this.cells(box, (key) => { if (!this.grid.has(key)) this.grid.set(key, []); this.grid.get(key).push([box, owner]); });
    }
    clear(box, owner) {
      return this.cells(box, (key) => {
        for (const [other, who] of this.grid.get(key) || []) if (who !== owner && meets(box, other)) return false;
        return true;
      });
    }
  }

  // The order in which nodes claim room and keep labels: the centre, the node under the mouse
  // and the selection, the engagements and their parties, then the best linked.
  function rank(a, b) {
    const first = (n) => (n.id === config.centre ? 3 : n.id === hovered ? 2 : n.id === selected ? 1 : 0);
    return first(b) - first(a) || (b.info.engaged === true) - (a.info.engaged === true) || (b.info.degree || 0) - (a.info.degree || 0);
  }
  const forced = (n) => n.id === config.centre || n.id === hovered || n.id === selected;

  // Which of ``nodes`` (those drawn, at ``at``: id -> {x, y}) keep their label.
  function declutter(nodes, at) {
    const boxes = new Boxes(80 * Math.max(1, textScale));
    for (const n of nodes) if (at[n.id]) boxes.put(shapeBox(n, at[n.id]), n.id);
    const ranked = nodes.filter((n) => (n.info.wanted || forced(n)) && at[n.id]).sort(rank);
    const kept = new Set();
    for (const n of ranked) {
      let box = null;
      for (const f of SHRINK) {
        n.info.shrink = f;
        box = labelBox(n, at[n.id]);
        if (boxes.clear(box, n.id)) break;
        box = null;
      }
      if (!box && !forced(n)) continue;
      if (!box && n.id !== config.centre) n.info.shrink = 1; // the node under the mouse, or selected: on its panel
      // the centre keeps its label, as small as it must be to clear the nodes around it
      for (let f = SHRINK[SHRINK.length - 1]; !box && n.id === config.centre && f > 0.3; f *= 0.84) {
        n.info.shrink = f;
        if (boxes.clear(labelBox(n, at[n.id]), n.id)) box = labelBox(n, at[n.id]);
      }
      boxes.put(box || labelBox(n, at[n.id]), n.id);
      kept.add(n.id);
    }
    return kept;
  }

  // Room made for each node near where it wants to be (``at``: id -> {x, y}), in rank order:
  // the first place on a sunflower around it where its shape (and the label of a node that
  // ``labelled`` names) clears every node placed before it. Returns id -> {x, y}.
  function makeRoom(nodes, at, labelled, fixed, reach = 50) {
    const boxes = new Boxes(40 * Math.max(1, textScale)); // cells about a label's size
    // the cells of a finer grid that some box touches: a node that finds no room at its place
    // looks for the nearest cell no box touches, ring by ring (France's 1,900 cities on the
    // map: a sunflower of places tried one by one was 5 s of the page)
    const C = 2 * (layout === "map" ? MAP_DOT : 12) + 2;
    const K = 1 << 16; // cells keyed by one number
    const taken = new Set();
    const full = new Map(); // around a cell, the rings found full (space only fills up)
    const put = (box, owner) => {
      boxes.put(box, owner);
      for (let i = Math.floor(box[0] / C); i <= Math.floor(box[2] / C); i++) {
        for (let j = Math.floor(box[1] / C); j <= Math.floor(box[3] / C); j++) taken.add(i * K + j);
      }
    };
    const out = {};
    for (const n of fixed || []) if (at[n.id]) put(shapeBox(n, at[n.id]), n.id);
    // the first clear place on a sunflower of ``tries`` places around ``want``
    const near = (want, boxOf, owner, tries) => {
      for (let i = 0; i < tries; i++) {
        const r = 4 * Math.sqrt(i);
        const p = { x: want.x + r * Math.cos(2.39996 * i), y: want.y + r * Math.sin(2.39996 * i) };
        if (boxes.clear(boxOf(p), owner)) return p;
      }
      return null;
    };
    // the centre of the nearest free cell where the shape clears every box
    const free = (n, want) => {
      const [ci, cj] = [Math.floor(want.x / C), Math.floor(want.y / C)];
      const fits = 2 * shapeBox(n, { x: 0, y: 0 })[2] < C; // a dot in a cell no box touches clears them all
      const key = ci * K + cj;
      // rings full around a cell next to this one are full around this one but for one
      let start = full.get(key) || 1;
      for (let di = -1; di <= 1; di++) for (let dj = -1; dj <= 1; dj++) start = Math.max(start, (full.get(key + di * K + dj) || 0) - 1);
      for (let k = start; k < 4000; k++) {
        let best = null;
        for (let i = ci - k; i <= ci + k; i++) {
          for (let j = cj - k; j <= cj + k; j += (i === ci - k || i === ci + k) ? 1 : 2 * k) {
            if (taken.has(i * K + j)) continue;
            const p = { x: (i + 0.5) * C, y: (j + 0.5) * C };
            const d = Math.hypot(p.x - want.x, p.y - want.y);
            if ((!best || d < best[1]) && (fits || boxes.clear(shapeBox(n, p), n.id))) best = [p, d];
          }
        }
        if (best) { full.set(key, k); return best[0]; }
      }
      return want;
    };
    for (const n of [...nodes].filter((m) => at[m.id]).sort(rank)) {
      const want = at[n.id];
      // with its label near its place if it can (within ``reach`` places: 28 units), else its
      // shape alone: at its place, or in the nearest free cell
      let box = null;
      let spot = labelled(n) ? near(want, (p) => labelBox(n, p), n.id, reach) : null;
      if (spot) box = labelBox(n, spot);
      else {
        spot = boxes.clear(shapeBox(n, want), n.id) ? want : free(n, want);
        box = shapeBox(n, spot);
      }
      put(box, n.id);
      out[n.id] = spot;
    }
    return out;
  }

  // A node's label as vis-network takes it: its text at the size the zoom asks for (a white
  // halo over the links and the map; on a panel while it is hovered or selected).
  function labelOf(n, on) {
    if (!on) return { id: n.id, label: undefined, font: { size: 12 }, widthConstraint: { maximum: WRAP } }; // a box's size follows its font
    const size = fontSize(n);
    const panel = n.id === hovered || n.id === selected;
    return {
      id: n.id, label: n.info.fullName,
      font: { size, strokeWidth: 3 * textScale, strokeColor: "#ffffff", background: panel ? "rgba(255,255,255,0.9)" : "none" },
      widthConstraint: { maximum: WRAP * textScale },
    };
  }

  // The labels of the nodes drawn, decluttered where they are now at the zoom seen now.
  function relabel() {
    textScale = stepOf(state.network.getScale());
    const drawn = state.nodeView.get();
    const kept = declutter(drawn, state.network.getPositions(drawn.map((n) => n.id)));
    const changed = [];
    for (const n of drawn) {
      const keep = kept.has(n.id);
      const look = keep ? fontSize(n) + (n.id === hovered || n.id === selected ? "p" : "") : null;
      if (n.info.always === keep && n.info.look === look) continue;
      n.info.always = keep;
      n.info.look = look;
      changed.push(labelOf(n, keep));
    }
    if (changed.length) {
      state.nodes.update(changed);
      state.network.redraw(); // drawn now: vis-network's boxes follow the labels in the same task
    }
  }

  function toNode(n, always, places) {
    const vi = config.lang === "vi";
    const name = (vi && n.name_vi) || n.name;
    const other = vi ? n.name : n.name_vi;
    return {
      id: n.id, label: always ? name : undefined, kind: n.label, year: n.year,
      info: new NodeInfo({
        always, wanted: always, fullName: name, otherName: other, names: [n.name, n.name_vi], nameVi: n.name_vi,
        place: (places || {})[n.id] || null, date: n.date, degree: n.degree,
        hub: !n.expanded && n.depth < config.depth, net: null,
      }),
      group: config.styles[n.label] ? n.label : undefined, // colour and shape from the view's groups
      title: name + (other && other !== name ? " / " + other : "") +
        " (" + ((config.styles[n.label] || {}).name || n.label) + (n.date ? ", " + n.date : "") + ")",
      ...(n.id === config.centre ? { size: 24 } : {}),
    };
  }

  let nextEdge = 0;
  function toEdge(e) {
    const words = config.words || {};
    return {
      id: nextEdge++, from: e.source, to: e.target, relType: e.type, role: e.role, date: e.date,
      title: (words[e.type] || e.type) + (e.role ? " (" + (words[e.role] || e.role) + ")" : "") + (e.date ? ", " + e.date : ""),
      directed: e.directed !== false,
      // no arrows key at all unless drawn, and the colour from the view's options: each key of an
      // edge's own is parsed for each edge
      ...(e.directed !== false && arrowsShown ? { arrows: "to" } : {}),
    };
  }

  // Double-click expands a node in place: its neighbours join the view in a ring around it,
  // and nothing else moves; a second double-click takes back what the first one added.
  const expansions = new Map();
  state.expansions = expansions;
  async function toggleExpand(id) {
    if (expansions.has(id)) {
      const added = expansions.get(id);
      expansions.delete(id);
      const held = new Set([...expansions.values()].flatMap((x) => x.nodes));
      state.edges.remove(added.edges);
      const gone = added.nodes.filter((n) => !held.has(n) && n !== selected);
      state.nodes.remove(gone);
      for (const n of gone) byId.delete(n);
      refold();
      refresh();
      return;
    }
    const response = await fetch("/api/graph?centre=" + encodeURIComponent(id) + "&depth=1&evidence=false");
    const data = await response.json();
    if (!response.ok) { status.textContent = data.message || say("failed"); return; }
    const at = state.network.getPositions([id])[id];
    const fresh = data.nodes.filter((n) => !state.nodes.get(n.id));
    const radius = 70 + 8 * Math.sqrt(fresh.length);
    const from = state.nodes.get(id).info.net || at;
    const nodes = fresh.map((n, i) => {
      const node = toNode(n, false, data.places);
      const a = (2 * Math.PI * i) / Math.max(fresh.length, 1);
      node.info.net = { x: from.x + radius * Math.cos(a), y: from.y + radius * Math.sin(a) };
      node.x = node.info.net.x;
      node.y = node.info.net.y;
      return node;
    });
    if (layout === "map") for (const p of placed(nodes)) Object.assign(nodes.find((n) => n.id === p.id), { x: p.x, y: p.y });
    const known = new Set(state.edges.get().map((e) => e.from + "|" + e.to + "|" + e.relType));
    const edges = data.edges.filter((e) => !known.has(e.source + "|" + e.target + "|" + e.type)).map(toEdge);
    for (const n of nodes) byId.set(n.id, n);
    state.nodes.add(nodes);
    state.edges.add(edges);
    expansions.set(id, { nodes: nodes.map((n) => n.id), edges: edges.map((e) => e.id) });
    refold();
    refresh();
  }

  function refold() {
    state.edges.remove(state.edges.getIds({ filter: (e) => e.folded }));
    const plain = state.edges.get({ filter: (e) => !e.folded });
    state.edges.add(foldEngagements(plain));
  }

  function download(blob, name) {
    const link = el("a", null, { href: URL.createObjectURL(blob), download: name });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }

  function exportPng() {
    container.querySelector("canvas").toBlob((blob) => download(blob, "network-" + config.centre + ".png"));
  }

  // The view as drawn (the nodes and links the filters show, where they are), as SVG built
  // with the DOM: names are text nodes, never markup.
  function exportSvg() {
    const NS = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(NS, "svg");
    const positions = state.network.getPositions(state.nodeView.getIds());
    const xs = Object.values(positions).map((p) => p.x);
    const ys = Object.values(positions).map((p) => p.y);
    const pad = 60;
    const [x0, y0] = [Math.min(...xs) - pad, Math.min(...ys) - pad];
    svg.setAttribute("xmlns", NS);
    svg.setAttribute("viewBox", [x0, y0, Math.max(...xs) - x0 + pad, Math.max(...ys) - y0 + pad].join(" "));
    svg.setAttribute("font-family", "DejaVu Sans, sans-serif");
    const add = (tag, attrs, text) => {
      const node = document.createElementNS(NS, tag);
      for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
      if (text) node.textContent = text;
      svg.appendChild(node);
    };
    if (layout === "map" && world) { // the countries under the nodes, as on the screen
      for (const points of world) {
        const d = "M" + points.map((p) => p.x.toFixed(1) + " " + p.y.toFixed(1)).join("L") + "Z";
        add("path", { d, fill: "#eef1ea", stroke: "#b9c2b0", "stroke-width": 0.5 });
      }
    }
    for (const e of state.edgeView.get()) {
      const a = positions[e.from];
      const b = positions[e.to];
      if (a && b) add("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: "#8aa", "stroke-width": e.width || 1 });
    }
    for (const n of state.nodeView.get()) {
      const p = positions[n.id];
      add("circle", { cx: p.x, cy: p.y, r: n.size || 12, fill: (config.styles[n.kind] || {}).color || "#999", "data-id": n.id });
      if (n.label) add("text", { x: p.x, y: p.y + (n.size || 12) + 12, "text-anchor": "middle", "font-size": 11 }, n.label);
    }
    download(new Blob([new XMLSerializer().serializeToString(svg)], { type: "image/svg+xml" }), "network-" + config.centre + ".svg");
  }

  function readYear(input) {
    const value = parseInt(input.value, 10);
    return Number.isFinite(value) ? value : null;
  }

  function showDetails(id) {
    details.replaceChildren();
    selected = id;
    remember();
    const node = state.nodes.get(id);
    if (!node) return;
    relabel();
    const info = node.info;
    details.appendChild(el("h2", info.fullName));
    if (info.otherName && info.otherName !== info.fullName) details.appendChild(el("p", info.otherName, { class: "vi" }));
    details.appendChild(el("p", ((config.styles[node.kind] || {}).name || node.kind) + (info.date ? " · " + info.date : "") + " · " +
      say("degree", { n: info.degree }) + (info.hub ? " " + say("hub") : ""),
      { class: "muted" }));
    const links = el("p");
    links.appendChild(el("a", say("open"), { href: "/entities/" + encodeURIComponent(id) + homeQuery("?"), id: "details-link" }));
    links.appendChild(document.createTextNode(" · "));
    links.appendChild(el("a", say("centre"), { href: "/network?centre=" + encodeURIComponent(id) + "&depth=" + config.depth + homeQuery("&") }));
    details.appendChild(links);
    const around = state.network.getConnectedEdges(id).map((e) => state.edges.get(e)).filter(Boolean);
    const list = el("ul");
    for (const e of around.slice(0, 30)) {
      const other = state.nodes.get(e.from === id ? e.to : e.from);
      const words = config.words || {};
      list.appendChild(el("li", (words[e.relType] || e.relType) + (e.role ? " (" + (words[e.role] || e.role) + ")" : "") + " " +
        (e.from === id ? "→ " : "← ") + (other ? other.info.fullName : "?") + (e.date ? ", " + e.date : "")));
    }
    details.appendChild(list);
  }

  // The map: longitude and latitude as plain x and y (no tiles, nothing from the internet).
  function project(place) {
    return { x: place[0] * MAP_SCALE, y: -place[1] * MAP_SCALE };
  }

  // The countries' outlines from the app's copy of world-atlas (TopoJSON: arcs of quantised,
  // delta-encoded points; a ring lists its arcs, ~i for arc i reversed).
  let world = null;
  let worldLoading = null;
  function loadWorld() { // once, however many ask
    worldLoading = worldLoading || fetchWorld();
    return worldLoading;
  }
  async function fetchWorld() {
    const response = await fetch("/static/countries-110m.json");
    const topo = await response.json();
    const [sx, sy] = topo.transform.scale;
    const [tx, ty] = topo.transform.translate;
    const arcs = topo.arcs.map((arc) => {
      let x = 0;
      let y = 0;
      return arc.map(([dx, dy]) => { x += dx; y += dy; return [x * sx + tx, y * sy + ty]; });
    });
    const ring = (indexes) => {
      const points = [];
      for (const i of indexes) {
        const arc = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
        points.push(...(points.length ? arc.slice(1) : arc));
      }
      // a ring that crosses the antimeridian (Chukotka, Fiji) goes on past it instead of
      // drawing a line across the whole map
      let shift = 0;
      return points.map(([lon, lat], i) => {
        const step = i ? lon - points[i - 1][0] : 0;
        if (step > 180) shift -= 360;
        if (step < -180) shift += 360;
        return project([lon + shift, lat]);
      });
    };
    world = [];
    for (const g of topo.objects.countries.geometries) {
      const polygons = g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : [];
      for (const polygon of polygons) world.push(...polygon.map(ring));
    }
    return world;
  }

  function drawWorld(ctx) {
    if (layout !== "map" || !world) return;
    ctx.save();
    ctx.lineWidth = 1 / state.network.getScale();
    ctx.fillStyle = "#eef1ea";
    ctx.strokeStyle = "#b9c2b0";
    for (const points of world) {
      ctx.beginPath();
      points.forEach((p, i) => (i ? ctx.lineTo(p.x, p.y) : ctx.moveTo(p.x, p.y)));
      ctx.closePath();
      ctx.fill();
      ctx.stroke();
    }
    // a node drawn beside its place (there was no room at it): a line to the place
    ctx.lineWidth = 1 / state.network.getScale();
    ctx.strokeStyle = "#8d9686";
    ctx.fillStyle = "#8d9686";
    const body = state.network.body;
    for (const id of body.nodeIndices) {
      const spot = (byId.get(id) || { info: {} }).info.spot;
      const node = body.nodes[id];
      if (!spot || Math.abs(node.x - spot.x) + Math.abs(node.y - spot.y) < 3) continue;
      ctx.beginPath();
      ctx.moveTo(node.x, node.y);
      ctx.lineTo(spot.x, spot.y);
      ctx.stroke();
      ctx.fillRect(spot.x - 1, spot.y - 1, 2, 2);
    }
    ctx.restore();
  }

  // Switch between the laid-out network and the map. On the map each node is drawn as near its
  // place as there is room for it (Copenhagen's suburbs are a few canvas units apart, a dot 12
  // across): in rank order, the first place clear of the nodes placed before it, with a line
  // to where it is when it had to step aside. Made once for every node, shown or not, so a
  // filter moves nothing; nodes that join later (expand) find room among those placed.
  function placed(nodes) {
    if (layout !== "map") return nodes.filter((n) => n.info.net).map((n) => ({ id: n.id, x: n.info.net.x, y: n.info.net.y }));
    const fresh = nodes.filter((n) => n.info.place && !n.info.map);
    const before = [...byId.values()].filter((n) => n.info.map);
    const at = {};
    for (const n of before) at[n.id] = n.info.map;
    for (const n of fresh) at[n.id] = n.info.spot = project(n.info.place);
    const engagementsLast = (a, b) => ENGAGEMENTS.has(a.kind) - ENGAGEMENTS.has(b.kind);
    textScale = stepOf(fitScale(at)); // the centre's label has room at the zoom the map is seen at first
    const party = (n) => n.id === config.centre || (n.info.engaged && !ENGAGEMENTS.has(n.kind)); // room for their labels
    const room = makeRoom(fresh.sort(engagementsLast), at, party, before);
    for (const n of fresh) n.info.map = room[n.id];
    return nodes.filter((n) => n.info.map).map((n) => ({ id: n.id, x: n.info.map.x, y: n.info.map.y }));
  }

  // The canvas's scale when vis-network fits nodes at ``at`` (id -> {x, y}) into the view.
  function fitScale(at) {
    const points = Object.values(at);
    if (!points.length) return 1;
    const xs = points.map((p) => p.x);
    const ys = points.map((p) => p.y);
    const wide = 1.1 * (Math.max(...xs) - Math.min(...xs) + 48);
    const high = 1.1 * (Math.max(...ys) - Math.min(...ys) + 48);
    return Math.min(1, container.clientWidth / wide, container.clientHeight / high);
  }

  async function applyLayout() {
    if (layout === "map") await loadWorld();
    // on the map the links are lighter: nodes stepping aside fan them out over the countries
    state.network.setOptions({ nodes: { size: layout === "map" ? MAP_DOT : 12 }, edges: { color: { opacity: layout === "map" ? 0.25 : 0.5 } } });
    state.nodes.update(placed(state.nodes.get()));
    refresh();
    state.network.fit({ animation: false });
  }

  // vis-network brings each node's and link's label module up to date as it builds it (four
  // font variants resolved from five layers of options, the group merged again) whether or not
  // it has a label: half the cost of building a node. Only the best-linked nodes, the selection
  // and the node under the mouse have one; the others only need the module told they have none
  // (what the full update does for them too). A label given later (hover, selection) takes the
  // full update. vis-network 9's Node and Edge, reached through the network's own factories.
  function lightLabels(network) {
    const make = network.body.functions;
    for (const item of [make.createNode({ id: "\u0000" }), make.createEdge({ id: "\u0000", from: "\u0000", to: "\u0000" })]) {
      const proto = Object.getPrototypeOf(item);
      const full = proto.updateLabelModule;
      if (typeof full !== "function" || full.light) continue;
      const light = function (data) {
        const label = this.options.label;
        if (label !== undefined && label !== null && label !== "") return full.call(this, data);
        this.labelModule.setOptions(this.options);
        return undefined;
      };
      light.light = true;
      proto.updateLabelModule = light;
    }
  }

  async function load() {
    if (layout === "map") loadWorld().catch(() => {}); // the outlines load beside the graph; a failure shows when the map is drawn
    for (const [label, style] of Object.entries(config.styles)) {
      checkbox(document.getElementById("label-filters"), label, style.color, hiddenLabels);
    }
    for (const rel of config.rels) checkbox(document.getElementById("rel-filters"), rel, null, hiddenRels, (config.words || {})[rel]);
    for (const [id, setter] of [["year-from", (v) => { yearFrom = v; }], ["year-to", (v) => { yearTo = v; }]]) {
      const input = document.getElementById(id);
      const slider = document.getElementById(id + "-slider");
      input.addEventListener("input", () => {
        setter(readYear(input));
        if (readYear(input) !== null) slider.value = input.value;
        refresh();
      });
      slider.addEventListener("input", () => { input.value = slider.value; setter(readYear(input)); refresh(); });
    }
    for (const radio of document.querySelectorAll("#views input[name=view]")) {
      radio.checked = radio.value === view;
      radio.addEventListener("change", () => { if (radio.checked) { view = radio.value; refresh(); } });
    }
    for (const radio of document.querySelectorAll("#layouts input[name=layout]")) {
      radio.checked = radio.value === layout;
      radio.addEventListener("change", () => {
        if (!radio.checked || !state.ready) return;
        layout = radio.value;
        applyLayout().catch((err) => { status.textContent = say("broken", { error: err }); });
      });
    }
    document.getElementById("export-png").addEventListener("click", exportPng);
    document.getElementById("export-svg").addEventListener("click", exportSvg);

    const response = await fetch(config.graph); // the page asked for it early (a preload link)
    state.timings.answered = performance.now();
    const data = await response.json();
    state.timings.fetched = performance.now();
    if (!response.ok) {
      status.textContent = data.message || say("failed");
      status.className = "error";
      return;
    }
    const ranked = data.nodes.map((n) => n.degree || 0).sort((a, b) => b - a);
    const hubDegree = ranked[Math.min(LABELLED, ranked.length) - 1] || 0;
    // The engagements and their parties (in the whole graph) are what an officer looks for:
    // they ask for their label before the best-linked places (a country's 98 twinned towns
    // outrank its company and its embassy).
    const engaged = (n) => ENGAGEMENTS.has(n.label) || (n.engagements || 0) > 0;
    const nodes = data.nodes.map((n) => {
      const wanted = n.id === config.centre || engaged(n) || (n.degree || 0) >= Math.max(hubDegree, 2);
      const node = toNode(n, wanted, data.places);
      node.info.engaged = engaged(n);
      const [x, y] = (data.layout || {})[n.id] || [0, 0];
      node.info.net = { x, y };
      node.x = x;
      node.y = y;
      byId.set(node.id, node);
      return node;
    });
    if (layout === "map") { // placed before vis-network builds them: an update of each would build them again
      state.timings.mapped = performance.now();
      for (const p of placed(nodes)) Object.assign(byId.get(p.id) || {}, { x: p.x, y: p.y });
      state.timings.placed = performance.now();
    }
    const placedAt = Object.fromEntries(nodes.filter(nodeShown).map((n) => [n.id, { x: n.x, y: n.y }]));
    textScale = stepOf(fitScale(placedAt)); // the labels' size where vis-network will fit the view
    const kept = declutter(nodes.filter(nodeShown), placedAt);
    if (nodes.length <= POLISHED && layout === "network") { // physics spaces the engagements and their parties by
      for (const n of nodes) if (n.info.engaged) kept.add(n.id); // their labels' size; room is made for them where they settle
    }
    for (const n of nodes) {
      n.info.always = kept.has(n.id);
      n.info.look = n.info.always ? fontSize(n) : null;
      const { id, ...label } = labelOf(n, n.info.always);
      Object.assign(n, label);
    }
    arrowsShown = data.nodes.length <= POLISHED;
    const edges = data.edges.map(toEdge);
    edges.push(...foldEngagements(edges));
    state.nodes = new vis.DataSet(nodes);
    state.edges = new vis.DataSet(edges);
    state.nodeView = new vis.DataView(state.nodes, { filter: nodeShown });
    state.edgeView = new vis.DataView(state.edges, {
      filter: (e) => (e.folded ? view === "partners" && e.live : !hiddenRels.has(e.relType)) &&
        nodeShown(byId.get(e.from)) && nodeShown(byId.get(e.to)),
    });
    const find = document.getElementById("find");
    find.addEventListener("focus", () => { // the names listed when the box is first used: 2,000 options cost the first draw
      const names = document.getElementById("node-names");
      names.replaceChildren(...state.nodes.get().map((n) => el("option", null, { value: n.info.fullName })));
    });
    const years = nodes.map((n) => n.year).filter((y) => y !== null && y !== undefined);
    const first = years.length ? Math.min(...years) : 2000;
    const last = years.length ? Math.max(...years) : 2030;
    for (const [id, value, fallback] of [["year-from", yearFrom, first], ["year-to", yearTo, last]]) {
      const slider = document.getElementById(id + "-slider");
      slider.min = first;
      slider.max = last;
      slider.value = value !== null ? value : fallback;
      if (value !== null) document.getElementById(id).value = value;
    }

    state.timings.built = performance.now();
    const count = nodes.length;
    const polish = count <= POLISHED && layout === "network";
    status.textContent = say("laying", { count }) + (data.truncated ? " " + say("cut") : "");
    container.style.visibility = "hidden";
    state.network = new vis.Network(container, {}, {
      layout: { improvedLayout: false, randomSeed: 7 },
      physics: polish ? {
        solver: "forceAtlas2Based",
        forceAtlas2Based: { gravitationalConstant: -40, springLength: 80, avoidOverlap: 0.2 },
        stabilization: { enabled: true, iterations: 150, updateInterval: 25, fit: true },
      } : false,
      interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: count > 500, keyboard: { enabled: true, bindToWindow: false } },
      edges: { smooth: false, width: 1, color: { opacity: layout === "map" ? 0.25 : 0.5 } },
      nodes: { borderWidth: 1, size: layout === "map" ? MAP_DOT : 12, font: { size: 12 }, widthConstraint: { maximum: WRAP }, color: "#999", shape: "dot" },
      groups: Object.fromEntries(Object.entries(config.styles).map(([k, v]) => [k, { color: v.color, shape: v.shape }])),
    });
    lightLabels(state.network);
    state.network.setData({ nodes: state.nodeView, edges: state.edgeView });
    state.network.on("beforeDrawing", drawWorld);
    state.network.on("stabilizationProgress", (p) => {
      status.textContent = say("laying", { count }) + " " + Math.round((100 * p.iterations) / p.total) + "%";
    });
    state.timings.created = performance.now();
    const shown = () => {
      state.timings.settled = performance.now();
      if (polish) {
        // physics spaced the nodes by their shapes: the engagements and their parties get room
        // for their labels where they settled (the towns around them step aside)
        state.network.setOptions({ physics: false });
        // (twice: the room made widens the view, which the fit then sees at a smaller zoom)
        const drawn = state.nodeView.get();
        for (let round = 0; round < 2; round++) {
          textScale = stepOf(state.network.getScale());
          const room = makeRoom(drawn, state.network.getPositions(drawn.map((n) => n.id)), (n) => n.info.engaged && n.info.wanted, [], 5000);
          state.nodes.update(Object.entries(room).map(([id, p]) => ({ id, x: p.x, y: p.y })));
          state.network.fit({ animation: false });
        }
        keepPositions();
        relabel();
      }
      container.style.visibility = "visible";
      state.ready = true;
      document.body.dataset.ready = "1";
      tell();
      if (data.truncated) status.textContent += " " + say("cut");
      if (selected && state.nodes.get(selected)) {
        state.network.selectNodes([selected]);
        showDetails(selected);
      }
      state.timings.ready = performance.now();
    };
    if (polish) {
      state.network.once("stabilizationIterationsDone", shown);
    } else if (layout === "map") {
      // the outlines drawn under the nodes (asked for at the start); shown on the first frame with them
      loadWorld().then(() => {
        state.network.once("afterDrawing", shown);
        state.network.body.emitter.emit("_requestRedraw");
      }, (err) => { status.textContent = say("broken", { error: err }); });
    } else {
      // vis-network fits a view without physics as it makes it, and asks for a frame to draw
      // it in: shown on that frame. A redraw() here would draw the 2,000 nodes twice (the
      // frame asked for draws again), 100-200 ms before the page is free.
      state.network.once("afterDrawing", shown);
      state.network.body.emitter.emit("_requestRedraw"); // nothing if a frame is asked for already
    }
    state.network.on("click", (params) => {
      if (params.nodes.length) showDetails(params.nodes[0]);
    });
    state.network.on("doubleClick", (params) => {
      if (params.nodes.length) toggleExpand(params.nodes[0]).catch((err) => { status.textContent = say("broken", { error: err }); });
    });
    let relabelling = null;
    state.network.on("afterDrawing", () => { // whatever zoomed: the wheel, find, fit
      if (state.ready && !relabelling && stepOf(state.network.getScale()) !== textScale) { // labels sized for the zoom
        relabelling = setTimeout(() => { relabelling = null; relabel(); }, 80);
      }
      const wanted = count <= POLISHED || state.network.getScale() >= ARROW_SCALE;
      if (wanted === arrowsShown) return;
      arrowsShown = wanted;
      state.edges.update(state.edges.get({ filter: (e) => e.directed }).map((e) => ({ id: e.id, arrows: wanted ? "to" : "" })));
    });
    // the node under the mouse shows its label on a panel; the labels it would cover step aside
    state.network.on("hoverNode", (params) => { hovered = params.node; relabel(); });
    state.network.on("blurNode", () => { hovered = null; relabel(); });
    state.network.on("dragEnd", (params) => { if (params.nodes.length) keepPositions(); });
    document.getElementById("find").addEventListener("change", (ev) => {
      const wanted = fold(ev.target.value);
      if (!wanted) return;
      const all = state.nodes.get().map((n) => [n, folded(n)]);
      const hit = (all.find(([, f]) => f.includes(wanted)) || all.find(([, f]) => f.some((x) => x.includes(wanted))) || [])[0];
      if (!hit) {
        details.replaceChildren();
        state.network.unselectAll();
        selected = null;
        relabel();
        remember();
        status.textContent = say("nothing", { name: ev.target.value });
        return;
      }
      state.network.selectNodes([hit.id]);
      state.network.focus(hit.id, { scale: 1.2, animation: false });
      showDetails(hit.id);
    });
  }

  load().catch((err) => {
    status.textContent = say("broken", { error: err });
    status.className = "error";
  });
})();
