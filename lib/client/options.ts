import type { App, Dialect, Region } from "../model/canonical.ts";
import { APPS, DIALECTS, REGIONS } from "../model/canonical.ts";
import type { RetryOptions } from "./backoff.ts";
import { isHttpUrl } from "../http/is-http-url.ts";
import { DOMAIN_API_URL } from "./region.ts";
import type { AuthOption, FetchLike } from "./types.ts";

/** Where a long operation stands, for a progress bar. */
export interface Progress {
  /** Windows (or pages of a campaign) finished. */
  windowsDone: number;
  /** Windows the range was split into. */
  windowsTotal: number;
  /** Rows received so far. */
  rows: number;
  /** HTTP requests sent so far by this operation, retries included. */
  requests: number;
  /** Retries so far. */
  retries: number;
}

/** Retry policy: 5xx, network errors, timeouts and bad bodies, and separately 429s. */
export interface ClientRetryOptions extends RetryOptions {
  /**
   * 429s retried per request before giving up (each after `Retry-After`, or at least
   * `rateLimitDelayMs` with backoff).
   * @default 8
   */
  rateLimitRetries?: number;
}

/** Options of {@link ReportingClient}. */
export interface ReportingClientOptions {
  /** The LivePerson account (site) id. */
  accountId: string;
  /** `"prmsg"` (Proactive Messaging) or `"c2m"` (Connect To Messaging). */
  app: App;
  /** Credentials: OAuth 2.0 (recommended), OAuth 1.0a keys, a bearer token, or your own signer. */
  auth: AuthOption;
  /** The account's region; discovered once through the Domain API when absent. */
  region?: Region;
  /** Overrides the reporting host, e.g. the proxy's URL: the drop-in use. */
  baseUrl?: string;
  /** The API dialect: `"current"` (`/api/account/…`) or `"2.0"` (`/account/…`). @default "current" */
  dialect?: Dialect;
  /** The fetch to use, resolved on every call. @default globalThis.fetch */
  fetch?: FetchLike;
  /** Timeout of each attempt, in milliseconds. @default 30_000 */
  timeoutMs?: number;
  /** Retry policy. @default { attempts: 3, baseDelayMs: 5_000, maxDelayMs: 15_000, rateLimitDelayMs: 1_000, rateLimitRetries: 8 } */
  retry?: ClientRetryOptions;
  /** Requests per second per API (per host and account). LP: 10 TPS per API. @default 10 */
  rateLimit?: number;
  /** Requests in flight at once per operation call. @default 8 */
  concurrency?: number;
  /** Aborts every request of this client. */
  signal?: AbortSignal;
  /** The clock, in epoch milliseconds. @default Date.now */
  now?: () => number;
  /** Called as windows and pages complete. */
  onProgress?: (progress: Progress) => void;
  /**
   * The Domain API (CSDS) base URL. Point it at the proxy (`https://reporting.example.com`) and
   * the client finds the proxy's host for reporting and Sentinel there, so `oauth1` and
   * `oauth2` auth work unchanged through it. @default "https://api.liveperson.net"
   */
  domainApiUrl?: string;
  /** Sentinel's base URL for AppJWTs; by default the region's, from the Domain API. */
  sentinelUrl?: string;
  /** Retention in calendar months: older starts are refused before sending. @default 13 */
  retentionMonths?: number;
}

/** The defaults of {@link ReportingClientOptions}, in one place. */
export const CLIENT_DEFAULTS = {
  dialect: "current",
  timeoutMs: 30_000,
  rateLimit: 10,
  concurrency: 8,
  rateLimitRetries: 8,
  retentionMonths: 13,
  domainApiUrl: DOMAIN_API_URL,
} as const;

/**
 * Checks the options a client is built with.
 * @throws {TypeError} on a missing account id, an unknown app, region or dialect, or a bad URL.
 * @throws {RangeError} on a non-positive timeout, rate limit, concurrency or retention.
 */
export function validateClientOptions(options: ReportingClientOptions): void {
  if (typeof options !== "object" || options === null) {
    throw new TypeError("Cannot create a ReportingClient as the options are missing");
  }
  const { accountId, app, region, dialect } = options;
  if (typeof accountId !== "string" || !/^[A-Za-z0-9_-]{1,64}$/.test(accountId)) {
    throw new TypeError(
      `Cannot create a ReportingClient as accountId is not an account id: ${
        JSON.stringify(accountId)
      }`,
    );
  }
  if (!APPS.includes(app)) {
    throw new TypeError(
      `Cannot create a ReportingClient as app is not "prmsg" or "c2m": ${JSON.stringify(app)}`,
    );
  }
  if (region !== undefined && !REGIONS.includes(region)) {
    throw new TypeError(
      `Cannot create a ReportingClient as region is not "va", "lo" or "sy": ${
        JSON.stringify(region)
      }`,
    );
  }
  if (dialect !== undefined && !DIALECTS.includes(dialect)) {
    throw new TypeError(
      `Cannot create a ReportingClient as dialect is not "current" or "2.0": ${
        JSON.stringify(dialect)
      }`,
    );
  }
  for (const key of ["baseUrl", "domainApiUrl", "sentinelUrl"] as const) {
    const url = options[key];
    if (url !== undefined && !isHttpUrl(url)) {
      throw new TypeError(
        `Cannot create a ReportingClient as ${key} is not an http(s) URL: ${JSON.stringify(url)}`,
      );
    }
  }
  for (const key of ["fetch", "now", "onProgress"] as const) {
    if (options[key] !== undefined && typeof options[key] !== "function") {
      throw new TypeError(`Cannot create a ReportingClient as ${key} is not a function`);
    }
  }
  if (options.concurrency !== undefined && !Number.isInteger(options.concurrency)) {
    throw new RangeError(
      `Cannot create a ReportingClient as concurrency is not a whole number: ${options.concurrency}`,
    );
  }
  for (const key of ["timeoutMs", "rateLimit", "concurrency", "retentionMonths"] as const) {
    const value = options[key];
    if (
      value !== undefined && !(typeof value === "number" && value > 0 && Number.isFinite(value))
    ) {
      throw new RangeError(
        `Cannot create a ReportingClient as ${key} is not a positive number: ${String(value)}`,
      );
    }
  }
  const retries = options.retry?.rateLimitRetries;
  if (retries !== undefined && !(Number.isInteger(retries) && retries >= 0)) {
    throw new RangeError(
      `Cannot create a ReportingClient as retry.rateLimitRetries is not a whole number: ${retries}`,
    );
  }
}
