/* The Cypher console: POST /api/cypher, results as a table (text only, never HTML), a graph when
   the results hold nodes and relationships, downloads as CSV and JSON. */
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

  function body() {
    let parameters;
    try {
      parameters = JSON.parse(params.value.trim() || "{}");
    } catch (err) {
      throw new Error("The parameters are not valid JSON: " + err.message);
    }
    return {
      query: query.value,
      parameters: parameters,
      timeout_ms: parseInt($("timeout").value, 10) || null,
      max_rows: parseInt($("max-rows").value, 10) || null,
    };
  }

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
  }

  function cell(value) {
    if (value === null || value === undefined) return "";
    if (value && value._label && value._id) return "(" + (value.name || value.id || value._id) + ":" + value._label + ")";
    if (value && value._label && value._src) return "[:" + value._label + (value.role ? " " + value.role : "") + "]";
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
  }

  function render(result) {
    table.replaceChildren();
    const head = document.createElement("thead");
    const tr = document.createElement("tr");
    for (const c of result.columns) {
      const th = document.createElement("th");
      th.textContent = c;
      tr.appendChild(th);
    }
    head.appendChild(tr);
    table.appendChild(head);
    const tbody = document.createElement("tbody");
    for (const row of result.rows) {
      const r = document.createElement("tr");
      for (const v of row) {
        const td = document.createElement("td");
        td.textContent = cell(v);
        if (v && typeof v === "object") td.title = JSON.stringify(v);
        r.appendChild(td);
      }
      tbody.appendChild(r);
    }
    table.appendChild(tbody);
    meta.textContent = result.rows.length + " rows in " + result.elapsed_ms.toFixed(1) + " ms" +
      (result.truncated ? " (" + (result.truncated_why || "cut at the row cap") + ")" : "");
    drawGraph(result);
  }

  function collect(value, nodes, rels) {
    if (Array.isArray(value)) { value.forEach((v) => collect(v, nodes, rels)); return; }
    if (!value || typeof value !== "object") return;
    if (value._label && value._id) nodes.set(value._id, value);
    else if (value._label && value._src) rels.push(value);
    else if (value.nodes && value.rels) { collect(value.nodes, nodes, rels); collect(value.rels, nodes, rels); }
  }

  function drawGraph(result) {
    const nodes = new Map();
    const rels = [];
    result.rows.forEach((row) => collect(row, nodes, rels));
    if (!nodes.size) { graphBox.hidden = true; return; }
    graphBox.hidden = false;
    const visNodes = [...nodes.values()].map((n) => {
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
    meta.textContent = "Running…";
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
      showError(data.message || "The query failed.");
      $("csv").disabled = $("json").disabled = true;
      return;
    }
    last = { request: request, result: data };
    render(data);
    $("csv").disabled = $("json").disabled = false;
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
    if (!response.ok) { showError((await response.json()).message); return; }
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
