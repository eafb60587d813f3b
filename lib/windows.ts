/**
 * Time windows for the Outbound Reporting API: the per-operation window limits, the
 * 13-month retention, epoch-millisecond validation, day formats, and splitting a long
 * range into windows LivePerson accepts. All ranges are half-open: `[from, to)`.
 *
 * @module
 */
import type { Dialect } from "./model/canonical.ts";

/** One minute in milliseconds. */
export const MINUTE_MS = 60_000;
/** One hour in milliseconds. */
export const HOUR_MS = 3_600_000;
/** One day in milliseconds (UTC days have no DST). */
export const DAY_MS = 86_400_000;

/** The last representable instant this library accepts: 9999-12-31T23:59:59.999Z. */
const MAX_EPOCH_MS = 253_402_300_799_999;
/** splitWindows() refuses to build more windows than this (a guard against a tiny span). */
const MAX_WINDOWS = 100_000;

/** A reporting operation; each has its own window rule. */
export type Operation =
  | "accountAnalytics"
  | "transactions"
  | "campaignReport"
  | "campaignAnalytics";

const OPERATION_LABELS: Readonly<Record<Operation, string>> = {
  accountAnalytics: "account analytics",
  transactions: "transactions",
  campaignReport: "campaign report",
  campaignAnalytics: "campaign analytics",
};

/** A half-open time window `[from, to)` in epoch milliseconds. */
export interface TimeWindow {
  /** Inclusive start, epoch ms. */
  from: number;
  /** Exclusive end, epoch ms. */
  to: number;
}

/**
 * The longest window (`to - from`) LivePerson accepts for an operation.
 *
 * @param operation The reporting operation.
 * @param dialect `"current"` (V2 docs and later) or `"2.0"` (the original spec).
 * @returns The limit in ms, or `null` when the operation takes no window (campaign endpoints).
 * @throws {TypeError} When `operation` or `dialect` is unknown.
 * @example Limits
 * ```ts
 * maxWindowMs("transactions", "current"); // 86_400_000 (24 h)
 * maxWindowMs("accountAnalytics", "current"); // 5_184_000_000 (60 days)
 * maxWindowMs("campaignReport", "2.0"); // null
 * ```
 */
export function maxWindowMs(operation: Operation, dialect: Dialect): number | null {
  if (dialect !== "current" && dialect !== "2.0") {
    throw new TypeError(
      `Cannot look up a window limit as the dialect is unknown: ${describe(dialect)}`,
    );
  }
  switch (operation) {
    // LP: transactions window <= 24h in every version (liveperson-api-notes.md §4)
    case "transactions":
      return DAY_MS;
    // LP: account analytics <= 60 days now; V1 and the 2.0 spec said 24 h for all (notes §1g, §4)
    case "accountAnalytics":
      return dialect === "current" ? 60 * DAY_MS : DAY_MS;
    // LP: campaign endpoints take no window (notes §4)
    case "campaignReport":
    case "campaignAnalytics":
      return null;
    default:
      throw new TypeError(
        `Cannot look up a window limit as the operation is unknown: ${describe(operation)}`,
      );
  }
}

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
        describe(months)
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
    throw new TypeError(`Cannot use ${name} as it is not a number: ${describe(value)}`);
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
          describe(value)
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

/** Midnight UTC of year/month(1-12)/day, or null when the date does not exist. */
function calendarDay(year: number, month: number, day: number): number | null {
  if (month < 1 || month > 12 || day < 1) return null;
  const ms = utcDate(year, month - 1, day);
  return new Date(ms).getUTCDate() === day ? ms : null;
}

/** Date.UTC without its 0-99 => 1900-1999 year mapping. */
function utcDate(year: number, monthIndex: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  return date.getTime();
}

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
      `Cannot parse the day as it is not a YYYY-MM-DD or MM-DD-YYYY date: ${describe(text)}`,
    );
  }
  return day;
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
 * @param maxSpanMs The longest window, ms (e.g. from {@link maxWindowMs}).
 * @param options See {@link SplitWindowsOptions}.
 * @returns The windows in order; empty when `from === to`.
 * @throws {TypeError | RangeError} When `from`/`to` are not valid epoch ms, `to < from`,
 * `maxSpanMs` is not a positive integer, or more than 100,000 windows would result.
 * @example Three days in 24-hour windows
 * ```ts
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
        describe(maxSpanMs)
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

/** Options for {@link checkRange}. */
export interface CheckRangeOptions {
  /** The operation the range is for. */
  operation: Operation;
  /** The API dialect, which decides the analytics window limit. */
  dialect: Dialect;
  /** Inclusive start: Date, epoch ms, or ISO-8601 (see {@link toEpochMs}). */
  from: Date | number | string;
  /** Exclusive end: Date, epoch ms, or ISO-8601. */
  to: Date | number | string;
  /** The current time, epoch ms (inject a fixed clock in tests). */
  now: number;
  /**
   * Retention in calendar months.
   * @default 13
   */
  retentionMonths?: number;
}

/**
 * Validates a range before it is sent to LivePerson: the end must be after the start, the
 * window within the operation's limit, and the start inside the retention.
 *
 * @param options See {@link CheckRangeOptions}.
 * @returns The range as epoch ms.
 * @throws {TypeError} When `from`, `to` or `now` cannot be read as an instant, or the
 * operation or dialect is unknown.
 * @throws {RangeError} E.g. `Cannot query transactions as the window exceeds 24 hours:
 * 2026-11-01T00:00:00.000Z..2026-11-03T00:00:00.000Z`.
 */
export function checkRange(options: CheckRangeOptions): TimeWindow {
  const { operation, dialect, now, retentionMonths = 13 } = options;
  const from = toEpochMs(options.from, "from");
  const to = toEpochMs(options.to, "to");
  const limit = maxWindowMs(operation, dialect);
  const label = `Cannot query ${OPERATION_LABELS[operation]}`;
  if (to <= from) {
    throw new RangeError(`${label} as the end is not after the start: ${formatRange(from, to)}`);
  }
  if (limit !== null && to - from > limit) {
    throw new RangeError(
      `${label} as the window exceeds ${formatDuration(limit)}: ${formatRange(from, to)}`,
    );
  }
  if (from < retentionStart(now, retentionMonths)) {
    throw new RangeError(
      `${label} as the start is older than the ${retentionMonths}-month retention: ${
        formatRange(from, to)
      }`,
    );
  }
  return { from, to };
}

/** The name the shared contract uses for {@link checkRange}; same function. */
export const checkWindow: (options: CheckRangeOptions) => TimeWindow = checkRange;

/** "24 hours", "60 days", "90 minutes" or "1500 ms". */
function formatDuration(ms: number): string {
  if (ms % DAY_MS === 0 && ms > DAY_MS) return `${ms / DAY_MS} days`;
  if (ms % HOUR_MS === 0) return `${ms / HOUR_MS} hours`;
  if (ms % MINUTE_MS === 0) return `${ms / MINUTE_MS} minutes`;
  return `${ms} ms`;
}

/** A short, printable form of any value for error messages. */
function describe(value: unknown): string {
  try {
    const text = typeof value === "string" ? JSON.stringify(value) : String(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
