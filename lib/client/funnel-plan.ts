/**
 * A funnel query checked and planned, and its groups built: the one validation, filtering
 * and grouping of a funnel, shared by `ReportingClient.funnel` (`funnel-report.ts`) and the
 * proxy's `/_edge/funnel`, whichever way each gets its rows and transactions.
 *
 * @module
 */
import { groupRows, type RowDimension } from "../funnel/group-rows.ts";
import type { AccountScoped } from "../funnel/group-keys.ts";
import { computeFunnel, type Funnel, type FunnelTotals } from "../funnel/funnel.ts";
import type { AnalyticsFilters, AnalyticsRow } from "../model/canonical.ts";
import { checkRange, type TimeWindow } from "../windows.ts";
import { checkChannels, checkList, type Instant } from "./query.ts";

/** A dimension a funnel is grouped by, from analytics rows. */
export type FunnelRowDimension = RowDimension;

/** A dimension a funnel is grouped by, from transactions: breakdowns LivePerson lacks. */
export type FunnelTransactionDimension = "campaign" | "handoff" | "ivrNumber" | "failureCategory";

/** What a funnel can be grouped by: from analytics, or computed from transactions. */
export type FunnelDimension = FunnelRowDimension | FunnelTransactionDimension;

/** The grouping and filters of a funnel. */
export interface FunnelSelection {
  /**
   * Group by any of `day | channel | skill | account` (from analytics), or by one of
   * `campaign | handoff | ivrNumber | failureCategory` (computed from transactions:
   * breakdowns LivePerson lacks).
   * @default [] (one funnel for the whole range)
   */
  groupBy?: FunnelDimension | readonly FunnelDimension[];
  /** Only these channels (`sms`, `wa`, `inapp`; any case). */
  channels?: readonly string[];
  /** Only these skills. */
  skills?: readonly string[];
}

/** What {@link planFunnel} checks: the grouping and filters, and the range. */
export interface FunnelPlanInput extends FunnelSelection {
  /** Inclusive start. */
  from: Instant;
  /** Exclusive end. */
  to: Instant;
  /** The current time, epoch ms. */
  now: number;
  /**
   * Retention in calendar months.
   * @default 13
   */
  retentionMonths?: number;
}

/** A funnel query, checked. */
export interface FunnelPlan {
  /** The range, epoch ms. */
  window: TimeWindow;
  /** The dimensions, in order. */
  groupBy: FunnelDimension[];
  /** The transaction dimension when the funnel is grouped by one (then it is the only one). */
  transactionDimension: FunnelTransactionDimension | null;
  /** The filters present; channels normalized. */
  filters: AnalyticsFilters;
}

/** One group's funnel. */
export interface FunnelGroup {
  /** The group's value per dimension (`null` where transactions carry none). */
  key: Partial<Record<FunnelDimension, string | null>>;
  totals: FunnelTotals;
  funnel: Funnel;
}

/** The dimensions from analytics rows. */
const FUNNEL_ROW_DIMENSIONS: readonly FunnelRowDimension[] = Object.freeze(
  ["day", "channel", "skill", "account"] as const,
);
/** The dimensions from transactions. */
const FUNNEL_TRANSACTION_DIMENSIONS: readonly FunnelTransactionDimension[] = Object.freeze(
  ["campaign", "handoff", "ivrNumber", "failureCategory"] as const,
);

/**
 * Checks a funnel query: the range (end after start, start inside the retention; any
 * length), the dimensions and the filters.
 *
 * @param input See {@link FunnelPlanInput}.
 * @returns The plan.
 * @throws {TypeError} On an unknown dimension, a channel LivePerson does not report, a filter
 *   that is not a list of non-empty strings, or a bound that is not an instant.
 * @throws {RangeError} When a transaction dimension is combined with another, or the range is
 *   refused (e.g. `Cannot query account analytics as the start is older than the 13-month
 *   retention: ...`).
 */
export function planFunnel(input: FunnelPlanInput): FunnelPlan {
  const groupBy: FunnelDimension[] = input.groupBy === undefined
    ? []
    : typeof input.groupBy === "string"
    ? [input.groupBy]
    : [...input.groupBy];
  for (const dimension of groupBy) {
    if (!isFunnelDimension(dimension)) {
      throw new TypeError(
        `Cannot group a funnel by an unknown dimension: ${JSON.stringify(String(dimension))}`,
      );
    }
  }
  const transactionDimension = groupBy.find(isTransactionDimension) ?? null;
  if (transactionDimension !== null && groupBy.length > 1) {
    throw new RangeError(
      `Cannot group a funnel by ${transactionDimension} together with other dimensions: ${
        groupBy.join(", ")
      }`,
    );
  }
  const window = checkRange({
    operation: transactionDimension === null ? "accountAnalytics" : "transactions",
    dialect: "current",
    from: input.from,
    to: input.to,
    now: input.now,
    retentionMonths: input.retentionMonths ?? 13,
    anyLength: true,
  });
  const filters: AnalyticsFilters = {};
  const channels = checkChannels(input.channels);
  const skills = checkList(input.skills, "skills");
  if (channels !== undefined) filters.channels = channels;
  if (skills !== undefined) filters.skills = skills;
  return { window, groupBy, transactionDimension, filters };
}

/**
 * The funnel groups of analytics rows: the rows the plan's filters keep, grouped by its row
 * dimensions.
 *
 * @param rows Analytics rows, tagged with `accountId` for the `account` dimension.
 * @param plan A plan without a transaction dimension.
 * @returns One group per combination present, sorted by key.
 */
export function funnelOfRows(
  rows: readonly AccountScoped<AnalyticsRow>[],
  plan: FunnelPlan,
): FunnelGroup[] {
  const { channels, skills } = plan.filters;
  const kept = rows.filter((row) =>
    (channels === undefined || channels.includes(row.channel)) &&
    (skills === undefined || skills.includes(row.skill))
  );
  return groupRows(kept, plan.groupBy as FunnelRowDimension[]).map(({ key, totals }) => ({
    key,
    totals,
    funnel: computeFunnel(totals, key.channel === undefined ? {} : { channel: key.channel }),
  }));
}

/**
 * The funnel groups of one transaction dimension, from its totals per value (summed from
 * transactions or from stored rollups).
 *
 * @param dimension The transaction dimension.
 * @param groups The totals per value, in order.
 * @returns The groups, keyed by the dimension.
 */
export function funnelOfTotals(
  dimension: FunnelTransactionDimension,
  groups: readonly { key: string | null; totals: FunnelTotals }[],
): FunnelGroup[] {
  return groups.map(({ key, totals }) => ({
    key: { [dimension]: key },
    totals,
    funnel: computeFunnel(totals),
  }));
}

function isFunnelDimension(value: string): value is FunnelDimension {
  return (FUNNEL_ROW_DIMENSIONS as readonly string[]).includes(value) ||
    isTransactionDimension(value);
}

function isTransactionDimension(value: string): value is FunnelTransactionDimension {
  return (FUNNEL_TRANSACTION_DIMENSIONS as readonly string[]).includes(value);
}
