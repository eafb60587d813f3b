// Stored days at volume: serve-through, paging identity while a day becomes stored, the
// background fill (exactly once, resumable), rollups, and days that are not whole.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { analyticsFromTransactions } from "../../../lib/funnel/aggregate.ts";
import { groupTransactions } from "../../../lib/funnel/group-transactions.ts";
import { groupRollups, isRollup, type Rollup } from "../../../lib/funnel/rollup.ts";
import { funnelTotals } from "../../../lib/funnel/aggregate.ts";
import { parseTransactionsPage } from "../../../lib/model/wire-to-responses.ts";
import type { Transaction } from "../../../lib/model/canonical.ts";
import type { DayLedger } from "../../../worker/store/day-ledger.ts";
import { dayName } from "../../../worker/store/day-ref.ts";
import {
  cacheStatusOf,
  DAY_MS,
  daysAgo,
  directAnswer,
  type Harness,
  harness,
  keyed,
  OAUTH2,
  okJson,
  quietLogs,
  reportPath,
} from "../proxy/support.ts";

quietLogs();

const headers = keyed(OAUTH2.key);
/** About 1,500 transactions a day in pages of 100: about 15 pages, 1 fetched inline. */
function bigDays(): Harness {
  return harness({
    sandbox: { volume: 1500 },
    env: { FILL_PAGE_SIZE: "100", INLINE_FILL_PAGES: "1" },
  });
}

function truth(h: Harness, day: number): Transaction[] {
  return h.oracle.transactions({
    accountId: OAUTH2.accountId,
    app: "prmsg",
    from: day,
    to: day + DAY_MS,
  });
}

async function storedRollup(h: Harness): Promise<unknown> {
  const { objects } = await h.env.STORE.list({ prefix: h.env.STORE_PREFIX ?? "" });
  const key = objects.find((o) => o.key.endsWith("/rollup.json"))?.key;
  return key === undefined ? null : await (await h.env.STORE.get(key))!.json();
}

function pagePath(
  day: number,
  offset: number,
  limit = 100,
  query: Record<string, string> = {},
): string {
  return reportPath("current", OAUTH2.accountId, "transactions", day, day + DAY_MS, {
    query: { offset: String(offset), limit: String(limit), ...query },
  });
}

describe("stored days", { timeout: 30_000 }, () => {
  it("transactionsPage() answers one page of a day not yet stored with one upstream call and enqueues one fill", async () => {
    const h = bigDays();
    const day = daysAgo(10);
    expect(truth(h, day).length).toBeGreaterThan(1000);
    const responses = await Promise.all(
      [0, 1, 2].map(() => h.call(pagePath(day, 300), { headers })),
    );
    for (const response of responses) {
      expect(await okJson(response)).toEqual(
        await directAnswer(h.oracle, "current", pagePath(day, 300)),
      );
    }
    expect(h.reportingCalls().length).toBe(1);
    expect(h.fills).toEqual([{
      tenant: "demo-oauth2",
      accountId: OAUTH2.accountId,
      app: "prmsg",
      dialect: "current",
      day,
    }]);
  });

  it("transactionsPage() relays a filtered query of a day not yet stored as one upstream call", async () => {
    const h = bigDays();
    const day = daysAgo(11);
    const path = pagePath(day, 0, 50, { channels: "sms" });
    const response = await h.call(path, { headers });
    expect(await okJson(response)).toEqual(await directAnswer(h.oracle, "current", path));
    expect(cacheStatusOf(response)).toBe("lp-reporting-edge; fwd=miss; detail=filling/maturing");
    // One page fetched inline for the day's fill, one relayed for the answer.
    expect(h.reportingCalls().length).toBe(2);
    expect(h.fills.length).toBe(1);
  });

  it("a day of exactly INLINE_FILL_PAGES pages is stored by its first request: one call per page, none relayed", async () => {
    const day = daysAgo(14);
    const pages = Math.ceil(truth(bigDays(), day).length / 100);
    const h = harness({
      sandbox: { volume: 1500 },
      env: { FILL_PAGE_SIZE: "100", INLINE_FILL_PAGES: String(pages) },
      // As in workerd, where a fetched page is recorded after the response (waitUntil).
      executionContext: true,
    });
    const path = pagePath(day, 0, 50, { channels: "sms" });
    const response = await h.call(path, { headers });
    expect(await okJson(response)).toEqual(await directAnswer(h.oracle, "current", path));
    expect(cacheStatusOf(response)).toMatch(/; stored/);
    expect(h.reportingCalls().length).toBe(pages);
    expect(h.fills).toEqual([]);
    await h.settled();
  });

  it("a client paging through a day gets every transaction once while the day becomes stored halfway", async () => {
    const h = bigDays();
    const day = daysAgo(12);
    const ids: string[] = [];
    let offset = 0;
    for (let page = 0; offset !== -1; page++) {
      const response = await h.call(pagePath(day, offset, 70), { headers });
      const body = parseTransactionsPage(await okJson(response), "current");
      ids.push(...body.transactions.map((tx) => tx.transactionId));
      offset = body.page.nextOffset ?? -1;
      if (page === 5) expect(await h.drainFills()).toBeGreaterThan(0);
      if (page > 5) expect(cacheStatusOf(response)).toMatch(/hit/);
    }
    expect(ids).toEqual(truth(h, day).map((tx) => tx.transactionId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("the background fill stores the day once; then every page and filter costs 0 upstream calls", async () => {
    const h = bigDays();
    const day = daysAgo(13);
    const all = truth(h, day);
    await h.call(pagePath(day, 0), { headers });
    await h.call(pagePath(day, 200, 30), { headers });
    expect(h.fills.length).toBe(1);
    await h.drainFills();
    const offsets = h.reportingCalls()
      .filter((r) => r.url.searchParams.get("limit") === "100")
      .map((r) => r.url.searchParams.get("offset") ?? "0");
    // Each page of the day fetched exactly once, the first one by the first request (the fill
    // fetches three pages side by side: at most two past the end).
    const pages = Math.ceil(all.length / 100);
    expect(offsets.length).toBeGreaterThanOrEqual(pages);
    expect(offsets.length).toBeLessThanOrEqual(pages + 2);
    expect(new Set(offsets).size).toBe(offsets.length);
    const before = h.reportingCalls().length;
    const queries = [
      pagePath(day, 0, 1000),
      pagePath(day, 500, 250),
      pagePath(day, 0, 9999, { channels: "sms,wa" }),
      pagePath(day, 10, 20, { skills: "billing", messagestatus: "delivered" }),
      reportPath(
        "current",
        OAUTH2.accountId,
        "transactions",
        day + 3 * 3_600_000,
        day + 5 * 3_600_000,
      ),
    ];
    for (const path of queries) {
      const response = await h.call(path, { headers });
      expect(await okJson(response), path).toEqual(await directAnswer(h.oracle, "current", path));
      expect(cacheStatusOf(response), path).toMatch(/^lp-reporting-edge; hit/);
    }
    expect(h.reportingCalls().length).toBe(before);
  });

  it("the background fill of a long day fetches pages side by side, and none past the day's end", async () => {
    const h = harness({
      sandbox: { volume: 4000, faults: { latencyMs: 20 } },
      env: { FILL_PAGE_SIZE: "100", INLINE_FILL_PAGES: "1" },
    });
    const day = daysAgo(22);
    const pages = Math.ceil(truth(h, day).length / 100);
    expect(pages).toBeGreaterThan(30);
    await h.call(pagePath(day, 0), { headers });
    await h.drainFills();
    const calls = h.reportingCalls().filter((r) => r.url.searchParams.get("limit") === "100");
    const offsets = calls.map((r) => r.url.searchParams.get("offset") ?? "0");
    expect(offsets.length).toBe(pages);
    expect(new Set(offsets).size).toBe(pages);
    expect(Math.max(...calls.map((r) => r.inFlight))).toBeGreaterThanOrEqual(1);
  });

  it("a fill interrupted by upstream failures resumes where it stopped: no page fetched twice", async () => {
    const h = bigDays();
    const day = daysAgo(14);
    for (const offset of [0, 100, 200, 300]) await h.call(pagePath(day, offset), { headers });
    h.sandbox.setFaults({ errorRate: 1 });
    // The queue redelivers a failed message: two deliveries fail, the pages stored stay stored.
    expect(await h.drainFills(2)).toBe(2);
    h.sandbox.setFaults(undefined);
    await h.drainFills();
    expect(h.fills).toEqual([]);
    const ok = h.upstream.filter((r) =>
      r.status === 200 && r.url.searchParams.get("limit") === "100"
    );
    const offsets = ok.map((r) => r.url.searchParams.get("offset") ?? "0");
    const pages = Math.ceil(truth(h, day).length / 100);
    expect(offsets.length).toBeGreaterThanOrEqual(pages);
    expect(offsets.length).toBeLessThanOrEqual(pages + 2);
    expect(new Set(offsets).size).toBe(offsets.length);
    const path = pagePath(day, 0, 9999);
    const before = h.reportingCalls().length;
    expect(await okJson(await h.call(path, { headers }))).toEqual(
      await directAnswer(h.oracle, "current", path),
    );
    expect(h.reportingCalls().length).toBe(before);
  });

  it("a day missing a page is not a stored day: the query is relayed and the page fetched again", async () => {
    const h = bigDays();
    const day = daysAgo(15);
    await h.call(pagePath(day, 0), { headers });
    await h.drainFills();
    const { objects } = await h.env.STORE.list({ prefix: h.env.STORE_PREFIX ?? "" });
    const page = objects.find((o) => o.key.endsWith("/p300.json"))!;
    await h.env.STORE.put(page.key, '{"truncated');
    const path = pagePath(day, 0, 9999, { channels: "sms" });
    const before = h.reportingCalls().length;
    const response = await h.call(path, { headers });
    expect(await okJson(response)).toEqual(await directAnswer(h.oracle, "current", path));
    expect(cacheStatusOf(response)).not.toMatch(/hit/);
    expect(h.reportingCalls().length).toBeGreaterThan(before);
  });

  it("rollups equal the day's transactions and its analytics", async () => {
    const h = bigDays();
    const day = daysAgo(16);
    await h.call(pagePath(day, 0), { headers });
    await h.drainFills();
    const rollup = await storedRollup(h);
    expect(isRollup(rollup)).toBe(true);
    const all = truth(h, day);
    for (const dimension of ["channel", "skill", "campaign", "handoff", "ivrNumber"] as const) {
      expect(groupRollups([rollup as Rollup], dimension)).toEqual(
        groupTransactions(all, dimension),
      );
    }
    const analytics = h.oracle.analytics({
      accountId: OAUTH2.accountId,
      app: "prmsg",
      from: day,
      to: day + DAY_MS,
    });
    expect(analytics).toEqual(analyticsFromTransactions(all));
    const byChannel = groupRollups([rollup as Rollup], "channel");
    for (const { key: channel, totals } of byChannel) {
      const rows = analytics.filter((row) => row.channel === channel);
      expect(totals.attempted).toBe(funnelTotals(rows).attempted);
      expect(totals.delivered).toBe(funnelTotals(rows).delivered);
    }
  });

  it("a day rolled up again from pages with and without partials counts each page once", async () => {
    const h = bigDays();
    const day = daysAgo(21);
    await h.call(pagePath(day, 0), { headers });
    await h.drainFills();
    const ledger = h.env.DAYS.get(h.env.DAYS.idFromName(dayName(h.env.STORE_PREFIX ?? "", {
      accountId: OAUTH2.accountId,
      app: "prmsg",
      dialect: "current",
      day,
    })));
    const { complete } = await ledger.state();
    expect(complete?.pages).toBeGreaterThan(4);
    // Every other page as if stored before partials: those are read back from R2.
    const removed = await runInDurableObject(ledger, (_instance: DayLedger, state) => {
      const keys = [...state.storage.kv.list({ prefix: "r:" })].map(([key]) => key);
      const odd = keys.filter((_, i) => i % 2 === 1);
      for (const key of odd) state.storage.kv.delete(key);
      return odd.length;
    });
    expect(removed).toBeGreaterThan(1);
    const { objects } = await h.env.STORE.list({ prefix: h.env.STORE_PREFIX ?? "" });
    await h.env.STORE.delete(objects.find((o) => o.key.endsWith("/rollup.json"))!.key);
    await ledger.reopen(complete!.generation);
    const before = h.reportingCalls().length;
    const path = pagePath(day, 0, 9999, { channels: "sms" });
    expect(await okJson(await h.call(path, { headers }))).toEqual(
      await directAnswer(h.oracle, "current", path),
    );
    await h.drainFills();
    // Rolled up again from what is stored: no page fetched again.
    expect(h.reportingCalls().length).toBe(before);
    const rollup = await storedRollup(h);
    expect(isRollup(rollup)).toBe(true);
    const all = truth(h, day);
    expect((rollup as Rollup).transactions).toBe(all.length);
    for (const dimension of ["channel", "skill", "campaign"] as const) {
      expect(groupRollups([rollup as Rollup], dimension)).toEqual(
        groupTransactions(all, dimension),
      );
    }
  });

  it("/_edge/funnel by campaign answers 202 with progress while days fill, then from rollups with 0 upstream calls", async () => {
    const h = bigDays();
    const from = daysAgo(20);
    const to = daysAgo(17);
    const path = `/_edge/funnel/${OAUTH2.accountId}/prmsg?from=${from}&to=${
      to - 1
    }&groupBy=campaign`;
    const pending = await h.call(path, { headers });
    expect(pending.status).toBe(202);
    expect(pending.headers.get("retry-after")).toBe("5");
    expect(await pending.json()).toMatchObject({ status: "filling", daysTotal: 3, daysStored: 0 });
    expect(h.fills.length).toBe(3);
    await h.drainFills();
    const before = h.reportingCalls().length;
    const body = await okJson(await h.call(path, { headers }));
    expect(h.reportingCalls().length).toBe(before);
    const all = [0, 1, 2].flatMap((i) => truth(h, from + i * DAY_MS));
    const groups = body["groups"] as { key: { campaign: string | null }; totals: unknown }[];
    expect(groups.map((g) => ({ key: g.key.campaign, totals: g.totals }))).toEqual(
      groupTransactions(all, "campaign"),
    );
  });
});
