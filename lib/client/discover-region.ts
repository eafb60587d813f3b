import { isNetworkError } from "../errors/network-error.ts";
import { isServerError } from "../errors/http-error.ts";
import { TimeoutError } from "../errors/timeout-error.ts";
import type { Region } from "../model/canonical.ts";
import { anySignal } from "./abort.ts";
import type { RetryOptions } from "./backoff.ts";
import type { DomainResolver } from "./region.ts";
import { backoffPolicy, withRetries } from "./retry.ts";

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
 * Looks the account's region up in the Domain API under the transport's policy (`retry.ts`):
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
  const caller = anySignal(options.signals);
  try {
    return await withRetries<Region>(backoffPolicy(retry, { timeoutMs }), {
      attempt: async ({ signal, timedOut }) => {
        try {
          return { kind: "done", value: await domain.region(signal) };
        } catch (cause) {
          if (caller.signal.aborted) throw caller.signal.reason;
          if (timedOut()) {
            return {
              kind: "failed",
              error: new TimeoutError({ timeoutMs, method: "GET", url, cause }),
            };
          }
          const retryable = isNetworkError(cause) || isServerError(cause);
          return { kind: retryable ? "failed" : "final", error: cause };
        }
      },
      signal: caller.signal,
    });
  } finally {
    caller.dispose();
  }
}
