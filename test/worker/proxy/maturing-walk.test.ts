// One day walked from an hour after its end to 60 days after, on a fake clock shared by the
// Worker and the sandbox (whose replies arrive up to 30 days late): at every step past a tier's
// TTL, the proxy's analytics, transactions and funnel of the day equal the sandbox's answer at
// that moment, for the three demo tenants and both dialects; once matured, the keyed tenants'
// requests cost 0 upstream calls.
import { describe, expect, it } from "vitest";
import { groupRows } from "../../../lib/funnel/group-rows.ts";
import { groupTransactions } from "../../../lib/funnel/group-transactions.ts";
import { computeFunnel } from "../../../lib/funnel/funnel.ts";
import type { Dialect } from "../../../lib/model/canonical.ts";
import { formatUtcDay } from "../../../lib/windows.ts";
import {
  DAY_MS,
  daysAgo,
  directAnswer,
  harness,
  HOUR_MS,
  keyed,
  MINUTE_MS,
  OAUTH1,
  OAUTH2,
  okJson,
  PASSTHROUGH,
  passthrough,
  quietLogs,
  reportPath,
} from "./support.ts";

quietLogs();

const DAY = daysAgo(70);
const END = DAY + DAY_MS;
/**
 * Steps after the day's end, each past the TTL of the tier the previous one left the day in:
 * settling (5 min), maturing (analytics 1 h, stored transactions 3 h), then matured.
 */
const STEPS: readonly [label: string, afterEnd: number][] = [
  ["settling, +1 h", HOUR_MS],
  ["settling, past its 5 min TTL", HOUR_MS + 6 * MINUTE_MS],
  ["settling, +2 days", 2 * DAY_MS],
  ["maturing, +72 h 21 min", 72 * HOUR_MS + 21 * MINUTE_MS],
  ["maturing, past its 1 h and 3 h TTLs", 75 * HOUR_MS + 22 * MINUTE_MS],
  ["maturing, +10 days", 10 * DAY_MS],
  ["maturing, +20 days", 20 * DAY_MS],
  ["maturing, +30 days 23 h", 30 * DAY_MS + 23 * HOUR_MS],
  ["matured, +31 days 21 min", 31 * DAY_MS + 21 * MINUTE_MS],
  ["matured, +45 days", 45 * DAY_MS],
  ["matured, +60 days", 60 * DAY_MS],
];
const MATURED = 31 * DAY_MS + 20 * MINUTE_MS;
const TENANTS = [
  { accountId: OAUTH2.accountId, headers: keyed(OAUTH2.key), keyed: true },
  { accountId: OAUTH1.accountId, headers: keyed(OAUTH1.key, "x-api-key"), keyed: true },
  // A pass-through credential proves itself upstream before it reads cached data (README).
  { accountId: PASSTHROUGH.accountId, headers: passthrough(), keyed: false },
] as const;
const DIALECTS: readonly Dialect[] = ["current", "2.0"];

describe("a day walked through its tiers", () => {
  it(
    "createApp() answers what the sandbox answers at every step from +1 h to +60 days, then 0 upstream calls",
    {
      timeout: 120_000,
    },
    async () => {
      // Days of about 40 transactions stored in pages of 10: every stored day has several
      // pages, so an expired one is checked against its analytics before it is fetched again.
      const h = harness({
        start: END + HOUR_MS,
        sandbox: { volume: 40 },
        env: { FILL_PAGE_SIZE: "10", INLINE_FILL_PAGES: "8" },
      });
      const label = formatUtcDay(DAY);
      for (const [step, afterEnd] of STEPS) {
        h.clock.now = END + afterEnd;
        const matured = afterEnd >= MATURED;
        const before = h.reportingCalls().length;
        for (const tenant of TENANTS) {
          const calls = h.reportingCalls().length;
          for (const dialect of DIALECTS) {
            const paths = [
              reportPath(dialect, tenant.accountId, "analytics", DAY, END),
              reportPath(dialect, tenant.accountId, "transactions", DAY, END),
              reportPath(dialect, tenant.accountId, "transactions", DAY, END, {
                query: { limit: "7", offset: "14", skills: "sales,billing" },
              }),
              reportPath(dialect, tenant.accountId, "transactions", DAY, END, {
                query: { limit: "10", offset: "10" },
              }),
            ];
            for (const path of paths) {
              const response = await h.call(path, { headers: tenant.headers });
              expect(await okJson(response), `${step}: ${path}`).toEqual(
                await directAnswer(h.oracle, dialect, path),
              );
              if (!matured) {
                expect(response.headers.get("cache-status"), `${step}: ${path}`).toMatch(
                  afterEnd < 72 * HOUR_MS ? /detail=.*settling/ : /detail=.*maturing/,
                );
              }
            }
          }
          await expectFunnels(tenant, step, matured ? [] : [label]);
          if (matured && tenant.keyed && afterEnd > MATURED + DAY_MS) {
            expect(h.reportingCalls().length, `${step}: ${tenant.accountId}`).toBe(calls);
          }
        }
        if (!matured) expect(h.reportingCalls().length, step).toBeGreaterThan(before);
      }

      async function expectFunnels(
        tenant: (typeof TENANTS)[number],
        step: string,
        maturing: string[],
      ): Promise<void> {
        const query = { accountId: tenant.accountId, app: "prmsg" as const, from: DAY, to: END };
        const base = `/_edge/funnel/${tenant.accountId}/prmsg?from=${DAY}&to=${END - 1}`;
        const byChannel = await okJson(
          await h.call(`${base}&groupBy=channel`, { headers: tenant.headers }),
        );
        // The funnel reads the current dialect's analytics: no opt-outs or opt-ins.
        const rows = h.oracle.analytics(query).map(({ optOuts: _out, optIns: _in, ...row }) => ({
          ...row,
          accountId: tenant.accountId,
        }));
        expect(byChannel["groups"], `${step}: funnel by channel`).toEqual(
          groupRows(rows, ["channel"]).map(({ key, totals }) => ({
            key,
            totals,
            funnel: computeFunnel(totals),
          })),
        );
        expect(byChannel["maturing"]).toEqual(maturing);
        const byCampaign = await okJson(
          await h.call(`${base}&groupBy=campaign`, { headers: tenant.headers }),
        );
        const transactions = h.oracle.transactions(query).map((tx) => ({
          ...tx,
          accountId: tenant.accountId,
        }));
        expect(byCampaign["groups"], `${step}: funnel by campaign`).toEqual(
          groupTransactions(transactions, "campaign").map(({ key, totals }) => ({
            key: { campaign: key },
            totals,
            funnel: computeFunnel(totals),
          })),
        );
        expect(byCampaign["maturing"]).toEqual(maturing);
      }
    },
  );
});
