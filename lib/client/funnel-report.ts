import { groupTransactions } from "../funnel/group-transactions.ts";
import { accountAnalytics, type AnalyticsQuery } from "./analytics.ts";
import type { ClientContext } from "./context.ts";
import {
  type FunnelGroup,
  funnelOfRows,
  funnelOfTotals,
  type FunnelSelection,
  planFunnel,
} from "./funnel-plan.ts";
import { transactions } from "./transactions.ts";

export type { FunnelDimension, FunnelGroup } from "./funnel-plan.ts";

/** A funnel query: a range, the grouping and the filters (see `FunnelSelection`). */
export interface FunnelQuery extends AnalyticsQuery, FunnelSelection {}

/**
 * The outbound funnel of a range, grouped: checked and grouped by `planFunnel` and its
 * helpers (`funnel-plan.ts`), as the proxy's `/_edge/funnel` is; rows come from account
 * analytics, a transaction dimension's totals from the range's transactions.
 * @throws {TypeError} on an unknown dimension or filter; {@link RangeError} when a
 * transaction dimension is combined with another, or on a bad range.
 */
export async function funnelReport(
  context: ClientContext,
  query: FunnelQuery,
): Promise<FunnelGroup[]> {
  const plan = planFunnel({
    ...query,
    now: context.now(),
    retentionMonths: context.retentionMonths,
  });
  if (plan.transactionDimension === null) {
    const rows = await accountAnalytics(context, query);
    return funnelOfRows(rows.map((row) => ({ ...row, accountId: context.accountId })), plan);
  }
  const all = await transactions(context, query).toArray();
  return funnelOfTotals(
    plan.transactionDimension,
    groupTransactions(all, plan.transactionDimension),
  );
}
