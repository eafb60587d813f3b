// Maturing stored days: extended when their analytics are unchanged, re-fetched as a new
// generation when they changed, and served whole (old or new, never a mix) while that runs.
import { describe, expect, it } from "vitest";
import {
  cacheStatusOf,
  DAY_MS,
  daysAgo,
  directAnswer,
  type Harness,
  harness,
  HOUR_MS,
  keyed,
  MINUTE_MS,
  OAUTH2,
  okJson,
  quietLogs,
  reportPath,
} from "../proxy/support.ts";

quietLogs();

const headers = keyed(OAUTH2.key);

function pagePath(day: number, query: Record<string, string> = {}): string {
  return reportPath("current", OAUTH2.accountId, "transactions", day, day + DAY_MS, {
    query: { limit: "40", ...query },
  });
}

function callsOf(h: Harness, operation: "analytics" | "transactions"): number {
  return h.reportingCalls().filter((r) => r.url.pathname.endsWith(`/${operation}/`)).length;
}

async function coverageOf(h: Harness, day: number): Promise<Record<string, unknown>> {
  const body = await okJson(
    await h.call(`/_edge/coverage/${OAUTH2.accountId}/prmsg?from=${day}&to=${day + DAY_MS}`, {
      headers,
    }),
  );
  return (body["days"] as Record<string, unknown>[])[0]!;
}

describe("maturing stored days", { timeout: 60_000 }, () => {
  it("revalidated() extends a maturing day whose analytics are unchanged: 1 analytics call, 0 pages", async () => {
    const day = daysAgo(20);
    // Replies within 2 days upstream: nothing changes after the fourth day, but the proxy
    // cannot know that and treats the day as maturing for 31 days.
    const h = harness({
      start: day + 5 * DAY_MS,
      sandbox: { replyLookbackDays: 2, volume: 1500 },
      env: { FILL_PAGE_SIZE: "100" },
    });
    await okJson(await h.call(pagePath(day), { headers }));
    await h.drainFills();
    const first = await okJson(await h.call(pagePath(day), { headers }));
    expect(first).toEqual(await directAnswer(h.oracle, "current", pagePath(day)));
    expect(await coverageOf(h, day)).toMatchObject({ state: "closed", maturing: true });
    const pages = callsOf(h, "transactions");

    h.clock.now += 3 * HOUR_MS + MINUTE_MS; // past MATURING_TX_TTL_SECONDS
    const again = await h.call(pagePath(day, { skills: "sales" }), { headers });
    expect(await okJson(again)).toEqual(
      await directAnswer(h.oracle, "current", pagePath(day, { skills: "sales" })),
    );
    expect(cacheStatusOf(again)).toMatch(
      /^lp-reporting-edge; hit; ttl=\d+; detail=maturing\/age:\d+$/,
    );
    expect(callsOf(h, "transactions")).toBe(pages);
    expect(callsOf(h, "analytics")).toBe(1);
    // The one analytics call covered the days around it: checking another day costs none.
    const other = day - 3 * DAY_MS;
    await okJson(await h.call(pagePath(other), { headers }));
    await h.drainFills();
    h.clock.now += 3 * HOUR_MS + MINUTE_MS;
    const before = h.reportingCalls().length;
    await okJson(await h.call(pagePath(other, { skills: "billing" }), { headers }));
    await okJson(await h.call(pagePath(day, { skills: "billing" }), { headers }));
    expect(h.reportingCalls().length - before).toBe(1);
  });

  it("revalidated() lets a changed maturing day be fetched again, and the answer is the upstream's", async () => {
    const day = daysAgo(20);
    const h = harness({ start: day + 5 * DAY_MS, sandbox: { volume: 2000 } });
    const path = pagePath(day, { limit: "9999" });
    const early = await okJson(await h.call(path, { headers }));
    const pages = callsOf(h, "transactions");
    h.clock.now += 6 * DAY_MS; // late replies arrived meanwhile
    const truth = await directAnswer(h.oracle, "current", path);
    expect(truth).not.toEqual(early);
    const later = await h.call(path, { headers });
    expect(await okJson(later)).toEqual(truth);
    expect(callsOf(h, "transactions")).toBeGreaterThan(pages);
    expect(callsOf(h, "analytics")).toBe(1);
  });

  it("a refresh that fails serves the previous generation whole and labelled, never a mix of generations", async () => {
    const day = daysAgo(20);
    // A settling day (ended an hour ago) changes within the 24 h its old generation is kept.
    const h = harness({
      start: day + DAY_MS + HOUR_MS,
      sandbox: { volume: 1500 },
      env: { FILL_PAGE_SIZE: "100", INLINE_FILL_PAGES: "1" },
    });
    const path = pagePath(day, { channels: "sms", limit: "9999" });
    await okJson(await h.call(path, { headers }));
    await h.drainFills();
    const old = await okJson(await h.call(path, { headers }));
    expect(old).toEqual(await directAnswer(h.oracle, "current", path));

    h.clock.now += HOUR_MS;
    const truth = await directAnswer(h.oracle, "current", path);
    expect(truth).not.toEqual(old);
    // The day changed: one page of its new generation is fetched inline, the rest is left to
    // the background fill, and meanwhile the old generation answers, whole and labelled.
    const refreshing = await h.call(path, { headers });
    expect(await okJson(refreshing)).toEqual(old);
    expect(cacheStatusOf(refreshing)).toMatch(
      /^lp-reporting-edge; fwd=stale; detail=refreshing\/settling\/age:\d+$/,
    );
    // The background fill fails: still the old generation, never part of the new one.
    h.sandbox.setFaults({ errorRate: 1 });
    await h.drainFills(3);
    const failing = await h.call(path, { headers });
    expect(failing.status).toBe(200);
    expect(await okJson(failing)).toEqual(old);
    expect(cacheStatusOf(failing)).toMatch(/^lp-reporting-edge; fwd=stale; detail=[a-z0-9-]+\//);
    // Once the upstream recovers and the fill completes: the new generation, whole.
    h.sandbox.setFaults(undefined);
    h.fills.length = 0;
    h.clock.now += 11 * MINUTE_MS; // the fill lease of the failed fill ran out
    await okJson(await h.call(path, { headers }));
    await h.drainFills();
    const fresh = await h.call(path, { headers });
    const renewed = await okJson(fresh);
    expect(renewed).toEqual(await directAnswer(h.oracle, "current", path));
    expect(renewed).not.toEqual(old);
    expect(cacheStatusOf(fresh)).toMatch(/^lp-reporting-edge; hit; ttl=\d+; detail=settling\//);
  });
});
