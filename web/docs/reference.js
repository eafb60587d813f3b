// The API reference at /_edge/docs: Swagger UI over the proxy's own openapi.json. Everything
// it loads comes from this origin: no validator badge (validatorUrl: null), no CDN, and
// "Try it out" calls this proxy (the document's server is "/").
globalThis.ui = globalThis.SwaggerUIBundle({
  url: "/_edge/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  validatorUrl: null,
  persistAuthorization: false,
  displayRequestDuration: true,
  presets: [globalThis.SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
});
