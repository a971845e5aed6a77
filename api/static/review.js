// The review page: each decision is a POST to /api/review/{id}/..., with the key from the box.
"use strict";
(function () {
  const keyBox = document.getElementById("review-key");
  const statusLine = document.getElementById("review-status");
  if (!keyBox) return;
  // the page's texts in its language, from the page (the web catalogue)
  const messages = JSON.parse(document.getElementById("review-messages").textContent);
  keyBox.value = sessionStorage.getItem("partnergraph-key") || "";
  keyBox.addEventListener("change", () => sessionStorage.setItem("partnergraph-key", keyBox.value));

  async function decide(row, action, body) {
    const outcome = row.querySelector(".outcome");
    outcome.textContent = "…";
    const response = await fetch("/api/review/" + encodeURIComponent(row.dataset.id) + "/" + action, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-API-Key": keyBox.value },
      body: JSON.stringify(body || {}),
    });
    const answer = await response.json().catch(() => ({ message: response.statusText }));
    if (!response.ok) {
      window.partnergraphError(outcome, answer, messages.failed);
      outcome.classList.add("error");
      return;
    }
    outcome.classList.remove("error");
    const made = answer.created || answer.into;
    const status = messages.statuses[answer.status] || answer.status;
    outcome.textContent = status + (made ? " → " + made : "");
    if (made) {
      const link = document.createElement("a");
      link.href = "/entities/" + encodeURIComponent(made);
      link.textContent = " " + messages.open;
      outcome.appendChild(link);
    }
    row.classList.add("decided");
    row.querySelectorAll("button, input, select").forEach((el) => { el.disabled = true; });
    statusLine.textContent = messages.saved.split("{wording}").join(row.querySelector(".wording").textContent)
      .split("{status}").join(status);
  }

  document.querySelectorAll("tr[data-id]").forEach((row) => {
    const value = (cls) => { const el = row.querySelector(cls); return el ? el.value.trim() : ""; };
    const on = (cls, fn) => { const el = row.querySelector(cls); if (el) el.addEventListener("click", fn); };
    on(".accept", () => {
      const body = { label: value(".label") || null, name: value(".name") || null };
      if (row.querySelector(".direction")) { // a proposed engagement: its date, direction, roles
        body.date = value(".date");
        body.direction = value(".direction");
        body.roles = {};
        row.querySelectorAll("select.role").forEach((el) => { body.roles[el.dataset.party] = el.value; });
      } else {
        body.country = value(".country") || null;
      }
      decide(row, "accept", body);
    });
    on(".merge", () => decide(row, "merge", { into: value(".into") }));
    on(".reject", () => decide(row, "reject"));
  });
})();
