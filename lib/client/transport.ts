import { createHttpError, isRateLimitError } from "../errors/http-error.ts";
import { NetworkError } from "../errors/network-error.ts";
import { redactUrl } from "../errors/redact.ts";
import { isReportingError } from "../errors/reporting-error.ts";
import { TimeoutError } from "../errors/timeout-error.ts";
import { ValidationError } from "../errors/validation-error.ts";
import { anySignal, untilAborted } from "./abort.ts";
import type { RetryOptions } from "./backoff.ts";
import type { Credentials } from "./credentials.ts";
import type { RateLimiters } from "./rate-limiter.ts";
import {
  type AttemptContext,
  type AttemptResult,
  backoffPolicy,
  type RetryPolicy,
  withRetries,
} from "./retry.ts";
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

/**
 * Sends requests as LivePerson asks clients to (liveperson-api-notes.md §4): under a rate
 * limit per API, retrying 5xx, network errors, timeouts and bad bodies with full-jitter
 * backoff, 429s after `Retry-After` or at least a second while slowing the whole API, and
 * never other 4xx (the policy of `retry.ts`). Each attempt is re-authenticated; what a
 * user's own auth function throws reaches the caller as it is, never retried.
 */
export class Transport {
  readonly stats: TransportStats = { requests: 0, retries: 0 };
  readonly #options: TransportOptions;
  readonly #policy: RetryPolicy;

  constructor(options: TransportOptions) {
    this.#options = options;
    this.#policy = backoffPolicy(options.retry, {
      timeoutMs: options.timeoutMs,
      rateLimitRetries: options.rateLimitRetries,
      random: options.random,
    });
  }

  /**
   * Sends `init` and returns `parse` of its JSON body.
   * @throws {HttpError} for a non-retryable status or once retries are spent.
   * @throws {NetworkError | TimeoutError | ValidationError} once retries are spent.
   * @throws what a custom auth function threw, at once.
   * @throws the abort reason when the caller's or the client's signal aborts.
   */
  async json<T>(init: SendInit, parse: (json: unknown) => T): Promise<T> {
    const caller = anySignal([this.#options.signal, init.signal]);
    const limiter = this.#options.limiters.get(init.limiterKey);
    try {
      return await withRetries(this.#policy, {
        attempt: (context) => this.#attempt(init, parse, caller.signal, context),
        beforeAttempt: (signal) => limiter.acquire(signal),
        onRateLimited: (waitMs) => {
          limiter.pause(waitMs);
          return waitMs;
        },
        onRetry: () => {
          this.stats.retries += 1;
        },
        signal: caller.signal,
        sleep: this.#options.sleep,
      });
    } finally {
      caller.dispose();
    }
  }

  async #attempt<T>(
    init: SendInit,
    parse: (json: unknown) => T,
    caller: AbortSignal,
    { signal, timedOut }: AttemptContext,
  ): Promise<AttemptResult<T>> {
    const { timeoutMs, credentials } = this.#options;
    const method = init.method;
    const failed = (cause: unknown): AttemptResult<T> => {
      if (caller.aborted) throw caller.reason;
      const error = timedOut()
        ? new TimeoutError({ timeoutMs, method, url: init.url, cause })
        : isReportingError(cause)
        ? cause
        : new NetworkError({ method, url: init.url, cause });
      return classify(error);
    };
    const headers: Record<string, string> = { accept: "application/json" };
    if (init.body !== undefined) headers["content-type"] = "application/json";
    const unsigned = new Request(init.url, {
      method,
      headers,
      body: init.body === undefined ? null : JSON.stringify(init.body),
      signal,
    });
    let request: Request;
    try {
      request = await credentials.authenticate(unsigned);
    } catch (cause) {
      // A user's auth function (or a signer's defect) threw: its own error, not a network one.
      if (caller.aborted || timedOut() || isReportingError(cause)) return failed(cause);
      throw cause;
    }
    try {
      this.stats.requests += 1;
      // The request sent follows this attempt's signal itself: a Request copied from another
      // follows its source only while the source lives (Node 20's undici drops the link when the
      // source is collected), and a fetch or body that ignores its signal still ends the attempt.
      const sent = new Request(request, { signal });
      const response = await untilAborted(this.#options.fetch()(sent), signal);
      const text = await untilAborted(response.text(), signal);
      if (response.ok) return { kind: "done", value: parse(parseJson(text, init.url)) };
      const error = createHttpError({
        status: response.status,
        statusText: response.statusText,
        method,
        url: init.url,
        body: parseJsonOrText(text),
        headers: response.headers,
        now: this.#options.now(),
      });
      if (response.status === 401 && await credentials.unauthorized(request)) {
        return { kind: "unauthorized", error };
      }
      return classify(error);
    } catch (cause) {
      return failed(cause);
    }
  }
}

/** Which retry an error calls for: 429s, 5xx and the library's own transport errors retry. */
function classify<T>(error: Error): AttemptResult<T> {
  if (isRateLimitError(error)) {
    return { kind: "rateLimited", error, retryAfterMs: error.retryAfterMs };
  }
  const status = (error as { status?: number }).status;
  const retryable = status === undefined ? isReportingError(error) : status >= 500;
  return retryable ? { kind: "failed", error } : { kind: "final", error };
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
