import { TRANSACTION_CSV_COLUMNS, transactionToNdjson } from "../../lib/mod.ts";
import { type CommandContext, filtersOf, formatOf } from "../command-context.ts";
import { writeRecords } from "../write-records.ts";

const TABLE_FIELDS = new Set([
  "transactionId",
  "channel",
  "skill",
  "proactiveCampaignId",
  "attemptedTime",
  "deliveredTime",
  "readTime",
  "failedTime",
  "errorCode",
]);

/**
 * `transactions`: every raw transaction of the range, streamed as it arrives (CSV by default).
 * @returns How many transactions were written.
 */
export function transactionsCommand(context: CommandContext): Promise<number> {
  const { client, from, to, signal } = context;
  const source = client.transactions({ from, to, signal, ...filtersOf(context) });
  return writeRecords(context.sink, formatOf(context, "csv"), source, {
    csv: TRANSACTION_CSV_COLUMNS,
    table: TRANSACTION_CSV_COLUMNS.filter((column) => TABLE_FIELDS.has(column.name)),
    json: (tx) => transactionToNdjson(tx).slice(0, -1),
  });
}
