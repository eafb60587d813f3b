import {
  ANALYTICS_CSV_COLUMNS,
  COUNT_FIELDS,
  type CsvColumn,
  groupRows,
  type RowDimension,
  type RowGroup,
} from "../../lib/mod.ts";
import { type CommandContext, filtersOf, formatOf } from "../command-context.ts";
import { writeRecords } from "../write-records.ts";

const TOTALS = COUNT_FIELDS;

function groupColumns(dimensions: readonly RowDimension[]): CsvColumn<RowGroup>[] {
  return [
    ...dimensions.map((d): CsvColumn<RowGroup> => ({ name: d, value: (g) => g.key[d] })),
    ...TOTALS.map((t): CsvColumn<RowGroup> => ({ name: t, value: (g) => g.totals[t] })),
  ];
}

/**
 * `analytics`: account analytics rows of the range, or their sums per `--group-by`.
 * @returns How many rows were written.
 */
export async function analyticsCommand(context: CommandContext): Promise<number> {
  const { invocation, client, from, to, signal } = context;
  const rows = await client.accountAnalytics({ from, to, signal, ...filtersOf(context) });
  const format = formatOf(context, "table");
  if (invocation.groupBy.length === 0) {
    return writeRecords(context.sink, format, rows, { csv: ANALYTICS_CSV_COLUMNS });
  }
  const dimensions = invocation.groupBy as RowDimension[];
  const { accountId } = context;
  const groups = groupRows(rows.map((row) => ({ ...row, accountId })), dimensions);
  return writeRecords(context.sink, format, groups, { csv: groupColumns(dimensions) });
}
