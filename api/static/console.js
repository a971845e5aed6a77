/* The Cypher console: POST /api/cypher, results as a table (text only, never HTML) shown a page
   at a time so that a large result never freezes the tab, a graph when the results hold nodes,
   relationships or paths (capped, with a note), downloads as CSV and JSON, a history of queries
   kept in this browser, and a link that holds the query and its parameters. */
"use strict";
(function () {
  const config = JSON.parse(document.getElementById("config").textContent);
  const $ = (id) => document.getElementById(id);
  const query = $("query");
  const params = $("params");
  const errorBox = $("error");
  const meta = $("meta");
  const table = $("results");
  const graphBox = $("graph");
  let last = null;
  let shown = 0;
  const PAGE = 500; // rows added to the table at a time
  const GRAPH_NODES = 300; // nodes drawn at most
  const HISTORY = "partnergraph.console.history";
  const number = (n) => Number(n).toLocaleString(config.lang === "vi" ? "vi-VN" : "en");

  // A text of the page's language (the catalogue's, handed over by the page) with its values.
  function say(key, values) {
    let text = (config.messages && config.messages[key]) || key;
    for (const [k, v] of Object.entries(values || {})) text = text.split("{" + k + "}").join(String(v));
    return text;
  }

  function body() {
    let parameters;
    try {
      parameters = JSON.parse(params.value.trim() || "{}");
    } catch (err) {
      throw new Error(say("badParams", { error: err.message }));
    }
    return {
      query: query.value,
      parameters: parameters,
      timeout_ms: parseInt($("timeout").value, 10) || null,
      max_rows: parseInt($("max-rows").value, 10) || null,
    };
  }

  // a message of the page's, or an error answer of the API (in the page's language, errors.js)
  function showError(message, answer) {
    if (answer) window.partnergraphError(errorBox, answer, say("failed"));
    else errorBox.textContent = message;
    errorBox.hidden = false;
  }

  function cell(value) {
    if (value === null || value === undefined) return "";
    if (value && value._label && value._id) return "(" + (value.name || value.id || value._id) + ":" + value._label + ")";
    if (value && value._label && value._src) return "[:" + value._label + (value.role ? " " + value.role : "") + "]";
    if (value && Array.isArray(value._NODES)) return pathText(value);
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
  }

  function pathText(path) {
    const names = new Map(path._NODES.map((n) => [n._id, "(" + (n.name || n.id || n._id) + ")"]));
    let text = path._NODES.length ? names.get(path._NODES[0]._id) : "";
    let at = path._NODES.length ? path._NODES[0]._id : null;
    for (const r of path._RELS || []) {
      const forward = r._src === at;
      at = forward ? r._dst : r._src;
      text += (forward ? "-[:" + r._label + "]->" : "<-[:" + r._label + "]-") + (names.get(at) || "()");
    }
    return text;
  }

  function addRows(result) {
    const tbody = table.tBodies[0];
    const fragment = document.createDocumentFragment();
    const end = Math.min(result.rows.length, shown + PAGE);
    for (const row of result.rows.slice(shown, end)) {
      const r = document.createElement("tr");
      for (const v of row) {
        const td = document.createElement("td");
        td.textContent = cell(v);
        if (v && typeof v === "object") td.title = JSON.stringify(v).slice(0, 2000);
        r.appendChild(td);
      }
      fragment.appendChild(r);
    }
    tbody.appendChild(fragment);
    shown = end;
    const more = $("more");
    more.hidden = shown >= result.rows.length;
    more.textContent = say("more", { n: number(Math.min(PAGE, result.rows.length - shown)), shown: number(shown), total: number(result.rows.length) });
  }

  function render(result) {
    table.replaceChildren();
    shown = 0;
    const head = document.createElement("thead");
    const tr = document.createElement("tr");
    for (const c of result.columns) {
      const th = document.createElement("th");
      th.textContent = c;
      tr.appendChild(th);
    }
    head.appendChild(tr);
    table.appendChild(head);
    table.appendChild(document.createElement("tbody"));
    addRows(result);
    meta.textContent = say(result.rows.length === 1 ? "row" : "rows", { n: number(result.rows.length), ms: result.elapsed_ms.toFixed(1) }) +
      (result.truncated ? " (" + (result.truncated_why || say("cut")) + ")" : "");
    drawGraph(result);
  }

  function collect(value, nodes, rels) {
    if (Array.isArray(value)) { value.forEach((v) => collect(v, nodes, rels)); return; }
    if (!value || typeof value !== "object") return;
    if (value._label && value._id) nodes.set(value._id, value);
    else if (value._label && value._src) rels.push(value);
    else if (value.nodes && value.rels) { collect(value.nodes, nodes, rels); collect(value.rels, nodes, rels); }
    else if (value._NODES) { collect(value._NODES, nodes, rels); collect(value._RELS || [], nodes, rels); }
  }

  function drawGraph(result) {
    const nodes = new Map();
    const rels = [];
    for (const row of result.rows) {
      collect(row, nodes, rels);
      if (nodes.size > GRAPH_NODES) break;
    }
    const note = $("graph-note");
    if (!nodes.size) { graphBox.hidden = true; note.hidden = true; return; }
    graphBox.hidden = false;
    const drawn = [...nodes.values()].slice(0, GRAPH_NODES);
    note.hidden = nodes.size <= GRAPH_NODES;
    note.textContent = say("graphNote", { n: GRAPH_NODES });
    const visNodes = drawn.map((n) => {
      const style = config.styles[n._label] || { color: "#999", shape: "dot" };
      const name = String(n.name || n.id || n._id);
      return { id: n._id, label: name.length > 28 ? name.slice(0, 27) + "…" : name, title: name + " (" + n._label + ")", color: style.color, shape: style.shape };
    });
    const visEdges = rels.filter((r) => nodes.has(r._src) && nodes.has(r._dst)).map((r, i) => ({
      id: i, from: r._src, to: r._dst, arrows: "to", title: r._label + (r.role ? " (" + r.role + ")" : ""),
    }));
    const network = new vis.Network(graphBox, { nodes: new vis.DataSet(visNodes), edges: new vis.DataSet(visEdges) }, {
      physics: { stabilization: { iterations: 200 } }, edges: { smooth: false },
    });
    network.once("stabilizationIterationsDone", () => network.setOptions({ physics: false }));
    window.partnergraphConsoleGraph = network;
  }

  async function run() {
    errorBox.hidden = true;
    meta.textContent = say("running");
    let request;
    try {
      request = body();
    } catch (err) {
      meta.textContent = "";
      showError(err.message);
      return;
    }
    const response = await fetch("/api/cypher", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(request),
    });
    const data = await response.json();
    if (!response.ok) {
      meta.textContent = "";
      table.replaceChildren();
      graphBox.hidden = true;
      showError(null, data);
      $("csv").disabled = $("json").disabled = true;
      return;
    }
    last = { request: request, result: data };
    remember(request);
    render(data);
    $("csv").disabled = $("json").disabled = false;
  }

  function history() {
    try { return JSON.parse(localStorage.getItem(HISTORY) || "[]"); } catch (err) { return []; }
  }

  function showHistory() {
    const list = $("history");
    list.replaceChildren();
    for (const item of history()) {
      const li = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "link";
      button.textContent = item.query.length > 90 ? item.query.slice(0, 89) + "…" : item.query;
      button.title = item.query;
      button.addEventListener("click", () => { query.value = item.query; params.value = item.parameters; });
      li.appendChild(button);
      list.appendChild(li);
    }
  }

  function remember(request) {
    const item = { query: request.query, parameters: params.value.trim() || "{}" };
    const kept = history().filter((h) => h.query !== item.query || h.parameters !== item.parameters);
    try { localStorage.setItem(HISTORY, JSON.stringify([item, ...kept].slice(0, 25))); } catch (err) { /* full or off */ }
    const link = new URLSearchParams({ query: item.query });
    if (item.parameters !== "{}") link.set("parameters", item.parameters);
    history_replace("#" + link.toString());
    showHistory();
  }

  function history_replace(hash) {
    window.history.replaceState(null, "", window.location.pathname + window.location.search + hash);
  }

  function save(blob, name) {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  $("run").addEventListener("click", () => run().catch((err) => showError(String(err))));
  $("more").addEventListener("click", () => { if (last) addRows(last.result); });
  $("share").addEventListener("click", async () => {
    const link = new URLSearchParams({ query: query.value });
    if ((params.value.trim() || "{}") !== "{}") link.set("parameters", params.value.trim());
    history_replace("#" + link.toString());
    try { await navigator.clipboard.writeText(window.location.href); meta.textContent = say("copied"); }
    catch (err) { meta.textContent = say("link", { url: window.location.href }); }
  });
  showHistory();
  const shared = new URLSearchParams(window.location.hash.slice(1));
  if (shared.get("query")) {
    query.value = shared.get("query");
    params.value = shared.get("parameters") || "{}";
    run().catch((err) => showError(String(err)));
  }
  query.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) run().catch((err) => showError(String(err)));
  });
  $("json").addEventListener("click", () => {
    if (last) save(new Blob([JSON.stringify(last.result, null, 2)], { type: "application/json" }), "query.json");
  });
  $("csv").addEventListener("click", async () => {
    if (!last) return;
    const response = await fetch("/api/cypher?format=csv", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(last.request),
    });
    if (!response.ok) { showError(null, await response.json().catch(() => ({}))); return; }
    save(await response.blob(), "query.csv");
  });
  for (const button of document.querySelectorAll("button.example")) {
    button.addEventListener("click", () => {
      const example = config.examples[parseInt(button.dataset.index, 10)];
      query.value = example.query;
      params.value = JSON.stringify(example.parameters, null, 2);
      run().catch((err) => showError(String(err)));
    });
  }
})();
