import { describe, expect, it } from "vitest";
import { isNetworkError, NetworkError } from "../../../lib/errors/network-error.ts";
import { isReportingError, ReportingError } from "../../../lib/errors/reporting-error.ts";
import { createHttpError } from "../../../lib/errors/http-error.ts";
import { TimeoutError } from "../../../lib/errors/timeout-error.ts";

const URL_ = "https://va.cx-reporting.liveperson.net/api/account/1/app/prmsg/analytics/";

describe("NetworkError", () => {
  it("NetworkError keeps the cause and names the request in its message", () => {
    const cause = new TypeError("fetch failed");
    const error = new NetworkError({ method: "post", url: URL_, cause });
    expect(error).toBeInstanceOf(ReportingError);
    expect(error.name).toBe("NetworkError");
    expect(error.cause).toBe(cause);
    expect(error.method).toBe("POST");
    expect(error.url).toBe(URL_);
    expect(error.message).toBe(
      `Cannot send request as the network failed: POST ${URL_} (fetch failed)`,
    );
  });

  it("NetworkError describes a string cause and omits an empty one", () => {
    expect(new NetworkError({ method: "GET", url: URL_, cause: "ECONNRESET" }).message)
      .toBe(`Cannot send request as the network failed: GET ${URL_} (ECONNRESET)`);
    const bare = new NetworkError({ method: "GET", url: URL_ });
    expect(bare.message).toBe(`Cannot send request as the network failed: GET ${URL_}`);
    expect("cause" in bare).toBe(false);
  });

  it("NetworkError never carries a secret from the URL or the cause's message", () => {
    const error = new NetworkError({
      method: "GET",
      url: "https://u:pw-secret@h/x?access_token=tok-secret&client_id=app",
      cause: new TypeError("connect failed for https://h/x?client_secret=cs-secret"),
    });
    for (const text of [JSON.stringify(error), error.message, error.stack ?? ""]) {
      for (const secret of ["pw-secret", "tok-secret", "cs-secret"]) {
        expect(text).not.toContain(secret);
      }
    }
    expect(error.url).toBe("https://REDACTED@h/x?access_token=REDACTED&client_id=app");
  });
});

describe("isNetworkError()", () => {
  it("isNetworkError() accepts only network errors", () => {
    expect(isNetworkError(new NetworkError({ method: "GET", url: URL_ }))).toBe(true);
    expect(isReportingError(new NetworkError({ method: "GET", url: URL_ }))).toBe(true);
    expect(isNetworkError(new TimeoutError({ timeoutMs: 1, method: "GET", url: URL_ })))
      .toBe(false);
    expect(isNetworkError(createHttpError({ status: 500, method: "GET", url: URL_ }))).toBe(false);
    expect(isNetworkError(new TypeError("fetch failed"))).toBe(false);
    expect(isNetworkError(null)).toBe(false);
  });

  it("isNetworkError() ignores a runtime's own error named NetworkError", () => {
    expect(isNetworkError(new DOMException("offline", "NetworkError"))).toBe(false);
  });

  it("isNetworkError() recognises a NetworkError from another realm by name", () => {
    const foreign = Object.assign(new Error("x"), { name: "NetworkError", isReportingError: true });
    expect(isNetworkError(foreign)).toBe(true);
  });
});
