/**
 * One canonical analytics row -> the row each dialect sends.
 *
 * @module
 */
import type { AnalyticsRow, Dialect } from "./canonical.ts";
import { formatChannel } from "./channel.ts";

// LP: current `transactionday` is "MM-DD-YYYY" (notes §1a); a non-date day is kept as given.
function transactionDay(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return match === null ? day : `${match[2]}-${match[3]}-${match[1]}`;
}

/**
 * One analytics row as the dialect sends it. Current: lowercase keys, `transactionday`
 * "MM-DD-YYYY", `csat` a string ("0" when none). 2.0: `date`, uppercase channel, `optOuts` and
 * `optIns` (when the row has them), `csat` a number (0 when none).
 *
 * @param row A canonical row.
 * @param dialect The wire dialect.
 * @returns The wire row.
 */
export function analyticsRowToWire(row: AnalyticsRow, dialect: Dialect): Record<string, unknown> {
  const channel = formatChannel(row.channel, dialect);
  if (dialect === "current") {
    return {
      channel,
      skill: row.skill,
      transactionday: transactionDay(row.day),
      attempted: row.attempted,
      eligible: row.eligible,
      skipped: row.skipped,
      sent: row.sent,
      failed: row.failed,
      delivered: row.delivered,
      read: row.read,
      conversationscreated: row.conversationsCreated,
      conversationsclosed: row.conversationsClosed,
      csat: String(row.csat ?? 0),
    };
  }
  return {
    date: row.day,
    channel,
    skill: row.skill,
    attempted: row.attempted,
    eligible: row.eligible,
    skipped: row.skipped,
    ...(row.optOuts === undefined ? {} : { optOuts: row.optOuts }),
    sent: row.sent,
    failed: row.failed,
    delivered: row.delivered,
    read: row.read,
    ...(row.optIns === undefined ? {} : { optIns: row.optIns }),
    conversationsCreated: row.conversationsCreated,
    conversationsClosed: row.conversationsClosed,
    csat: row.csat ?? 0,
  };
}
