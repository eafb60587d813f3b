import { describe, expect, it } from "vitest";
import { isNetworkError, ReportingClient } from "../../../lib/mod.ts";
import { type AttemptResult, withRetries } from "../../../lib/client/retry.ts";
import { createSandbox } from "../../../lib/sandbox/mod.ts";
import { DEMO_TENANTS } from "../../../lib/sandbox/tenants.ts";

const NOW = Date.UTC(2026, 9, 20, 12);
const DAY_MS = 86_400_000;

/** Records the waits instead of taking them. */
function recordedSleep(): { waits: number[]; sleep: (ms: number) => Promise<void> } {
  const waits: number[] = [];
  return { waits, sleep: (ms) => (waits.push(ms), Promise.resolve()) };
}

/** An attempt that returns the given results in turn. */
function scripted<T>(results: AttemptResult<T>[]): () => Promise<AttemptResult<T>> {
  return () => Promise.resolve(results.shift() ?? { kind: "final", error: new Error("spent") });
}

describe("withRetries()", () => {
  it("withRetries() retries failures up to attempts sends in all, waiting failureDelay between", async () => {
    const { waits, sleep } = recordedSleep();
    const error = new Error("third failure");
    const outcome = withRetries(
      { attempts: 3, timeoutMs: 1_000, failureDelay: (retry) => retry * 10 },
      {
        attempt: scripted<number>([
          { kind: "failed", error: new Error("1") },
          { kind: "failed", error: new Error("2") },
          { kind: "failed", error },
          { kind: "done", value: 4 },
        ]),
        sleep,
      },
    );
    await expect(outcome).rejects.toBe(error);
    expect(waits).toEqual([10, 20]);
  });

  it("withRetries() counts 429s apart from failures and hands their wait to onRateLimited", async () => {
    const { waits, sleep } = recordedSleep();
    const paused: number[] = [];
    let retries = 0;
    const value = await withRetries({ attempts: 2, rateLimitRetries: 2, timeoutMs: 1_000 }, {
      attempt: scripted<string>([
        { kind: "rateLimited", error: new Error("429"), retryAfterMs: 2_000 },
        { kind: "failed", error: new Error("500") },
        { kind: "rateLimited", error: new Error("429"), retryAfterMs: undefined },
        { kind: "done", value: "ok" },
      ]),
      onRateLimited: (waitMs) => (paused.push(waitMs), 0),
      onRetry: () => void retries++,
      sleep,
    });
    expect(value).toBe("ok");
    expect(paused).toEqual([2_000, 1_000]);
    expect(waits).toEqual([]);
    expect(retries).toBe(3);
  });

  it("withRetries() retries an unauthorized attempt once and throws a final one at once", async () => {
    const second = new Error("401 again");
    await expect(withRetries({ attempts: 5, timeoutMs: 1_000 }, {
      attempt: scripted<never>([
        { kind: "unauthorized", error: new Error("401") },
        { kind: "unauthorized", error: second },
      ]),
    })).rejects.toBe(second);
    const final = new Error("400");
    let calls = 0;
    await expect(withRetries({ attempts: 5, timeoutMs: 1_000 }, {
      attempt: () => (calls++, Promise.resolve({ kind: "final", error: final })),
    })).rejects.toBe(final);
    expect(calls).toBe(1);
  });

  it("withRetries() gives each attempt a signal that its timeout aborts", async () => {
    const value = await withRetries<boolean>({ attempts: 2, timeoutMs: 5 }, {
      attempt: ({ signal, timedOut, number }) =>
        new Promise((resolve) => {
          signal.addEventListener("abort", () =>
            resolve(
              number === 1
                ? { kind: "failed", error: new Error("timed out") }
                : { kind: "done", value: timedOut() },
            ));
        }),
    });
    expect(value).toBe(true);
  });

  it("withRetries() stops at once with the caller's abort reason", async () => {
    const controller = new AbortController();
    const reason = new Error("cancelled");
    const outcome = withRetries({ attempts: 3, timeoutMs: 1_000 }, {
      attempt: () => {
        controller.abort(reason);
        return Promise.resolve({ kind: "failed", error: new Error("500") });
      },
      signal: controller.signal,
    });
    await expect(outcome).rejects.toBe(reason);
  });
});

describe("Transport with a custom auth function", () => {
  it("accountAnalytics() rejects with what the auth function threw, once, not a retried NetworkError", async () => {
    const sandbox = createSandbox({ now: () => NOW, volume: 10 });
    const thrown = new Error("vault is sealed");
    let calls = 0;
    let upstream = 0;
    const client = new ReportingClient({
      accountId: DEMO_TENANTS[0]!.accountId,
      app: "prmsg",
      region: "va",
      auth: () => {
        calls += 1;
        throw thrown;
      },
      fetch: (request) => (upstream++, sandbox.fetch(request)),
      now: () => NOW,
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const error = await client.accountAnalytics({ from: NOW - 2 * DAY_MS, to: NOW - DAY_MS })
      .then(() => null, (caught: unknown) => caught);
    expect(error).toBe(thrown);
    expect(isNetworkError(error)).toBe(false);
    expect(calls).toBe(1);
    expect(upstream).toBe(0);
  });
});
