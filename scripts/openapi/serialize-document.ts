/**
 * The text of `openapi.json`: two-space JSON and a final newline, which `deno fmt` leaves as is.
 *
 * @param document The OpenAPI document.
 * @returns The file's text.
 */
export function serializeDocument(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
