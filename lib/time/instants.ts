/**
 * Instants in epoch milliseconds: validating them, reading `Date`s, digit strings and
 * ISO-8601 text as instants (always UTC), and printing ranges and values for messages.
 *
 * @module
 */
import { calendarDay } from "./calendar.ts";
import { HOUR_MS, MINUTE_MS } from "./durations.ts";

/** The last representable instant this library accepts: 9999-12-31T23:59:59.999Z. */
const MAX_EPOCH_MS = 253_402_300_799_999;

/** A half-open time window `[from, to)` in epoch milliseconds. */
export interface TimeWindow {
  /** Inclusive start, epoch ms. */
  from: number;
  /** Exclusive end, epoch ms. */
  to: number;
}

/**
 * Checks that `value` is an epoch-millisecond integer between 1970 and the end of year 9999.
 *
 * @param value The value to check.
 * @param name The name to use in the error message.
 * @returns `value`, typed as a number.
 * @throws {TypeError} When `value` is not a number, not finite, or not an integer.
 * @throws {RangeError} When `value` is negative or beyond year 9999.
 */
export function assertEpochMs(value: unknown, name: string): number {
  if (typeof value !== "number") {
    throw new TypeError(`Cannot use ${name} as it is not a number: ${describeValue(value)}`);
  }
  if (!Number.isFinite(value)) {
    throw new TypeError(`Cannot use ${name} as it is not finite: ${value}`);
  }
  if (!Number.isInteger(value)) {
    throw new TypeError(`Cannot use ${name} as it is not an integer of milliseconds: ${value}`);
  }
  if (value < 0) throw new RangeError(`Cannot use ${name} as it is negative: ${value}`);
  if (value > MAX_EPOCH_MS) {
    throw new RangeError(`Cannot use ${name} as it is beyond year 9999: ${value}`);
  }
  return value;
}

/**
 * Converts a `Date`, epoch ms, a string of digits (epoch ms, as in query strings) or an
 * ISO-8601 string to epoch ms. ISO forms: `YYYY-MM-DD` (midnight UTC) and
 * `YYYY-MM-DDTHH:mm[:ss[.fff]][Z|±HH:mm]`; a date-time without an offset is read as UTC,
 * not local time as `Date.parse` would, since everything in this API is UTC.
 *
 * @param value The value to convert.
 * @param name The name to use in the error message.
 * @returns Epoch ms.
 * @throws {TypeError} When the value is of another type, an invalid Date, or an unparseable
 * or impossible date (2026-02-30).
 * @throws {RangeError} When the instant is before 1970 or beyond year 9999.
 * @example Accepted forms
 * ```ts
 * toEpochMs("2026-11-01", "from"); // 1793491200000
 * toEpochMs("2026-11-01T02:00:00+02:00", "from"); // 1793491200000
 * toEpochMs(new Date(1793491200000), "from"); // 1793491200000
 * ```
 */
export function toEpochMs(value: Date | number | string, name: string): number {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new TypeError(`Cannot use ${name} as it is an invalid Date: ${ms}`);
    return assertEpochMs(ms, name);
  }
  if (typeof value === "string") {
    if (/^\d{1,16}$/.test(value)) return assertEpochMs(Number(value), name);
    const ms = parseIso(value);
    if (ms === null) {
      throw new TypeError(
        `Cannot use ${name} as it is not an ISO-8601 date or epoch milliseconds: ${
          describeValue(value)
        }`,
      );
    }
    return assertEpochMs(ms, name);
  }
  return assertEpochMs(value, name);
}

const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;

/** Parses the ISO-8601 subset described at toEpochMs(); null when malformed or impossible. */
function parseIso(text: string): number | null {
  const match = ISO_PATTERN.exec(text);
  if (match === null) return null;
  const [, y, mo, d, h = "0", mi = "0", s = "0", fraction = "", offset = "Z"] = match;
  const day = calendarDay(Number(y), Number(mo), Number(d));
  const hours = Number(h);
  const minutes = Number(mi);
  const seconds = Number(s);
  if (day === null || hours > 23 || minutes > 59 || seconds > 59) return null;
  let offsetMs = 0;
  if (offset !== "Z" && offset !== "z") {
    const digits = offset.replace(":", "");
    const offsetHours = Number(digits.slice(1, 3));
    const offsetMinutes = Number(digits.slice(3, 5));
    if (offsetHours > 23 || offsetMinutes > 59) return null;
    offsetMs = (offset.startsWith("-") ? -1 : 1) *
      (offsetHours * HOUR_MS + offsetMinutes * MINUTE_MS);
  }
  const millis = Number(fraction.slice(0, 3).padEnd(3, "0")); // sub-ms digits are truncated
  return day + hours * HOUR_MS + minutes * MINUTE_MS + seconds * 1000 + millis - offsetMs;
}

/**
 * Formats a range for messages: `2026-11-01T00:00:00.000Z..2026-11-03T00:00:00.000Z`.
 * Values that are not valid instants are printed as given.
 *
 * @param from Start, epoch ms.
 * @param to End, epoch ms.
 * @returns The range text.
 */
export function formatRange(from: number, to: number): string {
  return `${formatInstant(from)}..${formatInstant(to)}`;
}

function formatInstant(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
}

/**
 * A short, printable form of any value for error messages: strings JSON-quoted, anything
 * else through `String()`, cut to 80 characters.
 *
 * @param value Any value.
 * @returns The printable form.
 */
export function describeValue(value: unknown): string {
  try {
    const text = typeof value === "string" ? JSON.stringify(value) : String(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
