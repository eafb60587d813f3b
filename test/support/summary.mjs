// Prints one plain "N passed, N failed" line from the reports `npm test` writes in .test-results/.
import { existsSync, readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
const vitest = ".test-results/vitest.json";
if (existsSync(vitest)) {
  const report = JSON.parse(readFileSync(vitest, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
}
const deno = ".test-results/deno.xml";
if (existsSync(deno)) {
  const xml = readFileSync(deno, "utf8");
  const cases = xml.match(/<testcase\b[\s\S]*?(?:\/>|<\/testcase>)/g) ?? [];
  for (const c of cases) {
    if (/<failure|<error/.test(c)) failed += 1;
    else if (!/<skipped/.test(c)) passed += 1;
  }
}
const reliability = ".test-results/reliability.json";
if (existsSync(reliability)) {
  const report = JSON.parse(readFileSync(reliability, "utf8"));
  passed += report.passed;
  failed += report.failed;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(passed > 0 && failed === 0 ? 0 : 1);
