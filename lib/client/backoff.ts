/**
 * How long to wait before retrying: exponential backoff with full jitter for server errors, and
 * the server's `Retry-After` (or at least a second) for 429s.
 *
 * @module
 */

/** Retry settings. Every field is optional; {@linkcode RETRY_DEFAULTS} fills the gaps. */
export interface RetryOptions {
  /**
   * How many times a request is sent in all, the first try included (1 = never retry).
   * LP advises retrying a 5xx 3 times (liveperson-api-notes.md §4); set 4 to follow it literally.
   * @default 3
   */
  attempts?: number;
  /** Backoff cap of the first retry, doubled on each later retry. LP: 5 s. @default 5000 */
  baseDelayMs?: number;
  /** Ceiling of the backoff cap. LP: 5 s, 10 s, 15 s. @default 15000 */
  maxDelayMs?: number;
  /** Shortest wait after a 429 without `Retry-After`. LP: "at least 1 second". @default 1000 */
  rateLimitDelayMs?: number;
  /** Longest `Retry-After` honoured; longer ones are clamped to it. @default 60000 */
  maxRetryAfterMs?: number;
}

/** The retry settings used when none are given. */
export const RETRY_DEFAULTS: Readonly<Required<RetryOptions>> = Object.freeze({
  attempts: 3,
  // LP: 5xx "Retry 3 times with 5, 10, 15 second pause" (liveperson-api-notes.md §4).
  baseDelayMs: 5000,
  maxDelayMs: 15_000,
  // LP: 429 "Retry after at least 1 second; avoid bursts" (liveperson-api-notes.md §4).
  rateLimitDelayMs: 1000,
  maxRetryAfterMs: 60_000,
});

/** Throws unless `retry` is a 1-based retry number. */
function assertRetry(retry: number): void {
  if (!Number.isInteger(retry) || retry < 1) {
    throw new RangeError(
      `Cannot compute a retry delay as retry is not a positive integer: ${retry}`,
    );
  }
}

/**
 * The wait before retry number `retry`, by exponential backoff with full jitter (AWS
 * Architecture Blog, "Exponential Backoff And Jitter"): exactly
 * `random() * min(maxDelayMs, baseDelayMs * 2 ** (retry - 1))`. With the defaults the caps of
 * retries 1, 2, 3 are 5 s, 10 s, 15 s, LP's 5xx schedule; the jitter spreads many clients'
 * retries over the whole interval instead of bunching them at its end. The result lies in
 * `[0, cap)` and is 0 only when `random()` returns 0.
 *
 * @param retry Which retry this is, 1-based (1 = the wait after the first failure).
 * @param options Validated settings (see {@linkcode validateRetryOptions}).
 * @param random A uniform source in `[0, 1)`; inject one to make tests deterministic.
 * @returns Milliseconds to wait.
 * @throws {RangeError} when `retry` is not a positive integer.
 * @example Caps of the default schedule
 * ```ts
 * import { backoffDelay, RETRY_DEFAULTS } from "./backoff.ts";
 * const almostOne = () => 0.999_999;
 * backoffDelay(1, RETRY_DEFAULTS, almostOne); // just under 5000
 * backoffDelay(3, RETRY_DEFAULTS, () => 0.5); // 7500
 * ```
 */
export function backoffDelay(
  retry: number,
  options: Readonly<Required<RetryOptions>>,
  random: () => number = Math.random,
): number {
  assertRetry(retry);
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  return random() * cap;
}

/**
 * The wait before retrying after a 429. A `Retry-After` the server sent is honoured, clamped
 * to `maxRetryAfterMs`, without jitter (the server chose the time, as in ky). Without one,
 * LivePerson (which documents no `Retry-After`) asks for at least a second, so the wait is
 * `max(rateLimitDelayMs, backoffDelay(retry))`.
 *
 * @param retry Which retry this is, 1-based.
 * @param retryAfterMs The server's wait in ms (see `retryAfterFromHeaders`), or `undefined`.
 * @param options Validated settings.
 * @param random A uniform source in `[0, 1)` for the backoff.
 * @returns Milliseconds to wait.
 * @throws {RangeError} when `retry` is not a positive integer.
 * @example With and without Retry-After
 * ```ts
 * import { rateLimitDelay, RETRY_DEFAULTS } from "./backoff.ts";
 * rateLimitDelay(1, 2000, RETRY_DEFAULTS); // 2000
 * rateLimitDelay(1, 600_000, RETRY_DEFAULTS); // 60000 (clamped)
 * rateLimitDelay(1, undefined, RETRY_DEFAULTS, () => 0); // 1000
 * ```
 */
export function rateLimitDelay(
  retry: number,
  retryAfterMs: number | undefined,
  options: Readonly<Required<RetryOptions>>,
  random: () => number = Math.random,
): number {
  assertRetry(retry);
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs)) {
    return Math.min(Math.max(0, retryAfterMs), options.maxRetryAfterMs);
  }
  return Math.max(options.rateLimitDelayMs, backoffDelay(retry, options, random));
}

/**
 * Fills in defaults and checks retry settings once, when a client is built.
 *
 * @param options The caller's settings; `undefined` fields take their defaults.
 * @returns Every setting, validated.
 * @throws {TypeError} when `options` is not an object or a field is not a number.
 * @throws {RangeError} when `attempts` is not a positive integer or a delay is negative or
 *   not finite.
 * @example
 * ```ts
 * import { validateRetryOptions } from "./backoff.ts";
 * validateRetryOptions({ attempts: 4 }).baseDelayMs; // 5000
 * ```
 */
export function validateRetryOptions(options: RetryOptions | undefined): Required<RetryOptions> {
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw new TypeError(`Cannot use the retry options as they are not an object: ${options}`);
  }
  const merged = { ...RETRY_DEFAULTS };
  for (const key of Object.keys(RETRY_DEFAULTS) as (keyof RetryOptions)[]) {
    const value: unknown = options?.[key];
    if (value === undefined) continue;
    if (typeof value !== "number") {
      throw new TypeError(`Cannot use retry.${key} as it is not a number: ${String(value)}`);
    }
    merged[key] = value;
  }
  if (!Number.isInteger(merged.attempts) || merged.attempts < 1) {
    throw new RangeError(
      `Cannot use retry.attempts as it is not a positive integer: ${merged.attempts}`,
    );
  }
  for (const key of ["baseDelayMs", "maxDelayMs", "rateLimitDelayMs", "maxRetryAfterMs"] as const) {
    if (!Number.isFinite(merged[key]) || merged[key] < 0) {
      throw new RangeError(
        `Cannot use retry.${key} as it is not a finite, non-negative number: ${merged[key]}`,
      );
    }
  }
  return merged;
}
