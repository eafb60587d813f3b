/**
 * Analytics rows as CSV: one column per canonical {@link AnalyticsRow} field, in a fixed order.
 *
 * @module
 */
import { type AnalyticsRow, ROW_COUNTS } from "../model/canonical.ts";
import { type CsvColumn, type CsvOptions, toCsv } from "./csv.ts";

/** The counts of an analytics row or funnel totals, in the export column order. */
export const COUNT_FIELDS = Object.freeze(
  [...ROW_COUNTS, "optOuts", "optIns", "csat"] as const,
);

/** Every field of an {@link AnalyticsRow}, in export column order. */
export const ANALYTICS_FIELDS: readonly (keyof AnalyticsRow)[] = Object.freeze(
  ["day", "channel", "skill", ...COUNT_FIELDS] as const,
);

/**
 * The CSV columns of an analytics row, in {@link ANALYTICS_FIELDS} order; `optOuts`/`optIns`
 * (2.0 dialect only) and a `null` CSAT are empty fields.
 */
export const ANALYTICS_CSV_COLUMNS: readonly CsvColumn<AnalyticsRow>[] = Object.freeze(
  ANALYTICS_FIELDS.map((field): CsvColumn<AnalyticsRow> => ({
    name: field,
    value: (row) => row[field],
  })),
);

/**
 * Analytics rows as CSV chunks: a header row, then one line per row.
 *
 * @param rows The rows, e.g. from `client.accountAnalytics()`.
 * @param options See {@link CsvOptions}.
 * @returns Chunks of CSV text, each a whole line.
 */
export function analyticsToCsv(
  rows: AsyncIterable<AnalyticsRow> | Iterable<AnalyticsRow>,
  options: CsvOptions = {},
): AsyncGenerator<string, void, undefined> {
  return toCsv(rows, ANALYTICS_CSV_COLUMNS, options);
}
