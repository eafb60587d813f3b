import { isNetworkError } from "../errors/network-error.ts";
import { isServerError } from "../errors/http-error.ts";
import { TimeoutError } from "../errors/timeout-error.ts";
import type { Region } from "../model/canonical.ts";
import { anySignal, sleep, timeoutSignal } from "./abort.ts";
import { backoffDelay, type RetryOptions } from "./backoff.ts";
import type { DomainResolver } from "./region.ts";

/** What a region lookup needs: the client's timeout, retry policy and signals. */
export interface DiscoverRegionOptions {
  timeoutMs: number;
  retry: Required<RetryOptions>;
  /** The Domain API URL, for error messages. */
  url: string;
  /** The client's and the call's signals. */
  signals: readonly (AbortSignal | undefined)[];
}

/**
 * Looks the account's region up in the Domain API as the transport sends reporting calls:
 * each attempt under `timeoutMs`, 5xx, network errors and timeouts retried with backoff.
 * Only this call's signals cancel it; the resolver shares and caches the lookup itself.
 * @throws {TimeoutError | NetworkError | HttpError | ValidationError} once retries are spent,
 * or the abort reason when a signal aborts.
 */
export async function discoverRegion(
  domain: DomainResolver,
  options: DiscoverRegionOptions,
): Promise<Region> {
  const { timeoutMs, retry, url } = options;
  for (let attempt = 1;; attempt++) {
    const caller = anySignal(options.signals);
    const timeout = timeoutSignal(timeoutMs);
    const signal = anySignal([caller.signal, timeout.signal]);
    try {
      return await domain.region(signal.signal);
    } catch (cause) {
      if (caller.signal.aborted) throw caller.signal.reason;
      const error = timeout.signal.aborted
        ? new TimeoutError({ timeoutMs, method: "GET", url, cause })
        : cause;
      const retryable = timeout.signal.aborted || isNetworkError(error) || isServerError(error);
      if (!retryable || attempt >= retry.attempts) throw error;
      await sleep(backoffDelay(attempt, retry), caller.signal);
    } finally {
      signal.dispose();
      timeout.dispose();
      caller.dispose();
    }
  }
}
