// Builds the dashboard (web/) into the Worker's static assets (dist/assets/): index.html,
// app.js and app.css, minified, with the parts of lib/ the page uses bundled in. Prints the
// first-load transfer (gzip) and fails above the 150 KB budget (issue 11). Only this script's
// own outputs are replaced: other builds write beside them in dist/assets/.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "dist", "assets");
const OUTPUTS = ["index.html", "app.js", "app.css"];
const BUDGET_BYTES = 150 * 1024;

mkdirSync(OUT, { recursive: true });
for (const name of OUTPUTS) rmSync(join(OUT, name), { force: true });

await build({
  entryPoints: { app: join(ROOT, "web", "main.ts") },
  outdir: OUT,
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2022",
  platform: "browser",
  legalComments: "none",
  logLevel: "warning",
});
await build({
  entryPoints: { app: join(ROOT, "web", "styles.css") },
  outdir: OUT,
  bundle: true,
  minify: true,
  logLevel: "warning",
});
copyFileSync(join(ROOT, "web", "index.html"), join(OUT, "index.html"));

let total = 0;
const sizes = OUTPUTS.map((name) => {
  const bytes = readFileSync(join(OUT, name));
  const gzip = gzipSync(bytes, { level: 9 }).length;
  total += gzip;
  return `${name} ${(bytes.length / 1024).toFixed(1)} KB (gzip ${(gzip / 1024).toFixed(1)} KB)`;
});
console.log(
  `build:web ${sizes.join(", ")}; first load ${(total / 1024).toFixed(1)} KB gzip ` +
    `(budget ${BUDGET_BYTES / 1024} KB)`,
);
if (total > BUDGET_BYTES) {
  console.error(`build:web: the first load exceeds the ${BUDGET_BYTES / 1024} KB gzip budget`);
  process.exitCode = 1;
}
