/* The network view: vis-network (shipped by pyvis, served by this app) over /api/graph.
   Filters hide nodes and edges through a DataView, so the layout stays where it settled.
   Names from the data are only ever set as text, never as HTML. */
"use strict";
(function () {
  const config = JSON.parse(document.getElementById("config").textContent);
  const status = document.getElementById("status");
  const details = document.getElementById("details");
  const container = document.getElementById("network");
  const state = { timings: {}, ready: false, network: null, nodes: null, edges: null, nodeView: null, edgeView: null };
  window.partnergraph = state;

  const hiddenLabels = new Set();
  const hiddenRels = new Set();
  let yearFrom = null;
  let yearTo = null;

  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  }

  function checkbox(parent, value, colour, hidden) {
    const label = el("label", null, { class: "check" });
    const box = el("input", null, { type: "checkbox", value: value });
    box.checked = true;
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
    label.appendChild(document.createTextNode(" " + value));
    parent.appendChild(label);
  }

  function nodeShown(node) {
    if (hiddenLabels.has(node.kind)) return false;
    if (node.year !== null && node.year !== undefined) {
      if (yearFrom !== null && node.year < yearFrom) return false;
      if (yearTo !== null && node.year > yearTo) return false;
    }
    return true;
  }

  function refresh() {
    if (!state.nodeView) return;
    state.nodeView.refresh();
    state.edgeView.refresh();
    status.textContent = state.nodeView.length + " of " + state.nodes.length + " nodes shown, " +
      state.edgeView.length + " relationships";
  }

  function readYear(input) {
    const value = parseInt(input.value, 10);
    return Number.isFinite(value) ? value : null;
  }

  function showDetails(id) {
    details.replaceChildren();
    const node = state.nodes.get(id);
    if (!node) return;
    details.appendChild(el("h2", node.fullName));
    if (node.nameVi && node.nameVi !== node.fullName) details.appendChild(el("p", node.nameVi, { class: "vi" }));
    details.appendChild(el("p", node.kind + (node.date ? " · " + node.date : "") + " · " +
      node.degree + " relationships in the graph" + (node.hub ? " (a hub: centre the view here to see them all)" : ""),
      { class: "muted" }));
    const links = el("p");
    links.appendChild(el("a", "Open its page", { href: "/entities/" + encodeURIComponent(id), id: "details-link" }));
    links.appendChild(document.createTextNode(" · "));
    links.appendChild(el("a", "Centre the view here", { href: "/network?centre=" + encodeURIComponent(id) + "&depth=" + config.depth }));
    details.appendChild(links);
    const around = state.network.getConnectedEdges(id).map((e) => state.edges.get(e)).filter(Boolean);
    const list = el("ul");
    for (const e of around.slice(0, 30)) {
      const other = state.nodes.get(e.from === id ? e.to : e.from);
      list.appendChild(el("li", e.relType + (e.role ? " (" + e.role + ")" : "") + " " +
        (e.from === id ? "→ " : "← ") + (other ? other.fullName : "?") + (e.date ? ", " + e.date : "")));
    }
    details.appendChild(list);
  }

  // A first layout in one pass (rings by distance from the centre, each node near the node it
  // was reached from), so that physics only has to tidy up: 2,000 nodes settle in seconds.
  function placeRadially(nodes, edges, centre) {
    const around = new Map(nodes.map((n) => [n.id, []]));
    for (const e of edges) {
      if (around.has(e.from) && around.has(e.to)) { around.get(e.from).push(e.to); around.get(e.to).push(e.from); }
    }
    const parent = new Map([[centre, null]]);
    const rings = [[centre]];
    while (rings[rings.length - 1].length) {
      const next = [];
      for (const id of rings[rings.length - 1]) {
        for (const m of around.get(id) || []) {
          if (!parent.has(m)) { parent.set(m, id); next.push(m); }
        }
      }
      rings.push(next);
    }
    const angle = new Map([[centre, 0]]);
    const position = new Map([[centre, { x: 0, y: 0 }]]);
    rings.forEach((ring, depth) => {
      if (depth === 0 || !ring.length) return;
      ring.sort((a, b) => (angle.get(parent.get(a)) || 0) - (angle.get(parent.get(b)) || 0));
      const radius = depth * (120 + 14 * Math.sqrt(ring.length));
      ring.forEach((id, i) => {
        const a = (2 * Math.PI * i) / ring.length;
        angle.set(id, a);
        position.set(id, { x: radius * Math.cos(a), y: radius * Math.sin(a) });
      });
    });
    let spare = 0;
    for (const n of nodes) {
      const p = position.get(n.id) || { x: 60 * Math.cos(spare), y: 60 * Math.sin(spare++) };
      n.x = p.x;
      n.y = p.y;
    }
  }

  function short(text) {
    return text.length > 28 ? text.slice(0, 27) + "…" : text;
  }

  async function load() {
    for (const [label, style] of Object.entries(config.styles)) {
      checkbox(document.getElementById("label-filters"), label, style.color, hiddenLabels);
    }
    for (const rel of config.rels) checkbox(document.getElementById("rel-filters"), rel, null, hiddenRels);
    for (const [id, setter] of [["year-from", (v) => { yearFrom = v; }], ["year-to", (v) => { yearTo = v; }]]) {
      const input = document.getElementById(id);
      input.addEventListener("input", () => { setter(readYear(input)); refresh(); });
    }

    const url = "/api/graph?centre=" + encodeURIComponent(config.centre) + "&depth=" + config.depth + "&evidence=false";
    const response = await fetch(url);
    const data = await response.json();
    state.timings.fetched = performance.now();
    if (!response.ok) {
      status.textContent = data.message || "The graph could not be loaded.";
      status.className = "error";
      return;
    }
    const nodes = data.nodes.map((n) => {
      const style = config.styles[n.label] || { color: "#999", shape: "dot" };
      return {
        id: n.id, label: short(n.name), fullName: n.name, nameVi: n.name_vi, kind: n.label,
        year: n.year, date: n.date, degree: n.degree, hub: !n.expanded && n.depth < config.depth,
        shape: style.shape, color: style.color,
        title: n.name + (n.name_vi && n.name_vi !== n.name ? " / " + n.name_vi : "") + " (" + n.label + (n.date ? ", " + n.date : "") + ")",
        size: n.id === config.centre ? 24 : 12, font: { size: n.id === config.centre ? 18 : 12 },
      };
    });
    const edges = data.edges.map((e, i) => ({
      id: i, from: e.source, to: e.target, relType: e.type, role: e.role, date: e.date,
      title: e.type + (e.role ? " (" + e.role + ")" : "") + (e.date ? ", " + e.date : "") + (e.source_id ? " [" + e.source_id + "]" : ""),
      arrows: "to", color: { opacity: 0.5 },
    }));
    state.nodes = new vis.DataSet(nodes);
    state.edges = new vis.DataSet(edges);
    state.nodeView = new vis.DataView(state.nodes, { filter: nodeShown });
    state.edgeView = new vis.DataView(state.edges, {
      filter: (e) => !hiddenRels.has(e.relType) && nodeShown(state.nodes.get(e.from)) && nodeShown(state.nodes.get(e.to)),
    });
    const names = document.getElementById("node-names");
    for (const n of nodes) names.appendChild(el("option", null, { value: n.fullName }));

    placeRadially(nodes, edges, config.centre);
    const count = nodes.length;
    status.textContent = "Laying out " + count + " nodes…" + (data.truncated ? " (cut at the node limit)" : "");
    container.style.visibility = "hidden";
    state.network = new vis.Network(container, { nodes: state.nodeView, edges: state.edgeView }, {
      layout: { improvedLayout: false, randomSeed: 7 },
      physics: {
        solver: "forceAtlas2Based",
        forceAtlas2Based: { gravitationalConstant: -40, springLength: 80, avoidOverlap: 0.2 },
        stabilization: { enabled: true, iterations: count > 1000 ? 40 : count > 300 ? 120 : 300, updateInterval: 25, fit: true },
      },
      interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: count > 500 },
      edges: { smooth: false, width: 1 },
      nodes: { borderWidth: 1 },
    });
    state.network.on("stabilizationProgress", (p) => {
      status.textContent = "Laying out " + count + " nodes… " + Math.round((100 * p.iterations) / p.total) + "%";
    });
    state.timings.created = performance.now();
    state.network.once("stabilizationIterationsDone", () => {
      state.timings.settled = performance.now();
      state.network.setOptions({ physics: false });
      container.style.visibility = "visible";
      state.ready = true;
      document.body.dataset.ready = "1";
      refresh();
      if (data.truncated) status.textContent += " (cut at the node limit)";
    });
    state.network.on("click", (params) => {
      if (params.nodes.length) showDetails(params.nodes[0]);
    });
    document.getElementById("find").addEventListener("change", (ev) => {
      const wanted = ev.target.value.trim().toLowerCase();
      const hit = nodes.find((n) => n.fullName.toLowerCase() === wanted) ||
        nodes.find((n) => n.fullName.toLowerCase().includes(wanted));
      if (!hit) { status.textContent = "No node here is called " + ev.target.value; return; }
      state.network.selectNodes([hit.id]);
      state.network.focus(hit.id, { scale: 1.2, animation: false });
      showDetails(hit.id);
    });
  }

  load().catch((err) => {
    status.textContent = "The network view failed: " + err;
    status.className = "error";
  });
})();
