// stale-if-error: an expired copy is served when the upstream fails; otherwise its error is relayed.
import { describe, expect, it } from "vitest";
import {
  cacheStatusOf,
  DAY_MS,
  daysAgo,
  expectLpError,
  harness,
  keyed,
  MINUTE_MS,
  OAUTH1,
  OAUTH2,
  okJson,
  quietLogs,
  reportPath,
} from "./support.ts";

quietLogs();

/** A harness whose clock is 30 min past the end of `day` (settling: fresh for 5 min). */
function settlingHarness(day: number, env: Record<string, string> = {}) {
  return harness({ start: day + DAY_MS + 30 * MINUTE_MS, env });
}

describe("stale-if-error", () => {
  for (const operation of ["analytics", "transactions"] as const) {
    it(`createApp() serves an expired ${operation} copy as fwd=stale when the upstream answers 500`, async () => {
      const day = daysAgo(operation === "analytics" ? 50 : 51);
      const h = settlingHarness(day);
      const path = reportPath("current", OAUTH2.accountId, operation, day, day + DAY_MS);
      const headers = keyed(OAUTH2.key);
      const old = await okJson(await h.call(path, { headers }));
      h.clock.now += 3 * 60 * MINUTE_MS; // past the freshness; the upstream has moved on
      h.sandbox.setFaults({ errorRate: 1 });
      const before = h.reportingCalls().length;
      const response = await h.call(path, { headers });
      expect(response.status).toBe(200);
      expect(cacheStatusOf(response)).toBe(
        "lp-reporting-edge; fwd=stale; detail=upstream-500/settling/age:10800",
      );
      expect(await response.json()).toEqual(old);
      // The upstream was really asked (and retried) before the stale copy was served.
      expect(h.reportingCalls().length - before).toBeGreaterThanOrEqual(1);
      expect(h.reportingCalls().slice(before).every((r) => r.status === 500)).toBe(true);
      // Once the upstream recovers, the window is fetched and stored afresh.
      h.sandbox.setFaults(undefined);
      const fresh = await h.call(path, { headers });
      expect(cacheStatusOf(fresh)).toMatch(
        /^lp-reporting-edge; fwd=miss; stored; ttl=300; detail=settling$/,
      );
      expect(await okJson(fresh)).not.toEqual(old);
    });
  }

  it("createApp() serves an expired copy as fwd=stale when the upstream cannot be reached", async () => {
    const day = daysAgo(52);
    const h = settlingHarness(day);
    const path = reportPath("2.0", OAUTH2.accountId, "transactions", day, day + DAY_MS);
    const headers = keyed(OAUTH2.key, "x-api-key");
    const old = await okJson(await h.call(path, { headers }));
    h.clock.now += 10 * MINUTE_MS;
    h.network.down = true;
    const response = await h.call(path, { headers });
    expect(response.status).toBe(200);
    expect(cacheStatusOf(response)).toBe(
      "lp-reporting-edge; fwd=stale; detail=upstream-504/settling/age:600",
    );
    expect(await response.json()).toEqual(old);
  });

  it("createApp() serves an expired copy as fwd=stale when an upstream 429 outlasts the wait budget", async () => {
    const day = daysAgo(53);
    // OAUTH1's account: the pause this test causes must not slow the other tests down.
    const h = settlingHarness(day, { WAIT_BUDGET_MS: "50" });
    const path = reportPath("current", OAUTH1.accountId, "analytics", day, day + DAY_MS);
    const headers = keyed(OAUTH1.key);
    const old = await okJson(await h.call(path, { headers }));
    h.clock.now += 10 * MINUTE_MS;
    h.sandbox.setFaults({ rateLimitRate: 1 });
    const response = await h.call(path, { headers });
    expect(response.status).toBe(200);
    expect(cacheStatusOf(response)).toBe(
      "lp-reporting-edge; fwd=stale; detail=upstream-429/settling/age:600",
    );
    expect(await response.json()).toEqual(old);
  });

  it("createApp() relays the upstream's 500 in LivePerson's shape when no copy exists", async () => {
    const day = daysAgo(54);
    const h = settlingHarness(day);
    h.sandbox.setFaults({ errorRate: 1 });
    for (const operation of ["analytics", "transactions"] as const) {
      const path = reportPath("current", OAUTH2.accountId, operation, day, day + DAY_MS);
      const response = await h.call(path, { headers: keyed(OAUTH2.key) });
      const body = await expectLpError(response, 500);
      expect(body.code).toBe(5000);
      expect(body.message).toBe("Internal server error (injected)");
      expect(cacheStatusOf(response)).not.toMatch(/stale|hit/);
    }
    // Relayed after asking the upstream (expectLpError checked the trace id is the proxy's own).
    expect(h.reportingCalls().length).toBeGreaterThan(0);
  });

  it("createApp() answers 504 in LivePerson's shape when the upstream cannot be reached and no copy exists", async () => {
    const day = daysAgo(55);
    const h = settlingHarness(day);
    h.network.down = true;
    const response = await h.call(
      reportPath("current", OAUTH1.accountId, "transactions", day, day + DAY_MS),
      { headers: keyed(OAUTH1.key) },
    );
    await expectLpError(response, 504);
  });

  it("createApp() does not serve a copy older than the window's freshness once the upstream is back", async () => {
    const day = daysAgo(56);
    const h = settlingHarness(day);
    const path = reportPath("current", OAUTH2.accountId, "analytics", day, day + DAY_MS);
    const headers = keyed(OAUTH2.key);
    await okJson(await h.call(path, { headers }));
    h.clock.now += 6 * MINUTE_MS;
    const response = await h.call(path, { headers });
    expect(cacheStatusOf(response)).toMatch(/fwd=miss; stored/);
    expect(h.reportingCalls().length).toBe(2);
  });
});
