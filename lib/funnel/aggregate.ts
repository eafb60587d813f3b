/**
 * Aggregation: analytics rows from raw transactions (how the sandbox computes its
 * analytics), funnel totals of rows or transactions, and (re-exported from
 * `group-rows.ts` and `group-transactions.ts`) the regrouping of rows and the breakdowns
 * LivePerson does not offer (per campaign, handoff, IVR number, account).
 *
 * @module
 */
import type { AnalyticsRow, Channel, Transaction } from "../model/canonical.ts";
import type { FunnelTotals } from "./funnel.ts";
import { compare, utcDay } from "./group-keys.ts";
import { addRow, addTransaction, emptySums, round2, type Sums, toTotals } from "./sums.ts";

export type { AccountScoped } from "./group-keys.ts";
export { groupRows } from "./group-rows.ts";
export type { RowDimension, RowGroup } from "./group-rows.ts";
export { groupTransactions } from "./group-transactions.ts";
export type { TransactionDimension, TransactionGroup } from "./group-transactions.ts";

/**
 * Builds analytics rows from transactions: one row per (UTC day of `attemptedTime`, channel,
 * skill), sorted by day, channel, skill. Each count is the number of non-null event times
 * (`attempted` = `attemptedTime`, `optOuts` = `optOutsTime`, ...); `csat` is the mean of
 * the non-null `csat` values, rounded to 2 decimals, or null. Transactions without an
 * `attemptedTime` belong to no row (LP keys everything by attempted time, notes §1a) and are
 * skipped; a null skill becomes `""`.
 *
 * @param transactions Canonical transactions, in any order.
 * @returns The rows, with `optOuts` and `optIns` always set.
 * @throws {TypeError | RangeError} When an `attemptedTime` is not a valid epoch ms.
 */
export function analyticsFromTransactions(transactions: Iterable<Transaction>): AnalyticsRow[] {
  const groups = new Map<string, { day: string; channel: Channel; skill: string; sums: Sums }>();
  const days = new Map<number, string>();
  for (const tx of transactions) {
    if (tx.attemptedTime === null) continue;
    const day = utcDay(days, tx.attemptedTime);
    const skill = tx.skill ?? "";
    const key = `${day}\u0000${tx.channel}\u0000${skill}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { day, channel: tx.channel, skill, sums: emptySums() };
      groups.set(key, group);
    }
    addTransaction(group.sums, tx);
  }
  const rows: AnalyticsRow[] = [];
  for (const { day, channel, skill, sums } of groups.values()) {
    rows.push({
      day,
      channel,
      skill,
      attempted: sums.attempted,
      eligible: sums.eligible,
      skipped: sums.skipped,
      sent: sums.sent,
      failed: sums.failed,
      delivered: sums.delivered,
      read: sums.read,
      conversationsCreated: sums.conversationsCreated,
      conversationsClosed: sums.conversationsClosed,
      optOuts: sums.optOuts,
      optIns: sums.optIns,
      csat: sums.csatWeight > 0 ? round2(sums.csatSum / sums.csatWeight) : null,
    });
  }
  return rows.sort((a, b) =>
    compare(a.day, b.day) || compare(a.channel, b.channel) || compare(a.skill, b.skill)
  );
}

/**
 * Sums analytics rows into funnel totals, with the non-SMS part of attempted and delivered
 * in `attemptedReadable`/`deliveredReadable` and CSAT re-weighted by `conversationsClosed`
 * ([INF] surveys are offered when a conversation closes; rows with csat null or no closed
 * conversations carry no weight; rounded to 2 decimals; null when nothing weighs).
 * `optOuts`/`optIns` are set only when every row carries them.
 *
 * @param rows Analytics rows.
 * @returns The totals.
 */
export function funnelTotals(rows: Iterable<AnalyticsRow>): FunnelTotals {
  const sums = emptySums();
  for (const row of rows) addRow(sums, row);
  return toTotals(sums);
}

/**
 * Counts transactions into funnel totals (as {@link analyticsFromTransactions} counts a
 * row, over all of them). Transactions without `attemptedTime` are skipped. CSAT is the mean
 * of the non-null `csat` values (each survey weighs 1), rounded to 2 decimals.
 *
 * @param transactions Canonical transactions.
 * @returns The totals, with `optOuts`, `optIns` and the readable volume set.
 */
export function totalsFromTransactions(transactions: Iterable<Transaction>): FunnelTotals {
  const sums = emptySums();
  for (const tx of transactions) if (tx.attemptedTime !== null) addTransaction(sums, tx);
  return toTotals(sums);
}
