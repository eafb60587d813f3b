/**
 * What grouping keys are made of: the optional account tag, the UTC day of an instant
 * (memoised, since aggregation formats the same few days), and one sort order for keys.
 *
 * @module
 */
import { DAY_MS, formatUtcDay } from "../windows.ts";

/** A value tagged with the account it came from, for grouping across accounts. */
export type AccountScoped<T> = T & { accountId?: string };

/**
 * formatUtcDay(), memoised per day in `cache` (aggregation formats the same few days).
 *
 * @param cache Days already formatted, by day index; shared across calls of one aggregation.
 * @param ms Epoch ms.
 * @returns The UTC day, `YYYY-MM-DD`.
 * @throws {TypeError | RangeError} When `ms` is not a valid epoch ms.
 */
export function utcDay(cache: Map<number, string>, ms: number): string {
  const index = Math.floor(ms / DAY_MS);
  let day = cache.get(index);
  if (day === undefined || !Number.isInteger(ms)) {
    day = formatUtcDay(ms); // validates: a cache hit implies a valid day
    cache.set(index, day);
  }
  return day;
}

/**
 * Code-unit order, the same in every runtime and locale.
 *
 * @param a A key.
 * @param b Another key.
 * @returns Negative, zero or positive, as for `Array.prototype.sort`.
 */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
