import { CONSUMER_REPORT_CSV_COLUMNS } from "../../lib/mod.ts";
import { type CommandContext, formatOf } from "../command-context.ts";
import { writeRecords } from "../write-records.ts";

/**
 * `campaign <id>`: the per-consumer report of a Proactive campaign (CSV by default).
 * @returns How many entries were written.
 */
export function campaignCommand(context: CommandContext): Promise<number> {
  const { client, signal, invocation } = context;
  const source = client.campaignReport(invocation.campaignId ?? "", { signal });
  return writeRecords(context.sink, formatOf(context, "csv"), source, {
    csv: CONSUMER_REPORT_CSV_COLUMNS,
  });
}
