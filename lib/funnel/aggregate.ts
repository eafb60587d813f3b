/**
 * Aggregation: analytics rows from raw transactions (how the sandbox computes its
 * analytics), regrouping of analytics rows, funnel totals, and the breakdowns LivePerson
 * does not offer (per campaign, handoff, IVR number, account), computed from transactions.
 *
 * @module
 */
import type { AnalyticsRow, Channel, Transaction } from "../model/canonical.ts";
import { DAY_MS, formatUtcDay } from "../windows.ts";
import type { FunnelTotals } from "./funnel.ts";
import { channelReportsReads } from "./invariants.ts";

/** A value tagged with the account it came from, for grouping across accounts. */
export type AccountScoped<T> = T & { accountId?: string };

/** A dimension analytics rows can be grouped by. */
export type RowDimension = "day" | "channel" | "skill" | "account";

/** A dimension transactions can be grouped by. */
export type TransactionDimension =
  | "campaign"
  | "handoff"
  | "ivrNumber"
  | "account"
  | "day"
  | "channel"
  | "skill";

/** Analytics rows summed over one combination of dimension values. */
export interface RowGroup {
  /** The dimension values, e.g. `{ day: "2026-11-01", channel: "sms" }`. */
  key: Partial<Record<RowDimension, string>>;
  /** The summed counts, ready for computeFunnel(). */
  totals: FunnelTotals;
}

/** Transactions summed over one dimension value. */
export interface TransactionGroup {
  /** The value, e.g. a campaign id; null for transactions without one. */
  key: string | null;
  /** The counted events, ready for computeFunnel(). */
  totals: FunnelTotals;
}

/** Running sums; csat is a weighted sum over `csatWeight`. */
interface Sums {
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

function emptySums(): Sums {
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

/** Counts one transaction's non-null event times; its csat weighs 1. */
function addTransaction(sums: Sums, tx: Transaction): void {
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
 */
function addRow(sums: Sums, row: AnalyticsRow): void {
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

function toTotals(sums: Sums): FunnelTotals {
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

const ROW_DIMENSIONS: readonly RowDimension[] = ["day", "channel", "skill", "account"];

/**
 * Groups analytics rows by any of day, channel, skill and account (`accountId`, `""` when
 * absent), summing them as {@link funnelTotals} does.
 *
 * @param rows Analytics rows, optionally tagged with `accountId`.
 * @param by The dimensions, in sort order; `[]` gives one group of everything.
 * @returns One group per combination present, sorted by the key values.
 * @throws {TypeError} When a dimension is unknown.
 * @example Per channel
 * ```ts
 * import { groupRows } from "./aggregate.ts";
 * const row = { day: "2026-11-20", channel: "sms", skill: "billing", attempted: 100, eligible: 95, skipped: 2,
 *   sent: 90, failed: 6, delivered: 84, read: 0, conversationsCreated: 20, conversationsClosed: 18, csat: 4.2 };
 * const groups = groupRows([row, { ...row, channel: "wa", read: 70 }], ["channel"]);
 * console.log(groups.map((group) => group.key.channel)); // ["sms", "wa"]
 * ```
 */
export function groupRows(
  rows: Iterable<AccountScoped<AnalyticsRow>>,
  by: readonly RowDimension[],
): RowGroup[] {
  for (const dimension of by) {
    if (!ROW_DIMENSIONS.includes(dimension)) {
      throw new TypeError(`Cannot group rows as the dimension is unknown: ${String(dimension)}`);
    }
  }
  const dimensions = [...new Set(by)];
  const groups = new Map<string, { values: string[]; sums: Sums }>();
  for (const row of rows) {
    const values = dimensions.map((dimension) =>
      dimension === "account" ? row.accountId ?? "" : row[dimension]
    );
    const key = values.join("\u0000");
    let group = groups.get(key);
    if (group === undefined) {
      group = { values, sums: emptySums() };
      groups.set(key, group);
    }
    addRow(group.sums, row);
  }
  const sorted = [...groups.values()].sort((a, b) => {
    for (let i = 0; i < a.values.length; i++) {
      const order = compare(a.values[i] as string, b.values[i] as string);
      if (order !== 0) return order;
    }
    return 0;
  });
  return sorted.map(({ values, sums }) => ({
    key: Object.fromEntries(dimensions.map((dimension, i) => [dimension, values[i] as string])),
    totals: toTotals(sums),
  }));
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

type KeyOf = (tx: AccountScoped<Transaction>) => string | null | undefined;

/** The key function for a dimension (a fresh one per call: `day` caches its formatting). */
function transactionKey(by: TransactionDimension): KeyOf | undefined {
  switch (by) {
    case "campaign":
      return (tx) => tx.proactiveCampaignId;
    case "handoff":
      return (tx) => tx.handOffId;
    case "ivrNumber":
      return (tx) => tx.ivrNumber;
    case "account":
      return (tx) => tx.accountId;
    case "day": {
      const days = new Map<number, string>();
      return (tx) => tx.attemptedTime === null ? null : utcDay(days, tx.attemptedTime);
    }
    case "channel":
      return (tx) => tx.channel;
    case "skill":
      return (tx) => tx.skill;
    default:
      return undefined;
  }
}

/**
 * Groups transactions by one dimension LivePerson's analytics lack or share: campaign
 * (`proactiveCampaignId`), handoff (`handOffId`), IVR number, account (`accountId`), day
 * (UTC day of `attemptedTime`), channel or skill. An empty or missing value groups under
 * `null` ([INF] the docs show `"ivrNumber":""` for none, notes §1e). Transactions without
 * `attemptedTime` are skipped.
 *
 * @param transactions Canonical transactions, optionally tagged with `accountId`.
 * @param by The dimension.
 * @returns One group per value, sorted by key with `null` last.
 * @throws {TypeError} When the dimension is unknown.
 * @example Per campaign
 * ```ts
 * import { groupTransactions } from "./aggregate.ts";
 * console.log(groupTransactions([], "campaign")); // [] — one group per campaign id, `null` last
 * ```
 */
export function groupTransactions(
  transactions: Iterable<AccountScoped<Transaction>>,
  by: TransactionDimension,
): TransactionGroup[] {
  const keyOf = transactionKey(by);
  if (keyOf === undefined) {
    throw new TypeError(`Cannot group transactions as the dimension is unknown: ${String(by)}`);
  }
  const groups = new Map<string | null, Sums>();
  for (const tx of transactions) {
    if (tx.attemptedTime === null) continue;
    const value = keyOf(tx);
    const key = value === undefined || value === null || value === "" ? null : value;
    let sums = groups.get(key);
    if (sums === undefined) {
      sums = emptySums();
      groups.set(key, sums);
    }
    addTransaction(sums, tx);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a === null ? (b === null ? 0 : 1) : b === null ? -1 : compare(a, b))
    .map(([key, sums]) => ({ key, totals: toTotals(sums) }));
}

/** formatUtcDay(), memoised per day in `cache` (aggregation formats the same few days). */
function utcDay(cache: Map<number, string>, ms: number): string {
  const index = Math.floor(ms / DAY_MS);
  let day = cache.get(index);
  if (day === undefined || !Number.isInteger(ms)) {
    day = formatUtcDay(ms); // validates: a cache hit implies a valid day
    cache.set(index, day);
  }
  return day;
}

/** Code-unit order, the same in every runtime and locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Rounds half up to 2 decimals as written in decimal (1.005 -> 1.01, not 1). */
function round2(value: number): number {
  const rounded = Number(`${Math.round(Number(`${value}e2`))}e-2`);
  return Number.isFinite(rounded) ? rounded : Math.round(value * 100) / 100;
}
