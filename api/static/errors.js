// An error of the JSON API shown in the page's language: the catalogue's text for its kind
// (handed over by the page in #error-texts), with the API's English message below it.
"use strict";
window.partnergraphError = function (box, answer, fallback) {
  const holder = document.getElementById("error-texts");
  const texts = holder ? JSON.parse(holder.textContent) : {};
  const said = (answer && texts[answer.error]) || "";
  const message = (answer && answer.message) || "";
  box.replaceChildren();
  if (!said) {
    box.textContent = message || fallback;
    return;
  }
  const first = document.createElement("span");
  first.textContent = said;
  box.appendChild(first);
  if (message) {
    const detail = document.createElement("p");
    detail.className = "detail";
    detail.lang = "en";
    detail.textContent = message;
    box.appendChild(detail);
  }
};
