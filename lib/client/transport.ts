import { createHttpError, isRateLimitError } from "../errors/http-error.ts";
import { NetworkError } from "../errors/network-error.ts";
import { redactUrl } from "../errors/redact.ts";
import { isReportingError } from "../errors/reporting-error.ts";
import { TimeoutError } from "../errors/timeout-error.ts";
import { ValidationError } from "../errors/validation-error.ts";
import { anySignal, timeoutSignal } from "./abort.ts";
import { backoffDelay, rateLimitDelay, type RetryOptions } from "./backoff.ts";
import type { Credentials } from "./credentials.ts";
import type { RateLimiters } from "./rate-limiter.ts";
import type { FetchLike, Sleep } from "./types.ts";

/** What the transport needs; the client builds it once from its options. */
export interface TransportOptions {
  fetch: () => FetchLike;
  credentials: Credentials;
  limiters: RateLimiters;
  retry: Required<RetryOptions>;
  /** 429s retried before giving up, apart from `retry.attempts`. */
  rateLimitRetries: number;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  now: () => number;
  sleep: Sleep;
  random: () => number;
}

/** One logical request: sent, retried and re-signed until it succeeds or fails for good. */
export interface SendInit {
  method: "GET" | "POST";
  url: string;
  /** A JSON body (POST only). */
  body?: unknown;
  /** The rate-limit scope: host, account and API. */
  limiterKey: string;
  signal?: AbortSignal | undefined;
}

/** Counts of what went over the wire. */
export interface TransportStats {
  requests: number;
  retries: number;
}

type Outcome = { retry: true; error: Error; delayMs: number; rateLimited: boolean } | {
  retry: false;
};

/**
 * Sends requests as LivePerson asks clients to (liveperson-api-notes.md §4): under a rate
 * limit per API, retrying 5xx, network errors, timeouts and bad bodies with full-jitter
 * backoff, 429s after `Retry-After` or at least a second while slowing the whole API, and
 * never other 4xx. Each attempt is re-authenticated.
 */
export class Transport {
  readonly stats: TransportStats = { requests: 0, retries: 0 };
  readonly #options: TransportOptions;

  constructor(options: TransportOptions) {
    this.#options = options;
  }

  /**
   * Sends `init` and returns `parse` of its JSON body.
   * @throws {HttpError} for a non-retryable status or once retries are spent.
   * @throws {NetworkError | TimeoutError | ValidationError} once retries are spent.
   * @throws the abort reason when the caller's or the client's signal aborts.
   */
  async json<T>(init: SendInit, parse: (json: unknown) => T): Promise<T> {
    const { retry, rateLimitRetries, sleep } = this.#options;
    const caller = anySignal([this.#options.signal, init.signal]);
    const limiter = this.#options.limiters.get(init.limiterKey);
    let failures = 0;
    let rateLimited = 0;
    let reauthenticated = false;
    try {
      for (;;) {
        await limiter.acquire(caller.signal);
        const result = await this.#attempt(init, parse, caller.signal, failures + rateLimited + 1);
        if ("value" in result) return result.value;
        if (result.unauthorized && !reauthenticated) {
          reauthenticated = true;
          this.stats.retries += 1;
          continue;
        }
        const outcome = result.outcome;
        if (!outcome.retry) throw result.error;
        if (outcome.rateLimited) {
          rateLimited += 1;
          if (rateLimited > rateLimitRetries) throw outcome.error;
          limiter.pause(outcome.delayMs);
        } else {
          failures += 1;
          if (failures >= retry.attempts) throw outcome.error;
        }
        this.stats.retries += 1;
        await sleep(outcome.delayMs, caller.signal);
      }
    } finally {
      caller.dispose();
    }
  }

  async #attempt<T>(
    init: SendInit,
    parse: (json: unknown) => T,
    caller: AbortSignal,
    retryNumber: number,
  ): Promise<{ value: T } | { outcome: Outcome; error: Error; unauthorized: boolean }> {
    const { timeoutMs, credentials } = this.#options;
    const timeout = timeoutSignal(timeoutMs);
    const signal = anySignal([caller, timeout.signal]);
    const method = init.method;
    try {
      const headers: Record<string, string> = { accept: "application/json" };
      if (init.body !== undefined) headers["content-type"] = "application/json";
      const unsigned = new Request(init.url, {
        method,
        headers,
        body: init.body === undefined ? null : JSON.stringify(init.body),
        signal: signal.signal,
      });
      const request = await credentials.authenticate(unsigned);
      this.stats.requests += 1;
      const response = await this.#options.fetch()(request);
      const text = await response.text();
      if (response.ok) return { value: parse(parseJson(text, init.url)) };
      const error = createHttpError({
        status: response.status,
        statusText: response.statusText,
        method,
        url: init.url,
        body: parseJsonOrText(text),
        headers: response.headers,
        now: this.#options.now(),
      });
      const unauthorized = response.status === 401 && await credentials.unauthorized(request);
      return { outcome: this.#classify(error, retryNumber), error, unauthorized };
    } catch (cause) {
      if (caller.aborted) throw caller.reason;
      const error = timeout.signal.aborted
        ? new TimeoutError({ timeoutMs, method, url: init.url, cause })
        : isReportingError(cause)
        ? cause
        : new NetworkError({ method, url: init.url, cause });
      return { outcome: this.#classify(error, retryNumber), error, unauthorized: false };
    } finally {
      signal.dispose();
      timeout.dispose();
    }
  }

  #classify(error: Error, next: number): Outcome {
    const { retry, random } = this.#options;
    if (isRateLimitError(error)) {
      return {
        retry: true,
        error,
        rateLimited: true,
        delayMs: rateLimitDelay(next, error.retryAfterMs, retry, random),
      };
    }
    const status = (error as { status?: number }).status;
    const retryable = status === undefined ? isReportingError(error) : status >= 500;
    if (!retryable) return { retry: false };
    return { retry: true, error, rateLimited: false, delayMs: backoffDelay(next, retry, random) };
  }
}

function parseJson(text: string, url: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ValidationError(`Cannot parse the response as it is not JSON: ${redactUrl(url)}`, {
      issues: [],
      cause,
    });
  }
}

function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
