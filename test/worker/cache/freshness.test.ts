import { describe, expect, it } from "vitest";
import { checkRange, DAY_MS, HOUR_MS, MINUTE_MS } from "../../../lib/windows.ts";
import {
  DEFAULT_FRESHNESS,
  freshnessFor,
  type FreshnessPolicy,
} from "../../../worker/cache/freshness.ts";

const NOW = Date.parse("2026-11-15T12:00:00Z");
const HALF_HOUR = 30 * MINUTE_MS;

/** A half-hour window that ended `ageMs` before NOW. */
function endedAgo(ageMs: number): { from: number; to: number } {
  return { from: NOW - ageMs - HALF_HOUR, to: NOW - ageMs };
}

describe("DEFAULT_FRESHNESS", () => {
  it("DEFAULT_FRESHNESS holds the documented defaults and is frozen", () => {
    expect(DEFAULT_FRESHNESS).toEqual({
      minAgeMs: 20 * MINUTE_MS,
      settleMs: 72 * HOUR_MS,
      settlingTtlMs: 5 * MINUTE_MS,
      staleKeepMs: DAY_MS,
      retentionMonths: 13,
    });
    expect(Object.isFrozen(DEFAULT_FRESHNESS)).toBe(true);
  });
});

describe("freshnessFor()", () => {
  it("freshnessFor() does not cache a window that has not ended", () => {
    expect(freshnessFor({ from: NOW - HOUR_MS, to: NOW + 1 }, NOW)).toEqual({
      cacheable: false,
      reason: "open",
    });
  });

  it("freshnessFor() does not cache a window that ended less than 20 minutes ago", () => {
    expect(freshnessFor(endedAgo(0), NOW)).toEqual({ cacheable: false, reason: "too-recent" });
    expect(freshnessFor(endedAgo(20 * MINUTE_MS - 1), NOW)).toEqual({
      cacheable: false,
      reason: "too-recent",
    });
  });

  it("freshnessFor() gives a settling window 5 minutes fresh and a day more in KV", () => {
    const settling = { cacheable: true, closed: false, freshForMs: 5 * MINUTE_MS };
    // 5 min fresh + 24 h stale keep = 86 700 s
    expect(freshnessFor(endedAgo(20 * MINUTE_MS), NOW)).toEqual({
      ...settling,
      kvTtlSeconds: 86_700,
    });
    expect(freshnessFor(endedAgo(72 * HOUR_MS - 1), NOW)).toEqual({
      ...settling,
      kvTtlSeconds: 86_700,
    });
  });

  it("freshnessFor() keeps a closed window fresh until it leaves the 13-month retention", () => {
    const day = Date.parse("2026-10-01T00:00:00Z");
    const leaves = Date.parse("2027-11-02T00:00:00Z");
    const result = freshnessFor({ from: day, to: day + DAY_MS }, NOW);
    expect(result).toEqual({
      cacheable: true,
      closed: true,
      freshForMs: leaves - NOW,
      kvTtlSeconds: (leaves - NOW) / 1000,
    });
    // The same instant the library's range check starts refusing the window.
    const check = (now: number): unknown =>
      checkRange({
        operation: "accountAnalytics",
        dialect: "current",
        from: day,
        to: day + DAY_MS,
        now,
      });
    expect(() => check(leaves - 1)).not.toThrow();
    expect(() => check(leaves)).toThrow(RangeError);
  });

  it("freshnessFor() closes a window at the settle horizon plus the 20-minute delay, not before", () => {
    expect(freshnessFor(endedAgo(72 * HOUR_MS + 20 * 60_000), NOW)).toMatchObject({
      cacheable: true,
      closed: true,
    });
    expect(freshnessFor(endedAgo(72 * HOUR_MS + 10 * 60_000), NOW)).toMatchObject({
      cacheable: true,
      closed: false,
      freshForMs: DEFAULT_FRESHNESS.settlingTtlMs,
    });
  });

  it("freshnessFor() follows month-end clamping of the retention start", () => {
    // retentionStart(2026-03-28..31) is 2025-02-28; 2026-04-01 gives 2025-03-01.
    const feb28 = Date.parse("2025-02-28T10:00:00Z");
    const now = Date.parse("2026-03-20T00:00:00Z");
    expect(freshnessFor({ from: feb28, to: feb28 + HOUR_MS }, now)).toMatchObject({
      freshForMs: Date.parse("2026-04-01T00:00:00Z") - now,
    });
    // retentionStart(2026-02-28) is 2025-01-28; 2026-03-01 gives 2025-02-01.
    const jan31 = Date.parse("2025-01-31T00:00:00Z");
    const later = Date.parse("2026-02-10T00:00:00Z");
    expect(freshnessFor({ from: jan31, to: jan31 + DAY_MS }, later)).toMatchObject({
      freshForMs: Date.parse("2026-03-01T00:00:00Z") - later,
    });
  });

  it("freshnessFor() refuses a window that starts outside the retention", () => {
    const from = Date.parse("2025-10-14T23:00:00Z"); // retention starts 2025-10-15
    expect(freshnessFor({ from, to: from + HOUR_MS }, NOW)).toEqual({
      cacheable: false,
      reason: "expired-retention",
    });
  });

  it("freshnessFor() refuses a window leaving the retention within KV's 60 s minimum", () => {
    const from = Date.parse("2025-10-15T00:00:00Z"); // leaves at 2026-11-16T00:00Z
    const leaves = Date.parse("2026-11-16T00:00:00Z");
    const window = { from, to: from + DAY_MS };
    expect(freshnessFor(window, leaves - 59_999)).toEqual({
      cacheable: false,
      reason: "expired-retention",
    });
    expect(freshnessFor(window, leaves - 60_000)).toEqual({
      cacheable: true,
      closed: true,
      freshForMs: 60_000,
      kvTtlSeconds: 60,
    });
  });

  it("freshnessFor() caps a settling window's freshness and KV TTL at the retention", () => {
    const policy: FreshnessPolicy = { ...DEFAULT_FRESHNESS, retentionMonths: 0 };
    // With 0 months a window leaves at the next UTC midnight after its start.
    const now = Date.parse("2026-11-15T23:58:00Z");
    const from = Date.parse("2026-11-15T23:00:00Z");
    expect(freshnessFor({ from, to: from + 30 * MINUTE_MS }, now, policy)).toEqual({
      cacheable: true,
      closed: false,
      freshForMs: 2 * MINUTE_MS,
      kvTtlSeconds: 120,
    });
  });

  it("freshnessFor() raises the KV TTL to 60 seconds", () => {
    const policy = { ...DEFAULT_FRESHNESS, settlingTtlMs: 1_000, staleKeepMs: 0 };
    expect(freshnessFor(endedAgo(HOUR_MS), NOW, policy)).toEqual({
      cacheable: true,
      closed: false,
      freshForMs: 1_000,
      kvTtlSeconds: 60,
    });
  });

  it("freshnessFor() applies a configured policy", () => {
    const policy = { ...DEFAULT_FRESHNESS, minAgeMs: 0, settleMs: HOUR_MS, settlingTtlMs: 1_500 };
    expect(freshnessFor(endedAgo(0), NOW, policy)).toMatchObject({
      cacheable: true,
      closed: false,
      freshForMs: 1_500,
      kvTtlSeconds: 86_402,
    });
    expect(freshnessFor(endedAgo(HOUR_MS), NOW, policy)).toMatchObject({ closed: true });
  });

  it("freshnessFor() rejects an empty window, bad times and a bad policy", () => {
    expect(() => freshnessFor({ from: NOW - HOUR_MS, to: NOW - HOUR_MS }, NOW)).toThrow(
      "Cannot compute freshness as the end is not after the start",
    );
    expect(() => freshnessFor({ from: Number.NaN, to: NOW }, NOW)).toThrow(TypeError);
    expect(() => freshnessFor(endedAgo(HOUR_MS), 1.5)).toThrow(TypeError);
    expect(() => freshnessFor(endedAgo(HOUR_MS), NOW, { ...DEFAULT_FRESHNESS, settleMs: -1 }))
      .toThrow("Cannot compute freshness as settleMs is not a non-negative number: -1");
    expect(() =>
      freshnessFor(endedAgo(HOUR_MS), NOW, { ...DEFAULT_FRESHNESS, retentionMonths: 1.5 })
    ).toThrow(RangeError);
  });
});
