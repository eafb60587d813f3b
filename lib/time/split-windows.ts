/**
 * Splitting a long range into windows LivePerson accepts, optionally aligned to UTC midnight.
 *
 * @module
 */
import { DAY_MS } from "./durations.ts";
import { assertEpochMs, describeValue, formatRange, type TimeWindow } from "./instants.ts";
import { startOfUtcDay } from "./utc-days.ts";

/** splitWindows() refuses to build more windows than this (a guard against a tiny span). */
const MAX_WINDOWS = 100_000;

/** Options for {@link splitWindows}. */
export interface SplitWindowsOptions {
  /**
   * Put every boundary after `from` on a UTC midnight: spans of a day or more end on the
   * latest midnight they reach; shorter spans step in multiples of the span from each
   * midnight. Aligned windows map onto LivePerson's per-day rows and cache well.
   * @default false
   */
  alignToUtcDay?: boolean;
}

/**
 * Splits the half-open range `[from, to)` into contiguous, non-overlapping windows that
 * cover it exactly, each at most `maxSpanMs` long.
 *
 * @param from Inclusive start, epoch ms.
 * @param to Exclusive end, epoch ms.
 * @param maxSpanMs The longest window, ms (e.g. from `maxWindowMs()`).
 * @param options See {@link SplitWindowsOptions}.
 * @returns The windows in order; empty when `from === to`.
 * @throws {TypeError | RangeError} When `from`/`to` are not valid epoch ms, `to < from`,
 * `maxSpanMs` is not a positive integer, or more than 100,000 windows would result.
 * @example Three days in 24-hour windows
 * ```ts
 * import { DAY_MS } from "./durations.ts";
 * splitWindows(Date.parse("2026-11-01T06:00Z"), Date.parse("2026-11-03T00:00Z"), DAY_MS, {
 *   alignToUtcDay: true,
 * }); // [06:00Z..Nov 2 00:00Z, Nov 2 00:00Z..Nov 3 00:00Z]
 * ```
 */
export function splitWindows(
  from: number,
  to: number,
  maxSpanMs: number,
  options: SplitWindowsOptions = {},
): TimeWindow[] {
  const { alignToUtcDay = false } = options;
  assertEpochMs(from, "from");
  assertEpochMs(to, "to");
  if (typeof maxSpanMs !== "number" || !Number.isInteger(maxSpanMs) || maxSpanMs <= 0) {
    throw new RangeError(
      `Cannot split windows as the span is not a positive integer of milliseconds: ${
        describeValue(maxSpanMs)
      }`,
    );
  }
  if (to < from) {
    throw new RangeError(
      `Cannot split windows as the end is before the start: ${formatRange(from, to)}`,
    );
  }
  // Upper bound on the count: aligned splitting adds at most one window per day.
  const bound = Math.ceil((to - from) / maxSpanMs) +
    (alignToUtcDay ? Math.ceil((to - from) / DAY_MS) + 1 : 0);
  if (bound > MAX_WINDOWS) {
    throw new RangeError(
      `Cannot split windows as there would be more than ${MAX_WINDOWS}: ${formatRange(from, to)}`,
    );
  }
  const windows: TimeWindow[] = [];
  for (let start = from; start < to;) {
    const end = Math.min(
      to,
      alignToUtcDay ? nextAlignedBoundary(start, maxSpanMs) : start + maxSpanMs,
    );
    windows.push({ from: start, to: end });
    start = end;
  }
  return windows;
}

/** The next aligned boundary after `start`, at most `span` away. */
function nextAlignedBoundary(start: number, span: number): number {
  // A span of a day or more always reaches a midnight in (start, start + span].
  if (span >= DAY_MS) return startOfUtcDay(start + span);
  const midnight = startOfUtcDay(start);
  const step = midnight + (Math.floor((start - midnight) / span) + 1) * span;
  return Math.min(step, midnight + DAY_MS);
}
