import {
  type CsvColumn,
  funnelCsvColumns,
  type FunnelDimension,
  type FunnelGroup,
  type Rate,
} from "../../lib/mod.ts";
import { type CommandContext, filtersOf, formatOf } from "../command-context.ts";
import { writeRecords } from "../write-records.ts";

const DIMENSIONS: readonly FunnelDimension[] = [
  "day",
  "channel",
  "skill",
  "account",
  "campaign",
  "handoff",
  "ivrNumber",
];
const STAGE_LABELS = [
  "attempted",
  "eligible",
  "sent",
  "delivered",
  "read",
  "created",
  "closed",
] as const;

function percent(rate: Rate | undefined): string {
  if (rate === "not-applicable") return "n/a";
  if (typeof rate !== "number") return "";
  return `${(rate * 100).toFixed(1)}%`;
}

function tableColumns(groups: readonly FunnelGroup[]): CsvColumn<FunnelGroup>[] {
  const keys = DIMENSIONS.filter((d) => groups.some((g) => d in g.key));
  return [
    ...keys.map((d): CsvColumn<FunnelGroup> => ({ name: d, value: (g) => g.key[d] ?? "" })),
    ...STAGE_LABELS.map((name, index): CsvColumn<FunnelGroup> => ({
      name,
      value: (g) => {
        const stage = g.funnel.stages[index];
        if (stage?.count === null || stage === undefined) return "n/a";
        const count = stage.count.toLocaleString("en-US");
        return index === 0 ? count : `${count} (${percent(stage.fromPrevious)})`;
      },
    })),
    {
      name: "failed",
      value: (g) => `${g.totals.failed.toLocaleString("en-US")}`,
    },
    { name: "csat", value: (g) => g.funnel.csat === null ? "" : g.funnel.csat.toFixed(2) },
  ];
}

/**
 * `funnel`: the outbound funnel of the range, grouped by `--group-by`.
 * @returns How many groups were written.
 */
export async function funnelCommand(context: CommandContext): Promise<number> {
  const { invocation, client, from, to, signal } = context;
  const groups = await client.funnel({
    from,
    to,
    signal,
    groupBy: invocation.groupBy as FunnelDimension[],
    ...filtersOf(context),
  });
  return writeRecords(context.sink, formatOf(context, "table"), groups, {
    csv: funnelCsvColumns(groups),
    table: tableColumns(groups),
  });
}
