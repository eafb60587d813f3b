/**
 * The freshness policy: whether a report window may be cached, for how long it is fresh, and
 * how long KV keeps it. Built on the upstream's documented delays (liveperson-api-notes.md §4):
 *
 * - LP [DOC]: data "can be delayed by up to 20 min", so a window that ended less than
 *   `minAgeMs` ago (or has not ended) is still filling in and is never cached.
 * - LP [INF]: rows are keyed by attempted time but gain later events; Twilio failures are
 *   finalised after up to 72 h (`twilio_5008`). A window that ended less than `settleMs` ago
 *   is "settling": cached, but fresh for only `settlingTtlMs`.
 * - Past the settle horizon a window is "closed": fresh until it leaves the 13-month
 *   retention (LP [DOC]: "13 months"), after which LivePerson no longer serves it.
 *
 * Later drift is accepted by design: replies can still raise `conversationsCreated` for about
 * 30 days and CSAT can change later still (notes §4 [INF]); raise `settleMs` to wait for them.
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
  staleKeepMs: DAY_MS,
  // LP: retention "13 months" (notes §4)
  retentionMonths: 13,
});

/** What {@link freshnessFor} decides for one window. */
export type Freshness =
  | { cacheable: false; reason: "open" | "too-recent" | "expired-retention" }
  | { cacheable: true; closed: boolean; freshForMs: number; kvTtlSeconds: number };

/**
 * Decides whether the window `[from, to)` may be cached at `now`, and for how long.
 *
 * Not ended (`to > now`) is `"open"`; ended less than `minAgeMs` ago is `"too-recent"`; a
 * start outside the retention (or leaving it within KV's 60 s minimum TTL) is
 * `"expired-retention"`. Otherwise the window is settling (fresh for `settlingTtlMs`) or closed
 * (fresh until its start leaves the retention). `kvTtlSeconds` is the freshness plus
 * `staleKeepMs`, at least 60 (KV's minimum), and never past the moment the window leaves the
 * retention; `freshForMs` is never past that moment either.
 *
 * @param window The half-open window, epoch ms.
 * @param now The current time, epoch ms.
 * @param policy The policy; {@link DEFAULT_FRESHNESS} when omitted.
 * @returns The decision.
 * @throws {TypeError | RangeError} When a time is not an epoch-ms integer (see `assertEpochMs`),
 * `to <= from`, or a policy field is not a non-negative finite number.
 * @example A closed day
 * ```ts
 * const day = Date.parse("2026-10-01T00:00:00Z");
 * freshnessFor({ from: day, to: day + DAY_MS }, Date.parse("2026-11-15T00:00:00Z"));
 * // { cacheable: true, closed: true, freshForMs: ..., kvTtlSeconds: ... } (fresh until 2027-11-02T00:00Z)
 * ```
 */
export function freshnessFor(
  window: { from: number; to: number },
  now: number,
  policy: FreshnessPolicy = DEFAULT_FRESHNESS,
): Freshness {
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
  const retentionLeftMs = retentionEnd(from, policy.retentionMonths) - now;
  // KV: an entry cannot live less than 60 s, so a window that close to leaving is not stored.
  if (retentionLeftMs < KV_MIN_TTL_SECONDS * 1000) {
    return { cacheable: false, reason: "expired-retention" };
  }
  if (to > now) return { cacheable: false, reason: "open" };
  const ageMs = now - to;
  // LP: events arrive up to 20 min late (notes §4)
  if (ageMs < policy.minAgeMs) return { cacheable: false, reason: "too-recent" };
  // Events up to settleMs after the window show up minAgeMs later still (notes §4).
  const closed = ageMs >= policy.settleMs + policy.minAgeMs;
  const freshForMs = closed ? retentionLeftMs : Math.min(policy.settlingTtlMs, retentionLeftMs);
  const keepMs = Math.min(freshForMs + policy.staleKeepMs, retentionLeftMs);
  const kvTtlSeconds = Math.max(KV_MIN_TTL_SECONDS, Math.ceil(keepMs / 1000));
  return { cacheable: true, closed, freshForMs, kvTtlSeconds };
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
  for (const name of ["minAgeMs", "settleMs", "settlingTtlMs", "staleKeepMs"] as const) {
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
