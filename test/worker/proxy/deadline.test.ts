// One deadline per proxied request (REQUEST_DEADLINE_MS): a Sentinel that never answers, and
// ignores the abort too, still ends the request with a 504 once the deadline passes, and the
// AppJWT request it started is aborted by then.
import { describe, expect, it, vi } from "vitest";
import { createApp } from "../../../worker/app.ts";
import { createSandbox } from "../../../lib/sandbox/mod.ts";
import {
  baseEnv,
  DAY_MS,
  daysAgo,
  expectLpError,
  keyed,
  OAUTH1,
  OAUTH2,
  quietLogs,
  reportPath,
  T0,
} from "./support.ts";

quietLogs();

/** A sandbox upstream whose Sentinel (and, with `all`, every host) never answers nor aborts. */
function hangingUpstream(options: { all?: boolean } = {}) {
  const sandbox = createSandbox({ now: () => T0, volume: 10, rateLimit: Infinity });
  const hung: Request[] = [];
  const upstream = (request: Request): Promise<Response> => {
    if (options.all === true || new URL(request.url).hostname.includes("sentinel")) {
      hung.push(request);
      return new Promise<Response>(() => {});
    }
    return sandbox.fetch(request);
  };
  return { upstream, hung };
}

const DAY = daysAgo(20);

/** One analytics or transactions call through a fresh app with a 1 s deadline (room to reach Sentinel on a loaded machine). */
function callWithDeadline(
  upstream: (request: Request) => Promise<Response>,
  tenant: { accountId: string; key: string },
  operation: "analytics" | "transactions",
): Promise<Response> {
  const app = createApp({ now: () => T0, upstream });
  const env = { ...baseEnv, RATE_LIMIT: "1000", REQUEST_DEADLINE_MS: "1000" };
  const path = reportPath("current", tenant.accountId, operation, DAY, DAY + DAY_MS);
  return Promise.resolve(
    app.fetch(new Request(`http://proxy.test${path}`, { headers: keyed(tenant.key) }), env),
  );
}

describe("request deadline", () => {
  it("createApp() answers 504 at REQUEST_DEADLINE_MS when Sentinel hangs, and the AppJWT request is aborted", async () => {
    const { upstream, hung } = hangingUpstream();
    const response = await callWithDeadline(upstream, OAUTH2, "analytics");
    const body = await expectLpError(response, 504);
    expect(body.message).toBe("The upstream did not answer within the request deadline of 1000 ms");
    // One shared AppJWT request, under a timeout of the same length (started a little later):
    // aborted soon after, not left hanging.
    expect(hung.length).toBe(1);
    await vi.waitFor(() => expect(hung[0]!.signal.aborted).toBe(true));
  });

  it("createApp() answers 504 at REQUEST_DEADLINE_MS when the reporting host ignores aborts", async () => {
    const { upstream, hung } = hangingUpstream({ all: true });
    // OAuth 1.0a signs locally: the reporting call itself hangs.
    const response = await callWithDeadline(upstream, OAUTH1, "transactions");
    const body = await expectLpError(response, 504);
    expect(body.message).toMatch(/request deadline of 1000 ms/);
    expect(hung.length).toBe(1);
  });

  it("settingsOf() refuses a REQUEST_DEADLINE_MS that is not a positive number", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const app = createApp({ now: () => T0 });
    const env = { ...baseEnv, REQUEST_DEADLINE_MS: "soon" };
    const response = await app.fetch(new Request("http://proxy.test/_edge/health"), env);
    expect(response.status).toBe(500);
    expect(String(error.mock.calls[0]?.[0])).toMatch(
      /REQUEST_DEADLINE_MS is not a positive number/,
    );
  });
});
