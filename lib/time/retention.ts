/**
 * LivePerson's data retention: how far back a report may start.
 *
 * @module
 */
import { utcDate } from "./calendar.ts";
import { assertEpochMs, describeValue } from "./instants.ts";

/**
 * The earliest instant still inside LivePerson's retention: midnight UTC of the same calendar
 * day `months` months before `now`, the day clamped to the target month's length
 * (2026-03-31 minus 13 months is 2025-02-28). [INF] Day granularity because the FAQ speaks in
 * days: data can be pulled "from today or any previous day up to 13 months ago" (notes §4).
 *
 * @param now The current time, epoch ms.
 * @param months Retention in calendar months.
 * @returns Epoch ms of the retention start (may be negative for a `now` near 1970).
 * @throws {TypeError | RangeError} When `now` is not a valid epoch ms or `months` not a
 * non-negative integer.
 * @example Retention start
 * ```ts
 * retentionStart(Date.parse("2026-11-15T13:00:00Z")); // Date.parse("2025-10-15T00:00:00Z")
 * ```
 */
export function retentionStart(now: number, months = 13): number {
  assertEpochMs(now, "now");
  if (typeof months !== "number" || !Number.isInteger(months) || months < 0) {
    throw new RangeError(
      `Cannot compute the retention start as months is not a non-negative integer: ${
        describeValue(months)
      }`,
    );
  }
  const date = new Date(now);
  const monthIndex = date.getUTCFullYear() * 12 + date.getUTCMonth() - months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const lastDay = new Date(utcDate(year, month + 1, 0)).getUTCDate();
  return utcDate(year, month, Math.min(date.getUTCDate(), lastDay));
}
