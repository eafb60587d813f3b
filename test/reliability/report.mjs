// npm run test:reliability — runs every reliability suite, gathers their RELIABILITY lines and writes RELIABILITY.md.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";

const MACHINE = "2 vCPU AMD EPYC, 24 GiB, Node 20.20, workerd 2026-04-26";
const RUNS = [
  // One project at a time: on two cores, running them together makes every timing noisier.
  ["npx", ["vitest", "run", "--project", "reliability-workerd"]],
  ["npx", ["vitest", "run", "--project", "reliability-node"]],
  ["node", ["test/reliability/server/load.mjs"]],
  ["node", ["test/reliability/server/restart.mjs"]],
];

const results = [];
let failed = false;
for (const [command, args] of RUNS) {
  console.log(`$ ${command} ${args.join(" ")}`);
  const run = spawnSync(command, args, {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: process.env,
  });
  const output = `${run.stdout}\n${run.stderr}`;
  for (const line of output.split("\n")) {
    const at = line.indexOf("RELIABILITY {");
    if (at >= 0) results.push(JSON.parse(line.slice(at + "RELIABILITY ".length)));
  }
  if (run.status !== 0) {
    failed = true;
    console.log(output.split("\n").slice(-40).join("\n"));
  }
}

/** Faults proved by the workerd tests of `npm test`, kept below the runs' table. */
const STORAGE_FAULTS = `
## Faults checked by \`npm test\`

Faults of the proxy's own storage, proved by workerd tests that run in every \`npm test\` (not
written by the reliability runs above).

| fault | what the proxy does | test |
| --- | --- | --- |
| A stored day's refresh fails: its analytics differ from its stored totals, one page of the new generation is fetched inline, then the background fill fails (upstream 500) | The previous complete generation answers, whole, while it is kept (24 h past its freshness), labelled \`Cache-Status: lp-reporting-edge; fwd=stale; detail=refreshing/<tier>/age:<s>\` (or \`detail=upstream-500/…\`); never pages of two generations in one answer; once the fill completes, the new generation answers | \`test/worker/store/day-check.test.ts\` ("a refresh that fails …") |
`;

const rows = results.map((r) =>
  `| ${r.test} | ${r.cases.toLocaleString("en")} | ${r.failures} | ${r.lost} | ${
    r.notes ?? ""
  } | ${MACHINE} |`
);
writeFileSync(
  "RELIABILITY.md",
  [
    "# Reliability",
    "",
    "Written by `npm run test:reliability` (test/reliability/report.mjs) from the runs it just made; every run also",
    "asserts its own goals. Figures are counts, not timings, except the load run's latencies.",
    "",
    "| test | cases tried | failures | data lost or corrupted | notes | machine |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
    STORAGE_FAULTS,
  ].join("\n"),
);
spawnSync("npx", ["deno", "fmt", "--quiet", "RELIABILITY.md"], { stdio: "inherit" });
console.log(rows.join("\n"));
const bad = results.filter((r) => r.failures > 0 || r.lost > 0);
// For .ci/run's one-line summary: each result is one check; a run that failed without a result is one more.
mkdirSync(".test-results", { recursive: true });
writeFileSync(
  ".test-results/reliability.json",
  JSON.stringify({
    passed: results.length - bad.length,
    failed: bad.length + (failed && bad.length === 0 ? 1 : 0),
  }),
);
if (failed || bad.length > 0 || results.length === 0) {
  console.error(`reliability: ${bad.length} result(s) with failures; runs failed: ${failed}`);
  process.exit(1);
}
