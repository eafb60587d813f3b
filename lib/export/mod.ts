/**
 * Exports as streams: RFC 4180 CSV (header row, CRLF, UTF-8, ISO 8601 UTC times, one column
 * per canonical field in a fixed order) and NDJSON (one canonical transaction per line).
 * Web standards only; the export route, the CLI and scripts share them.
 *
 * @example A day of transactions as a CSV body
 * ```ts
 * import { toByteStream, transactionsToCsv } from "./mod.ts";
 * const body = toByteStream(transactionsToCsv([]));
 * console.log((await new Response(body).text()).startsWith("transactionId,channel,")); // true
 * ```
 * @module
 */
export { csvField, csvLine, csvTransform, toCsv } from "./csv.ts";
export type { CsvCell, CsvColumn, CsvOptions } from "./csv.ts";
export { isoTime } from "./iso-time.ts";
export { TRANSACTION_CSV_COLUMNS, TRANSACTION_FIELDS } from "./transaction-columns.ts";
export {
  transactionsCsvTransform,
  transactionsNdjsonTransform,
  transactionsToCsv,
  transactionsToNdjson,
  transactionToNdjson,
} from "./transactions.ts";
export {
  ANALYTICS_CSV_COLUMNS,
  ANALYTICS_FIELDS,
  analyticsToCsv,
  COUNT_FIELDS,
} from "./analytics-csv.ts";
export { funnelCsvColumns, funnelToCsv } from "./funnel-csv.ts";
export { CONSUMER_REPORT_CSV_COLUMNS, OPT_OUT_CSV_COLUMNS } from "./report-columns.ts";
export { toByteStream } from "./byte-stream.ts";
