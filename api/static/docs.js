// Swagger UI over the app's own OpenAPI schema, with files the app serves (no CDN, no inline
// script, no validator badge fetched from outside).
"use strict";
(function () {
  const root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.openapi,
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    validatorUrl: null,
    onComplete: () => document.body.setAttribute("data-ready", ""),
  });
})();
