import { describe, expect, it } from "vitest";
import * as errors from "../../../lib/errors/mod.ts";

describe("lib/errors/mod.ts", () => {
  it("mod.ts re-exports every error class and guard", () => {
    const expected = [
      "ReportingError",
      "isReportingError",
      "ValidationError",
      "isValidationError",
      "HttpError",
      "isHttpError",
      "BadRequestError",
      "isBadRequestError",
      "UnauthorizedError",
      "isUnauthorizedError",
      "ForbiddenError",
      "isForbiddenError",
      "NotFoundError",
      "isNotFoundError",
      "RateLimitError",
      "isRateLimitError",
      "ServerError",
      "isServerError",
      "createHttpError",
      "NetworkError",
      "isNetworkError",
      "TimeoutError",
      "isTimeoutError",
      "redactUrl",
      "redactHeaders",
      "redactText",
      "isSecretParam",
      "REDACTED",
    ];
    expect(Object.keys(errors).sort()).toEqual(expected.sort());
  });

  it("mod.ts example: a 429 exposes the wait from Retry-After", () => {
    const error: unknown = errors.createHttpError({
      status: 429,
      method: "GET",
      url: "https://va.cx-reporting.liveperson.net/api/account/1/app/prmsg/analytics/",
      headers: { "retry-after": "2" },
    });
    expect(errors.isRateLimitError(error) && error.retryAfterMs).toBe(2000);
  });

  it("mod.ts errors all extend ReportingError", () => {
    const built = [
      new errors.ValidationError("x", { issues: [] }),
      errors.createHttpError({ status: 404, method: "GET", url: "https://h/" }),
      new errors.NetworkError({ method: "GET", url: "https://h/" }),
      new errors.TimeoutError({ timeoutMs: 1, method: "GET", url: "https://h/" }),
    ];
    for (const error of built) expect(error).toBeInstanceOf(errors.ReportingError);
  });
});
