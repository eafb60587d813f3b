/**
 * Cancellation helpers built on web-standard `AbortSignal`: a cancellable sleep, a signal that
 * aborts when any of several does, and a clearable timeout. Every timer is created inside a call,
 * never at module scope: Workers reject timers in global scope (octokit plugin-throttling PR #850).
 *
 * @module
 */

/** The largest delay `setTimeout` honours; longer ones fire at once in some runtimes. */
const MAX_TIMER_MS = 2_147_483_647;

/** A signal paired with the function that releases what it holds (listeners or a timer). */
export interface DisposableSignal {
  /** The combined or timed signal. */
  signal: AbortSignal;
  /** Removes listeners and clears timers; the signal stays as it is. Safe to call twice. */
  dispose(): void;
}

/**
 * Waits `ms` milliseconds on a real timer, or less if `signal` aborts first; the timer is
 * cleared on abort so nothing keeps the event loop busy.
 *
 * @param ms Milliseconds to wait; a negative delay counts as 0.
 * @param signal Cancels the wait.
 * @returns A promise that resolves after `ms`.
 * @throws {RangeError} (as a rejection) when `ms` is NaN or longer than 2,147,483,647 ms.
 * @throws The signal's `reason` (as a rejection) when it aborts, at once if already aborted.
 * @example Cancel a wait
 * ```ts
 * import { sleep } from "./abort.ts";
 * const controller = new AbortController();
 * const wait = sleep(60_000, controller.signal);
 * controller.abort(new Error("stop"));
 * await wait.catch((error) => console.log(error.message)); // "stop"
 * ```
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (Number.isNaN(ms) || ms > MAX_TIMER_MS) {
    return Promise.reject(
      new RangeError(`Cannot sleep as the delay is not between 0 and ${MAX_TIMER_MS} ms: ${ms}`),
    );
  }
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Combines signals: the result aborts, with the same reason, as soon as any of them does.
 * Uses `AbortSignal.any` where the runtime has it, and listeners otherwise.
 *
 * @param signals The signals to follow; `undefined` entries are skipped.
 * @returns The combined signal and `dispose`, which detaches the fallback's listeners (call it
 *   when the operation ends so long-lived signals do not accumulate them).
 * @example Caller signal plus timeout
 * ```ts
 * import { anySignal, timeoutSignal } from "./abort.ts";
 * const caller = new AbortController();
 * const timeout = timeoutSignal(10_000);
 * const combined = anySignal([caller.signal, timeout.signal]);
 * caller.abort(new Error("cancelled"));
 * console.log(combined.signal.aborted); // true
 * combined.dispose();
 * timeout.dispose();
 * ```
 */
export function anySignal(signals: readonly (AbortSignal | undefined)[]): DisposableSignal {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  // Feature test at call time, never captured at import time.
  if (typeof AbortSignal.any === "function") {
    return { signal: AbortSignal.any(present), dispose: () => {} };
  }
  const controller = new AbortController();
  const already = present.find((signal) => signal.aborted);
  if (already) {
    controller.abort(already.reason);
    return { signal: controller.signal, dispose: () => {} };
  }
  const listeners = present.map((signal) => {
    const listener = (): void => {
      dispose();
      controller.abort(signal.reason);
    };
    signal.addEventListener("abort", listener, { once: true });
    return [signal, listener] as const;
  });
  function dispose(): void {
    for (const [signal, listener] of listeners) signal.removeEventListener("abort", listener);
  }
  return { signal: controller.signal, dispose };
}

/**
 * A signal that aborts after `ms` with a `DOMException` named `"TimeoutError"`, so callers can
 * tell a timeout from a caller's abort (whose reason is usually an `"AbortError"`). Unlike
 * `AbortSignal.timeout`, its timer can be cleared, and it does not depend on that API
 * (unreliable on Bun: oven-sh/bun #13302).
 *
 * @param ms Milliseconds before the signal aborts; a negative delay counts as 0.
 * @returns The signal and `dispose`, which clears the timer (call it once the work is done).
 * @throws {RangeError} when `ms` is NaN or longer than 2,147,483,647 ms.
 * @example Time out a fetch
 * ```ts
 * import { timeoutSignal } from "./abort.ts";
 * const timeout = timeoutSignal(30_000);
 * try {
 *   // await fetch(url, { signal: timeout.signal });
 * } finally {
 *   timeout.dispose();
 * }
 * ```
 */
export function timeoutSignal(ms: number): DisposableSignal {
  if (Number.isNaN(ms) || ms > MAX_TIMER_MS) {
    throw new RangeError(
      `Cannot create a timeout as the delay is not between 0 and ${MAX_TIMER_MS} ms: ${ms}`,
    );
  }
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(new DOMException(`The operation timed out after ${ms} ms`, "TimeoutError"));
  }, Math.max(0, ms));
  return { signal: controller.signal, dispose: () => clearTimeout(timer) };
}

/**
 * Waits for `promise`, or rejects with the signal's reason as soon as it aborts, leaving the
 * work itself alone: for work that a signal must not cancel (a token request other callers
 * share) but that this caller stops waiting for.
 *
 * @param promise The work to wait for.
 * @param signal Stops the wait.
 * @returns What `promise` resolves to.
 * @throws What `promise` rejects with, or the signal's `reason` (as a rejection) when it aborts first.
 * @example Stop waiting after 10 ms
 * ```ts
 * import { timeoutSignal, untilAborted } from "./abort.ts";
 * const timeout = timeoutSignal(10);
 * const never = new Promise<string>(() => {});
 * await untilAborted(never, timeout.signal).catch((error) => console.log(error.name)); // "TimeoutError"
 * ```
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    // Nobody waits for the work any more: its failure must not become an unhandled rejection.
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
