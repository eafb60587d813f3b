import { ANALYTICS_CSV_COLUMNS } from "../../lib/mod.ts";
import { type CommandContext, formatOf } from "../command-context.ts";
import { writeRecords } from "../write-records.ts";

/**
 * `campaign-analytics <id>`: analytics rows of a Proactive campaign (a table by default).
 * @returns How many rows were written.
 */
export async function campaignAnalyticsCommand(context: CommandContext): Promise<number> {
  const { client, signal, invocation } = context;
  const rows = await client.campaignAnalytics(invocation.campaignId ?? "", { signal });
  return writeRecords(context.sink, formatOf(context, "table"), rows, {
    csv: ANALYTICS_CSV_COLUMNS,
  });
}
