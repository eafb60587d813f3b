import type { Channel } from "../model/canonical.ts";
import { isKnownChannel, normalizeChannel } from "../model/channel.ts";
import {
  checkRange,
  maxWindowMs,
  type Operation,
  splitWindows,
  type TimeWindow,
} from "../windows.ts";
import type { ClientContext } from "./context.ts";

/** An instant: a `Date`, epoch milliseconds or an ISO-8601 string. */
export type Instant = Date | number | string;

/** A half-open range `[from, to)` of attempt times. */
export interface RangeQuery {
  from: Instant;
  to: Instant;
  /** Cancels this call. */
  signal?: AbortSignal;
}

/**
 * Checks a range and splits it into the windows `operation` allows in the client's dialect,
 * aligned to UTC days; the part after `now` holds no data and is not asked for.
 * @throws {TypeError} when `from` or `to` is not an instant.
 * @throws {RangeError} when `to` is not after `from`, or `from` is beyond the retention.
 */
export function planWindows(
  context: ClientContext,
  operation: Operation,
  query: RangeQuery,
): TimeWindow[] {
  const now = context.now();
  const { from, to } = checkRange({
    operation,
    dialect: context.dialect,
    from: query.from,
    to: query.to,
    now,
    retentionMonths: context.retentionMonths,
    anyLength: true,
  });
  const end = Math.min(to, now);
  if (end <= from) return [];
  const span = maxWindowMs(operation, context.dialect) ?? end - from;
  return splitWindows(from, end, span, { alignToUtcDay: true });
}

/**
 * Normalizes channel filters to `sms | wa | inapp`.
 * @throws {TypeError} on a channel LivePerson does not report.
 */
export function checkChannels(channels: readonly string[] | undefined): Channel[] | undefined {
  return checkList(channels, "channels")?.map((channel) => {
    const normalized = normalizeChannel(channel);
    if (!isKnownChannel(normalized)) {
      throw new TypeError(
        `Cannot filter by channel as it is not sms, wa or inapp: ${JSON.stringify(channel)}`,
      );
    }
    return normalized;
  });
}

/**
 * Checks a filter list: an array of non-empty strings, or absent.
 * @throws {TypeError} otherwise.
 */
export function checkList(
  values: readonly string[] | undefined,
  name: string,
): string[] | undefined {
  if (values === undefined) return undefined;
  if (
    !Array.isArray(values) ||
    !values.every((value) => typeof value === "string" && value.trim() !== "")
  ) {
    throw new TypeError(`Cannot filter by ${name} as it is not a list of non-empty strings`);
  }
  return [...values];
}
