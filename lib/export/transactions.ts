/**
 * Transactions as CSV and NDJSON, streamed: the formats the export route, the CLI and
 * scripts share.
 *
 * @module
 */
import type { Transaction } from "../model/canonical.ts";
import { type CsvOptions, csvTransform, toCsv } from "./csv.ts";
import { TRANSACTION_CSV_COLUMNS, TRANSACTION_FIELDS } from "./transaction-columns.ts";

/**
 * One transaction as one NDJSON line: the canonical object with its fields in
 * {@link TRANSACTION_FIELDS} order (times stay epoch milliseconds, as in the model), then LF.
 *
 * @param tx The transaction.
 * @returns A JSON text ending in `"\n"`.
 */
export function transactionToNdjson(tx: Transaction): string {
  const ordered: Record<string, unknown> = {};
  for (const field of TRANSACTION_FIELDS) ordered[field] = tx[field];
  return `${JSON.stringify(ordered)}\n`;
}

/**
 * Transactions as CSV chunks: a header row, then one line per transaction
 * (see {@link TRANSACTION_CSV_COLUMNS}).
 *
 * @param source The transactions, e.g. `client.transactions({ from, to })`.
 * @param options See {@link CsvOptions}.
 * @returns Chunks of CSV text, each a whole line.
 * @example
 * ```ts
 * import { ReportingClient, transactionsToCsv } from "../mod.ts";
 * import { createSandbox } from "../sandbox/mod.ts";
 *
 * const sandbox = createSandbox({ volume: 20 });
 * const tenant = sandbox.tenants[0]!;
 * const client = new ReportingClient({
 *   accountId: tenant.accountId, app: "prmsg", auth: { kind: "oauth2", ...tenant.oauth2 },
 *   fetch: sandbox.fetch,
 * });
 * const to = Date.now() - 86_400_000;
 * let lines = 0;
 * for await (const _ of transactionsToCsv(client.transactions({ from: to - 3_600_000, to }))) lines++;
 * console.log(lines >= 1); // true
 * ```
 */
export function transactionsToCsv(
  source: AsyncIterable<Transaction> | Iterable<Transaction>,
  options: CsvOptions = {},
): AsyncGenerator<string, void, undefined> {
  return toCsv(source, TRANSACTION_CSV_COLUMNS, options);
}

/**
 * Transactions as NDJSON chunks, one line per transaction (see {@link transactionToNdjson}).
 *
 * @param source The transactions.
 * @returns Chunks of NDJSON text, each a whole line.
 */
export async function* transactionsToNdjson(
  source: AsyncIterable<Transaction> | Iterable<Transaction>,
): AsyncGenerator<string, void, undefined> {
  for await (const tx of source) yield transactionToNdjson(tx);
}

/**
 * A `TransformStream` from transactions to CSV lines, header first.
 *
 * @param options See {@link CsvOptions}.
 * @returns Transactions in, CSV text out.
 */
export function transactionsCsvTransform(
  options: CsvOptions = {},
): TransformStream<Transaction, string> {
  return csvTransform(TRANSACTION_CSV_COLUMNS, options);
}

/**
 * A `TransformStream` from transactions to NDJSON lines.
 *
 * @returns Transactions in, NDJSON text out.
 */
export function transactionsNdjsonTransform(): TransformStream<Transaction, string> {
  return new TransformStream<Transaction, string>({
    transform(tx, controller) {
      controller.enqueue(transactionToNdjson(tx));
    },
  });
}
