/**
 * Time windows for the Outbound Reporting API: the per-operation window limits and the
 * range check run before a query is sent. All ranges are half-open: `[from, to)`.
 *
 * This is also the one import for the time helpers it builds on, re-exported from
 * `lib/time/`: durations, epoch-millisecond validation and parsing (`instants.ts`), UTC day
 * formats (`utc-days.ts`), the 13-month retention (`retention.ts`) and splitting a long range
 * into windows LivePerson accepts (`split-windows.ts`).
 *
 * @module
 */
import type { Dialect } from "./model/canonical.ts";
import { DAY_MS, formatDuration } from "./time/durations.ts";
import { describeValue, formatRange, type TimeWindow, toEpochMs } from "./time/instants.ts";
import { retentionStart } from "./time/retention.ts";

export { DAY_MS, HOUR_MS, MINUTE_MS } from "./time/durations.ts";
export { assertEpochMs, formatRange, toEpochMs } from "./time/instants.ts";
export type { TimeWindow } from "./time/instants.ts";
export { formatTransactionDay, formatUtcDay, parseDay, startOfUtcDay } from "./time/utc-days.ts";
export { retentionStart } from "./time/retention.ts";
export { splitWindows } from "./time/split-windows.ts";
export type { SplitWindowsOptions } from "./time/split-windows.ts";

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
      `Cannot look up a window limit as the dialect is unknown: ${describeValue(dialect)}`,
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
        `Cannot look up a window limit as the operation is unknown: ${describeValue(operation)}`,
      );
  }
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
  /**
   * Accept a range longer than one window (the caller splits it).
   * @default false
   */
  anyLength?: boolean;
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
  const { operation, dialect, now, retentionMonths = 13, anyLength = false } = options;
  const from = toEpochMs(options.from, "from");
  const to = toEpochMs(options.to, "to");
  const limit = maxWindowMs(operation, dialect);
  const label = `Cannot query ${OPERATION_LABELS[operation]}`;
  if (to <= from) {
    throw new RangeError(`${label} as the end is not after the start: ${formatRange(from, to)}`);
  }
  if (limit !== null && !anyLength && to - from > limit) {
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
