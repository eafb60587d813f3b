/**
 * Writes the records of a command in the asked format: CSV and NDJSON streamed row by row,
 * JSON as one array (streamed too), a table once all rows are in.
 *
 * @module
 */
import { type CsvCell, type CsvColumn, toCsv } from "../lib/mod.ts";
import type { Format } from "./args.ts";
import type { Sink } from "./sink.ts";
import { renderTable } from "./table.ts";

/** How one kind of record is written. */
export interface RecordSpec<T> {
  /** The CSV columns. */
  csv: readonly CsvColumn<T>[];
  /** The table's columns. @default the CSV columns */
  table?: readonly CsvColumn<T>[];
  /** One NDJSON/JSON value. @default JSON.stringify(row) */
  json?: (row: T) => string;
}

function tableCell(cell: CsvCell): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "number") return cell.toLocaleString("en-US", { maximumFractionDigits: 3 });
  return String(cell).replaceAll(/[\r\n]+/g, " ");
}

/**
 * Writes records to the sink.
 *
 * @param sink Where to.
 * @param format The output format.
 * @param source The records, possibly lazy.
 * @param spec Their columns and JSON form.
 * @returns How many records were written.
 */
export async function writeRecords<T>(
  sink: Sink,
  format: Format,
  source: AsyncIterable<T> | Iterable<T>,
  spec: RecordSpec<T>,
): Promise<number> {
  const json = spec.json ?? ((row: T) => JSON.stringify(row));
  let count = 0;
  switch (format) {
    case "csv": {
      let header = true;
      for await (const line of toCsv(source, spec.csv)) {
        if (header) header = false;
        else count++;
        await sink.write(line);
      }
      return count;
    }
    case "ndjson":
      for await (const row of source) {
        await sink.write(`${json(row)}\n`);
        count++;
      }
      return count;
    case "json":
      for await (const row of source) {
        await sink.write(`${count === 0 ? "[\n" : ",\n"}${json(row)}`);
        count++;
      }
      await sink.write(count === 0 ? "[]\n" : "\n]\n");
      return count;
    case "table": {
      const columns = spec.table ?? spec.csv;
      const rows: string[][] = [];
      for await (const row of source) rows.push(columns.map((c) => tableCell(c.value(row))));
      await sink.write(renderTable(columns.map((c) => c.name), rows));
      return rows.length;
    }
  }
}
