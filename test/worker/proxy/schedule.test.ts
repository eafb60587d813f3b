// The Durable Object schedule under a burst: on the real clock, since the sandbox's rate limiter
// and the schedule must see the same time.
import { describe, expect, it } from "vitest";
import { startOfUtcDay } from "../../../lib/windows.ts";
import {
  cacheStatusOf,
  DAY_MS,
  expectLpError,
  harness,
  keyed,
  OAUTH1,
  OAUTH2,
  PASSTHROUGH,
  passthrough,
  quietLogs,
  reportPath,
} from "./support.ts";

quietLogs();

const RATE = 5;

/** Closed days before the real today, `offset` onwards. */
function realDays(count: number, offset: number): number[] {
  const today = startOfUtcDay(Date.now());
  return Array.from({ length: count }, (_, i) => today - (offset + i) * DAY_MS);
}

describe("rate schedule", () => {
  it("createApp() queues a burst of distinct windows at the rate: no 429 to callers, none more than the limit per second upstream", async () => {
    const h = harness({
      realClock: true,
      sandbox: { rateLimit: RATE },
      env: { RATE_LIMIT: String(RATE) },
    });
    const days = realDays(15, 10);
    const started = Date.now();
    const responses = await Promise.all(
      days.map((day) =>
        h.call(reportPath("current", OAUTH2.accountId, "analytics", day, day + DAY_MS), {
          headers: keyed(OAUTH2.key),
        })
      ),
    );
    const elapsed = Date.now() - started;
    expect(responses.map((r) => r.status)).toEqual(days.map(() => 200));
    const counters = h.sandbox.counters();
    // Every caller got its data, none more than the limit was served in any second upstream. (A
    // call that starts more than the schedule's tolerance late can still draw one upstream 429 on
    // a loaded machine; the proxy pauses and retries it, so callers never see it.)
    expect(counters.byOperation["accountAnalytics"]).toBeGreaterThanOrEqual(days.length);
    expect(counters.byOperation["accountAnalytics"]).toBe(days.length + counters.rateLimited);
    expect(counters.peakPerSecond[`${OAUTH2.accountId}:accountAnalytics`]).toBeLessThanOrEqual(
      RATE,
    );
    // Queued, not refused: 15 calls at 5/s take at least 14 intervals of 200 ms.
    expect(elapsed).toBeGreaterThanOrEqual(((days.length - 1) * 1000) / RATE - 50);
    for (const response of responses) expect(cacheStatusOf(response)).toMatch(/fwd=miss; stored/);
  });

  it("createApp() keeps one schedule per account: two accounts' bursts do not queue behind each other", async () => {
    // No upstream limit here, so that no retry blurs the timing.
    const h = harness({ realClock: true, env: { RATE_LIMIT: String(RATE) } });
    const days = realDays(6, 30);
    const responses = await Promise.all(
      ([[OAUTH2, keyed(OAUTH2.key)], [OAUTH1, keyed(OAUTH1.key)]] as const).flatMap((
        [tenant, headers],
      ) =>
        days.map((day) =>
          h.call(reportPath("current", tenant.accountId, "transactions", day, day + DAY_MS), {
            headers,
          })
        )
      ),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const arrivals = h.reportingCalls().map((r) => r.at).sort((a, b) => a - b);
    expect(arrivals.length).toBe(12);
    // One shared schedule would never let more than RATE calls into any second; two independent
    // ones let about 2 * RATE in.
    const busiest = Math.max(
      ...arrivals.map((t) => arrivals.filter((u) => u >= t && u < t + 1000).length),
    );
    expect(busiest).toBeGreaterThanOrEqual(RATE + 3);
  });

  it("createApp() pauses the schedule after an upstream 429 and retries, so the caller never sees it", async () => {
    // The upstream allows 2/s while the proxy is (mis)configured for 100/s.
    const h = harness({
      realClock: true,
      sandbox: { rateLimit: 2, retryAfter: true },
      env: { RATE_LIMIT: "100" },
    });
    const days = realDays(3, 60);
    const responses = await Promise.all(
      days.map((day) =>
        h.call(reportPath("current", OAUTH2.accountId, "transactions", day, day + DAY_MS), {
          headers: keyed(OAUTH2.key),
        })
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    const calls = h.reportingCalls();
    const limited = calls.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(1);
    // Every call after the first 429 waited for the pause (Retry-After: 1) to pass.
    const firstLimited = limited[0]!.at;
    const later = calls.filter((r) => r.at > firstLimited);
    expect(later.length).toBeGreaterThanOrEqual(1);
    for (const call of later) expect(call.at - firstLimited).toBeGreaterThanOrEqual(990);
  });

  it("createApp() answers 429 with Retry-After when the wait would exceed WAIT_BUDGET_MS", async () => {
    const h = harness({ realClock: true, env: { RATE_LIMIT: "1", WAIT_BUDGET_MS: "1" } });
    const days = realDays(4, 40);
    const responses = await Promise.all(
      days.map((day) =>
        h.call(reportPath("2.0", PASSTHROUGH.accountId, "analytics", day, day + DAY_MS), {
          headers: passthrough(),
        })
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 429, 429, 429]);
    const refused = responses.filter((r) => r.status === 429);
    for (const response of refused) {
      const body = await expectLpError(response, 429);
      expect(body.code).toBe(1029);
      expect(response.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
    }
    // Nothing reached the upstream for the refused callers.
    expect(h.sandbox.counters().byOperation["accountAnalytics"]).toBe(1);
    expect(h.sandbox.counters().rateLimited).toBe(0);
  });

  it("createApp() reserves nothing for a refused caller: every Retry-After is the same single interval", async () => {
    const h = harness({ realClock: true, env: { RATE_LIMIT: "1", WAIT_BUDGET_MS: "1" } });
    const days = realDays(5, 50);
    const responses = await Promise.all(
      days.map((day) =>
        h.call(reportPath("current", OAUTH1.accountId, "analytics", day, day + DAY_MS), {
          headers: keyed(OAUTH1.key),
        })
      ),
    );
    const retryAfter = responses.filter((r) => r.status === 429).map((r) =>
      r.headers.get("retry-after")
    );
    expect(retryAfter.length).toBe(4);
    // One slot is taken (the 200); every refused caller could retry after one interval
    // (1 s plus the schedule's few ms of tolerance, rounded up to whole seconds).
    expect(new Set(retryAfter).size).toBe(1);
    expect(Number(retryAfter[0])).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter[0])).toBeLessThanOrEqual(2);
  });
});
