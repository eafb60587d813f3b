/**
 * Funnel groups as CSV: the group's key, its totals, then each stage's conversion rates.
 *
 * @module
 */
import type { FunnelDimension, FunnelGroup } from "../client/funnel-report.ts";
import { FUNNEL_STAGES, type Rate } from "../funnel/funnel.ts";
import { COUNT_FIELDS } from "./analytics-csv.ts";
import { type CsvColumn, type CsvOptions, toCsv } from "./csv.ts";

const DIMENSION_ORDER: readonly FunnelDimension[] = [
  "day",
  "channel",
  "skill",
  "account",
  "campaign",
  "handoff",
  "ivrNumber",
];

const TOTAL_FIELDS = COUNT_FIELDS;

function rateCell(rate: Rate): number | null {
  return typeof rate === "number" ? rate : null;
}

/**
 * The CSV columns of a list of funnel groups: first the dimensions the groups are keyed by
 * (in `day, channel, skill, account, campaign, handoff, ivrNumber` order), then the totals
 * (`attempted` … `conversationsClosed`, `optOuts`, `optIns`, `csat`), then per stage after
 * `attempted` `<stage>FromPrevious` and `<stage>FromStart` as ratios. A rate that is not
 * applicable (reads on SMS) or has a zero denominator is an empty field.
 *
 * @param groups The groups the columns are for.
 * @returns The columns, in file order.
 */
export function funnelCsvColumns(groups: readonly FunnelGroup[]): CsvColumn<FunnelGroup>[] {
  const dimensions = DIMENSION_ORDER.filter((dimension) =>
    groups.some((group) => dimension in group.key)
  );
  const stages = FUNNEL_STAGES.slice(1).map((stage, index) => ({ stage, index: index + 1 }));
  return [
    ...dimensions.map((dimension): CsvColumn<FunnelGroup> => ({
      name: dimension,
      value: (group) => group.key[dimension],
    })),
    ...TOTAL_FIELDS.map((field): CsvColumn<FunnelGroup> => ({
      name: field,
      value: (group) => group.totals[field],
    })),
    ...stages.flatMap(({ stage, index }): CsvColumn<FunnelGroup>[] => [
      {
        name: `${stage}FromPrevious`,
        value: (group) => rateCell(group.funnel.stages[index]?.fromPrevious ?? null),
      },
      {
        name: `${stage}FromStart`,
        value: (group) => rateCell(group.funnel.stages[index]?.fromStart ?? null),
      },
    ]),
  ];
}

/**
 * Funnel groups as CSV chunks: a header row, then one line per group
 * (see {@link funnelCsvColumns}).
 *
 * @param groups The groups, e.g. from `client.funnel({ from, to, groupBy: "channel" })`.
 * @param options See {@link CsvOptions}.
 * @returns Chunks of CSV text, each a whole line.
 */
export function funnelToCsv(
  groups: readonly FunnelGroup[],
  options: CsvOptions = {},
): AsyncGenerator<string, void, undefined> {
  return toCsv(groups, funnelCsvColumns(groups), options);
}
