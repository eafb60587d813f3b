// Regressions found by the reliability runs (issue 5): each test fails on the defect it names.
import { afterEach, describe, expect, it, vi } from "vitest";
import { expectLpError, harness, keyed, OAUTH2 } from "./support.ts";

/** The JSON request log lines written while `run` runs. */
async function logLinesOf(run: () => Promise<Response>): Promise<{
  response: Response;
  lines: Record<string, unknown>[];
}> {
  const lines: Record<string, unknown>[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((line: unknown) => {
    lines.push(JSON.parse(String(line)) as Record<string, unknown>);
  });
  try {
    const response = await run();
    return { response, lines };
  } finally {
    spy.mockRestore();
  }
}

describe("regressions found by the reliability runs", () => {
  afterEach(() => vi.restoreAllMocks());

  // Found by test/reliability/workerd/fuzz.test.ts: app.notFound() throws, so the error skips
  // the rest of the "*" middleware (Hono's compose) and the request gets no log line.
  for (
    const path of [
      "/no/such/path",
      "/api/account/10000001/app/prmsg/analytics/extra",
      "/api/account//app/prmsg/analytics",
      "/_edge/nothing",
    ]
  ) {
    it(`createApp() writes the request log line of an unmatched path: ${path}`, async () => {
      const h = harness();
      const { response, lines } = await logLinesOf(() =>
        h.call(path, { headers: keyed(OAUTH2.key) })
      );
      const { requestTraceId } = await expectLpError(response, 404);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ traceId: requestTraceId, status: 404, method: "GET" });
    });
  }

  it("createApp() writes the request log line of a POST to a GET-only /_edge route", async () => {
    const h = harness();
    const { response, lines } = await logLinesOf(() => h.call("/_edge/health", { method: "POST" }));
    const { requestTraceId } = await expectLpError(response, 405);
    expect(lines).toEqual([expect.objectContaining({ traceId: requestTraceId, status: 405 })]);
  });
});
