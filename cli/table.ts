/**
 * A plain text table: a header row, columns padded to their widest cell, numbers to the right.
 *
 * @param header The column names.
 * @param rows The cells, as text.
 * @returns The table, one line per row, ending in a newline.
 */
export function renderTable(header: readonly string[], rows: readonly string[][]): string {
  const widths = header.map((name, i) =>
    Math.max(name.length, ...rows.map((row) => (row[i] ?? "").length))
  );
  const numeric = header.map((_, i) =>
    rows.length > 0 &&
    rows.every((row) => /^-?[\d,.]+%?(?: \([\d.]+%\))?$|^n\/a$|^$/.test(row[i] ?? ""))
  );
  const line = (cells: readonly string[]): string =>
    cells.map((cell, i) => numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))
      .join("  ").trimEnd();
  return [line(header), ...rows.map(line)].join("\n") + "\n";
}
