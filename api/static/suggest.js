// Suggestions as you type in every search box (an input with data-suggest="<datalist id>"):
// the app's own search, a few names with their kind and country, after a short pause.
"use strict";
(function () {
  const kinds = JSON.parse(document.body.dataset.kinds || "{}");
  for (const input of document.querySelectorAll("input[data-suggest]")) {
    const list = document.getElementById(input.dataset.suggest);
    if (!list) continue;
    let timer = null;
    let asked = "";
    input.addEventListener("input", () => {
      clearTimeout(timer);
      const text = input.value.trim();
      if (text.length < 2 || text === asked) return;
      timer = setTimeout(async () => {
        asked = text;
        const response = await fetch("/api/search?limit=8&q=" + encodeURIComponent(text));
        if (!response.ok || input.value.trim() !== text) return;
        const hits = await response.json();
        list.replaceChildren(...hits.map((h) => {
          const option = document.createElement("option");
          const vi = document.documentElement.lang === "vi";
          option.value = (vi && h.name_vi) || h.name;
          option.label = [kinds[h.label] || h.label, (vi && h.country_name_vi) || h.country_name || h.country]
            .filter(Boolean).join(" · ");
          option.dataset.id = h.id;
          return option;
        }));
      }, 120);
    });
  }
})();
