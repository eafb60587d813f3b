/**
 * UTC days: the start of a day, and the two day forms on the wire, `YYYY-MM-DD` (the
 * canonical day and the 2.0 `date` field) and `MM-DD-YYYY` (the current `transactionday`).
 *
 * @module
 */
import { calendarDay } from "./calendar.ts";
import { DAY_MS } from "./durations.ts";
import { assertEpochMs, describeValue } from "./instants.ts";

/**
 * The start (midnight UTC) of the day containing `ms`.
 *
 * @param ms Epoch ms.
 * @returns Epoch ms of that day's 00:00:00.000Z.
 */
export function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/**
 * Formats the UTC day of `ms` as `YYYY-MM-DD` (the canonical day and the 2.0 `date` field).
 *
 * @param ms Epoch ms.
 * @returns The day, e.g. `"2026-11-01"`.
 * @throws {TypeError | RangeError} When `ms` is not a valid epoch ms.
 */
export function formatUtcDay(ms: number): string {
  return new Date(assertEpochMs(ms, "day")).toISOString().slice(0, 10);
}

/**
 * Formats the UTC day of `ms` as `MM-DD-YYYY`, the current dialect's `transactionday`
 * ([INF] from the examples `"12-11-2021"` and `"10-25-2021"`, notes §1a).
 *
 * @param ms Epoch ms.
 * @returns The day, e.g. `"11-01-2026"`.
 * @throws {TypeError | RangeError} When `ms` is not a valid epoch ms.
 */
export function formatTransactionDay(ms: number): string {
  const iso = formatUtcDay(ms);
  return `${iso.slice(5, 7)}-${iso.slice(8, 10)}-${iso.slice(0, 4)}`;
}

/**
 * Parses a day in either wire form, `YYYY-MM-DD` or `MM-DD-YYYY`.
 *
 * @param text The day.
 * @returns Epoch ms of that day's midnight UTC.
 * @throws {TypeError} When the text has neither form or names a day that does not exist.
 * @example Both forms
 * ```ts
 * parseDay("2026-11-01") === parseDay("11-01-2026"); // true
 * ```
 */
export function parseDay(text: string): number {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const us = iso === null ? /^(\d{2})-(\d{2})-(\d{4})$/.exec(text) : null;
  const day = iso !== null
    ? calendarDay(Number(iso[1]), Number(iso[2]), Number(iso[3]))
    : us !== null
    ? calendarDay(Number(us[3]), Number(us[1]), Number(us[2]))
    : null;
  if (day === null) {
    throw new TypeError(
      `Cannot parse the day as it is not a YYYY-MM-DD or MM-DD-YYYY date: ${describeValue(text)}`,
    );
  }
  return day;
}
