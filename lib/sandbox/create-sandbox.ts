import { classifyFailure } from "../failures.ts";
import type { AnalyticsRow, App, Transaction } from "../model/canonical.ts";
import { MINUTE_MS } from "../windows.ts";
import { authenticate, NonceStore } from "./authenticate.ts";
import { bump, emptyCounters, type SandboxCounters } from "./counters.ts";
import { errorResponse, jsonResponse } from "./error-response.ts";
import {
  breakSchema,
  delay,
  type FaultDecision,
  FaultInjector,
  type FaultOptions,
  hang,
} from "./faults.ts";
import { answerDomain, answerToken } from "./identity.ts";
import { InvalidRequestError } from "../http/invalid-request-error.ts";
import { SlidingWindowLimiter } from "./rate-limiter.ts";
import { MAX_PAGE_SIZE } from "../model/paging.ts";
import { answerReporting } from "./reporting.ts";
import { reportingHost } from "../hosts.ts";
import { matchRoute, type Route } from "./routes.ts";
import { dayLabeler } from "./day-labels.ts";
import { DEFAULT_REPLY_LOOKBACK_DAYS } from "./generate.ts";
import { type StoreStats, TransactionStore } from "./store.ts";
import { DEMO_TENANTS, type SandboxTenant } from "./tenants.ts";

/** How the sandbox behaves. Every field is optional. */
export interface SandboxOptions {
  /** Seed of the generated data. @default 1 */
  seed?: number;
  /** The clock, in epoch milliseconds. Inject one to test settling. @default Date.now */
  now?: () => number;
  /** Mean transactions per account, app and UTC day. @default 2000 */
  volume?: number;
  /** Default page length of transactions and campaign reports (1..9999). @default 1000 */
  pageSize?: number;
  /** Requests per second per account and API before 429s. @default 10 */
  rateLimit?: number;
  /** Send `Retry-After` on rate-limit 429s (LivePerson documents none). @default false */
  retryAfter?: boolean;
  /**
   * How many days after the message a reply still arrives (a conversation created, an opt-out
   * by reply); conversations close and are rated up to a day later, failures still finalize
   * within 72 h. Most replies come within two days, 12 % in a tail spread to the lookback.
   * LP: "up to 30 days" (C2M FAQ, liveperson-api-notes.md §4). With 2 or less, every event of a
   * day has happened 72 h after it. @default 30
   */
  replyLookbackDays?: number;
  /**
   * The IANA time zone whose days label and bucket analytics rows (`transactionday`, the 2.0
   * `date`). LivePerson does not document it [INF: UTC]; another zone lets tests contradict
   * that assumption. @default "UTC"
   */
  dayTimeZone?: string;
  /** How long after it happens an event shows up. LP: up to 20 min. @default 1_200_000 */
  delayMs?: number;
  /** Months of retention; older starts are a 400. @default 13 */
  retentionMonths?: number;
  /** Accounts served. @default the three demo tenants */
  tenants?: readonly SandboxTenant[];
  /** Faults to inject. @default none */
  faults?: FaultOptions;
  /**
   * Generated transactions kept in memory, in whole 15-minute blocks (least recently used are
   * dropped); analytics keep only small per-block counters. @default 100_000
   */
  cacheTransactions?: number;
  /** Key that signs the sandbox's AppJWTs. @default a fixed development key */
  jwtSecret?: string;
}

/** A running sandbox: a `fetch` handler, its controls and its tenants. */
export interface Sandbox {
  /** Answers a request as LivePerson would; usable wherever `fetch` is. */
  fetch(input: Request | URL | string, init?: RequestInit): Promise<Response>;
  /** The accounts the sandbox serves, with their credentials. */
  readonly tenants: readonly SandboxTenant[];
  /** A snapshot of what the sandbox has served so far. */
  counters(): SandboxCounters;
  /** Zeroes the counters (and the rate-limit windows). */
  resetCounters(): void;
  /** Replaces the injected faults; `undefined` removes them. */
  setFaults(faults: FaultOptions | undefined): void;
  /** The truth: every transaction of an account visible now in [from, to). */
  transactions(query: TruthQuery): Transaction[];
  /** The truth: analytics rows of an account visible now in [from, to). */
  analytics(query: TruthQuery): AnalyticsRow[];
  /**
   * How many transactions of an account attempted in [from, to) are visible now (the `total`
   * its transaction pages add up to), without generating more than the two blocks the range cuts.
   */
  transactionCount(query: TruthQuery): number;
  /** What the generated-data cache holds: blocks, transactions, counters, blocks generated. */
  storeStats(): StoreStats;
  /** The base URL of a tenant's reporting host in a dialect. */
  baseUrl(accountId: string, dialect?: "current" | "2.0"): string;
}

/** A range of an account's data. */
export interface TruthQuery {
  accountId: string;
  app: App;
  from: number;
  to: number;
}

const DEFAULTS = {
  seed: 1,
  volume: 2000,
  replyLookbackDays: DEFAULT_REPLY_LOOKBACK_DAYS,
  pageSize: 1000,
  rateLimit: 10,
  delayMs: 20 * MINUTE_MS,
  retentionMonths: 13,
  cacheTransactions: 100_000,
  jwtSecret: "lp-reporting-edge-sandbox-signing-key",
} as const;

/**
 * Creates a faithful, deterministic simulator of LivePerson's Outbound Reporting API.
 *
 * @example
 * ```ts
 * import { createSandbox } from "lp-reporting-edge/sandbox";
 * const sandbox = createSandbox({ volume: 100 });
 * const [tenant] = sandbox.tenants;
 * const now = Date.now();
 * const url = `${sandbox.baseUrl(tenant!.accountId)}/api/account/${tenant!.accountId}/app/prmsg/analytics/` +
 *   `?attemptedStartTime=${now - 86_400_000}&attemptedEndTime=${now}`;
 * const response = await sandbox.fetch(url, { headers: { authorization: `Bearer ${tenant!.bearer}` } });
 * console.log(response.status); // 200
 * ```
 * @throws {RangeError} on a non-positive volume, page size or rate limit, bad fault rates, a
 * reply lookback outside 0..366 days or an unknown time zone.
 */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const config = { ...DEFAULTS, ...options };
  const now = options.now ?? (() => Date.now());
  for (const key of ["volume", "rateLimit", "cacheTransactions"] as const) {
    if (!(config[key] > 0)) {
      throw new RangeError(`Cannot create the sandbox as ${key} is not positive: ${config[key]}`);
    }
  }
  if (
    !Number.isInteger(config.pageSize) || config.pageSize < 1 || config.pageSize > MAX_PAGE_SIZE
  ) {
    throw new RangeError(
      `Cannot create the sandbox as pageSize is not an integer from 1 to 9999: ${config.pageSize}`,
    );
  }
  if (!(config.replyLookbackDays >= 0 && config.replyLookbackDays <= 366)) {
    throw new RangeError(
      `Cannot create the sandbox as replyLookbackDays is not from 0 to 366: ${config.replyLookbackDays}`,
    );
  }
  const tenants = options.tenants ?? DEMO_TENANTS;
  const store = new TransactionStore({
    seed: config.seed,
    volume: config.volume,
    replyLookbackDays: config.replyLookbackDays,
    delayMs: config.delayMs,
    dayLabel: dayLabeler(options.dayTimeZone ?? "UTC"),
    cacheTransactions: config.cacheTransactions,
    describeFailure: (source, code) => classifyFailure(source, code).description,
  });
  const limiter = new SlidingWindowLimiter(config.rateLimit);
  const nonces = new NonceStore();
  let faults = new FaultInjector(options.faults);
  let counters = emptyCounters();
  const tenantOf = (accountId: string): SandboxTenant | undefined =>
    tenants.find((t) => t.accountId === accountId);

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    counters.requests += 1;
    bump(counters.byHost, url.hostname);
    const route = matchRoute(url);
    if (route.kind === "unknown") {
      return errorResponse(
        404,
        `No such resource: ${request.method} ${url.pathname.slice(0, 200)}`,
      );
    }
    bump(counters.byOperation, route.kind === "reporting" ? route.operation : route.kind);
    bump(counters.byAccount, route.accountId);
    const tenant = tenantOf(route.accountId);
    if (tenant === undefined || (routeRegion(route) ?? tenant.region) !== tenant.region) {
      return errorResponse(
        404,
        `Account ${route.accountId.slice(0, 40)} is not served by ${url.hostname}`,
      );
    }
    const at = now();
    if (route.kind === "domain") {
      if (request.method !== "GET") {
        return errorResponse(405, `Method ${request.method} is not allowed`);
      }
      return jsonResponse(answerDomain(url, tenant, route.service));
    }
    if (route.kind === "token") {
      const body = await answerToken(request, tenant, { now: at, jwtSecret: config.jwtSecret });
      counters.tokensIssued += 1;
      return jsonResponse(body);
    }
    if (request.method !== "GET" && request.method !== "POST") {
      return errorResponse(405, `Method ${request.method} is not allowed`, { allow: "GET, POST" });
    }
    if (route.app !== "prmsg" && route.app !== "c2m") {
      return errorResponse(
        400,
        `Unknown app: ${JSON.stringify(route.app.slice(0, 40))} (expected prmsg or c2m)`,
      );
    }
    const auth = await authenticate(request, tenant, {
      now: at,
      jwtSecret: config.jwtSecret,
      nonces,
    });
    if (!auth.ok) return errorResponse(401, auth.message);
    const fault = faults.decide(route.operation);
    await delay(faults.latency(), request.signal);
    if (fault !== "none") bump(counters.faults, fault);
    if (fault === "hang") return hang(request.signal);
    if (fault === "error") return errorResponse(500, "Internal server error (injected)");
    const limited = fault === "rate-limit" ||
      !limiter.take(`${route.accountId}:${route.operation}`, at);
    if (limited) {
      counters.rateLimited += 1;
      return errorResponse(
        429,
        "Rate limit exceeded",
        config.retryAfter ? { "retry-after": "1" } : {},
      );
    }
    const body = await answerReporting({ ...route, app: route.app, url, request }, {
      store,
      now: at,
      pageSize: config.pageSize,
      retentionMonths: config.retentionMonths,
    });
    return faultyResponse(body, fault);
  }

  return {
    async fetch(input, init) {
      const request = input instanceof Request && init === undefined
        ? input
        : new Request(input, init);
      try {
        return await handle(request);
      } catch (error) {
        if (error instanceof InvalidRequestError) return errorResponse(error.status, error.message);
        if (request.signal.aborted) throw error;
        // The sandbox's own defect, not the caller's: a 500, logged once with its cause.
        const url = new URL(request.url);
        console.error(
          `Sandbox failed to answer ${request.method} ${url.pathname.slice(0, 200)}:`,
          error,
        );
        return errorResponse(500, "Internal server error");
      }
    },
    tenants,
    counters: () => ({ ...structuredClone(counters), peakPerSecond: limiter.peaks() }),
    resetCounters() {
      counters = emptyCounters();
      limiter.reset();
    },
    setFaults(next) {
      faults = new FaultInjector(next);
    },
    transactions: (query) => store.scan({ ...query, now: now() }, () => true).rows,
    analytics: (query) => store.analytics({ ...query, now: now() }, () => true),
    transactionCount: (query) => store.count({ ...query, now: now() }),
    storeStats: () => store.stats(),
    baseUrl(accountId, dialect = "current") {
      const tenant = tenantOf(accountId);
      if (tenant === undefined) {
        throw new RangeError(`Cannot name a host as the sandbox has no account ${accountId}`);
      }
      return `https://${reportingHost(tenant.region, dialect)}`;
    },
  };
}

function routeRegion(route: Exclude<Route, { kind: "unknown" }>): string | null {
  return route.kind === "domain" ? null : route.region;
}

function faultyResponse(body: Record<string, unknown>, fault: FaultDecision): Response {
  if (fault === "break-schema") return jsonResponse(breakSchema(body));
  if (fault !== "truncate") return jsonResponse(body);
  const text = JSON.stringify(body);
  return new Response(text.slice(0, Math.floor(text.length / 2)), {
    status: 200,
    headers: { "content-type": "application/json" },
  });
}
