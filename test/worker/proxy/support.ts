// Shared set-up of the proxy tests: the Worker app on a fake clock, in front of a sandbox whose
// every request is recorded, and a second sandbox (same seed and clock) as the oracle.
import { env as workerEnv } from "cloudflare:workers";
import { afterEach, beforeEach, expect, vi } from "vitest";
import { createWorker, type ProxyWorker } from "../../../worker/worker.ts";
import type { FillJob } from "../../../worker/fill/fill-job.ts";
import { fakeBatch, fakeQueue } from "./fake-queue.ts";
import type { Env } from "../../../worker/env.ts";
import { createSandbox, type Sandbox, type SandboxOptions } from "../../../lib/sandbox/mod.ts";
import { DEMO_TENANTS } from "../../../lib/sandbox/tenants.ts";
import { reportingHost } from "../../../lib/hosts.ts";
import type { Dialect } from "../../../lib/model/canonical.ts";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "../../../lib/windows.ts";
import { contractFetch } from "../../contract/contract.ts";

export { DAY_MS, HOUR_MS, MINUTE_MS };

/** The Worker's bindings from wrangler.toml (`Cloudflare.Env` is not declared for tests). */
export const baseEnv = workerEnv as unknown as Env;

/** The fake "now" of most tests: 2026-10-15T12:00Z. */
export const T0 = Date.UTC(2026, 9, 15, 12);
/** Midnight UTC of T0's day. */
export const TODAY = Date.UTC(2026, 9, 15);

/** Midnight UTC `n` days before T0's day. */
export function daysAgo(n: number): number {
  return TODAY - n * DAY_MS;
}

/** The demo accounts, their proxy keys and their sandbox credentials. */
export const OAUTH2 = { accountId: "10000001", key: "demo-key-10000001" } as const;
export const OAUTH1 = { accountId: "20000002", key: "demo-key-20000002" } as const;
export const PASSTHROUGH = {
  accountId: "30000003",
  key: "demo-key-30000003",
  credential: `Bearer ${DEMO_TENANTS[2]!.bearer}`,
} as const;

/** Every secret of the local demo: proxy keys and the sandbox's credentials. */
export const SECRETS: readonly string[] = [
  OAUTH2.key,
  OAUTH1.key,
  PASSTHROUGH.key,
  ...DEMO_TENANTS.flatMap((t) => [
    t.oauth2.clientSecret,
    t.oauth1.consumerSecret,
    t.oauth1.token,
    t.oauth1.tokenSecret,
    t.bearer,
  ]),
];

/** One request the upstream received. */
export interface UpstreamRecord {
  url: URL;
  method: string;
  headers: [string, string][];
  authorization: string | null;
  status: number;
  /** Date.now() on arrival (workerd's clock moves on I/O, which is enough here). */
  at: number;
  /** Requests the upstream had received and not yet answered when this one arrived. */
  inFlight: number;
}

/** The proxy under test and what surrounds it. */
export interface Harness {
  app: ProxyWorker["app"];
  worker: ProxyWorker;
  /** Fill jobs enqueued and not yet delivered (the `FILLS` queue of this harness). */
  fills: FillJob[];
  /** Delivers enqueued fill jobs to the consumer until none is left (at most `max` deliveries). */
  drainFills(max?: number): Promise<number>;
  sandbox: Sandbox;
  /** A second sandbox with the same seed, volume and clock: the direct answers. */
  oracle: Sandbox;
  clock: { now: number };
  env: Env;
  /** Every request the upstream received, in order. */
  upstream: UpstreamRecord[];
  /** While true, every upstream fetch fails as a network error would. */
  network: { down: boolean };
  /** Calls the proxy; `path` is relative to `http://proxy.test`. */
  call(path: string, init?: RequestInit): Promise<Response>;
  /** The reporting calls the upstream received (no Domain API, no token). */
  reportingCalls(): UpstreamRecord[];
  /** Waits for the work the proxy left for after its responses (`executionContext` only). */
  settled(): Promise<void>;
}

/** Options of {@link harness}. */
export interface HarnessOptions {
  start?: number;
  sandbox?: SandboxOptions;
  env?: Partial<Env>;
  /** Use the real clock (the schedule tests, where the sandbox's rate limiter must see real time). */
  realClock?: boolean;
  /**
   * Calls the proxy with an execution context, as workerd does: work the proxy leaves for after
   * the response (`waitUntil`) runs then, and {@link Harness.settled} waits for it.
   */
  executionContext?: boolean;
}

/**
 * A fresh app on a fake clock (starting at T0), a fresh sandbox (volume 50, no rate limit) as
 * its upstream, and a high RATE_LIMIT so that the schedule does not slow the tests down.
 */
export function harness(options: HarnessOptions = {}): Harness {
  const clock = { now: options.start ?? T0 };
  const now = options.realClock === true ? () => Date.now() : () => clock.now;
  const sandboxOptions: SandboxOptions = {
    now,
    volume: 50,
    rateLimit: Number.POSITIVE_INFINITY,
    ...options.sandbox,
  };
  const sandbox = createSandbox(sandboxOptions);
  const { faults: _faults, ...oracleOptions } = sandboxOptions;
  const oracle = createSandbox(oracleOptions);
  const upstream: UpstreamRecord[] = [];
  const network = { down: false };
  const worker = createWorker({
    now,
    upstream: async (request) => {
      const record: UpstreamRecord = {
        url: new URL(request.url),
        method: request.method,
        headers: [...request.headers],
        authorization: request.headers.get("authorization"),
        status: 0,
        at: Date.now(),
        inFlight: upstream.filter((r) => r.status === 0).length,
      };
      upstream.push(record);
      if (network.down) throw new TypeError("Network connection lost");
      const response = await sandbox.fetch(request);
      record.status = response.status;
      return response;
    },
  });
  const app = worker.app;
  const fills: FillJob[] = [];
  const env: Env = {
    ...baseEnv,
    RATE_LIMIT: "1000",
    // Each harness reads and writes its own stored days.
    STORE_PREFIX: `${crypto.randomUUID()}/`,
    FILLS: fakeQueue(fills),
    ...options.env,
  };
  const deferred: Promise<unknown>[] = [];
  const ctx: ExecutionContext | undefined = options.executionContext === true
    ? {
      waitUntil: (work) => void deferred.push(work),
      passThroughOnException: () => undefined,
      props: {},
    }
    : undefined;
  // Every answer of the proxy is checked against openapi.json.
  const proxy = contractFetch(
    async (input, init) => await app.fetch(new Request(input, init), env, ctx),
    { scope: "proxy" },
  );
  return {
    app,
    worker,
    fills,
    drainFills: async (max = 1000) => {
      let delivered = 0;
      while (fills.length > 0 && delivered < max) {
        const job = fills.shift()!;
        delivered++;
        await worker.queue(fakeBatch(job, fills), env);
      }
      return delivered;
    },
    sandbox,
    oracle,
    clock,
    env,
    upstream,
    network,
    call: (path, init) => proxy(`http://proxy.test${path}`, init),
    reportingCalls: () =>
      upstream.filter((r) => /\/account\/[^/]+\/app\/(?!token)/.test(r.url.pathname)),
    settled: async () => {
      while (deferred.length > 0) await Promise.allSettled(deferred.splice(0));
    },
  };
}

/** The headers of a keyed tenant (Bearer or X-API-Key). */
export function keyed(key: string, how: "bearer" | "x-api-key" = "bearer"): HeadersInit {
  return how === "bearer" ? { authorization: `Bearer ${key}` } : { "x-api-key": key };
}

/** The headers of the pass-through tenant with its own LivePerson credential. */
export function passthrough(credential: string = PASSTHROUGH.credential): HeadersInit {
  return { "x-api-key": PASSTHROUGH.key, authorization: credential };
}

/** A reporting path of the proxy in a dialect, with the attempted window in the query. */
export function reportPath(
  dialect: Dialect,
  accountId: string,
  operation: "analytics" | "transactions",
  from: number,
  to: number,
  options: { app?: string; slash?: boolean; query?: Record<string, string> } = {},
): string {
  const prefix = dialect === "current" ? "/api" : "";
  const query = new URLSearchParams({
    attemptedStartTime: String(from),
    attemptedEndTime: String(to),
    ...options.query,
  });
  return `${prefix}/account/${accountId}/app/${options.app ?? "prmsg"}/${operation}${
    options.slash === false ? "" : "/"
  }?${query}`;
}

/** The sandbox's own answer (as JSON) for the same path, with the account's LE bearer. */
export async function directAnswer(
  oracle: Sandbox,
  dialect: Dialect,
  path: string,
  init: RequestInit = {},
): Promise<unknown> {
  const accountId = /\/account\/(\d+)\//.exec(path)?.[1] ?? "";
  const tenant = DEMO_TENANTS.find((t) => t.accountId === accountId);
  if (tenant === undefined) throw new TypeError(`Cannot ask the oracle for account: ${accountId}`);
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${tenant.bearer}`);
  const response = await oracle.fetch(
    new Request(`https://${reportingHost(tenant.region, dialect)}${path}`, { ...init, headers }),
  );
  expect(response.status).toBe(200);
  return await response.json();
}

/** The `Cache-Status` header (empty when absent). */
export function cacheStatusOf(response: Response): string {
  return response.headers.get("cache-status") ?? "";
}

/** Asserts LivePerson's error shape, with requestTraceId equal to the trace header. */
export async function expectLpError(response: Response, status?: number): Promise<{
  code: number;
  requestTraceId: string;
  message: string;
}> {
  if (status !== undefined) expect(response.status).toBe(status);
  expect(response.headers.get("content-type") ?? "").toMatch(/^application\/json/);
  const body = await response.json() as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(["code", "message", "requestTraceId"]);
  expect(typeof body["code"]).toBe("number");
  expect(typeof body["message"]).toBe("string");
  expect(body["requestTraceId"]).toMatch(
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  expect(body["requestTraceId"]).toBe(response.headers.get("x-request-trace-id"));
  return body as { code: number; requestTraceId: string; message: string };
}

/** Reads a 200 JSON body, failing with the body when the status is another. */
export async function okJson(response: Response): Promise<Record<string, unknown>> {
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return JSON.parse(text) as Record<string, unknown>;
}

/** Silences the proxy's per-request log lines in a test file (logging.test.ts reads them). */
export function quietLogs(): void {
  beforeEach(() => {
    vi.spyOn(console, "log").mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
}

/** Asserts that no proxy key reached the upstream, in any header. */
export function expectNoProxyKeyUpstream(h: Harness): void {
  expect(h.upstream.length).toBeGreaterThan(0);
  for (const record of h.upstream) {
    expect(record.headers.map(([name]) => name)).not.toContain("x-api-key");
    for (const [, value] of record.headers) expect(value).not.toMatch(/demo-key-/);
    expect(record.url.href).not.toMatch(/demo-key-/);
  }
}
