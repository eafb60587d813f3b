// Builds the API reference (/_edge/docs) into the Worker's static assets: Swagger UI's bundle
// and stylesheet from swagger-ui-dist, the page and its start script from web/docs/, and the
// committed openapi.json, all under dist/assets/_edge/docs/. Only this folder is replaced:
// other builds write beside it.
import { copyFileSync, mkdirSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "dist", "assets", "_edge", "docs");
const SWAGGER = join(ROOT, "node_modules", "swagger-ui-dist");
const FILES = [
  [join(SWAGGER, "swagger-ui-bundle.js"), "swagger-ui-bundle.js"],
  [join(SWAGGER, "swagger-ui.css"), "swagger-ui.css"],
  [join(ROOT, "web", "docs", "reference.html"), "reference.html"],
  [join(ROOT, "web", "docs", "reference.js"), "reference.js"],
  // Served at /_edge/openapi.json by the Worker, which does not bundle it.
  [join(ROOT, "openapi.json"), "openapi.json"],
];

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
let bytes = 0;
for (const [from, name] of FILES) {
  copyFileSync(from, join(OUT, name));
  bytes += statSync(join(OUT, name)).size;
}
console.log(
  `build:docs ${FILES.length} files, ${(bytes / 1024).toFixed(0)} KB in dist/assets/_edge/docs`,
);
