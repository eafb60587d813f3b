// Causes are kept: a failing schedule is 503 only when the platform cannot reach it; a defect
// is a 500 logged once with its cause and the trace id; an upstream failure's cause is noted in
// the request's log line.
import { beforeEach, describe, expect, it, type MockInstance, vi } from "vitest";
import type { Env } from "../../../worker/env.ts";
import {
  DAY_MS,
  daysAgo,
  expectLpError,
  harness,
  keyed,
  OAUTH1,
  OAUTH2,
  quietLogs,
  reportPath,
} from "./support.ts";

quietLogs();
let error: MockInstance<typeof console.error>;
beforeEach(() => {
  error = vi.spyOn(console, "error").mockImplementation(() => undefined);
});

/** A SCHEDULER binding whose every reservation fails with `failure`. */
function failingScheduler(failure: () => Error): Env["SCHEDULER"] {
  const stub = { reserve: () => Promise.reject(failure()), pause: () => Promise.resolve() };
  return {
    idFromName: (name: string) => name,
    get: () => stub,
  } as unknown as Env["SCHEDULER"];
}

const DAY = daysAgo(20);
const PATH = reportPath("current", OAUTH2.accountId, "analytics", DAY, DAY + DAY_MS);

/** The JSON error lines written so far. */
function errorLines(): Record<string, unknown>[] {
  return error.mock.calls.map((args) => JSON.parse(String(args[0])) as Record<string, unknown>);
}

describe("causes", () => {
  it("createApp() answers 503 when the schedule's object cannot be reached, logged once with the trace id", async () => {
    const unreachable = () =>
      Object.assign(new Error("Durable Object is overloaded"), { overloaded: true });
    const h = harness({ env: { SCHEDULER: failingScheduler(unreachable) } });
    const response = await h.call(PATH, { headers: keyed(OAUTH2.key) });
    const body = await expectLpError(response, 503);
    expect(body.message).toBe("The upstream schedule is unavailable");
    expect(errorLines()).toEqual([{
      traceId: body.requestTraceId,
      failed: "schedule unavailable",
      error: "Error: Durable Object is overloaded",
    }]);
    expect(h.reportingCalls()).toEqual([]);
  });

  it("createApp() answers a defect in the schedule with 500, not 503, and logs it once with its cause", async () => {
    const defect = () =>
      Object.assign(new TypeError("stub.reserve is broken", { cause: new Error("root") }), {
        remote: true,
      });
    const h = harness({ env: { SCHEDULER: failingScheduler(defect) } });
    const response = await h.call(PATH, { headers: keyed(OAUTH2.key) });
    const body = await expectLpError(response, 500);
    expect(body.message).toBe("Internal error");
    expect(errorLines()).toEqual([{
      traceId: body.requestTraceId,
      failed: "unexpected error",
      error: "TypeError: stub.reserve is broken <- Error: root",
    }]);
  });

  it("createApp() notes an upstream failure's cause in the request's log line", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const h = harness();
    h.network.down = true;
    // OAuth 1.0a: signed locally, so the reporting call itself meets the network failure.
    const path = reportPath("current", OAUTH1.accountId, "analytics", DAY, DAY + DAY_MS);
    const response = await h.call(path, { headers: keyed(OAUTH1.key) });
    const body = await expectLpError(response, 504);
    const lines = log.mock.calls.map((args) =>
      JSON.parse(String(args[0])) as { traceId: string; upstream: { failure?: string } }
    );
    const line = lines.find((l) => l.traceId === body.requestTraceId);
    expect(line?.upstream.failure).toMatch(/Network connection lost/);
    expect(errorLines()).toEqual([]);
  });
});
