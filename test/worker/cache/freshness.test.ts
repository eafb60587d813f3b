import { describe, expect, it } from "vitest";
import { checkRange, DAY_MS, HOUR_MS, MINUTE_MS } from "../../../lib/windows.ts";
import {
  DEFAULT_FRESHNESS,
  freshnessFor,
  type FreshnessPolicy,
  maturesAt,
  storedDayFreshness,
  tierOf,
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
      matureMs: 31 * DAY_MS,
      maturingTtlMs: HOUR_MS,
      maturingStoreTtlMs: 3 * HOUR_MS,
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
    const settling = { cacheable: true, tier: "settling", freshForMs: 5 * MINUTE_MS };
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

  it("freshnessFor() keeps a matured window fresh until it leaves the 13-month retention", () => {
    const day = Date.parse("2026-10-01T00:00:00Z");
    const leaves = Date.parse("2027-11-02T00:00:00Z");
    const result = freshnessFor({ from: day, to: day + DAY_MS }, NOW);
    expect(result).toEqual({
      cacheable: true,
      tier: "matured",
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

  it("freshnessFor() ends settling at the settle horizon plus the 20-minute delay, not before", () => {
    expect(freshnessFor(endedAgo(72 * HOUR_MS + 20 * 60_000), NOW)).toEqual({
      cacheable: true,
      tier: "maturing",
      freshForMs: HOUR_MS,
      kvTtlSeconds: 3_600 + 86_400,
    });
    expect(freshnessFor(endedAgo(72 * HOUR_MS + 10 * 60_000), NOW)).toMatchObject({
      cacheable: true,
      tier: "settling",
      freshForMs: DEFAULT_FRESHNESS.settlingTtlMs,
    });
  });

  it("freshnessFor() keeps a maturing window fresh an hour, never past the moment it matures", () => {
    const matures = 31 * DAY_MS + 20 * MINUTE_MS;
    expect(freshnessFor(endedAgo(10 * DAY_MS), NOW)).toMatchObject({
      tier: "maturing",
      freshForMs: HOUR_MS,
    });
    expect(freshnessFor(endedAgo(matures - 10 * MINUTE_MS), NOW)).toMatchObject({
      tier: "maturing",
      freshForMs: 10 * MINUTE_MS,
    });
    expect(freshnessFor(endedAgo(matures), NOW)).toMatchObject({ tier: "matured" });
  });

  it("storedDayFreshness() keeps a maturing stored day 3 hours, other tiers as freshnessFor()", () => {
    expect(storedDayFreshness(endedAgo(10 * DAY_MS), NOW)).toMatchObject({
      tier: "maturing",
      freshForMs: 3 * HOUR_MS,
    });
    expect(storedDayFreshness(endedAgo(31 * DAY_MS), NOW)).toMatchObject({
      freshForMs: 20 * MINUTE_MS,
    });
    for (const age of [0, HOUR_MS, 40 * DAY_MS]) {
      expect(storedDayFreshness(endedAgo(age), NOW)).toEqual(freshnessFor(endedAgo(age), NOW));
    }
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
      tier: "matured",
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
      tier: "settling",
      freshForMs: 2 * MINUTE_MS,
      kvTtlSeconds: 120,
    });
  });

  it("freshnessFor() raises the KV TTL to 60 seconds", () => {
    const policy = { ...DEFAULT_FRESHNESS, settlingTtlMs: 1_000, staleKeepMs: 0 };
    expect(freshnessFor(endedAgo(HOUR_MS), NOW, policy)).toEqual({
      cacheable: true,
      tier: "settling",
      freshForMs: 1_000,
      kvTtlSeconds: 60,
    });
  });

  it("freshnessFor() applies a configured policy", () => {
    const policy = {
      ...DEFAULT_FRESHNESS,
      minAgeMs: 0,
      settleMs: HOUR_MS,
      settlingTtlMs: 1_500,
      matureMs: 2 * HOUR_MS,
      maturingTtlMs: 60_000,
    };
    expect(freshnessFor(endedAgo(0), NOW, policy)).toMatchObject({
      cacheable: true,
      tier: "settling",
      freshForMs: 1_500,
      kvTtlSeconds: 86_402,
    });
    expect(freshnessFor(endedAgo(HOUR_MS), NOW, policy)).toMatchObject({
      tier: "maturing",
      freshForMs: 60_000,
    });
    expect(freshnessFor(endedAgo(2 * HOUR_MS), NOW, policy)).toMatchObject({ tier: "matured" });
  });

  it("freshnessFor() rejects an empty window, bad times and a bad policy", () => {
    expect(() => freshnessFor({ from: NOW - HOUR_MS, to: NOW - HOUR_MS }, NOW)).toThrow(
      "Cannot compute freshness as the end is not after the start",
    );
    expect(() => freshnessFor({ from: Number.NaN, to: NOW }, NOW)).toThrow(TypeError);
    expect(() => freshnessFor(endedAgo(HOUR_MS), 1.5)).toThrow(TypeError);
    expect(() => freshnessFor(endedAgo(HOUR_MS), NOW, { ...DEFAULT_FRESHNESS, settleMs: -1 }))
      .toThrow("Cannot compute freshness as settleMs is not a non-negative number: -1");
    expect(() => tierOf(endedAgo(HOUR_MS), NOW, { ...DEFAULT_FRESHNESS, matureMs: Number.NaN }))
      .toThrow("Cannot compute freshness as matureMs is not a non-negative number: NaN");
    expect(() =>
      freshnessFor(endedAgo(HOUR_MS), NOW, { ...DEFAULT_FRESHNESS, retentionMonths: 1.5 })
    ).toThrow(RangeError);
  });
});

describe("tierOf()", () => {
  it("tierOf() walks a day through open, too-recent, settling, maturing and matured", () => {
    const day = Date.parse("2026-10-01T00:00:00Z");
    const window = { from: day, to: day + DAY_MS };
    const end = day + DAY_MS;
    const matures = Date.parse("2026-11-02T00:20:00Z");
    expect(maturesAt(window)).toBe(matures);
    const at = (now: number): string => tierOf(window, now).tier;
    expect(at(end - 1)).toBe("open");
    expect(at(end)).toBe("too-recent");
    expect(at(end + 20 * MINUTE_MS - 1)).toBe("too-recent");
    expect(at(end + 20 * MINUTE_MS)).toBe("settling");
    expect(at(end + 72 * HOUR_MS + 20 * MINUTE_MS - 1)).toBe("settling");
    expect(at(end + 72 * HOUR_MS + 20 * MINUTE_MS)).toBe("maturing");
    expect(at(matures - 1)).toBe("maturing");
    expect(at(matures)).toBe("matured");
    expect(tierOf(window, end).maturesAt).toBe(matures);
  });

  it("maturesAt() follows MATURE_DAYS and the delay of the policy", () => {
    const policy = { ...DEFAULT_FRESHNESS, matureMs: 7 * DAY_MS, minAgeMs: 0 };
    expect(maturesAt({ from: 0, to: DAY_MS }, policy)).toBe(8 * DAY_MS);
  });
});
