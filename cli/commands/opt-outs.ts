import { OPT_OUT_CSV_COLUMNS } from "../../lib/mod.ts";
import { type CommandContext, formatOf } from "../command-context.ts";
import { writeRecords } from "../write-records.ts";

/**
 * `opt-outs`: every opt-out in reply to the messages attempted in the range (CSV by default).
 * @returns How many opt-outs were written.
 */
export function optOutsCommand(context: CommandContext): Promise<number> {
  const { client, from, to, signal } = context;
  return writeRecords(
    context.sink,
    formatOf(context, "csv"),
    client.optOuts({ from, to, signal }),
    {
      csv: OPT_OUT_CSV_COLUMNS,
    },
  );
}
