import { describe, expect, it } from "vitest";
import { analyticsFromTransactions } from "../../lib/funnel/aggregate.ts";
import type { AnalyticsRow, Transaction } from "../../lib/model/canonical.ts";
import { createSandbox } from "../../lib/sandbox/mod.ts";
import { bearer, DAY, NOW, pullAnalytics, reportingUrl } from "./support.ts";

const HOUR = 3_600_000;
const MINUTE = 60_000;
const ACCOUNT = "10000001";

/** The rows a zone `offsetMs` ahead of UTC labels, from the transactions (no DST in the window). */
function shiftedRows(transactions: Transaction[], offsetMs: number): AnalyticsRow[] {
  return analyticsFromTransactions(
    transactions.map((tx) => ({ ...tx, attemptedTime: (tx.attemptedTime as number) + offsetMs })),
  );
}

describe("createSandbox({ dayTimeZone }) labels analytics days in that zone", () => {
  const options = { now: () => NOW, volume: 300, rateLimit: Number.POSITIVE_INFINITY };

  it("America/New_York: a New York day is one row set, equal to its transactions regrouped", async () => {
    const sandbox = createSandbox({ ...options, dayTimeZone: "America/New_York" });
    // 2026-11-20 in New York (EST, UTC-5) is 05:00Z..05:00Z next day.
    const from = Date.UTC(2026, 10, 20, 5);
    const query = { accountId: ACCOUNT, app: "prmsg" as const, from, to: from + DAY };
    const rows = sandbox.analytics(query);
    expect(new Set(rows.map((row) => row.day))).toEqual(new Set(["2026-11-20"]));
    expect(rows).toEqual(shiftedRows(sandbox.transactions(query), -5 * HOUR));
    const wire = await pullAnalytics(sandbox, { ...query, dialect: "current" });
    expect(wire.map((row) => row.day)).toEqual(rows.map((row) => row.day));
    expect(wire.reduce((sum, row) => sum + row.attempted, 0)).toBe(
      sandbox.transactionCount(query),
    );
  });

  it("a UTC day window spans two zone days, every transaction counted once", () => {
    const sandbox = createSandbox({ ...options, dayTimeZone: "America/New_York" });
    const from = Date.UTC(2026, 10, 18);
    const query = { accountId: ACCOUNT, app: "c2m" as const, from, to: from + DAY };
    const rows = sandbox.analytics(query);
    expect([...new Set(rows.map((row) => row.day))]).toEqual(["2026-11-17", "2026-11-18"]);
    expect(rows).toEqual(shiftedRows(sandbox.transactions(query), -5 * HOUR));
  });

  it("Asia/Kathmandu (UTC+5:45): settled and recent days, cut mid-block, equal the transactions", () => {
    const sandbox = createSandbox({ ...options, dayTimeZone: "Asia/Kathmandu" });
    for (const from of [NOW - 50 * DAY - 7 * MINUTE, NOW - 2 * DAY + 11 * MINUTE]) {
      const query = { accountId: "20000002", app: "prmsg" as const, from, to: from + 3 * DAY };
      expect(sandbox.analytics(query)).toEqual(
        shiftedRows(sandbox.transactions(query), 5 * HOUR + 45 * MINUTE),
      );
    }
  });

  it("the day New York leaves daylight saving time has 25 hours of transactions", () => {
    const sandbox = createSandbox({ ...options, dayTimeZone: "America/New_York" });
    // 2026-11-01 in New York: 04:00Z (EDT) to 05:00Z next day (EST).
    const from = Date.UTC(2026, 10, 1, 4);
    const to = Date.UTC(2026, 10, 2, 5);
    const query = { accountId: ACCOUNT, app: "prmsg" as const, from: from - DAY, to: to + DAY };
    const day = sandbox.analytics(query).filter((row) => row.day === "2026-11-01");
    expect(day.reduce((sum, row) => sum + row.attempted, 0)).toBe(
      sandbox.transactionCount({ ...query, from, to }),
    );
  });

  it("labels the current transactionday and the 2.0 date of campaign analytics in the zone", async () => {
    const sandbox = createSandbox({ ...options, dayTimeZone: "Pacific/Kiritimati" });
    const url = reportingUrl(sandbox, ACCOUNT, "2.0", "app/prmsg/campaigns/202611101/analytics/");
    const response = await sandbox.fetch(url, { headers: bearer(sandbox, ACCOUNT) });
    const body = await response.json() as { analytics: { date: string }[] };
    // UTC+14: the afternoon of a UTC day is the next day there.
    expect(new Set(body.analytics.map((row) => row.date))).toEqual(
      new Set(["2026-11-10", "2026-11-11"]),
    );
  });

  it("rejects an unknown zone with a RangeError", () => {
    expect(() => createSandbox({ dayTimeZone: "Mars/Olympus" })).toThrow(RangeError);
  });
});
