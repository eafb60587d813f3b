import { ProxyError } from "./proxy-error.ts";

/** What an answer is written as: LivePerson's JSON, or an export format. */
export type AnswerFormat = "json" | "csv" | "ndjson";

/** The media types of the export formats (RFC 4180 CSV, newline-delimited JSON). */
export const EXPORT_MEDIA_TYPES: Readonly<Record<"csv" | "ndjson", string>> = {
  csv: "text/csv; charset=utf-8; header=present",
  ndjson: "application/x-ndjson; charset=utf-8",
};

/**
 * The format a request asks for: `?format=json|csv|ndjson` when present, else the first of
 * `text/csv` and `application/x-ndjson` its `Accept` header names, else `fallback`.
 *
 * @param request The request.
 * @param fallback The format when the request names none.
 * @returns The format.
 * @throws {ProxyError} 400 for a `format` that is none of them.
 */
export function answerFormat(request: Request, fallback: AnswerFormat = "json"): AnswerFormat {
  const asked = new URL(request.url).searchParams.get("format");
  if (asked !== null) {
    const format = asked.trim().toLowerCase();
    if (format === "json" || format === "csv" || format === "ndjson") return format;
    throw new ProxyError(
      400,
      `Unknown format: ${JSON.stringify(asked.slice(0, 40))} (expected json, csv or ndjson)`,
    );
  }
  const accept = (request.headers.get("accept") ?? "").toLowerCase();
  const csv = accept.indexOf("text/csv");
  const ndjson = accept.indexOf("application/x-ndjson");
  if (csv === -1 && ndjson === -1) return fallback;
  if (ndjson === -1 || (csv !== -1 && csv < ndjson)) return "csv";
  return "ndjson";
}

/**
 * A streamed export answer: the body as it is produced, with its media type.
 *
 * @param format `csv` or `ndjson`.
 * @param body The bytes.
 * @param options `filename`: offered to browsers and `curl -OJ` (`Content-Disposition`);
 * `headers`: more response headers (e.g. `Cache-Status`).
 * @returns The response.
 */
export function exportResponse(
  format: "csv" | "ndjson",
  body: ReadableStream<Uint8Array>,
  options: { filename?: string; headers?: Record<string, string> } = {},
): Response {
  const { filename } = options;
  const headers: Record<string, string> = {
    ...options.headers,
    "content-type": EXPORT_MEDIA_TYPES[format],
  };
  if (filename !== undefined) {
    headers["content-disposition"] = `attachment; filename="${filename}.${format}"`;
  }
  return new Response(body, { headers });
}
