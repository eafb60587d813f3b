import type { Transaction, TransactionFilters } from "./canonical.ts";
import { normalizeChannel } from "./channel.ts";
import { statusOf } from "./transaction-status.ts";

/**
 * The test of one transaction against every filter present: channels (any case or alias),
 * skills, handoff ids and statuses (any case), as LivePerson applies them.
 */
export function transactionMatcher(filters: TransactionFilters): (tx: Transaction) => boolean {
  const channels = filters.channels?.map(normalizeChannel);
  const statuses = filters.statuses?.map((status) => status.toUpperCase());
  const { skills, handoffIds } = filters;
  return (tx) =>
    (channels === undefined || channels.includes(tx.channel)) &&
    (skills === undefined || (tx.skill !== null && skills.includes(tx.skill))) &&
    (handoffIds === undefined || (tx.handOffId !== null && handoffIds.includes(tx.handOffId))) &&
    (statuses === undefined || statuses.includes(statusOf(tx)));
}

/**
 * The transactions that pass every filter present: channels (any case or alias), skills,
 * handoff ids and statuses (any case), as LivePerson applies them.
 */
export function selectTransactions(
  rows: readonly Transaction[],
  filters: TransactionFilters,
): Transaction[] {
  return rows.filter(transactionMatcher(filters));
}
