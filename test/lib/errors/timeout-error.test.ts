import { describe, expect, it } from "vitest";
import { isTimeoutError, TimeoutError } from "../../../lib/errors/timeout-error.ts";
import { ReportingError } from "../../../lib/errors/reporting-error.ts";
import { NetworkError } from "../../../lib/errors/network-error.ts";

const URL_ = "https://va.cx-reporting.liveperson.net/api/account/1/app/c2m/transactions/";

describe("TimeoutError", () => {
  it("TimeoutError carries the limit, the request and the cause", () => {
    const cause = new DOMException("The operation timed out.", "TimeoutError");
    const error = new TimeoutError({ timeoutMs: 10_000, method: "get", url: URL_, cause });
    expect(error).toBeInstanceOf(ReportingError);
    expect(error.name).toBe("TimeoutError");
    expect(error.timeoutMs).toBe(10_000);
    expect(error.method).toBe("GET");
    expect(error.url).toBe(URL_);
    expect(error.cause).toBe(cause);
    expect(error.message).toBe(
      `Cannot complete request as it timed out after 10000 ms: GET ${URL_}`,
    );
  });

  it("TimeoutError redacts secrets in the URL", () => {
    const error = new TimeoutError({ timeoutMs: 5, method: "GET", url: `${URL_}?token=t-secret` });
    expect(error.url).toBe(`${URL_}?token=REDACTED`);
    expect(error.message).not.toContain("t-secret");
    expect(JSON.stringify(error)).not.toContain("t-secret");
    expect(JSON.stringify(error)).toContain('"timeoutMs":5');
  });
});

describe("isTimeoutError()", () => {
  it("isTimeoutError() accepts only this library's timeouts", () => {
    expect(isTimeoutError(new TimeoutError({ timeoutMs: 1, method: "GET", url: URL_ }))).toBe(true);
    expect(isTimeoutError(new NetworkError({ method: "GET", url: URL_ }))).toBe(false);
    expect(isTimeoutError(new Error("timeout"))).toBe(false);
    expect(isTimeoutError(undefined)).toBe(false);
  });

  it("isTimeoutError() ignores the DOMException AbortSignal.timeout() throws", () => {
    expect(isTimeoutError(new DOMException("timed out", "TimeoutError"))).toBe(false);
  });

  it("isTimeoutError() recognises a TimeoutError from another realm by name", () => {
    const foreign = Object.assign(new Error("x"), {
      name: "TimeoutError",
      isReportingError: true,
      timeoutMs: 10,
    });
    expect(isTimeoutError(foreign)).toBe(true);
  });
});
