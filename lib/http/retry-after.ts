/**
 * Reading how long a server asked us to wait: `Retry-After` (RFC 9110 §10.2.3) and the
 * millisecond variants some gateways send. LivePerson documents no `Retry-After` on its 429s
 * (liveperson-api-notes.md §4), so callers fall back to their own backoff on `undefined`.
 *
 * @module
 */

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const MONTH = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
const TIME = "(\\d{2}):(\\d{2}):(\\d{2})";
// RFC 9110 §5.6.7 HTTP-date: IMF-fixdate plus the two obsolete forms recipients must accept.
// Matched without case: §5.6.7 notes caches relax case sensitivity, and so do we.
const IMF_FIXDATE = new RegExp(
  `^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`,
  "i",
);
const RFC850_DATE = new RegExp(
  `^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`,
  "i",
);
const ASCTIME_DATE = new RegExp(
  `^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ${MONTH} ( \\d|\\d{2}) ${TIME} (\\d{4})$`,
  "i",
);
// delay-seconds is 1*DIGIT; a decimal fraction is accepted too since some servers send one.
const DECIMAL = /^\d+(?:\.\d+)?$/;
const FIFTY_YEARS_MS = 50 * 365.25 * 86_400_000;

/** Epoch ms of a calendar date and time, or undefined when the parts are not a real date. */
function utc(
  year: number,
  month: string,
  day: string,
  time: readonly string[],
): number | undefined {
  const monthIndex = MONTHS.indexOf(month.toLowerCase());
  const [hours, minutes, seconds] = time.map(Number) as [number, number, number];
  // RFC 9110 §5.6.7: second is 00-60 (60 = leap second).
  if (hours > 23 || minutes > 59 || seconds > 60) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, Number(day));
  // Date normalizes overflow (Feb 30 -> Mar 2): a changed month means the day did not exist.
  if (date.getUTCMonth() !== monthIndex) return undefined;
  return date.getTime() + ((hours * 60 + minutes) * 60 + seconds) * 1000;
}

/** Epoch ms of an HTTP-date in any of its three forms, or undefined. */
function parseHttpDate(value: string, now: number): number | undefined {
  const imf = IMF_FIXDATE.exec(value);
  if (imf) {
    const [, day = "", month = "", year = "", ...time] = imf;
    return utc(Number(year), month, day, time);
  }
  const rfc850 = RFC850_DATE.exec(value);
  if (rfc850) {
    const [, day = "", month = "", yy = "", ...time] = rfc850;
    // RFC 9110 §5.6.7: a two-digit year more than 50 years ahead means the previous century.
    const year = Math.floor(new Date(now).getUTCFullYear() / 100) * 100 + Number(yy);
    const candidate = utc(year, month, day, time);
    if (candidate === undefined || candidate <= now + FIFTY_YEARS_MS) return candidate;
    return utc(year - 100, month, day, time);
  }
  const asctime = ASCTIME_DATE.exec(value);
  if (asctime) {
    const [, month = "", day = "", hours = "", minutes = "", seconds = "", year = ""] = asctime;
    return utc(Number(year), month, day.trim(), [hours, minutes, seconds]);
  }
  return undefined;
}

/**
 * Parses a `Retry-After` value into milliseconds to wait.
 *
 * @param value The header value: delay-seconds (`"120"`, `"1.5"`) or an HTTP-date in
 *   IMF-fixdate, RFC 850 or asctime form; `null` when the header is absent.
 * @param now The current time in epoch ms (injected so tests control the clock).
 * @returns Milliseconds to wait; `0` for a date in the past; `undefined` when the value is
 *   absent or not understood (negative, garbage, an impossible date).
 * @example Seconds and dates
 * ```ts
 * import { parseRetryAfter } from "./retry-after.ts";
 * const now = Date.UTC(2026, 10, 1);
 * parseRetryAfter("2", now); // 2000
 * parseRetryAfter("Sun, 01 Nov 2026 00:00:05 GMT", now); // 5000
 * parseRetryAfter("soon", now); // undefined
 * ```
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (DECIMAL.test(trimmed)) {
    const ms = Math.round(Number(trimmed) * 1000);
    return Number.isFinite(ms) ? ms : undefined;
  }
  const at = parseHttpDate(trimmed, now);
  return at === undefined ? undefined : Math.max(0, at - now);
}

/** Parses a millisecond header value (`"1500"`, `"1500.5"`), or undefined. */
function parseMilliseconds(value: string | null): number | undefined {
  if (value === null || !DECIMAL.test(value.trim())) return undefined;
  const ms = Math.round(Number(value.trim()));
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * Reads the wait a response asks for, in milliseconds, preferring the most precise header:
 * `retry-after-ms`, then `x-ms-retry-after-ms` (both milliseconds), then `Retry-After`
 * (seconds or an HTTP-date). A header that cannot be parsed is skipped.
 *
 * @param headers The response headers.
 * @param now The current time in epoch ms.
 * @returns Milliseconds to wait, or `undefined` when no usable header is present.
 * @example
 * ```ts
 * import { retryAfterFromHeaders } from "./retry-after.ts";
 * retryAfterFromHeaders(new Headers({ "retry-after-ms": "250" }), Date.now()); // 250
 * ```
 */
export function retryAfterFromHeaders(headers: Headers, now: number): number | undefined {
  return parseMilliseconds(headers.get("retry-after-ms")) ??
    parseMilliseconds(headers.get("x-ms-retry-after-ms")) ??
    parseRetryAfter(headers.get("retry-after"), now);
}
