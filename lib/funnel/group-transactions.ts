/**
 * Grouping transactions by the dimensions LivePerson's analytics lack (campaign, handoff,
 * IVR number, account) or share (day, channel, skill).
 *
 * @module
 */
import { classifyFailure } from "../failures.ts";
import type { Transaction } from "../model/canonical.ts";
import type { FunnelTotals } from "./funnel.ts";
import { type AccountScoped, compare, utcDay } from "./group-keys.ts";
import { addTransaction, emptySums, type Sums, toTotals } from "./sums.ts";

/** A dimension transactions can be grouped by. */
export type TransactionDimension =
  | "campaign"
  | "handoff"
  | "ivrNumber"
  | "account"
  | "day"
  | "channel"
  | "skill"
  | "failureCategory";

/** Transactions summed over one dimension value. */
export interface TransactionGroup {
  /** The value, e.g. a campaign id; null for transactions without one. */
  key: string | null;
  /** The counted events, ready for computeFunnel(). */
  totals: FunnelTotals;
}

/** The value of one dimension for a transaction. */
export type KeyOf = (tx: AccountScoped<Transaction>) => string | null | undefined;

/**
 * The key function for a dimension (a fresh one per call: `day` caches its formatting).
 * @returns undefined for an unknown dimension.
 */
export function transactionKey(by: TransactionDimension): KeyOf | undefined {
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
    case "failureCategory":
      // Only failed transactions have a category; the others group under null.
      return (tx) =>
        tx.failedTime === null ? null : classifyFailure(tx.errorSource, tx.errorCode).category;
    default:
      return undefined;
  }
}

/**
 * Groups transactions by one dimension LivePerson's analytics lack or share: campaign
 * (`proactiveCampaignId`), handoff (`handOffId`), IVR number, account (`accountId`), day
 * (UTC day of `attemptedTime`), channel, skill, or failure category (the delivery-failure
 * taxonomy of `lib/failures.ts`; transactions that did not fail group under `null`). An empty
 * or missing value groups under `null` ([INF] the docs show `"ivrNumber":""` for none, notes §1e). Transactions without
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
