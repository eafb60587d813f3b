import { isReportingError, ReportingError } from "./reporting-error.ts";
import { redactText, redactUrl } from "./redact.ts";

/** What a {@link NetworkError} is built from. */
export interface NetworkErrorInit {
  /** The request method, e.g. `"GET"`. */
  method: string;
  /** The request URL; secrets in it are redacted. */
  url: string;
  /** What `fetch` threw (DNS failure, connection reset, TLS error...). Kept as `cause`. */
  cause?: unknown;
}

/** The text of a thrown value, for the message: `Error` messages, strings, else nothing. */
function describe(cause: unknown): string {
  const text = cause instanceof Error ? cause.message : typeof cause === "string" ? cause : "";
  const oneLine = redactText(text).replace(/\s+/g, " ").trim();
  return oneLine === "" ? "" : ` (${oneLine})`;
}

/**
 * No response arrived: `fetch` itself rejected (DNS, connection, TLS). The original failure
 * is kept in the standard `cause` (ky's `NetworkError` does the same).
 *
 * @example
 * ```ts
 * import { NetworkError } from "./network-error.ts";
 * const error = new NetworkError({
 *   method: "GET",
 *   url: "https://va.cx-reporting.liveperson.net/api/account/1/app/prmsg/analytics/",
 *   cause: new TypeError("fetch failed"),
 * });
 * error.message; // "Cannot send request as the network failed: GET https://... (fetch failed)"
 * ```
 */
export class NetworkError extends ReportingError {
  override name = "NetworkError";
  /** The request method, uppercase. */
  readonly method: string;
  /** The request URL with secrets replaced by `REDACTED`. */
  readonly url: string;

  /**
   * @param init The request and what `fetch` threw.
   */
  constructor(init: NetworkErrorInit) {
    const method = init.method.toUpperCase();
    const url = redactUrl(init.url);
    super(
      `Cannot send request as the network failed: ${method} ${url}${describe(init.cause)}`,
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.method = method;
    this.url = url;
  }
}

/**
 * Whether `error` is a {@link NetworkError}, across realms. A runtime's own errors with the
 * same name do not count: only errors this library built.
 *
 * @param error Anything caught.
 * @returns `true` for a `NetworkError`.
 */
export function isNetworkError(error: unknown): error is NetworkError {
  return error instanceof NetworkError ||
    (isReportingError(error) && error.name === "NetworkError");
}
