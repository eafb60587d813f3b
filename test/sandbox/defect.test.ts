// Stubs an internal of the sandbox (vi.mock), so it lives in a file of its own.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createSandbox } from "../../lib/sandbox/mod.ts";
import { bearer, DAY, NOW, reportingUrl } from "./support.ts";

const defect = new TypeError("Cannot read properties of undefined (reading 'rows')");

vi.mock("../../lib/sandbox/reporting.ts", async (importOriginal) => ({
  ...await importOriginal<typeof import("../../lib/sandbox/reporting.ts")>(),
  answerReporting: () => Promise.reject(defect),
}));

afterEach(() => {
  vi.restoreAllMocks();
});

describe("createSandbox() and its own defects", () => {
  it("answers an unexpected error with a 500 in LivePerson's error shape and one console.error line", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const sandbox = createSandbox({ now: () => NOW, volume: 10 });
    const url = reportingUrl(
      sandbox,
      "10000001",
      "current",
      `app/prmsg/analytics/?attemptedStartTime=${NOW - DAY}&attemptedEndTime=${NOW}`,
    );
    const response = await sandbox.fetch(url, { headers: bearer(sandbox, "10000001") });
    expect(response.status).toBe(500);
    const body = await response.json() as Record<string, unknown>;
    expect(body).toEqual({
      code: 5000,
      requestTraceId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      message: "Internal server error",
    });
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]?.[0]).toBe(
      "Sandbox failed to answer GET /api/account/10000001/app/prmsg/analytics/:",
    );
    expect(log.mock.calls[0]?.[1]).toBe(defect);
  });

  it("still answers the caller's own mistakes with a 400 and no log line", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const sandbox = createSandbox({ now: () => NOW, volume: 10 });
    const url = reportingUrl(sandbox, "10000001", "current", "app/nope/analytics/");
    const response = await sandbox.fetch(url, { headers: bearer(sandbox, "10000001") });
    expect(response.status).toBe(400);
    expect(log).not.toHaveBeenCalled();
  });
});
