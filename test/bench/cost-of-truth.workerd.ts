// npm run bench:truth — the cost of truth: upstream calls a day to keep 30 maturing days fresh
// for a dashboard that polls `/_edge/funnel` by campaign (stored rollups) every hour, against
// re-fetching every day's pages every hour. Runs the Worker in workerd on a fake clock shared
// with the embedded sandbox (replies up to 30 days late, the default).
//
// Scale: the sandbox serves 2,000 transactions a day in fill pages of 1,000 (30 days of 100,000
// would take hours to generate here), so a day is 2 pages and a re-fetch of it starts with
// exactly one call without an offset: the run counts analytics calls and re-fetched days. A day
// of 100,000 in pages of 1,000 is 100 pages, so the figure for such an account is
// `analytics calls + re-fetched days × 100`. At 2,000 a day a maturing day changes less often
// than at 100,000 (where some reply arrives in every 3 hours of every maturing day), so the run
// also gives the bound where every check finds a change: 8 re-fetches a day of each day.
import { describe, expect, it } from "vitest";
import {
  DAY_MS,
  harness,
  HOUR_MS,
  keyed,
  MINUTE_MS,
  OAUTH2,
  quietLogs,
} from "../worker/proxy/support.ts";

quietLogs();

const MATURING_DAYS = 30;
const PAGES_PER_DAY = 100; // 100,000 transactions in pages of 1,000
const DAILY_BUDGET = 10 * 86_400; // LP: 10 requests/s (liveperson-api-notes.md §4)
const headers = keyed(OAUTH2.key);

interface Counted {
  analytics: number;
  refetchedDays: number;
  pages: number;
}

async function run(): Promise<Counted> {
  const midnight = Date.UTC(2026, 9, 15);
  // The range: the 30 days whose ends are 3 days 21 min to 33 days 21 min before the first poll
  // (the maturing tier spans 28 days: about 2 of them are matured; the bound counts all 30).
  const from = midnight - (MATURING_DAYS + 3) * DAY_MS;
  const to = midnight - 3 * DAY_MS;
  const h = harness({
    start: midnight + 21 * MINUTE_MS,
    sandbox: { volume: 2_000 },
    env: { FILL_PAGE_SIZE: "1000" },
  });
  const path = `/_edge/funnel/${OAUTH2.accountId}/prmsg?from=${from}&to=${to - 1}&groupBy=campaign`;
  const poll = async (): Promise<void> => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const response = await h.call(path, { headers });
      await response.text();
      if (response.status === 200) return;
      expect(response.status).toBe(202);
      await h.drainFills();
    }
    throw new Error("The funnel did not complete");
  };
  await poll(); // warm-up: the days are stored once (not counted)
  const start = h.reportingCalls().length;
  for (let hour = 1; hour <= 24; hour++) {
    h.clock.now += HOUR_MS;
    await poll();
    await h.drainFills();
  }
  const calls = h.reportingCalls().slice(start);
  const analytics = calls.filter((r) => r.url.pathname.endsWith("/analytics/")).length;
  const transactions = calls.filter((r) => r.url.pathname.endsWith("/transactions/"));
  const refetchedDays = transactions.filter((r) => !r.url.searchParams.has("offset")).length;
  return { analytics, refetchedDays, pages: transactions.length };
}

function percent(calls: number): string {
  return `${(100 * calls / DAILY_BUDGET).toFixed(2)} %`;
}

describe("cost of truth", () => {
  it("keeps 30 maturing days fresh for an hourly dashboard within 5 % of the rate budget", {
    timeout: 1_200_000,
  }, async () => {
    const baseline = MATURING_DAYS * PAGES_PER_DAY * 24;
    const counted = await run();
    const scaled = counted.analytics + counted.refetchedDays * PAGES_PER_DAY;
    // MATURING_TX_TTL_SECONDS (3 h): at most 8 checks a day of each day.
    const bound = counted.analytics + MATURING_DAYS * 8 * PAGES_PER_DAY;
    console.info([
      `re-fetching all ${MATURING_DAYS} days every hour: ${baseline} calls/day (${
        percent(baseline)
      })`,
      `counted over 24 hourly polls: ${counted.analytics} analytics calls, ${counted.refetchedDays} ` +
      `days re-fetched (${counted.pages} pages of 1,000)`,
      `at 100,000 a day: ${scaled} calls/day (${percent(scaled)}), ${
        (scaled / baseline).toFixed(3)
      } of the baseline`,
      `every check a change: ${bound} calls/day (${percent(bound)}), ${
        (bound / baseline).toFixed(3)
      } of the baseline`,
    ].join("\n"));
    expect(counted.analytics).toBeGreaterThan(0);
    expect(bound).toBeLessThanOrEqual(0.05 * DAILY_BUDGET);
  });
});
