import { groupRows, groupTransactions, type RowDimension } from "../funnel/aggregate.ts";
import { computeFunnel, type Funnel, type FunnelTotals } from "../funnel/funnel.ts";
import type { Channel } from "../model/canonical.ts";
import { accountAnalytics, type AnalyticsQuery } from "./analytics.ts";
import type { ClientContext } from "./context.ts";
import { transactions } from "./transactions.ts";

/** What a funnel can be grouped by: from analytics, or computed from transactions. */
export type FunnelDimension =
  | "day"
  | "channel"
  | "skill"
  | "account"
  | "campaign"
  | "handoff"
  | "ivrNumber";

/** A funnel query: a range and the grouping. */
export interface FunnelQuery extends AnalyticsQuery {
  /**
   * Group by any of `day | channel | skill | account` (from analytics), or by one of
   * `campaign | handoff | ivrNumber` (computed from transactions: breakdowns LivePerson lacks).
   * @default [] (one funnel for the whole range)
   */
  groupBy?: FunnelDimension | readonly FunnelDimension[];
}

/** One group's funnel. */
export interface FunnelGroup {
  /** The group's value per dimension (`null` where transactions carry none). */
  key: Partial<Record<FunnelDimension, string | null>>;
  totals: FunnelTotals;
  funnel: Funnel;
}

const ROW_DIMENSIONS: readonly string[] = ["day", "channel", "skill", "account"];
const TRANSACTION_DIMENSIONS = {
  campaign: "campaign",
  handoff: "handoff",
  ivrNumber: "ivrNumber",
} as const;

/**
 * The outbound funnel of a range, grouped.
 * @throws {TypeError} on an unknown dimension; {@link RangeError} when a transaction
 * dimension is combined with another, or on a bad range.
 */
export async function funnelReport(
  context: ClientContext,
  query: FunnelQuery,
): Promise<FunnelGroup[]> {
  const groupBy = query.groupBy === undefined
    ? []
    : typeof query.groupBy === "string"
    ? [query.groupBy]
    : [...query.groupBy];
  for (const dimension of groupBy) {
    if (!ROW_DIMENSIONS.includes(dimension) && !(dimension in TRANSACTION_DIMENSIONS)) {
      throw new TypeError(
        `Cannot group a funnel by an unknown dimension: ${JSON.stringify(dimension)}`,
      );
    }
  }
  const transactionDimension = groupBy.find((d): d is keyof typeof TRANSACTION_DIMENSIONS =>
    d in TRANSACTION_DIMENSIONS
  );
  if (transactionDimension === undefined) {
    const rows = await accountAnalytics(context, query);
    const tagged = rows.map((row) => ({ ...row, accountId: context.accountId }));
    return groupRows(tagged, groupBy as RowDimension[]).map(({ key, totals }) => ({
      key,
      totals,
      funnel: computeFunnel(totals, channelOption(key.channel)),
    }));
  }
  if (groupBy.length > 1) {
    throw new RangeError(
      `Cannot group a funnel by ${transactionDimension} together with other dimensions: ${
        groupBy.join(", ")
      }`,
    );
  }
  const all = await transactions(context, query).toArray();
  return groupTransactions(all, TRANSACTION_DIMENSIONS[transactionDimension]).map((
    { key, totals },
  ) => ({
    key: { [transactionDimension]: key },
    totals,
    funnel: computeFunnel(totals),
  }));
}

function channelOption(channel: string | undefined): { channel?: Channel } {
  return channel === undefined ? {} : { channel };
}
