/**
 * A table as CSV (RFC 4180): exactly the cells on screen, header rows first.
 *
 * @module
 */

/**
 * Quotes one CSV field when it holds a comma, quote or line break (RFC 4180 §2).
 *
 * @param field The text.
 * @returns The field as written in the file.
 */
export function csvField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/**
 * The rows of a table as CSV, CRLF line endings: the text of every header and body cell
 * (not the caption), as shown.
 *
 * @param table The table.
 * @returns The CSV text.
 */
export function tableToCsv(table: HTMLTableElement): string {
  const lines: string[] = [];
  for (const row of table.rows) {
    const cells = [...row.cells].map((cell) => csvField((cell.textContent ?? "").trim()));
    lines.push(cells.join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}

/**
 * Offers a text as a file download.
 *
 * @param name The file name.
 * @param text The content.
 */
export function downloadText(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
