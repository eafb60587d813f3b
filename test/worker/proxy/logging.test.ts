// The log line: one structured JSON line per request, and no secret in it.
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from "vitest";
import {
  DAY_MS,
  daysAgo,
  harness,
  keyed,
  MINUTE_MS,
  OAUTH1,
  OAUTH2,
  PASSTHROUGH,
  passthrough,
  reportPath,
  SECRETS,
} from "./support.ts";

let log: MockInstance<typeof console.log>;
let error: MockInstance<typeof console.error>;

beforeEach(() => {
  log = vi.spyOn(console, "log").mockImplementation(() => undefined);
  error = vi.spyOn(console, "error").mockImplementation(() => undefined);
});

afterEach(() => {
  vi.restoreAllMocks();
});

interface LogLine {
  traceId: string;
  route: string | null;
  accountId: string | null;
  status: number;
  cache: string;
  upstream: { calls: number; attempts: number; status: number | null };
  durationMs: number;
}

/** Everything written to the console so far, as text. */
function consoleText(): string {
  return [...log.mock.calls, ...error.mock.calls].map((args) => args.map(String).join(" "))
    .join("\n");
}

describe("the log line", () => {
  it("createApp() writes one JSON line per request with trace id, route, account, cache and upstream", async () => {
    const day = daysAgo(12);
    const h = harness({ start: day + DAY_MS + 30 * MINUTE_MS });
    const analytics = reportPath("current", OAUTH2.accountId, "analytics", day, day + DAY_MS);
    const cases: {
      path: string;
      init?: RequestInit;
      expected: Omit<Partial<LogLine>, "upstream"> & { upstream?: Partial<LogLine["upstream"]> };
    }[] = [
      {
        path: analytics,
        init: { headers: keyed(OAUTH2.key) },
        expected: {
          route: "/api/account/:accountId/app/:app/analytics",
          accountId: OAUTH2.accountId,
          status: 200,
          cache: "miss",
          upstream: { calls: 1, attempts: 1, status: 200 },
        },
      },
      {
        path: analytics,
        init: { headers: keyed(OAUTH2.key, "x-api-key") },
        expected: { status: 200, cache: "hit", upstream: { calls: 0, attempts: 0, status: null } },
      },
      {
        path: reportPath("2.0", OAUTH1.accountId, "transactions", day, day + DAY_MS),
        init: { headers: keyed(OAUTH1.key) },
        expected: {
          route: "/account/:accountId/app/:app/transactions",
          accountId: OAUTH1.accountId,
          status: 200,
          cache: "miss",
        },
      },
      {
        path: reportPath("current", PASSTHROUGH.accountId, "analytics", day, day + DAY_MS),
        init: { headers: passthrough() },
        expected: { accountId: PASSTHROUGH.accountId, status: 200, cache: "miss" },
      },
      {
        path: analytics,
        init: { headers: keyed("demo-key-99999999") },
        expected: { accountId: OAUTH2.accountId, status: 401, upstream: { calls: 0 } },
      },
      {
        path: reportPath("current", OAUTH1.accountId, "analytics", day, day + DAY_MS),
        init: { headers: keyed(OAUTH2.key) },
        expected: { accountId: OAUTH1.accountId, status: 403 },
      },
      {
        path: `/api/account/${OAUTH2.accountId}/app/prmsg/analytics/?attemptedStartTime=x`,
        init: { headers: keyed(OAUTH2.key) },
        expected: { status: 400, upstream: { calls: 0 } },
      },
      { path: "/_edge/health", expected: { route: "/_edge/health", status: 200 } },
    ];
    for (const { path, init, expected } of cases) {
      const before = log.mock.calls.length;
      const response = await h.call(path, init);
      await response.arrayBuffer();
      const lines = log.mock.calls.slice(before);
      expect(lines.length, path).toBe(1);
      expect(lines[0]!.length).toBe(1);
      const line = JSON.parse(String(lines[0]![0])) as LogLine;
      expect(line.traceId).toBe(response.headers.get("x-request-trace-id"));
      expect(line.status).toBe(response.status);
      expect(typeof line.durationMs).toBe("number");
      expect(Object.keys(line)).toEqual(
        expect.arrayContaining(["traceId", "route", "accountId", "cache", "upstream"]),
      );
      const { upstream, ...rest } = expected;
      expect(line, path).toMatchObject(rest);
      if (upstream !== undefined) expect(line.upstream, path).toMatchObject(upstream);
    }
  });

  it("createApp() writes one log line for an unknown route or method too", async () => {
    const h = harness();
    for (
      const [path, method] of [
        ["/api/account/10000001/app/prmsg/analytics/", "PUT"],
        ["/nowhere", "GET"],
      ] as const
    ) {
      const before = log.mock.calls.length;
      const response = await h.call(path, { method, headers: keyed(OAUTH2.key) });
      expect(response.status).toBeGreaterThanOrEqual(404);
      const lines = log.mock.calls.slice(before);
      expect(lines.length, `${method} ${path}`).toBe(1);
      const line = JSON.parse(String(lines[0]![0])) as LogLine;
      expect(line.traceId).toBe(response.headers.get("x-request-trace-id"));
      expect(line.status).toBe(response.status);
    }
  });

  it("createApp() writes no secret in its log lines: proxy keys, sandbox credentials, AppJWTs, signatures", async () => {
    const day = daysAgo(13);
    const h = harness({ start: day + DAY_MS + 30 * MINUTE_MS });
    const headerSets: HeadersInit[] = [
      keyed(OAUTH2.key),
      keyed(OAUTH2.key, "x-api-key"),
      keyed(OAUTH1.key),
      passthrough(),
      passthrough("Bearer some-other-lp-credential"),
      keyed("demo-key-unknown-secret"),
      { "x-api-key": OAUTH2.key, authorization: "Bearer caller-private-token" },
    ];
    for (const headers of headerSets) {
      for (const accountId of [OAUTH2.accountId, OAUTH1.accountId, PASSTHROUGH.accountId]) {
        for (const operation of ["analytics", "transactions"] as const) {
          const response = await h.call(
            reportPath("current", accountId, operation, day, day + DAY_MS),
            { headers },
          );
          await response.arrayBuffer();
        }
      }
    }
    // An upstream failure, logged too.
    h.sandbox.setFaults({ errorRate: 1 });
    await h.call(reportPath("current", OAUTH2.accountId, "analytics", day - DAY_MS, day), {
      headers: keyed(OAUTH2.key),
    });
    const text = consoleText();
    expect(log.mock.calls.length).toBe(headerSets.length * 6 + 1);
    const upstreamCredentials = h.upstream.map((r) => r.authorization).filter((v) => v !== null);
    expect(upstreamCredentials.some((v) => /^Bearer ey/.test(v!))).toBe(true);
    expect(upstreamCredentials.some((v) => /^OAuth /.test(v!))).toBe(true);
    const secrets = [
      ...SECRETS,
      "demo-key-unknown-secret",
      "caller-private-token",
      "some-other-lp-credential",
      ...upstreamCredentials.map((v) => v!.replace(/^Bearer /, "")),
      ...upstreamCredentials.flatMap((v) =>
        [...v!.matchAll(/oauth_(?:signature|nonce)="([^"]+)"/g)].map((m) => m[1]!)
      ),
    ];
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/demo-key|sandbox-|Bearer|OAuth /);
  });
});
