import { isReportingError, ReportingError } from "./reporting-error.ts";
import { redactUrl } from "./redact.ts";

/** What a {@link TimeoutError} is built from. */
export interface TimeoutErrorInit {
  /** The limit that was exceeded, in milliseconds. */
  timeoutMs: number;
  /** The request method, e.g. `"GET"`. */
  method: string;
  /** The request URL; secrets in it are redacted. */
  url: string;
  /** The abort reason, if any (often a `DOMException` named `TimeoutError`). */
  cause?: unknown;
}

/**
 * The request (or reading its body) took longer than `timeoutMs`. A caller's own abort is not
 * a timeout and is rethrown as it is.
 *
 * @example
 * ```ts
 * import { TimeoutError } from "./timeout-error.ts";
 * const error = new TimeoutError({ timeoutMs: 10_000, method: "GET", url: "https://h/x" });
 * error.message; // "Cannot complete request as it timed out after 10000 ms: GET https://h/x"
 * ```
 */
export class TimeoutError extends ReportingError {
  override name = "TimeoutError";
  /** The limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;
  /** The request method, uppercase. */
  readonly method: string;
  /** The request URL with secrets replaced by `REDACTED`. */
  readonly url: string;

  /**
   * @param init The limit and the request.
   */
  constructor(init: TimeoutErrorInit) {
    const method = init.method.toUpperCase();
    const url = redactUrl(init.url);
    super(
      `Cannot complete request as it timed out after ${init.timeoutMs} ms: ${method} ${url}`,
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.timeoutMs = init.timeoutMs;
    this.method = method;
    this.url = url;
  }
}

/**
 * Whether `error` is a {@link TimeoutError} from this library, across realms. The
 * `DOMException` named `TimeoutError` that `AbortSignal.timeout()` throws does not count.
 *
 * @param error Anything caught.
 * @returns `true` for a `TimeoutError` this library built.
 */
export function isTimeoutError(error: unknown): error is TimeoutError {
  return error instanceof TimeoutError ||
    (isReportingError(error) && error.name === "TimeoutError" &&
      typeof (error as { timeoutMs?: unknown }).timeoutMs === "number");
}
