import { InvalidRequestError } from "./invalid-request-error.ts";
import { readAtMost } from "./read-at-most.ts";

/**
 * Reads a request's JSON body, if any: at most `maxBytes` of it are read, so an oversized body
 * is never held in memory.
 *
 * @param request The request.
 * @param maxBytes The largest body accepted.
 * @returns The JSON object, or null when there is no body or only white space.
 * @throws {InvalidRequestError} 413 over `maxBytes` (declared or streamed); 400 when the body
 *   is not JSON or not a JSON object.
 */
export async function readJsonBody(
  request: Request,
  maxBytes: number,
): Promise<Record<string, unknown> | null> {
  const tooLarge = `Request body exceeds ${maxBytes} bytes`;
  if (Number(request.headers.get("content-length") ?? "0") > maxBytes) {
    throw new InvalidRequestError(413, tooLarge);
  }
  if (request.body === null) return null;
  const bytes = await readAtMost(request.body, maxBytes);
  if (bytes === null) throw new InvalidRequestError(413, tooLarge);
  const text = new TextDecoder().decode(bytes).trim();
  if (text === "") return null;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // The parser's own message would quote the body back; the status says enough.
    throw new InvalidRequestError(400, "Request body is not valid JSON");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new InvalidRequestError(400, "Request body must be a JSON object");
  }
  return body as Record<string, unknown>;
}
