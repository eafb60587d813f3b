// Regressions found by the upstream fault matrix (test/reliability/node/fault-matrix.test.ts):
// the region lookup through the Domain API runs outside the transport, so it has neither the
// client's timeout nor its retries, and it is shared under the signal of whichever call
// started it; and an attempt that hangs must end at the client's timeout whatever the request
// it sends follows.
import { afterEach, describe, expect, it, vi } from "vitest";
import { isReportingError, ReportingClient } from "../../../lib/mod.ts";
import type { FetchLike } from "../../../lib/client/types.ts";
import { createSandbox } from "../../../lib/sandbox/mod.ts";
import { DEMO_TENANTS } from "../../../lib/sandbox/tenants.ts";

const NOW = Date.UTC(2026, 9, 20, 12);
const DAY_MS = 86_400_000;
const TENANT = DEMO_TENANTS[2]!;
const DOMAIN_HOST = "api.liveperson.net";

/** A client that has to look its region up (no `region` option), with fast retries. */
function client(fetch: FetchLike): ReportingClient {
  return new ReportingClient({
    accountId: TENANT.accountId,
    app: "prmsg",
    auth: { kind: "bearer", token: TENANT.bearer },
    fetch,
    now: () => NOW,
    timeoutMs: 1_000,
    retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 4 },
  });
}

/** Never answers; rejects when the request's signal aborts, as a real fetch does. */
function never(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

describe("ReportingClient regressions (upstream faults)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("accountAnalytics() fails with a ReportingError when the Domain API never answers", async () => {
    vi.useFakeTimers();
    const sandbox = createSandbox({ now: () => NOW, volume: 10 });
    const fetch: FetchLike = (request) =>
      new URL(request.url).hostname === DOMAIN_HOST
        ? never(request.signal)
        : sandbox.fetch(request);
    const outcome = client(fetch)
      .accountAnalytics({ from: NOW - 3 * DAY_MS, to: NOW - DAY_MS })
      .then(() => "answered", (error: unknown) => error);
    // Far beyond timeoutMs x attempts: every attempt must have timed out by now.
    await vi.advanceTimersByTimeAsync(60_000);
    const settled = await Promise.race([outcome, Promise.resolve("still pending")]);
    // Today: still pending forever (lib/client/context.ts baseUrl() -> DomainResolver.region()
    // runs without the transport's timeout, and the lookup's request carries no timeout signal).
    expect(settled).not.toBe("still pending");
    expect(isReportingError(settled)).toBe(true);
  });

  it("accountAnalytics() retries a Domain API 500 as it retries any other 5xx", async () => {
    const sandbox = createSandbox({ now: () => NOW, volume: 10 });
    let domainCalls = 0;
    const fetch: FetchLike = (request) => {
      if (new URL(request.url).hostname === DOMAIN_HOST && domainCalls++ === 0) {
        return Promise.resolve(
          new Response(JSON.stringify({ code: 5000, requestTraceId: "t", message: "down" }), {
            status: 500,
            headers: { "content-type": "application/json" },
          }),
        );
      }
      return sandbox.fetch(request);
    };
    const from = NOW - 3 * DAY_MS;
    const to = NOW - DAY_MS;
    // Today: rejects at once with the Domain API's ServerError, never retried.
    const rows = await client(fetch).accountAnalytics({ from, to });
    expect(rows.map(({ optOuts: _o, optIns: _i, ...row }) => row)).toEqual(
      sandbox.analytics({ accountId: TENANT.accountId, app: "prmsg", from, to }).map((
        { optOuts: _o, optIns: _i, ...row },
      ) => row),
    );
    expect(domainCalls).toBe(2);
  });

  it("an attempt ends at its timeout when the auth function's request drops the signal", async () => {
    vi.useFakeTimers();
    const sandbox = createSandbox({ now: () => NOW, volume: 10 });
    let hung = 0;
    const fetch: FetchLike = (request) => {
      if (new URL(request.url).hostname === DOMAIN_HOST) return sandbox.fetch(request);
      hung += 1;
      return never(request.signal);
    };
    // A signer that rebuilds the request without its signal, as a Request copied from a
    // collected Request ends up in Node 20 (undici drops the link to the source's signal).
    const signer = (request: Request): Promise<Request> =>
      Promise.resolve(
        new Request(request.url, {
          method: request.method,
          headers: { authorization: `Bearer ${TENANT.bearer}` },
        }),
      );
    const outcome = new ReportingClient({
      accountId: TENANT.accountId,
      app: "prmsg",
      auth: signer,
      fetch,
      now: () => NOW,
      timeoutMs: 1_000,
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 4 },
    }).accountAnalytics({ from: NOW - 3 * DAY_MS, to: NOW - DAY_MS })
      .then(() => "answered", (error: unknown) => error);
    await vi.advanceTimersByTimeAsync(10_000);
    const settled = await Promise.race([outcome, Promise.resolve("still pending")]);
    expect(settled).not.toBe("still pending");
    expect((settled as Error).name).toBe("TimeoutError");
    expect(hung).toBe(2);
  });

  it("an attempt ends at its timeout when the fetch ignores the signal", async () => {
    vi.useFakeTimers();
    const sandbox = createSandbox({ now: () => NOW, volume: 10 });
    const fetch: FetchLike = (request) =>
      new URL(request.url).hostname === DOMAIN_HOST
        ? sandbox.fetch(request)
        : new Promise<Response>(() => {});
    const outcome = client(fetch)
      .accountAnalytics({ from: NOW - 3 * DAY_MS, to: NOW - DAY_MS })
      .then(() => "answered", (error: unknown) => error);
    await vi.advanceTimersByTimeAsync(10_000);
    const settled = await Promise.race([outcome, Promise.resolve("still pending")]);
    expect(settled).not.toBe("still pending");
    expect((settled as Error).name).toBe("TimeoutError");
  });

  it("accountAnalytics() is not failed by another call's abort during the region lookup", async () => {
    const sandbox = createSandbox({ now: () => NOW, volume: 10 });
    let release: () => void = () => {};
    const domainAnswered = new Promise<void>((resolve) => (release = resolve));
    const fetch: FetchLike = async (request) => {
      if (new URL(request.url).hostname === DOMAIN_HOST) await domainAnswered;
      return await sandbox.fetch(request);
    };
    const shared = client(fetch);
    const from = NOW - 3 * DAY_MS;
    const to = NOW - DAY_MS;
    const controller = new AbortController();
    const cancelled = shared.accountAnalytics({ from, to, signal: controller.signal })
      .catch((error: unknown) => error);
    const kept = shared.accountAnalytics({ from, to }).catch((error: unknown) => error);
    controller.abort(new DOMException("the first caller gave up", "AbortError"));
    release();
    expect(await cancelled).toBeInstanceOf(DOMException);
    // Today: the second call rejects with the first caller's AbortError, as lib/client/context.ts
    // baseUrl() shares one lookup started with the first caller's signal.
    const rows = await kept;
    expect(rows).toBeInstanceOf(Array);
    expect((rows as unknown[]).length).toBeGreaterThan(0);
  });
});
