import { describe, expect, it } from "vitest";
import {
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
} from "../../../lib/errors/http-error.ts";
import { isReportingError, ReportingError } from "../../../lib/errors/reporting-error.ts";

const URL_ = "https://va.cx-reporting.liveperson.net/api/account/123/app/prmsg/transactions/";
const LP_BODY = { code: 0, requestTraceId: "5102ce1f-aaaa", message: "jwt expired" };

describe("HttpError", () => {
  it("HttpError carries the status, LivePerson's body fields and the request", () => {
    const cause = new Error("upstream");
    const error = new HttpError({
      status: 401,
      statusText: "Unauthorized",
      method: "get",
      url: URL_,
      body: LP_BODY,
      headers: { "Content-Type": "application/json" },
      cause,
    });
    expect(error).toBeInstanceOf(ReportingError);
    expect(error.name).toBe("HttpError");
    expect(error.status).toBe(401);
    expect(error.statusText).toBe("Unauthorized");
    expect(error.code).toBe(0);
    expect(error.requestTraceId).toBe("5102ce1f-aaaa");
    expect(error.upstreamMessage).toBe("jwt expired");
    expect(error.method).toBe("GET");
    expect(error.url).toBe(URL_);
    expect(error.headers).toEqual({ "content-type": "application/json" });
    expect(error.cause).toBe(cause);
    expect(error.isReportingError).toBe(true);
  });

  it("HttpError message follows 'Request failed with status ...: METHOD URL: upstream'", () => {
    const error = new HttpError({
      status: 429,
      statusText: "Too Many Requests",
      method: "GET",
      url: URL_,
      body: LP_BODY,
    });
    expect(error.message).toBe(
      `Request failed with status 429 Too Many Requests: GET ${URL_}: jwt expired`,
    );
  });

  it("HttpError message omits the upstream part when the body has no message", () => {
    const error = new HttpError({
      status: 502,
      statusText: "Bad Gateway",
      method: "GET",
      url: URL_,
    });
    expect(error.message).toBe(`Request failed with status 502 Bad Gateway: GET ${URL_}`);
    expect(error.upstreamMessage).toBeUndefined();
    expect(error.code).toBeUndefined();
    expect(error.requestTraceId).toBeUndefined();
    expect(error.headers).toEqual({});
    expect("cause" in error).toBe(false);
  });

  it("HttpError fills in the standard reason phrase when statusText is empty (HTTP/2)", () => {
    const error = new HttpError({ status: 429, statusText: "", method: "GET", url: URL_ });
    expect(error.statusText).toBe("Too Many Requests");
    expect(error.message).toBe(`Request failed with status 429 Too Many Requests: GET ${URL_}`);
  });

  it("HttpError leaves out the reason phrase for an unlisted status", () => {
    const error = new HttpError({ status: 418, method: "GET", url: URL_ });
    expect(error.statusText).toBe("");
    expect(error.message).toBe(`Request failed with status 418: GET ${URL_}`);
  });

  it("HttpError parses a JSON error body given as text", () => {
    const error = new HttpError({
      status: 400,
      method: "GET",
      url: URL_,
      body: JSON.stringify({
        code: "1029",
        requestTraceId: "t-9",
        message: "  window\n too large ",
      }),
    });
    expect(error.code).toBe(1029);
    expect(error.requestTraceId).toBe("t-9");
    expect(error.upstreamMessage).toBe("window too large");
  });

  it("HttpError uses a plain-text body as the upstream message, shortened", () => {
    const error = new HttpError({
      status: 503,
      method: "GET",
      url: URL_,
      body: `<html>${"x".repeat(500)}</html>`,
    });
    expect(error.upstreamMessage).toHaveLength(200);
    expect(error.upstreamMessage?.endsWith("…")).toBe(true);
    expect(error.code).toBeUndefined();
  });

  it("HttpError ignores body fields of the wrong type", () => {
    const error = new HttpError({
      status: 500,
      method: "GET",
      url: URL_,
      body: { code: "abc", requestTraceId: 7, message: 42 },
    });
    expect(error.code).toBeUndefined();
    expect(error.requestTraceId).toBeUndefined();
    expect(error.upstreamMessage).toBeUndefined();
  });
});

describe("createHttpError()", () => {
  const cases = [
    [400, BadRequestError, "BadRequestError"],
    [401, UnauthorizedError, "UnauthorizedError"],
    [403, ForbiddenError, "ForbiddenError"],
    [404, NotFoundError, "NotFoundError"],
    [429, RateLimitError, "RateLimitError"],
    [500, ServerError, "ServerError"],
    [503, ServerError, "ServerError"],
    [599, ServerError, "ServerError"],
  ] as const;
  for (const [status, type, name] of cases) {
    it(`createHttpError() builds a ${name} for status ${status}`, () => {
      const error = createHttpError({ status, method: "GET", url: URL_ });
      expect(error).toBeInstanceOf(type);
      expect(error).toBeInstanceOf(HttpError);
      expect(error.name).toBe(name);
      expect(error.status).toBe(status);
    });
  }

  it("createHttpError() builds a plain HttpError for other statuses", () => {
    for (const status of [405, 409, 418, 422, 600, 302]) {
      const error = createHttpError({ status, method: "GET", url: URL_ });
      expect(error.constructor, String(status)).toBe(HttpError);
      expect(error.name).toBe("HttpError");
    }
  });

  it("createHttpError() keeps an explicit retryAfterMs on a 429", () => {
    const error = createHttpError({
      status: 429,
      method: "GET",
      url: URL_,
      retryAfterMs: 1234,
      headers: { "retry-after": "9" },
    });
    expect(isRateLimitError(error) && error.retryAfterMs).toBe(1234);
  });

  it("createHttpError() reads retryAfterMs from the headers of a 429", () => {
    const now = Date.UTC(2026, 10, 1);
    const seconds = createHttpError({
      status: 429,
      method: "GET",
      url: URL_,
      headers: { "Retry-After": "2" },
    });
    expect((seconds as RateLimitError).retryAfterMs).toBe(2000);
    const date = createHttpError({
      status: 429,
      method: "GET",
      url: URL_,
      headers: new Headers({ "retry-after": "Sun, 01 Nov 2026 00:00:07 GMT" }),
      now,
    });
    expect((date as RateLimitError).retryAfterMs).toBe(7000);
  });

  it("createHttpError() leaves retryAfterMs undefined when the server gave no wait", () => {
    const bare = createHttpError({ status: 429, method: "GET", url: URL_ });
    expect(bare).toHaveProperty("retryAfterMs", undefined);
    const garbage = createHttpError({
      status: 429,
      method: "GET",
      url: URL_,
      headers: { "retry-after": "later" },
    });
    expect(garbage).toHaveProperty("retryAfterMs", undefined);
  });
});

describe("HttpError secrets", () => {
  const SECRETS = [
    "s3cr3t-value",
    "tok-value",
    "sig-value",
    "bearer-value",
    "cookie-value",
    "pass-value",
    "apikey-value",
    "body-token",
  ];

  it("HttpError never carries a secret in its fields, message or stack", () => {
    const error = createHttpError({
      status: 429,
      method: "GET",
      url:
        `https://user:pass-value@va.cx-reporting.liveperson.net/api/x?client_id=app&client_secret=s3cr3t-value&access_token=tok-value&oauth_signature=sig-value&api_key=apikey-value`,
      body: { code: 1029, requestTraceId: "t", message: "denied for access_token=body-token" },
      headers: {
        authorization: "Bearer bearer-value",
        "set-cookie": "Session_id=cookie-value",
        "retry-after": "1",
      },
    });
    const serialized = JSON.stringify(error);
    for (const text of [serialized, error.message, error.stack ?? "", String(error)]) {
      for (const secret of SECRETS) expect(text).not.toContain(secret);
    }
    expect(serialized).toContain('"authorization":"Bearer REDACTED"');
    expect(serialized).toContain('"status":429');
    expect(error.url).toContain("client_id=app");
    expect(error.url).toContain("client_secret=REDACTED");
    expect(error.message).toContain("access_token=REDACTED");
    expect(error.headers["retry-after"]).toBe("1");
  });
});

describe("HTTP error guards", () => {
  const guards = [
    [isBadRequestError, 400],
    [isUnauthorizedError, 401],
    [isForbiddenError, 403],
    [isNotFoundError, 404],
    [isRateLimitError, 429],
    [isServerError, 500],
  ] as const;

  it("is*Error() guards accept only their own status class", () => {
    for (const [guard, status] of guards) {
      for (const [, other] of guards) {
        const error = createHttpError({ status: other, method: "GET", url: URL_ });
        expect(guard(error), `${guard.name}(${other})`).toBe(other === status);
        expect(isHttpError(error)).toBe(true);
        expect(isReportingError(error)).toBe(true);
      }
    }
  });

  it("isHttpError() rejects non-HTTP errors and non-errors", () => {
    for (
      const value of [new Error("x"), new ReportingError("x"), null, undefined, "HttpError", {
        name: "HttpError",
        status: 500,
      }]
    ) {
      expect(isHttpError(value)).toBe(false);
    }
  });

  it("is*Error() guards recognise errors from another realm by name", () => {
    // Another copy of the library (another realm) has other classes but the same shape.
    class ForeignError extends Error {
      isReportingError = true;
      constructor(override name: string, readonly status: number) {
        super("x");
      }
    }
    expect(isHttpError(new ForeignError("HttpError", 418))).toBe(true);
    expect(isHttpError(new ForeignError("RateLimitError", 429))).toBe(true);
    expect(isRateLimitError(new ForeignError("RateLimitError", 429))).toBe(true);
    expect(isServerError(new ForeignError("ServerError", 503))).toBe(true);
    expect(isNotFoundError(new ForeignError("NotFoundError", 404))).toBe(true);
    expect(isRateLimitError(new ForeignError("ServerError", 503))).toBe(false);
    expect(isHttpError(new ForeignError("NetworkError", 0))).toBe(false);
  });
});
