/**
 * Client-side smoothing of requests to LivePerson's 10 TPS per-API limits (liveperson-api-notes.md
 * §4): a next-allowed-time scheduler (GCRA with a burst of 1) that queues callers instead of
 * letting them draw 429s.
 *
 * @module
 */

import { sleep as realSleep } from "./abort.ts";
import type { Sleep } from "./types.ts";

/** Settings of a {@linkcode RateLimiter}. */
export interface RateLimiterOptions {
  /**
   * Requests allowed per second. A fractional rate above 1 is rounded down, since a one-second
   * window cannot hold part of a request; below 1 it spaces requests `1000 / rate` ms apart.
   * `Infinity` disables limiting.
   */
  ratePerSecond: number;
  /** The clock, in milliseconds. @default () => Date.now() */
  now?: (() => number) | undefined;
  /** How the scheduler waits; inject one with `now` to run on a virtual clock. @default sleep */
  sleep?: Sleep | undefined;
}

/** The longest single wait; longer ones are taken in steps (`setTimeout` overflows past it). */
const MAX_WAIT_MS = 2_147_483_647;

interface Waiter {
  resolve(): void;
  reject(reason: unknown): void;
}

/** Milliseconds between two grants for a rate, after checking it. */
function intervalOf(ratePerSecond: number): number {
  if (typeof ratePerSecond !== "number" || Number.isNaN(ratePerSecond) || ratePerSecond <= 0) {
    throw new RangeError(
      `Cannot limit requests as ratePerSecond is not a positive number: ${ratePerSecond}`,
    );
  }
  return 1000 / (ratePerSecond >= 1 ? Math.floor(ratePerSecond) : ratePerSecond);
}

/**
 * Spaces requests so that at most `ratePerSecond` start in any sliding 1,000 ms window: each
 * grant is at least `1000 / rate` ms after the previous one, measured from when it actually
 * happened, so a late timer never lets the next grant catch up. Grant times are rounded up to
 * whole milliseconds, which keeps the window arithmetic exact. Waiters are served first come,
 * first served; an aborted waiter leaves the queue without taking a slot.
 *
 * @example Ten per second
 * ```ts
 * import { RateLimiter } from "./rate-limiter.ts";
 * const limiter = new RateLimiter({ ratePerSecond: 10 });
 * await limiter.acquire(); // at once
 * await limiter.acquire(); // 100 ms later
 * ```
 */
export class RateLimiter {
  readonly #interval: number;
  readonly #now: () => number;
  readonly #sleep: Sleep;
  readonly #queue: Waiter[] = [];
  /** Earliest time the next grant may happen. */
  #next = -Infinity;
  #draining = false;
  /** Cuts the scheduler's current wait short when nobody is left to serve. */
  #wake: AbortController | undefined;

  /**
   * @param options The rate, and optionally the clock and sleep to use.
   * @throws {RangeError} when `ratePerSecond` is not a positive number.
   */
  constructor(options: RateLimiterOptions) {
    this.#interval = intervalOf(options.ratePerSecond);
    this.#now = options.now ?? (() => Date.now());
    this.#sleep = options.sleep ?? realSleep;
  }

  /** How many callers are waiting for a slot. */
  get pending(): number {
    return this.#queue.length;
  }

  /**
   * Waits for this caller's turn.
   *
   * @param signal Gives up the place in the queue; later callers are not delayed by it.
   * @returns A promise that resolves when the request may start.
   * @throws The signal's `reason` (as a rejection) when it aborts before the turn comes.
   */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#queue.length === 0 && this.#now() >= this.#next) {
      this.#grant();
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.#queue.indexOf(waiter);
        if (index >= 0) this.#queue.splice(index, 1);
        if (this.#queue.length === 0) this.#wake?.abort();
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        resolve: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
        reject: (reason) => {
          signal?.removeEventListener("abort", onAbort);
          reject(reason);
        },
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#queue.push(waiter);
      if (!this.#draining) void this.#drain();
    });
  }

  /**
   * Holds every caller until `ms` from now, e.g. after an upstream 429, which slows the whole
   * API and not just the request that drew it. A pause never brings the next grant forward.
   *
   * @param ms Milliseconds to hold off.
   * @throws {RangeError} when `ms` is negative or not finite.
   */
  pause(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(
        `Cannot pause the rate limiter as ms is not a finite, non-negative number: ${ms}`,
      );
    }
    this.#next = Math.max(this.#next, Math.ceil(this.#now() + ms));
  }

  #grant(): void {
    // Spaced from the actual grant, not the planned one: a late wake-up must not let the next
    // grant catch up, or two grants could land within one interval of each other.
    this.#next = this.#interval === 0 ? -Infinity : Math.ceil(this.#now() + this.#interval);
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.#queue.length > 0) {
        const wait = this.#next - this.#now();
        if (wait <= 0) {
          this.#grant();
          this.#queue.shift()?.resolve();
          continue;
        }
        // Re-check after every wake: pause() may have moved #next, or the clock may lag the timer.
        const wake = new AbortController();
        this.#wake = wake;
        try {
          await this.#sleep(Math.min(wait, MAX_WAIT_MS), wake.signal);
        } catch (error) {
          if (!wake.signal.aborted) {
            for (const waiter of this.#queue.splice(0)) waiter.reject(error);
          }
        } finally {
          this.#wake = undefined;
        }
      }
    } finally {
      this.#draining = false;
    }
  }
}

/**
 * One {@linkcode RateLimiter} per key, created on first use with the same options. LP limits
 * each API separately (liveperson-api-notes.md §4), so key by host, account and API.
 *
 * @example
 * ```ts
 * import { RateLimiters } from "./rate-limiter.ts";
 * const limiters = new RateLimiters({ ratePerSecond: 10 });
 * await limiters.get("va.cx-reporting.liveperson.net 123456 transactions").acquire();
 * ```
 */
export class RateLimiters {
  readonly #options: RateLimiterOptions;
  readonly #limiters = new Map<string, RateLimiter>();

  /**
   * @param options Shared by every limiter.
   * @throws {RangeError} when `ratePerSecond` is not a positive number.
   */
  constructor(options: RateLimiterOptions) {
    intervalOf(options.ratePerSecond);
    this.#options = { ...options };
  }

  /**
   * The limiter for `key`, created on first use.
   *
   * @param key Identifies what the upstream limits together.
   * @returns The same limiter for the same key.
   */
  get(key: string): RateLimiter {
    let limiter = this.#limiters.get(key);
    if (!limiter) {
      limiter = new RateLimiter(this.#options);
      this.#limiters.set(key, limiter);
    }
    return limiter;
  }
}
