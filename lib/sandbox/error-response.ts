import { errorBodyToWire } from "../model/error-body.ts";

/**
 * LivePerson's error codes for each status. The reporting docs show only `code: 0`; the
 * others are borrowed from the C2M API's table (liveperson-api-notes.md §3) [INF].
 */
const CODES: Record<number, number> = { 401: 1100, 403: 1101, 429: 1029, 500: 5000 };

/** A response with LivePerson's error body `{ code, requestTraceId, message }`. */
export function errorResponse(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  const requestTraceId = crypto.randomUUID();
  const body = JSON.stringify(
    errorBodyToWire({ code: CODES[status] ?? 0, requestTraceId, message }),
  );
  return new Response(body, {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** A JSON 200 response. */
export function jsonResponse(body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status: 200,
    headers: { "content-type": "application/json" },
  });
}
