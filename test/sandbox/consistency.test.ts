import { describe, expect, it } from "vitest";
import { analyticsFromTransactions } from "../../lib/funnel/aggregate.ts";
import type { AnalyticsRow, App, Dialect } from "../../lib/model/canonical.ts";
import { createSandbox } from "../../lib/sandbox/mod.ts";
import { DAY, NOW, pullAnalytics, pullTransactions } from "./support.ts";

const withoutOptCounts = ({ optOuts: _o, optIns: _i, ...row }: AnalyticsRow) => row;
// 2.0 transaction rows carry no skippedTime (liveperson-api-notes.md §1g): compare the rest.
const withoutSkipped = ({ skipped: _s, ...row }: AnalyticsRow) => row;

describe("sandbox analytics and transactions agree", () => {
  const sandbox = createSandbox({
    now: () => NOW,
    volume: 300,
    rateLimit: Number.POSITIVE_INFINITY,
    pageSize: 250,
  });
  const today = Math.floor(NOW / DAY) * DAY;
  // Today (partly visible), days still settling, and long-closed days up to a year back.
  const days = [
    today,
    today - DAY,
    today - 3 * DAY,
    today - 17 * DAY,
    today - 200 * DAY,
    today - 360 * DAY,
  ];
  const cases: [string, App, Dialect][] = [];
  for (const tenant of sandbox.tenants) {
    for (const app of ["prmsg", "c2m"] as const) {
      for (const dialect of ["current", "2.0"] as const) {
        cases.push([tenant.accountId, app, dialect]);
      }
    }
  }

  it.each(cases)(
    "account %s app %s in the %s dialect: analytics = aggregate of all transaction pages",
    async (accountId, app, dialect) => {
      for (const from of days) {
        const to = from + DAY;
        const [rows, pulled] = await Promise.all([
          pullAnalytics(sandbox, { accountId, app, dialect, from, to }),
          pullTransactions(sandbox, { accountId, app, dialect, from, to }),
        ]);
        const expected = analyticsFromTransactions(pulled.transactions);
        expect(rows.length).toBeGreaterThan(0);
        if (dialect === "current") expect(rows).toEqual(expected.map(withoutOptCounts));
        else {
          expect(rows.map(withoutSkipped)).toEqual(expected.map(withoutSkipped));
          const truth = sandbox.analytics({ accountId, app, from, to });
          expect(rows.map((row) => row.skipped)).toEqual(truth.map((row) => row.skipped));
        }
        const attempted = rows.reduce((sum, row) => sum + row.attempted, 0);
        expect(attempted).toBe(pulled.transactions.length);
      }
    },
  );

  it("transactions on the wire round-trip to the sandbox's truth in the current dialect", async () => {
    const from = today - 2 * DAY;
    const truth = sandbox.transactions({ accountId: "20000002", app: "c2m", from, to: from + DAY });
    const pulled = await pullTransactions(sandbox, {
      accountId: "20000002",
      app: "c2m",
      dialect: "current",
      from,
      to: from + DAY,
    });
    expect(pulled.pages).toBeGreaterThan(1);
    expect(pulled.transactions).toEqual(truth);
  });

  it("analytics of a 60-day window equal the per-day analytics summed", async () => {
    const from = today - 70 * DAY;
    const to = from + 60 * DAY;
    const rows = await pullAnalytics(sandbox, {
      accountId: "10000001",
      app: "prmsg",
      dialect: "current",
      from,
      to,
    });
    expect(new Set(rows.map((row) => row.day)).size).toBe(60);
    const truth = sandbox.analytics({ accountId: "10000001", app: "prmsg", from, to }).map(
      withoutOptCounts,
    );
    expect(rows).toEqual(truth);
  });
});
