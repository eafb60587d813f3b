// Settling and maturing with a fake clock: short TTLs while a window still changes upstream, then
// matured and kept for the retention.
import { describe, expect, it } from "vitest";
import {
  cacheStatusOf,
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
  quietLogs,
  reportPath,
} from "./support.ts";

quietLogs();

const ttlOf = (response: Response): number =>
  Number(/ttl=(\d+)/.exec(cacheStatusOf(response))?.[1] ?? Number.NaN);

describe("settling windows", () => {
  for (const operation of ["analytics", "transactions"] as const) {
    it(`createApp() shows a settling ${operation} day's new numbers after its TTL, and serves it closed with 0 upstream calls`, async () => {
      const day = daysAgo(operation === "analytics" ? 20 : 21);
      // The day ended 30 minutes ago: past the 20-minute delay, inside the 72 h settle horizon.
      const h = harness({ start: day + DAY_MS + 30 * MINUTE_MS });
      const path = reportPath("current", OAUTH2.accountId, operation, day, day + DAY_MS);
      const headers = keyed(OAUTH2.key);

      const first = await h.call(path, { headers });
      expect(cacheStatusOf(first)).toBe(
        "lp-reporting-edge; fwd=miss; stored; ttl=300; detail=settling",
      );
      const early = await okJson(first);
      expect(early).toEqual(await directAnswer(h.oracle, "current", path));

      // Within the 5-minute TTL: the cached copy, even though the upstream moved on.
      h.clock.now += 4 * MINUTE_MS;
      const requests = h.sandbox.counters().requests;
      const cached = await h.call(path, { headers });
      expect(cacheStatusOf(cached)).toMatch(
        /^lp-reporting-edge; hit; ttl=\d+; detail=settling\/age:240$/,
      );
      expect(ttlOf(cached)).toBe(60);
      expect(await okJson(cached)).toEqual(early);
      expect(h.sandbox.counters().requests).toBe(requests);

      // Past the TTL, 12 h later (still settling): the new numbers.
      h.clock.now += 12 * HOUR_MS;
      const later = await h.call(path, { headers });
      expect(cacheStatusOf(later)).toBe(
        "lp-reporting-edge; fwd=miss; stored; ttl=300; detail=settling",
      );
      const settled = await okJson(later);
      expect(settled).toEqual(await directAnswer(h.oracle, "current", path));
      expect(settled).not.toEqual(early);
      expect(h.reportingCalls().length).toBe(2);

      // Past the settle horizon: maturing, fresh for an hour (analytics) or 3 h (a stored day).
      h.clock.now = day + DAY_MS + 73 * HOUR_MS;
      const maturing = await h.call(path, { headers });
      expect(cacheStatusOf(maturing)).toMatch(/; ttl=\d+; detail=maturing(\/age:\d+)?$/);
      expect(ttlOf(maturing)).toBeLessThanOrEqual(operation === "analytics" ? 3_600 : 10_800);
      expect(await okJson(maturing)).toEqual(await directAnswer(h.oracle, "current", path));

      // Matured (31 days and 20 minutes after its end): the final numbers, kept for the retention.
      h.clock.now = day + 32 * DAY_MS + 20 * MINUTE_MS;
      const maturedResponse = await h.call(path, { headers });
      expect(cacheStatusOf(maturedResponse)).toMatch(
        /^lp-reporting-edge; (hit|fwd=miss; stored); ttl=\d+$/,
      );
      expect(ttlOf(maturedResponse)).toBeGreaterThan(300 * 24 * 3600);
      const matured = await okJson(maturedResponse);
      expect(matured).toEqual(await directAnswer(h.oracle, "current", path));

      const after = h.sandbox.counters().requests;
      for (const days of [33, 60, 300]) {
        h.clock.now = day + days * DAY_MS;
        const hit = await h.call(path, { headers });
        expect(cacheStatusOf(hit)).toMatch(/^lp-reporting-edge; hit; ttl=\d+$/);
        expect(await okJson(hit)).toEqual(matured);
      }
      expect(h.sandbox.counters().requests).toBe(after);
    });
  }

  it("createApp() re-requesting 30 matured days after a warm-up pass makes 0 upstream calls", {
    timeout: 30_000,
  }, async () => {
    const h = harness();
    const headers = keyed(OAUTH1.key);
    const paths = Array.from({ length: 30 }, (_, i) => {
      const day = daysAgo(60 + i);
      return [
        reportPath("current", OAUTH1.accountId, "analytics", day, day + DAY_MS),
        reportPath("current", OAUTH1.accountId, "transactions", day, day + DAY_MS),
      ];
    }).flat();
    for (const path of paths) await okJson(await h.call(path, { headers }));
    const warm = h.sandbox.counters().requests;
    h.clock.now += 7 * DAY_MS;
    for (const path of paths) {
      const response = await h.call(path, { headers });
      expect(cacheStatusOf(response)).toMatch(/; hit; /);
    }
    expect(h.sandbox.counters().requests).toBe(warm);
  });

  it("createApp() follows SETTLE_HOURS, SETTLING_TTL_SECONDS, MATURE_DAYS and MATURING_TTL_SECONDS", async () => {
    const day = daysAgo(22);
    const h = harness({
      start: day + DAY_MS + 2 * HOUR_MS,
      env: {
        SETTLE_HOURS: "1",
        SETTLING_TTL_SECONDS: "60",
        MATURE_DAYS: "1",
        MATURING_TTL_SECONDS: "600",
      },
    });
    const headers = keyed(OAUTH2.key);
    const path = (from: number): string =>
      reportPath("current", OAUTH2.accountId, "analytics", from, from + DAY_MS);
    // Ended 2 h ago with a 1 h horizon and 1 day to mature: maturing, fresh for 600 s.
    const maturing = await h.call(path(day), { headers });
    expect(cacheStatusOf(maturing)).toBe(
      "lp-reporting-edge; fwd=miss; stored; ttl=600; detail=maturing",
    );
    // A day and 20 minutes after its end: matured, kept for the retention.
    h.clock.now = day + 2 * DAY_MS + 20 * MINUTE_MS;
    const matured = await h.call(path(day), { headers });
    expect(cacheStatusOf(matured)).toMatch(/^lp-reporting-edge; fwd=miss; stored; ttl=\d+$/);
    expect(ttlOf(matured)).toBeGreaterThan(300 * 24 * 3600);
    // Ended 30 minutes ago: settling, fresh for 60 s.
    h.clock.now = day + 2 * DAY_MS + 30 * MINUTE_MS;
    const settling = await h.call(path(day + DAY_MS), { headers });
    expect(cacheStatusOf(settling)).toBe(
      "lp-reporting-edge; fwd=miss; stored; ttl=60; detail=settling",
    );
  });
});
