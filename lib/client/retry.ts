/**
 * The one retry policy of the library and the proxy: each attempt under its own timeout and
 * the caller's signal, failures (5xx, network errors, timeouts, bad bodies) retried up to
 * `attempts` sends in all, 429s retried apart from them after the server's wait, one free retry
 * after a refreshed credential, and nothing else retried. The client's transport, its region
 * discovery and the Worker's upstream calls run it, each with its own numbers and hooks.
 *
 * @module
 */

import { sleep as realSleep } from "./abort.ts";
import { anySignal, timeoutSignal } from "./abort.ts";
import { backoffDelay, rateLimitDelay, type RetryOptions } from "./backoff.ts";
import type { Sleep } from "./types.ts";

/** One caller's numbers. */
export interface RetryPolicy {
  /** Sends in all for failures, the first included (1 = never retry a failure). */
  attempts: number;
  /** 429s retried before giving up, apart from `attempts`. @default 0 */
  rateLimitRetries?: number;
  /** Timeout of one attempt, in ms; `Infinity` for none. */
  timeoutMs: number;
  /** The wait after a failure before retry number `retry` (1-based; failures and 429s counted). @default none */
  failureDelay?: (retry: number) => number;
  /** The wait after a 429 before retry number `retry`, given the server's `Retry-After` in ms. @default the server's wait, or 1 s */
  rateLimitDelay?: (retry: number, retryAfterMs: number | undefined) => number;
}

/** What one attempt came to; an attempt that throws ends the loop with what it threw. */
export type AttemptResult<T> =
  | { kind: "done"; value: T }
  /** Retried while sends remain; `error` is thrown once they are spent. */
  | { kind: "failed"; error: unknown }
  /** Retried while 429 retries remain, after the wait; `error` is thrown once they are spent. */
  | { kind: "rateLimited"; error: unknown; retryAfterMs: number | undefined }
  /** Retried once, at once (a refreshed credential); `error` is thrown the second time. */
  | { kind: "unauthorized"; error: unknown }
  /** Not retried: `error` is thrown. */
  | { kind: "final"; error: unknown };

/** What an attempt is given. */
export interface AttemptContext {
  /** Aborts when the caller's signal does or the attempt's timeout passes. */
  signal: AbortSignal;
  /** Whether the attempt's own timeout (not the caller's signal) has passed. */
  timedOut(): boolean;
  /** 1-based number of this attempt, retries of every kind counted. */
  number: number;
}

/** The hooks of {@linkcode withRetries}: what happens around attempts. */
export interface RetryHooks<T> {
  /** Runs one attempt. */
  attempt(context: AttemptContext): Promise<AttemptResult<T>>;
  /** Before every attempt, e.g. a rate limiter's slot. */
  beforeAttempt?(signal: AbortSignal | undefined): Promise<void>;
  /**
   * After a 429, before its wait: e.g. pauses a shared schedule for `waitMs`.
   * @returns How long this caller itself still sleeps. @default waitMs
   */
  onRateLimited?(waitMs: number): Promise<number> | number;
  /** Counts a retry (of any kind). */
  onRetry?(): void;
  /** Cancels the whole loop (waits, slots and attempts): the caller's signal or deadline. */
  signal?: AbortSignal | undefined;
  /** How waits between attempts are taken. @default sleep */
  sleep?: Sleep;
}

/**
 * Runs `hooks.attempt` until it is done, retrying as `policy` says.
 *
 * @param policy The caller's numbers.
 * @param hooks The attempt and what happens around it.
 * @returns The value of the first attempt that is done.
 * @throws The `error` of the last attempt once its kind of retry is spent, or at once for a
 *   `final` one; what an attempt or a hook throws, as it is; the signal's reason when it aborts.
 * @example Retry a flaky call twice, 100 ms apart
 * ```ts
 * import { withRetries } from "./retry.ts";
 * let calls = 0;
 * const value = await withRetries({ attempts: 3, timeoutMs: 1_000, failureDelay: () => 100 }, {
 *   attempt: () =>
 *     Promise.resolve(++calls < 3 ? { kind: "failed", error: new Error("flaky") } : { kind: "done", value: calls }),
 * });
 * console.log(value); // 3
 * ```
 */
export async function withRetries<T>(policy: RetryPolicy, hooks: RetryHooks<T>): Promise<T> {
  const { signal } = hooks;
  const sleep = hooks.sleep ?? realSleep;
  let failures = 0;
  let rateLimited = 0;
  let refreshed = false;
  for (let number = 1;; number++) {
    signal?.throwIfAborted();
    await hooks.beforeAttempt?.(signal);
    const result = await attemptOnce(policy.timeoutMs, signal, number, hooks.attempt);
    let waitMs = 0;
    switch (result.kind) {
      case "done":
        return result.value;
      case "final":
        throw result.error;
      case "unauthorized":
        if (refreshed) throw result.error;
        refreshed = true;
        break;
      case "failed":
        if (++failures >= policy.attempts) throw result.error;
        waitMs = policy.failureDelay?.(failures + rateLimited) ?? 0;
        break;
      case "rateLimited": {
        if (++rateLimited > (policy.rateLimitRetries ?? 0)) throw result.error;
        const pauseMs = policy.rateLimitDelay?.(failures + rateLimited, result.retryAfterMs) ??
          result.retryAfterMs ?? 1_000;
        waitMs = hooks.onRateLimited === undefined ? pauseMs : await hooks.onRateLimited(pauseMs);
        break;
      }
    }
    hooks.onRetry?.();
    if (waitMs > 0) await sleep(waitMs, signal);
  }
}

async function attemptOnce<T>(
  timeoutMs: number,
  caller: AbortSignal | undefined,
  number: number,
  attempt: RetryHooks<T>["attempt"],
): Promise<AttemptResult<T>> {
  const timeout = Number.isFinite(timeoutMs) ? timeoutSignal(timeoutMs) : undefined;
  const signal = anySignal([caller, timeout?.signal]);
  try {
    return await attempt({
      signal: signal.signal,
      timedOut: () => timeout?.signal.aborted === true,
      number,
    });
  } finally {
    signal.dispose();
    timeout?.dispose();
  }
}

/**
 * The client's policy from its retry settings: full-jitter backoff after failures and
 * LivePerson's 429 waits (see `backoff.ts`).
 *
 * @param retry Validated retry settings.
 * @param numbers The per-attempt timeout, the 429 retries and the jitter source.
 * @returns The policy.
 */
export function backoffPolicy(
  retry: Readonly<Required<RetryOptions>>,
  numbers: { timeoutMs: number; rateLimitRetries?: number; random?: () => number },
): RetryPolicy {
  const random = numbers.random ?? Math.random;
  return {
    attempts: retry.attempts,
    rateLimitRetries: numbers.rateLimitRetries ?? 0,
    timeoutMs: numbers.timeoutMs,
    failureDelay: (n) => backoffDelay(n, retry, random),
    rateLimitDelay: (n, retryAfterMs) => rateLimitDelay(n, retryAfterMs, retry, random),
  };
}
