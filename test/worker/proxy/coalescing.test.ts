// Coalescing: identical concurrent cold requests share one upstream call per page.
import { describe, expect, it } from "vitest";
import {
  cacheStatusOf,
  DAY_MS,
  daysAgo,
  directAnswer,
  harness,
  keyed,
  OAUTH1,
  OAUTH2,
  PASSTHROUGH,
  passthrough,
  quietLogs,
  reportPath,
  TODAY,
} from "./support.ts";

quietLogs();

const CONCURRENCY = 50;

describe("coalescing", () => {
  it("createApp() makes 1 upstream transactions call per page for 50 concurrent identical cold requests", async () => {
    // Pages of 20 rows: a day of about 50 transactions takes 2 to 4 pages.
    const h = harness({
      sandbox: { pageSize: 20 },
      env: { FILL_PAGE_SIZE: "20", INLINE_FILL_PAGES: "5" },
    });
    const day = daysAgo(70);
    const path = reportPath("current", OAUTH2.accountId, "transactions", day, day + DAY_MS);
    const rows = h.oracle.transactions({
      accountId: OAUTH2.accountId,
      app: "prmsg",
      from: day,
      to: day + DAY_MS,
    }).length;
    const pages = Math.ceil(rows / 20);
    expect(pages).toBeGreaterThan(1);
    const responses = await Promise.all(
      Array.from({ length: CONCURRENCY }, () => h.call(path, { headers: keyed(OAUTH2.key) })),
    );
    const bodies = await Promise.all(responses.map((r) => r.text()));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(new Set(bodies).size).toBe(1);
    // Each page once; the fill fetches three pages side by side, so at most two past the end.
    const calls = h.sandbox.counters().byOperation["transactions"] ?? 0;
    expect(calls).toBeGreaterThanOrEqual(pages);
    expect(calls).toBeLessThanOrEqual(pages + 2);
    expect(h.sandbox.counters().tokensIssued).toBe(1);
    const offsets = h.reportingCalls().map((r) => r.url.searchParams.get("offset") ?? "0");
    expect(offsets.sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: calls }, (_, i) => String(i * 20)),
    );
    // The day's ledger let each page be fetched once: by whichever request claimed it first;
    // the others waited for it and read it from R2.
    const statuses = responses.map(cacheStatusOf);
    expect(statuses.filter((s) => /fwd=miss/.test(s)).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => /fwd=miss/.test(s)).length).toBeLessThanOrEqual(pages);
    for (const status of statuses) {
      expect(status).toMatch(/^lp-reporting-edge; (fwd=miss(; stored; ttl=\d+)?|hit; ttl=\d+)$/);
    }
    // The whole day, all pages, as one page of the proxy (the proxy pages by its own default).
    const direct = await directAnswer(h.oracle, "current", `${path}&limit=1000`);
    expect(JSON.parse(bodies[0]!)["transactions"]).toEqual(
      (direct as { transactions: unknown[] }).transactions,
    );
  });

  it("createApp() makes 1 upstream analytics call for 50 concurrent identical cold requests in both header forms", async () => {
    const h = harness();
    const day = daysAgo(71);
    const path = reportPath("2.0", OAUTH1.accountId, "analytics", day, day + DAY_MS);
    const responses = await Promise.all(
      Array.from(
        { length: CONCURRENCY },
        (_, i) =>
          h.call(path, { headers: keyed(OAUTH1.key, i % 2 === 0 ? "bearer" : "x-api-key") }),
      ),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(new Set(await Promise.all(responses.map((r) => r.text()))).size).toBe(1);
    expect(h.sandbox.counters().byOperation["accountAnalytics"]).toBe(1);
    expect(responses.filter((r) => /collapsed/.test(cacheStatusOf(r))).length).toBeGreaterThan(0);
  });

  for (const operation of ["analytics", "transactions"] as const) {
    it(`createApp() coalesces 50 concurrent identical ${operation} requests for today's window too`, async () => {
      const h = harness();
      const path = reportPath("current", OAUTH2.accountId, operation, TODAY, TODAY + DAY_MS);
      const responses = await Promise.all(
        Array.from({ length: CONCURRENCY }, () => h.call(path, { headers: keyed(OAUTH2.key) })),
      );
      expect(responses.every((r) => r.status === 200)).toBe(true);
      expect(new Set(await Promise.all(responses.map((r) => r.text()))).size).toBe(1);
      // Nothing is stored for an open window, but identical concurrent misses still share a call.
      expect(h.reportingCalls().length).toBe(1);
    });
  }

  it("createApp() coalesces 50 concurrent identical analytics requests for a window that is not whole days", async () => {
    const h = harness();
    const from = daysAgo(73) + 3 * 3_600_000;
    const path = reportPath("current", OAUTH2.accountId, "analytics", from, from + DAY_MS);
    const responses = await Promise.all(
      Array.from({ length: CONCURRENCY }, () => h.call(path, { headers: keyed(OAUTH2.key) })),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(h.reportingCalls().length).toBe(1);
  });

  it("createApp() does not collapse pass-through callers with different credentials onto one flight", async () => {
    const h = harness();
    const day = daysAgo(72);
    const path = reportPath("current", PASSTHROUGH.accountId, "analytics", day, day + DAY_MS);
    const good = Array.from({ length: 10 }, () => h.call(path, { headers: passthrough() }));
    const bad = Array.from(
      { length: 10 },
      () => h.call(path, { headers: passthrough("Bearer wrong-credential") }),
    );
    const [goods, bads] = await Promise.all([Promise.all(good), Promise.all(bad)]);
    expect(goods.every((r) => r.status === 200)).toBe(true);
    expect(bads.every((r) => r.status === 401)).toBe(true);
    const calls = h.reportingCalls();
    expect(calls.filter((r) => r.status === 200).length).toBe(1);
    expect(calls.filter((r) => r.status === 401).length).toBe(1);
  });
});
