/**
 * Analytics rows, wire -> canonical, for both dialects: days "YYYY-MM-DD", channels
 * lowercase, `csat` a number or null. Rows are already validated by the dialect's schema.
 *
 * @module
 */
import type { AnalyticsRow } from "./canonical.ts";
import { normalizeChannel } from "./channel.ts";
import type * as wire20 from "./wire-2-0.ts";
import type * as current from "./wire-current.ts";
import { readCsat } from "./wire-readers.ts";

/**
 * Turns a wire day into "YYYY-MM-DD": "MM-DD-YYYY" (the current dialect's `transactionday`,
 * e.g. "10-25-2021", notes §1a) is reordered; anything else, including "YYYY-MM-DD" and the
 * 2.0 spec's placeholder `"string"`, is kept as given.
 *
 * @param value A wire day.
 * @returns The canonical day, or `value` when it is not a recognizable date.
 */
export function normalizeDay(value: string): string {
  const match = /^(\d{2})-(\d{2})-(\d{4})$/.exec(value);
  return match === null ? value : `${match[3]}-${match[1]}-${match[2]}`;
}

/**
 * A canonical row from a current-dialect row (lowercase keys, `transactionday`).
 *
 * @param row A validated current analytics row.
 * @returns The row, without `optOuts`/`optIns` (the current dialect has none).
 */
export function analyticsRowFromCurrent(row: current.AnalyticsRowWire): AnalyticsRow {
  return {
    day: normalizeDay(row.transactionday),
    channel: normalizeChannel(row.channel),
    skill: row.skill,
    attempted: row.attempted,
    eligible: row.eligible,
    skipped: row.skipped,
    sent: row.sent,
    failed: row.failed,
    delivered: row.delivered,
    read: row.read,
    conversationsCreated: row.conversationscreated,
    conversationsClosed: row.conversationsclosed,
    csat: readCsat(row.csat),
  };
}

/**
 * A canonical row from a 2.0 row (camelCase keys, `date`, uppercase channel).
 *
 * @param row A validated 2.0 analytics row.
 * @returns The row, with `optOuts`/`optIns` when the wire row has them.
 */
export function analyticsRowFrom20(row: wire20.AnalyticsRowWire): AnalyticsRow {
  const out: AnalyticsRow = {
    day: normalizeDay(row.date),
    channel: normalizeChannel(row.channel),
    skill: row.skill,
    attempted: row.attempted,
    eligible: row.eligible,
    skipped: row.skipped,
    sent: row.sent,
    failed: row.failed,
    delivered: row.delivered,
    read: row.read,
    conversationsCreated: row.conversationsCreated,
    conversationsClosed: row.conversationsClosed,
    csat: readCsat(row.csat),
  };
  if (row.optOuts !== undefined) out.optOuts = row.optOuts;
  if (row.optIns !== undefined) out.optIns = row.optIns;
  return out;
}
