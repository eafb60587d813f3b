import { reportingHost, sentinelHost } from "../hosts.ts";
import type { App, Dialect, Region } from "../model/canonical.ts";
import type { Operation } from "../windows.ts";
import { sleep } from "./abort.ts";
import { validateRetryOptions } from "./backoff.ts";
import { createCredentials, validateAuthOption } from "./credentials.ts";
import {
  CLIENT_DEFAULTS,
  type Progress,
  type ReportingClientOptions,
  validateClientOptions,
} from "./options.ts";
import { discoverRegion } from "./discover-region.ts";
import { DomainResolver, proxyOriginOf } from "./region.ts";
import { isValidationError } from "../errors/validation-error.ts";
import { RateLimiters } from "./rate-limiter.ts";
import { Transport } from "./transport.ts";
import type { FetchLike } from "./types.ts";

/** Where an account's services are: a LivePerson region, or the origin of a proxy for all of them. */
type Placement = { region: Region } | { origin: string };

/** Everything an operation needs, built once per client from its options. */
export interface ClientContext {
  accountId: string;
  app: App;
  dialect: Dialect;
  transport: Transport;
  concurrency: number;
  retentionMonths: number;
  now: () => number;
  /** The reporting base URL (`https://va.cx-reporting.liveperson.net` or `baseUrl`), resolved once. */
  baseUrl(signal?: AbortSignal): Promise<string>;
  /** The URL of an operation's path below `/account/{id}/app/{app}/`, with its query. */
  url(base: string, path: string, query?: Record<string, string>, app?: App): string;
  /** The rate-limit scope of an operation: host, account and API. */
  limiterKey(base: string, operation: Operation): string;
  /** Tracks one operation call's progress and reports it. */
  progress(windowsTotal: number): ProgressTracker;
}

/** Progress of one operation call. */
export interface ProgressTracker {
  windowDone(rows: number): void;
  addRows(rows: number): void;
}

/**
 * Validates the options and builds the client's context.
 * @throws {TypeError | RangeError} on bad options, before any request.
 */
export function createContext(options: ReportingClientOptions): ClientContext {
  validateClientOptions(options);
  const auth = validateAuthOption(options.auth);
  const retry = validateRetryOptions(options.retry);
  const { accountId, app } = options;
  const dialect = options.dialect ?? CLIENT_DEFAULTS.dialect;
  const now = options.now ?? (() => Date.now());
  const fetch = (): FetchLike => options.fetch ?? ((request) => globalThis.fetch(request));
  const domainApiUrl = options.domainApiUrl ?? CLIENT_DEFAULTS.domainApiUrl;
  const timeoutMs = options.timeoutMs ?? CLIENT_DEFAULTS.timeoutMs;
  const domain = new DomainResolver({ accountId, fetch, now, domainApiUrl });
  // Where the account's services are: a LivePerson region, or a proxy's origin when the Domain
  // API is a proxy's (it names its own host, outside liveperson.net, for every service).
  const placementOf = async (signal?: AbortSignal): Promise<Placement> => {
    if (options.region !== undefined) return { region: options.region };
    try {
      return {
        region: await discoverRegion(domain, {
          timeoutMs,
          retry,
          url: domainApiUrl,
          signals: [options.signal, signal],
        }),
      };
    } catch (error) {
      if (!isValidationError(error)) throw error;
      // The lookup succeeded (only its prefix was not a region): the resolver has it cached.
      const origin = proxyOriginOf(await domain.baseUri("agentVep", signal), domainApiUrl);
      if (origin === null) throw error;
      return { origin };
    }
  };
  const sentinelUrl = async () => {
    if (options.sentinelUrl !== undefined) return options.sentinelUrl;
    const placement = await placementOf();
    return "origin" in placement ? placement.origin : `https://${sentinelHost(placement.region)}`;
  };
  const credentials = createCredentials(auth, { accountId, fetch, now, sentinelUrl });
  const transport = new Transport({
    fetch,
    credentials,
    // The limiter runs on real time, whatever clock `now` tells for data and tokens.
    limiters: new RateLimiters({
      ratePerSecond: options.rateLimit ?? CLIENT_DEFAULTS.rateLimit,
      sleep,
    }),
    retry,
    rateLimitRetries: options.retry?.rateLimitRetries ?? CLIENT_DEFAULTS.rateLimitRetries,
    timeoutMs,
    signal: options.signal,
    now,
    sleep,
    random: Math.random,
  });
  const prefix = dialect === "current" ? "/api" : "";
  return {
    accountId,
    app,
    dialect,
    transport,
    concurrency: options.concurrency ?? CLIENT_DEFAULTS.concurrency,
    retentionMonths: options.retentionMonths ?? CLIENT_DEFAULTS.retentionMonths,
    now,
    baseUrl(signal) {
      if (options.baseUrl !== undefined) {
        return Promise.resolve(options.baseUrl.replace(/\/+$/, ""));
      }
      // The resolver caches the lookup; each call waits under its own signal.
      return placementOf(signal).then((placement) =>
        "origin" in placement
          ? placement.origin
          : `https://${reportingHost(placement.region, dialect)}`
      );
    },
    url(baseUrl, path, query = {}, pathApp = app) {
      const search = new URLSearchParams(query).toString();
      const account = encodeURIComponent(accountId);
      return `${baseUrl}${prefix}/account/${account}/app/${pathApp}/${path}${
        search === "" ? "" : `?${search}`
      }`;
    },
    limiterKey: (baseUrl, operation) => `${baseUrl}|${accountId}|${operation}`,
    progress(windowsTotal) {
      const start = { ...transport.stats };
      const state: Progress = { windowsDone: 0, windowsTotal, rows: 0, requests: 0, retries: 0 };
      const report = () => {
        state.requests = transport.stats.requests - start.requests;
        state.retries = transport.stats.retries - start.retries;
        options.onProgress?.({ ...state });
      };
      return {
        windowDone(rows) {
          state.windowsDone += 1;
          state.rows += rows;
          report();
        },
        addRows(rows) {
          state.rows += rows;
          report();
        },
      };
    },
  };
}
