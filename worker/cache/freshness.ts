/**
 * The freshness policy: which tier a report window is in, whether it may be cached, for how
 * long it is fresh, and how long KV keeps it. Built on the upstream's documented delays
 * (liveperson-api-notes.md §4):
 *
 * - LP [DOC]: data "can be delayed by up to 20 min", so a window that ended less than
 *   `minAgeMs` ago (`too-recent`) or has not ended (`open`) is still filling in and is never
 *   stored as a window (its answers are micro-cached, `OPEN_TTL_SECONDS`).
 * - LP [INF]: rows are keyed by attempted time but gain later events; Twilio failures are
 *   finalised after up to 72 h (`twilio_5008`). A window that ended less than `settleMs` (plus
 *   the delay) ago is `settling`: fresh for `settlingTtlMs` (minutes).
 * - LP [DOC]: replies count toward a message for "up to 30 days" (C2M FAQ), so
 *   `conversationsCreated` keeps rising, and closes and CSAT follow. Until `matureMs` (31 days:
 *   the lookback plus a day to close and rate) and the delay after its end, a window is
 *   `maturing`: fresh for `maturingTtlMs` (about an hour), never past the moment it matures.
 * - Then it is `matured`: fresh until it leaves the 13-month retention (LP [DOC]: "13 months").
 *
 * @module
 */
import { assertEpochMs, DAY_MS, HOUR_MS, MINUTE_MS, retentionStart } from "../../lib/windows.ts";
import { KV_MIN_TTL_SECONDS } from "./window-store.ts";

/** The knobs of {@link freshnessFor}; all durations in milliseconds. */
export interface FreshnessPolicy {
  /** A window must have ended at least this long ago to be cached. @default 20 minutes */
  minAgeMs: number;
  /** A window that ended less than this long ago is still settling. @default 72 hours */
  settleMs: number;
  /** How long a settling window stays fresh. @default 5 minutes */
  settlingTtlMs: number;
  /** A window that ended less than this long ago is still maturing (`MATURE_DAYS`). @default 31 days */
  matureMs: number;
  /** How long a maturing window's analytics stay fresh (`MATURING_TTL_SECONDS`). @default 1 hour */
  maturingTtlMs: number;
  /**
   * How long a maturing day's stored transactions stay fresh before their totals are compared
   * with the day's analytics again (`MATURING_TX_TTL_SECONDS`). @default 3 hours
   */
  maturingStoreTtlMs: number;
  /** How long an expired copy is kept after its freshness, for stale-if-error. @default 24 hours */
  staleKeepMs: number;
  /** LivePerson's retention in calendar months. @default 13 */
  retentionMonths: number;
}

/** The documented defaults (liveperson-api-notes.md §4). */
export const DEFAULT_FRESHNESS: FreshnessPolicy = Object.freeze({
  // LP: "delayed by up to 20 min" (notes §4)
  minAgeMs: 20 * MINUTE_MS,
  // LP [INF]: Twilio failures finalised after up to 72 h (notes §4)
  settleMs: 72 * HOUR_MS,
  // LP [INF]: proxy TTL suggestion for windows < 72 h old: "minutes" (notes §4)
  settlingTtlMs: 5 * MINUTE_MS,
  // LP: replies count "up to 30 days" (C2M FAQ, notes §4), plus a day to close and rate.
  matureMs: 31 * DAY_MS,
  // LP [INF]: proxy TTL suggestion for windows < 31 days old: "~1 h" (notes §4)
  maturingTtlMs: HOUR_MS,
  // 30 maturing days of 100 pages re-fetched every 3 h: 2.8 % of 10 requests/s (BENCHMARKS.md).
  maturingStoreTtlMs: 3 * HOUR_MS,
  staleKeepMs: DAY_MS,
  // LP: retention "13 months" (notes §4)
  retentionMonths: 13,
});

/**
 * How final a window's data is: `open` (not ended), `too-recent` (inside the 20-minute delay),
 * `settling` (failures may still finalize), `maturing` (replies may still arrive), `matured`.
 */
export type Tier = "open" | "too-recent" | "settling" | "maturing" | "matured";

/** The tiers in order, from the least final. */
export const TIERS: readonly Tier[] = Object.freeze(
  ["open", "too-recent", "settling", "maturing", "matured"] as const,
);

/** What {@link freshnessFor} decides for one window. */
export type Freshness =
  | { cacheable: false; reason: "open" | "too-recent" | "expired-retention" }
  | {
    cacheable: true;
    tier: "settling" | "maturing" | "matured";
    freshForMs: number;
    kvTtlSeconds: number;
  };

/**
 * The moment a window's data stops changing upstream: `matureMs` after its end, plus the
 * 20-minute delay. The archive takes a day only from then on.
 *
 * @param window The half-open window, epoch ms.
 * @param policy The policy; {@link DEFAULT_FRESHNESS} when omitted.
 * @returns Epoch ms.
 * @example
 * ```ts
 * const day = Date.parse("2026-10-01T00:00:00Z");
 * new Date(maturesAt({ from: day, to: day + DAY_MS })).toISOString(); // "2026-11-02T00:20:00.000Z"
 * ```
 */
export function maturesAt(
  window: { from: number; to: number },
  policy: FreshnessPolicy = DEFAULT_FRESHNESS,
): number {
  return window.to + policy.matureMs + policy.minAgeMs;
}

/**
 * The tier of the window `[from, to)` at `now`, and when it matures.
 *
 * @param window The half-open window, epoch ms.
 * @param now The current time, epoch ms.
 * @param policy The policy; {@link DEFAULT_FRESHNESS} when omitted.
 * @returns The tier and {@link maturesAt}.
 * @throws {TypeError | RangeError} As {@link freshnessFor}.
 * @example A day five days after its end
 * ```ts
 * const day = Date.parse("2026-10-01T00:00:00Z");
 * tierOf({ from: day, to: day + DAY_MS }, day + 6 * DAY_MS).tier; // "maturing"
 * ```
 */
export function tierOf(
  window: { from: number; to: number },
  now: number,
  policy: FreshnessPolicy = DEFAULT_FRESHNESS,
): { tier: Tier; maturesAt: number } {
  assertWindow(window, now, policy);
  const ageMs = now - window.to;
  const matures = maturesAt(window, policy);
  const tier: Tier = ageMs < 0
    ? "open"
    // LP: events arrive up to 20 min late (notes §4)
    : ageMs < policy.minAgeMs
    ? "too-recent"
    // Events up to settleMs after the window show up minAgeMs later still (notes §4).
    : ageMs < policy.settleMs + policy.minAgeMs
    ? "settling"
    : now < matures
    ? "maturing"
    : "matured";
  return { tier, maturesAt: matures };
}

/**
 * Decides whether the window `[from, to)` may be cached at `now`, and for how long.
 *
 * An `open` or `too-recent` window (see {@link tierOf}) is not cached; nor is a window whose
 * start is outside the retention (or leaves it within KV's 60 s minimum TTL):
 * `"expired-retention"`. Otherwise a `settling` window is fresh for `settlingTtlMs`, a
 * `maturing` one for `maturingTtlMs` but never past {@link maturesAt}, and a `matured` one until
 * its start leaves the retention. `kvTtlSeconds` is the freshness plus `staleKeepMs`, at least 60
 * (KV's minimum), and never past the moment the window leaves the retention; `freshForMs` is
 * never past that moment either.
 *
 * @param window The half-open window, epoch ms.
 * @param now The current time, epoch ms.
 * @param policy The policy; {@link DEFAULT_FRESHNESS} when omitted.
 * @returns The decision.
 * @throws {TypeError | RangeError} When a time is not an epoch-ms integer (see `assertEpochMs`),
 * `to <= from`, or a policy field is not a non-negative finite number.
 * @example A matured day
 * ```ts
 * const day = Date.parse("2026-09-01T00:00:00Z");
 * freshnessFor({ from: day, to: day + DAY_MS }, Date.parse("2026-11-15T00:00:00Z"));
 * // { cacheable: true, tier: "matured", freshForMs: ..., kvTtlSeconds: ... } (fresh until 2027-10-02T00:00Z)
 * ```
 */
export function freshnessFor(
  window: { from: number; to: number },
  now: number,
  policy: FreshnessPolicy = DEFAULT_FRESHNESS,
): Freshness {
  return decide(window, now, policy, policy.maturingTtlMs);
}

/**
 * As {@link freshnessFor}, for a day of transactions stored page by page: a maturing day is
 * fresh for `maturingStoreTtlMs` (its totals are then compared with its analytics, and the
 * day is re-fetched only when they differ).
 *
 * @param window The half-open window, epoch ms.
 * @param now The current time, epoch ms.
 * @param policy The policy; {@link DEFAULT_FRESHNESS} when omitted.
 * @returns The decision.
 * @throws {TypeError | RangeError} As {@link freshnessFor}.
 */
export function storedDayFreshness(
  window: { from: number; to: number },
  now: number,
  policy: FreshnessPolicy = DEFAULT_FRESHNESS,
): Freshness {
  return decide(window, now, policy, policy.maturingStoreTtlMs);
}

function decide(
  window: { from: number; to: number },
  now: number,
  policy: FreshnessPolicy,
  maturingTtlMs: number,
): Freshness {
  const { tier, maturesAt: matures } = tierOf(window, now, policy);
  const retentionLeftMs = retentionEnd(window.from, policy.retentionMonths) - now;
  // KV: an entry cannot live less than 60 s, so a window that close to leaving is not stored.
  if (retentionLeftMs < KV_MIN_TTL_SECONDS * 1000) {
    return { cacheable: false, reason: "expired-retention" };
  }
  if (tier === "open" || tier === "too-recent") return { cacheable: false, reason: tier };
  const freshForMs = Math.min(
    retentionLeftMs,
    tier === "settling"
      ? policy.settlingTtlMs
      // A maturing copy is never served as the matured one.
      : tier === "maturing"
      ? Math.min(maturingTtlMs, matures - now)
      : Infinity,
  );
  const keepMs = Math.min(freshForMs + policy.staleKeepMs, retentionLeftMs);
  const kvTtlSeconds = Math.max(KV_MIN_TTL_SECONDS, Math.ceil(keepMs / 1000));
  return { cacheable: true, tier, freshForMs, kvTtlSeconds };
}

function assertWindow(
  window: { from: number; to: number },
  now: number,
  policy: FreshnessPolicy,
): void {
  const { from, to } = window;
  assertEpochMs(from, "from");
  assertEpochMs(to, "to");
  assertEpochMs(now, "now");
  assertPolicy(policy);
  if (to <= from) {
    throw new RangeError(
      `Cannot compute freshness as the end is not after the start: ${from}..${to}`,
    );
  }
}

/**
 * The first instant at which `from` is older than the retention start, i.e. when a window
 * starting at `from` can no longer be queried. `retentionStart` moves once per UTC day and
 * never backwards, so the answer is a UTC midnight a few days after `from` plus `months`.
 */
function retentionEnd(from: number, months: number): number {
  const start = new Date(from);
  const year = start.getUTCFullYear();
  const month = start.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  // Same day-of-month `months` later, clamped: its retention start is at or before `from`.
  let candidate = Date.UTC(year, month, Math.min(start.getUTCDate(), lastDay));
  // At most 4 steps: month-end clamping can map up to 4 days onto one retention start.
  while (retentionStart(candidate, months) <= from) candidate += DAY_MS;
  return candidate;
}

function assertPolicy(policy: FreshnessPolicy): void {
  for (
    const name of [
      "minAgeMs",
      "settleMs",
      "settlingTtlMs",
      "matureMs",
      "maturingTtlMs",
      "maturingStoreTtlMs",
      "staleKeepMs",
    ] as const
  ) {
    const value = policy[name];
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new RangeError(
        `Cannot compute freshness as ${name} is not a non-negative number: ${String(value)}`,
      );
    }
  }
  const months = policy.retentionMonths;
  if (!Number.isInteger(months) || months < 0) {
    throw new RangeError(
      `Cannot compute freshness as retentionMonths is not a non-negative integer: ${
        String(months)
      }`,
    );
  }
}
