import { createHttpError, NetworkError, redactUrl, ValidationError } from "../errors/mod.ts";
import { untilAborted } from "./abort.ts";
import type { FetchLike } from "./types.ts";

/**
 * Sends a request and reads its JSON body.
 * @param fetch The transport.
 * @param request The request; its signal aborts both the request and the body read.
 * @param subject What the body is, for messages: "the Domain API response".
 * @returns The parsed JSON of a 2xx response.
 * @throws {HttpError} On a non-2xx status (the subclass for it), with LivePerson's error body.
 * @throws {NetworkError} When `fetch` rejects or the body cannot be read.
 * @throws {ValidationError} When a 2xx body is not JSON.
 * @throws The signal's reason when it aborts.
 */
export async function requestJson(
  fetch: FetchLike,
  request: Request,
  subject: string,
): Promise<unknown> {
  const { method, url, signal } = request;
  let response: Response;
  let text: string;
  try {
    // A fetch or body that ignores the signal still ends when it aborts.
    response = await untilAborted(fetch(request), signal);
    text = await untilAborted(response.text(), signal);
  } catch (cause) {
    if (signal.aborted) throw signal.reason;
    throw new NetworkError({ method, url, cause });
  }
  let json: unknown;
  let parsed = true;
  try {
    json = JSON.parse(text);
  } catch {
    parsed = false;
  }
  if (!response.ok) {
    throw createHttpError({
      status: response.status,
      statusText: response.statusText,
      method,
      url,
      body: parsed ? json : text,
      headers: response.headers,
    });
  }
  if (!parsed) {
    throw new ValidationError(`Cannot parse ${subject} as it is not JSON: ${redactUrl(url)}`, {
      issues: [],
    });
  }
  return json;
}
