/**
 * Epoch-millisecond times as ISO 8601 in UTC, the one time format of the exports. An export
 * formats a dozen times per row, mostly on the same few days: the date part is kept per day
 * and the time of day is put together by hand, which `Date#toISOString` does far slower.
 *
 * @module
 */
import { DAY_MS } from "../windows.ts";

// Years 0000..9999: beyond them toISOString writes expanded years (±YYYYYY).
const LAST_FOUR_DIGIT_MS = 253_402_300_799_999;
let cachedDay = Number.NaN;
let cachedPrefix = "";

function two(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/**
 * An epoch-millisecond time as ISO 8601 in UTC, exactly as `Date#toISOString` writes it.
 *
 * @param ms Epoch milliseconds, or `null`.
 * @returns e.g. `"2026-11-01T08:30:00.000Z"`, or `null` for `null`.
 * @throws {RangeError} when `ms` is not a valid time.
 */
export function isoTime(ms: number | null): string | null {
  if (ms === null) return null;
  if (!(ms >= 0 && ms <= LAST_FOUR_DIGIT_MS) || !Number.isInteger(ms)) {
    return new Date(ms).toISOString();
  }
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  let rest = ms - day * DAY_MS;
  const millis = rest % 1000;
  rest = (rest - millis) / 1000;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  const minutes = rest % 60;
  const hours = (rest - minutes) / 60;
  const fraction = millis < 10 ? `00${millis}` : millis < 100 ? `0${millis}` : `${millis}`;
  return `${cachedPrefix}${two(hours)}:${two(minutes)}:${two(seconds)}.${fraction}Z`;
}
