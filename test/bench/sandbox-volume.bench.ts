/**
 * What the sandbox costs at enterprise volume (1,000,000 transactions per account-day):
 * counting a day, pages deep into it, and a 7-day analytics window first and again.
 * Run: `npm run bench:sandbox` (Deno). Prints one line per measure.
 */
import { createSandbox } from "../../lib/sandbox/mod.ts";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 20, 12);
const sandbox = createSandbox({ now: () => NOW, volume: 1_000_000, rateLimit: Infinity });
const tenant = sandbox.tenants[0]!;
const from = Date.UTC(2026, 10, 10);
const query = { accountId: tenant.accountId, app: "prmsg" as const, from, to: from + DAY };

function measure(name: string, run: () => unknown): void {
  const start = performance.now();
  const result = run();
  const ms = performance.now() - start;
  console.log(`${name}: ${ms.toFixed(0)} ms (${JSON.stringify(result)})`);
}

measure("transactionCount of a 1,000,000-a-day day", () => sandbox.transactionCount(query));
for (const offset of [0, 500_000, 999_000]) {
  const url = `${sandbox.baseUrl(tenant.accountId)}/api/account/${tenant.accountId}/app/prmsg/` +
    `transactions/?attemptedStartTime=${from}&attemptedEndTime=${from + DAY}` +
    `&offset=${offset}&limit=9999`;
  const start = performance.now();
  const response = await sandbox.fetch(url, {
    headers: { authorization: `Bearer ${tenant.bearer}` },
  });
  const body = await response.json() as { transactions: unknown[] };
  console.log(
    `page of 9,999 at offset ${offset}: ${(performance.now() - start).toFixed(0)} ms ` +
      `(${body.transactions.length} rows, ${JSON.stringify(sandbox.storeStats())})`,
  );
}
const week = { ...query, from: from - 7 * DAY, to: from };
const attempted = () => sandbox.analytics(week).reduce((sum, row) => sum + row.attempted, 0);
measure("7-day analytics, first (lean pass over every block)", attempted);
measure("7-day analytics, again (cached block counters)", attempted);
console.log(`store: ${JSON.stringify(sandbox.storeStats())}`);
