/**
 * RFC 4180 CSV: quoting of one field, one record per line ending in CRLF, and a writer that
 * turns rows into string chunks through a list of columns.
 *
 * @module
 */

/** A cell's value: `null` and `undefined` are written as an empty field. */
export type CsvCell = string | number | boolean | null | undefined;

/** One column of a CSV file: its header and how a row gives its value. */
export interface CsvColumn<T> {
  /** The header of the column. */
  name: string;
  /** The cell of a row. */
  value: (row: T) => CsvCell;
}

/** Options of {@link toCsv}. */
export interface CsvOptions {
  /** Write the header row first. @default true */
  header?: boolean;
}

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Quotes a field as RFC 4180 §2 asks: fields holding a comma, a double quote, CR or LF are
 * enclosed in double quotes, and each double quote inside is doubled.
 *
 * @param cell The value; `null` and `undefined` give an empty field.
 * @returns The field as written in the file.
 * @example
 * ```ts
 * import { csvField } from "./csv.ts";
 * console.log(csvField('say "hi", then')); // "say ""hi"", then"
 * ```
 */
export function csvField(cell: CsvCell): string {
  if (cell === null || cell === undefined) return "";
  const text = String(cell);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * One CSV record: the fields joined by commas, ending in CRLF (RFC 4180 §2).
 *
 * @param cells The record's values, in column order.
 * @returns The record as one line.
 */
export function csvLine(cells: readonly CsvCell[]): string {
  return `${cells.map(csvField).join(",")}\r\n`;
}

/**
 * Writes rows as CSV, lazily: the header row (unless turned off), then one string chunk per
 * row, so a caller can stream any number of rows in bounded memory.
 *
 * @param source The rows, sync or async (for example a `Paginated` of the client).
 * @param columns The columns, in file order.
 * @param options See {@link CsvOptions}.
 * @returns Chunks of CSV text, each a whole line.
 * @example
 * ```ts
 * import { toCsv } from "./csv.ts";
 * const columns = [{ name: "id", value: (row: { id: number }) => row.id }];
 * let text = "";
 * for await (const chunk of toCsv([{ id: 1 }, { id: 2 }], columns)) text += chunk;
 * console.log(JSON.stringify(text)); // "id\r\n1\r\n2\r\n"
 * ```
 */
export async function* toCsv<T>(
  source: AsyncIterable<T> | Iterable<T>,
  columns: readonly CsvColumn<T>[],
  options: CsvOptions = {},
): AsyncGenerator<string, void, undefined> {
  const { header = true } = options;
  if (header) yield csvLine(columns.map((column) => column.name));
  for await (const row of source) {
    yield csvLine(columns.map((column) => column.value(row)));
  }
}

/**
 * A `TransformStream` from rows to CSV text: the header row as it starts (unless turned off),
 * then one line per row.
 *
 * @param columns The columns, in file order.
 * @param options See {@link CsvOptions}.
 * @returns A stream of rows in, lines of CSV out.
 */
export function csvTransform<T>(
  columns: readonly CsvColumn<T>[],
  options: CsvOptions = {},
): TransformStream<T, string> {
  const { header = true } = options;
  return new TransformStream<T, string>({
    start(controller) {
      if (header) controller.enqueue(csvLine(columns.map((column) => column.name)));
    },
    transform(row, controller) {
      controller.enqueue(csvLine(columns.map((column) => column.value(row))));
    },
  });
}
