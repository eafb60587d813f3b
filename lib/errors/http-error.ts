import { isReportingError, ReportingError } from "./reporting-error.ts";
import { redactHeaders, redactText, redactUrl } from "./redact.ts";
import { retryAfterFromHeaders } from "../http/retry-after.ts";

/** What an {@link HttpError} is built from: the failed request and the upstream response. */
export interface HttpErrorInit {
  /** The response status, e.g. `429`. */
  status: number;
  /** The reason phrase; HTTP/2 sends none, so a standard phrase is filled in when empty. */
  statusText?: string;
  /** The request method, e.g. `"GET"`. */
  method: string;
  /** The request URL; secrets in it are redacted. */
  url: string;
  /**
   * The response body: LivePerson's parsed error JSON `{code, requestTraceId, message}`
   * (liveperson-api-notes.md §1f), or its raw text.
   */
  body?: unknown;
  /** The response headers; credentials in them are redacted. */
  headers?: Headers | Record<string, string>;
  /** The underlying error, if any. */
  cause?: unknown;
}

// RFC 9110 §15 reason phrases, for responses that carry none (HTTP/2 and HTTP/3).
const REASON_PHRASES: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  410: "Gone",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};
// An HTML error page can be huge: keep the message readable.
const MAX_UPSTREAM_MESSAGE = 200;

interface UpstreamError {
  code: number | undefined;
  requestTraceId: string | undefined;
  message: string | undefined;
}

/** Reads LivePerson's `{code, requestTraceId, message}` from a parsed or textual body. */
function readUpstreamError(body: unknown): UpstreamError {
  let parsed = body;
  if (typeof body === "string") {
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = body;
    }
  }
  if (typeof parsed === "object" && parsed !== null) {
    const { code, requestTraceId, message } = parsed as Record<string, unknown>;
    const numeric = typeof code === "string" && code.trim() !== "" ? Number(code) : code;
    return {
      code: typeof numeric === "number" && Number.isFinite(numeric) ? numeric : undefined,
      requestTraceId: typeof requestTraceId === "string" ? requestTraceId : undefined,
      message: clean(message),
    };
  }
  return { code: undefined, requestTraceId: undefined, message: clean(parsed) };
}

function clean(text: unknown): string | undefined {
  if (typeof text !== "string") return undefined;
  const oneLine = redactText(text).replace(/\s+/g, " ").trim();
  if (oneLine === "") return undefined;
  return oneLine.length > MAX_UPSTREAM_MESSAGE
    ? `${oneLine.slice(0, MAX_UPSTREAM_MESSAGE - 1)}…`
    : oneLine;
}

/**
 * The upstream answered with a non-2xx status. Carries the status, LivePerson's error body
 * fields, the request method and (redacted) URL, and the response headers minus credentials.
 * Subclasses name the common cases; branch on them with the `is*` guards.
 *
 * @example Inspect a failure
 * ```ts
 * import { createHttpError, isHttpError } from "./http-error.ts";
 * const error: unknown = createHttpError({ status: 500, method: "GET", url: "https://h/x" });
 * if (isHttpError(error)) console.log(error.status, error.requestTraceId);
 * ```
 */
export class HttpError extends ReportingError {
  override name = "HttpError";
  /** The HTTP status, e.g. `404`. */
  readonly status: number;
  /** The reason phrase, from the response or the standard one for the status. */
  readonly statusText: string;
  /** LivePerson's application error `code` from the body, if any. */
  readonly code: number | undefined;
  /** LivePerson's `requestTraceId`, to quote to LivePerson support. */
  readonly requestTraceId: string | undefined;
  /** LivePerson's `message` (or the text body), on one line, redacted and shortened. */
  readonly upstreamMessage: string | undefined;
  /** The request method, uppercase. */
  readonly method: string;
  /** The request URL with secrets replaced by `REDACTED`. */
  readonly url: string;
  /** The response headers, lowercase names, credentials replaced by `REDACTED`. */
  readonly headers: Record<string, string>;

  /**
   * @param init The response and request details.
   */
  constructor(init: HttpErrorInit) {
    const method = init.method.toUpperCase();
    const url = redactUrl(init.url);
    const statusText = init.statusText?.trim() || REASON_PHRASES[init.status] || "";
    const upstream = readUpstreamError(init.body);
    const status = statusText === "" ? `${init.status}` : `${init.status} ${statusText}`;
    const detail = upstream.message === undefined ? "" : `: ${upstream.message}`;
    super(
      `Request failed with status ${status}: ${method} ${url}${detail}`,
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.status = init.status;
    this.statusText = statusText;
    this.code = upstream.code;
    this.requestTraceId = upstream.requestTraceId;
    this.upstreamMessage = upstream.message;
    this.method = method;
    this.url = url;
    this.headers = init.headers === undefined ? {} : redactHeaders(init.headers);
  }
}

/** 400: LivePerson rejected the request's parameters (e.g. a window over the limit). */
export class BadRequestError extends HttpError {
  override name = "BadRequestError";
}

/** 401: the credentials are missing, invalid or expired (e.g. `jwt expired`). */
export class UnauthorizedError extends HttpError {
  override name = "UnauthorizedError";
}

/** 403: the credentials are valid but lack the privilege. */
export class ForbiddenError extends HttpError {
  override name = "ForbiddenError";
}

/** 404: no such account, app or campaign. */
export class NotFoundError extends HttpError {
  override name = "NotFoundError";
}

/** What a {@link RateLimitError} is built from. */
export interface RateLimitErrorInit extends HttpErrorInit {
  /** How long the server asked to wait; read from the headers when omitted. */
  retryAfterMs?: number | undefined;
  /** The current time in epoch ms, for HTTP-date `Retry-After` values. @default Date.now() */
  now?: number;
}

/** 429: over LivePerson's 10 TPS per API (liveperson-api-notes.md §4). */
export class RateLimitError extends HttpError {
  override name = "RateLimitError";
  /** Milliseconds the server asked to wait, or `undefined` when it did not say. */
  readonly retryAfterMs: number | undefined;

  /**
   * @param init The response details, optionally with the wait already known.
   */
  constructor(init: RateLimitErrorInit) {
    super(init);
    const headers = init.headers instanceof Headers || init.headers === undefined
      ? init.headers
      : new Headers(init.headers);
    this.retryAfterMs = init.retryAfterMs ??
      (headers && retryAfterFromHeaders(headers, init.now ?? Date.now()));
  }
}

/** 5xx: LivePerson failed; LivePerson's policy is to retry 3 times (liveperson-api-notes.md §4). */
export class ServerError extends HttpError {
  override name = "ServerError";
}

/**
 * Builds the {@link HttpError} subclass that matches the status: 400, 401, 403, 404, 429 and
 * 5xx have their own; any other status gives a plain `HttpError`.
 *
 * @param init The response and request details; `retryAfterMs`/`now` apply to 429 only.
 * @returns The error, ready to throw.
 * @example
 * ```ts
 * import { createHttpError } from "./http-error.ts";
 * const error = createHttpError({
 *   status: 429,
 *   method: "GET",
 *   url: "https://va.cx-reporting.liveperson.net/api/account/1/app/prmsg/transactions/",
 *   body: { code: 1029, requestTraceId: "t-1", message: "rate limit hit" },
 *   headers: { "retry-after": "2" },
 * });
 * error.message; // "Request failed with status 429 Too Many Requests: GET https://...: rate limit hit"
 * ```
 */
export function createHttpError(init: RateLimitErrorInit): HttpError {
  const { status } = init;
  if (status === 429) return new RateLimitError(init);
  if (status === 400) return new BadRequestError(init);
  if (status === 401) return new UnauthorizedError(init);
  if (status === 403) return new ForbiddenError(init);
  if (status === 404) return new NotFoundError(init);
  if (status >= 500 && status <= 599) return new ServerError(init);
  return new HttpError(init);
}

const HTTP_ERROR_NAMES: ReadonlySet<string> = new Set([
  "HttpError",
  "BadRequestError",
  "UnauthorizedError",
  "ForbiddenError",
  "NotFoundError",
  "RateLimitError",
  "ServerError",
]);

/** Same realm: `instanceof`; another realm: one of our errors with the expected `name`. */
function isNamed(error: unknown, name: string): boolean {
  return isReportingError(error) && error.name === name &&
    typeof (error as { status?: unknown }).status === "number";
}

/**
 * Whether `error` is an {@link HttpError} of any status, across realms.
 *
 * @param error Anything caught.
 * @returns `true` for `HttpError` and all its subclasses.
 */
export function isHttpError(error: unknown): error is HttpError {
  return error instanceof HttpError ||
    (isReportingError(error) && HTTP_ERROR_NAMES.has(error.name) &&
      typeof (error as { status?: unknown }).status === "number");
}

/** Whether `error` is a {@link BadRequestError} (400), across realms. */
export function isBadRequestError(error: unknown): error is BadRequestError {
  return error instanceof BadRequestError || isNamed(error, "BadRequestError");
}

/** Whether `error` is an {@link UnauthorizedError} (401), across realms. */
export function isUnauthorizedError(error: unknown): error is UnauthorizedError {
  return error instanceof UnauthorizedError || isNamed(error, "UnauthorizedError");
}

/** Whether `error` is a {@link ForbiddenError} (403), across realms. */
export function isForbiddenError(error: unknown): error is ForbiddenError {
  return error instanceof ForbiddenError || isNamed(error, "ForbiddenError");
}

/** Whether `error` is a {@link NotFoundError} (404), across realms. */
export function isNotFoundError(error: unknown): error is NotFoundError {
  return error instanceof NotFoundError || isNamed(error, "NotFoundError");
}

/** Whether `error` is a {@link RateLimitError} (429), across realms. */
export function isRateLimitError(error: unknown): error is RateLimitError {
  return error instanceof RateLimitError || isNamed(error, "RateLimitError");
}

/** Whether `error` is a {@link ServerError} (5xx), across realms. */
export function isServerError(error: unknown): error is ServerError {
  return error instanceof ServerError || isNamed(error, "ServerError");
}
