/**
 * Every error this library throws on purpose, with cross-realm `is*` guards, and the
 * redaction helpers that keep secrets out of them.
 *
 * @example Branch on a failure
 * ```ts
 * import { createHttpError, isRateLimitError, isReportingError } from "./mod.ts";
 * const error: unknown = createHttpError({
 *   status: 429,
 *   method: "GET",
 *   url: "https://va.cx-reporting.liveperson.net/api/account/1/app/prmsg/analytics/",
 *   headers: { "retry-after": "2" },
 * });
 * if (isRateLimitError(error)) console.log(`wait ${error.retryAfterMs} ms`); // wait 2000 ms
 * else if (isReportingError(error)) console.log(error.message);
 * ```
 *
 * @module
 */

export { isReportingError, ReportingError } from "./reporting-error.ts";
export { isValidationError, ValidationError } from "./validation-error.ts";
export {
  BadRequestError,
  createHttpError,
  ForbiddenError,
  HttpError,
  isBadRequestError,
  isForbiddenError,
  isHttpError,
  isNotFoundError,
  isRateLimitError,
  isServerError,
  isUnauthorizedError,
  NotFoundError,
  RateLimitError,
  ServerError,
  UnauthorizedError,
} from "./http-error.ts";
export type { HttpErrorInit, RateLimitErrorInit } from "./http-error.ts";
export { isNetworkError, NetworkError } from "./network-error.ts";
export type { NetworkErrorInit } from "./network-error.ts";
export { isTimeoutError, TimeoutError } from "./timeout-error.ts";
export type { TimeoutErrorInit } from "./timeout-error.ts";
export { isSecretParam, REDACTED, redactHeaders, redactText, redactUrl } from "./redact.ts";
