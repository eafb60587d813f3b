/**
 * Durations in milliseconds: the constants the window rules are written in, and their
 * wording in error messages.
 *
 * @module
 */

/** One minute in milliseconds. */
export const MINUTE_MS = 60_000;
/** One hour in milliseconds. */
export const HOUR_MS = 3_600_000;
/** One day in milliseconds (UTC days have no DST). */
export const DAY_MS = 86_400_000;

/**
 * Words a duration for a message: "24 hours", "60 days", "90 minutes" or "1500 ms".
 *
 * @param ms The duration, ms.
 * @returns The wording, in the largest unit that divides it (days only beyond one day).
 */
export function formatDuration(ms: number): string {
  if (ms % DAY_MS === 0 && ms > DAY_MS) return `${ms / DAY_MS} days`;
  if (ms % HOUR_MS === 0) return `${ms / HOUR_MS} hours`;
  if (ms % MINUTE_MS === 0) return `${ms / MINUTE_MS} minutes`;
  return `${ms} ms`;
}
