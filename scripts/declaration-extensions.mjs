// Rewrites relative `.ts` specifiers in emitted declaration files to `.js`.
// tsc's rewriteRelativeImportExtensions rewrites the JavaScript only; a `.d.ts` that imports
// "./x.ts" resolves in tsc but not in Deno, while "./x.js" resolves to "./x.d.ts" in both.
// Usage: node scripts/declaration-extensions.mjs <folder>...
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";

const SPECIFIER = /((?:from|import)\s*\(?\s*["'])(\.{1,2}\/[^"']+)\.ts(["'])/g;

function rewrite(folder) {
  let count = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) count += rewrite(path);
    else if (entry.name.endsWith(".d.ts")) {
      const text = readFileSync(path, "utf8");
      const fixed = text.replace(SPECIFIER, "$1$2.js$3");
      if (fixed !== text) {
        writeFileSync(path, fixed);
        count++;
      }
    }
  }
  return count;
}

for (const folder of process.argv.slice(2)) rewrite(folder);
