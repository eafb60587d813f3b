// npm run bench:cli — a 30-day transactions export through the built CLI
// (`lp-reporting transactions --sandbox --format csv --output FILE`) against the library's own
// pull of the same range (`for await` over `client.transactions()`), each in a fresh Node
// process on the same embedded sandbox (10 requests/s per account and API). Runs alternate;
// the ratio is of the medians. Needs `npm run build` first.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DAY = 86_400_000;
const today = Math.floor(Date.now() / DAY) * DAY;
const FROM = today - 31 * DAY;
const TO = today - DAY;
const RUNS = 3;
const dir = mkdtempSync(join(tmpdir(), "lp-bench-cli-"));

const LIBRARY = `
import { ReportingClient } from ${JSON.stringify(join(ROOT, "dist/lib/mod.js"))};
import { createSandbox } from ${JSON.stringify(join(ROOT, "dist/lib/sandbox/mod.js"))};
const sandbox = createSandbox();
const tenant = sandbox.tenants[0];
const client = new ReportingClient({
  accountId: tenant.accountId, app: "prmsg", auth: { kind: "oauth2", ...tenant.oauth2 },
  fetch: sandbox.fetch,
});
let rows = 0;
for await (const _ of client.transactions({ from: ${FROM}, to: ${TO} })) rows++;
console.log(rows);
`;

function timed(args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn("node", args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`${args.join(" ")} exited ${code}`));
      else resolve({ ms: performance.now() - started, stdout });
    });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const library = [];
const cli = [];
let rows = 0;
let bytes = 0;
try {
  for (let run = 0; run < RUNS; run++) {
    const lib = await timed(["--input-type=module", "-e", LIBRARY]);
    rows = Number(lib.stdout.trim());
    library.push(lib.ms);
    const output = join(dir, "month.csv");
    const exported = await timed([
      join(ROOT, "dist/cli/main.js"),
      "transactions",
      "--sandbox",
      "--quiet",
      "--from",
      String(FROM),
      "--to",
      String(TO),
      "--format",
      "csv",
      "--output",
      output,
    ]);
    cli.push(exported.ms);
    bytes = statSync(output).size;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const lib = median(library);
const exp = median(cli);
console.log(
  `30-day transactions, ${rows.toLocaleString("en-US")} rows, CSV ${
    (bytes / 1e6).toFixed(1)
  } MB; ${RUNS} alternating runs each, ${cpus().length} CPUs, Node ${process.versions.node}`,
);
console.log(
  `library pull (fresh process): ${(lib / 1000).toFixed(2)} s (runs: ${
    library.map((ms) => (ms / 1000).toFixed(2)).join(", ")
  })`,
);
console.log(
  `CLI export to CSV:            ${(exp / 1000).toFixed(2)} s (runs: ${
    cli.map((ms) => (ms / 1000).toFixed(2)).join(", ")
  })`,
);
console.log(`ratio CLI / library: ${(exp / lib).toFixed(3)} (goal <= 1.05)`);
