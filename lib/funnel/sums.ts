/**
 * The running sums behind every aggregation: counts of transactions or analytics rows, the
 * readable (non-SMS) volume, and CSAT as a weighted sum, turned into funnel totals at the end.
 *
 * @module
 */
import type { AnalyticsRow, Transaction } from "../model/canonical.ts";
import type { FunnelTotals } from "./funnel.ts";
import { channelReportsReads } from "./invariants.ts";

/** Running sums; csat is a weighted sum over `csatWeight`. */
export interface Sums {
  attempted: number;
  eligible: number;
  skipped: number;
  sent: number;
  failed: number;
  delivered: number;
  read: number;
  conversationsCreated: number;
  conversationsClosed: number;
  optOuts: number;
  optIns: number;
  attemptedReadable: number;
  deliveredReadable: number;
  csatSum: number;
  csatWeight: number;
  /** Rows seen, and how many carried optOuts / optIns. */
  rows: number;
  optOutRows: number;
  optInRows: number;
}

/**
 * Fresh sums, all zero.
 *
 * @returns Sums to add to.
 */
export function emptySums(): Sums {
  return {
    attempted: 0,
    eligible: 0,
    skipped: 0,
    sent: 0,
    failed: 0,
    delivered: 0,
    read: 0,
    conversationsCreated: 0,
    conversationsClosed: 0,
    optOuts: 0,
    optIns: 0,
    attemptedReadable: 0,
    deliveredReadable: 0,
    csatSum: 0,
    csatWeight: 0,
    rows: 0,
    optOutRows: 0,
    optInRows: 0,
  };
}

/**
 * Counts one transaction's non-null event times; its csat weighs 1.
 *
 * @param sums The sums to add to (mutated).
 * @param tx A transaction with an `attemptedTime` (callers skip the others).
 */
export function addTransaction(sums: Sums, tx: Transaction): void {
  const readable = channelReportsReads(tx.channel);
  sums.rows++;
  sums.optOutRows++;
  sums.optInRows++;
  sums.attempted++; // callers pass only transactions with an attemptedTime
  if (readable) sums.attemptedReadable++;
  if (tx.eligibleTime !== null) sums.eligible++;
  if (tx.skippedTime !== null) sums.skipped++;
  if (tx.sentTime !== null) sums.sent++;
  if (tx.failedTime !== null) sums.failed++;
  if (tx.deliveredTime !== null) {
    sums.delivered++;
    if (readable) sums.deliveredReadable++;
  }
  if (tx.readTime !== null) sums.read++;
  if (tx.conversationsCreatedTime !== null) sums.conversationsCreated++;
  if (tx.conversationsClosedTime !== null) sums.conversationsClosed++;
  if (tx.optOutsTime !== null) sums.optOuts++;
  if (tx.optInsTime !== null) sums.optIns++;
  if (tx.csat !== null) {
    sums.csatSum += tx.csat;
    sums.csatWeight++;
  }
}

/**
 * Adds one analytics row. [INF] CSAT is weighted by conversationsClosed: surveys are offered
 * when a conversation closes, so a row's average stands for that many conversations; rows
 * with csat null or no closed conversations carry no weight.
 *
 * @param sums The sums to add to (mutated).
 * @param row An analytics row.
 */
export function addRow(sums: Sums, row: AnalyticsRow): void {
  sums.rows++;
  sums.attempted += row.attempted;
  sums.eligible += row.eligible;
  sums.skipped += row.skipped;
  sums.sent += row.sent;
  sums.failed += row.failed;
  sums.delivered += row.delivered;
  sums.read += row.read;
  sums.conversationsCreated += row.conversationsCreated;
  sums.conversationsClosed += row.conversationsClosed;
  if (row.optOuts !== undefined) {
    sums.optOuts += row.optOuts;
    sums.optOutRows++;
  }
  if (row.optIns !== undefined) {
    sums.optIns += row.optIns;
    sums.optInRows++;
  }
  if (channelReportsReads(row.channel)) {
    sums.attemptedReadable += row.attempted;
    sums.deliveredReadable += row.delivered;
  }
  if (row.csat !== null && row.conversationsClosed > 0) {
    sums.csatSum += row.csat * row.conversationsClosed;
    sums.csatWeight += row.conversationsClosed;
  }
}

/**
 * Turns sums into funnel totals. `optOuts`/`optIns` are set only when every row carried them.
 *
 * @param sums The sums.
 * @returns The totals, CSAT the weighted mean rounded to 2 decimals (null when nothing weighs).
 */
export function toTotals(sums: Sums): FunnelTotals {
  const totals: FunnelTotals = {
    attempted: sums.attempted,
    eligible: sums.eligible,
    skipped: sums.skipped,
    sent: sums.sent,
    failed: sums.failed,
    delivered: sums.delivered,
    read: sums.read,
    conversationsCreated: sums.conversationsCreated,
    conversationsClosed: sums.conversationsClosed,
    attemptedReadable: sums.attemptedReadable,
    deliveredReadable: sums.deliveredReadable,
    csat: sums.csatWeight > 0 ? round2(sums.csatSum / sums.csatWeight) : null,
  };
  // Opt-outs/ins only when every row carried them (the 2.0 dialect); a partial sum would lie.
  if (sums.rows > 0 && sums.optOutRows === sums.rows) totals.optOuts = sums.optOuts;
  if (sums.rows > 0 && sums.optInRows === sums.rows) totals.optIns = sums.optIns;
  return totals;
}

/**
 * Rounds half up to 2 decimals as written in decimal (1.005 -> 1.01, not 1).
 *
 * @param value A finite number.
 * @returns The rounded value.
 */
export function round2(value: number): number {
  const rounded = Number(`${Math.round(Number(`${value}e2`))}e-2`);
  return Number.isFinite(rounded) ? rounded : Math.round(value * 100) / 100;
}
