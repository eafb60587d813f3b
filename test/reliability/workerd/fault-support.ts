// Set-up of the Worker's upstream fault matrix: the app on a movable clock in front of a faulty
// sandbox (and, optionally, a faulty Sentinel), an oracle sandbox that tells the truth at any
// instant, the checks of drop-in answers and errors, and the read-back of every KV entry.
import { env as workerEnv } from "cloudflare:workers";
import { vi } from "vitest";
import { createApp } from "../../../worker/app.ts";
import type { Env } from "../../../worker/env.ts";
import { fakeQueue } from "../../worker/proxy/fake-queue.ts";
import type { AnalyticsRow, App, Dialect, Transaction } from "../../../lib/model/canonical.ts";
import {
  parseAnalyticsResponse,
  parseTransactionsPage,
} from "../../../lib/model/wire-to-responses.ts";
import { createSandbox, type FaultOptions, type Sandbox } from "../../../lib/sandbox/mod.ts";
import { DAY_MS, MINUTE_MS } from "../../../lib/windows.ts";
import {
  analyticsAsSeen,
  never,
  sameData,
  type SecretWatch,
  seeded,
  serverError,
  transactionsAsSeen,
  trickled,
} from "../node/fault-support.ts";

export { DAY_MS, MINUTE_MS };

/** Mean transactions per account-day of the sandbox; its page length makes days span pages. */
export const VOLUME = 80;
export const UPSTREAM_PAGE = 30;
/**
 * The runs' day. Chosen so that account 10000001's day 4 days back, which ended 72 h 01 min
 * before the warm-up, still gains events before the run 18 minutes later: past the 72 h settle
 * horizon, a window keeps changing for the 20-minute delay (README "Time": it settles 72 h
 * 20 min after its end). A Worker that keeps such a copy as closed serves a wrong number.
 */
export const TODAY = Date.UTC(2026, 10, 14);
/** The warm-up: the day before yesterday and older are cached here. */
export const T_WARM = TODAY + MINUTE_MS;
/** The faulty run, 18 minutes later: settling copies from the warm-up are stale by then. */
export const T_RUN = TODAY + 19 * MINUTE_MS;
/** Midnight UTC `n` days before TODAY. */
export const day = (n: number): number => TODAY - n * DAY_MS;

/** A demo account as a caller of the proxy sees it. */
export interface Caller {
  accountId: string;
  app: App;
  headers: Record<string, string>;
}

/** The three demo tenants: OAuth 2.0 upstream, OAuth 1.0a upstream, pass-through. */
export const CALLERS: readonly Caller[] = [
  { accountId: "10000001", app: "prmsg", headers: { authorization: "Bearer demo-key-10000001" } },
  { accountId: "20000002", app: "c2m", headers: { "x-api-key": "demo-key-20000002" } },
  {
    accountId: "30000003",
    app: "prmsg",
    headers: {
      "x-api-key": "demo-key-30000003",
      authorization: "Bearer sandbox-le-bearer-30000003",
    },
  },
];

/** The sandbox's truth at any instant, as a dialect shows it, memoized. */
export class Truth {
  #clock = 0;
  readonly #sandbox: Sandbox = createSandbox({ now: () => this.#clock, volume: VOLUME });
  readonly #memo = new Map<string, unknown>();

  /** Transactions attempted in [from, to) of an account, visible at `at`. */
  transactions(
    caller: Caller,
    from: number,
    to: number,
    dialect: Dialect,
    at: number,
  ): Transaction[] {
    return this.#memoize(`tx|${caller.accountId}|${from}|${to}|${dialect}|${at}`, () => {
      this.#clock = at;
      const { accountId, app } = caller;
      const rows = this.#sandbox.transactions({ accountId, app, from, to });
      return transactionsAsSeen(rows, dialect, accountId, app);
    });
  }

  /** Analytics rows of [from, to) of an account, visible at `at`. */
  analytics(
    caller: Caller,
    from: number,
    to: number,
    dialect: Dialect,
    at: number,
  ): AnalyticsRow[] {
    return this.#memoize(`an|${caller.accountId}|${from}|${to}|${dialect}|${at}`, () => {
      this.#clock = at;
      const { accountId, app } = caller;
      return analyticsAsSeen(
        this.#sandbox.analytics({ accountId, app, from, to }),
        dialect,
        accountId,
        app,
      );
    });
  }

  #memoize<T>(key: string, compute: () => T): T {
    if (!this.#memo.has(key)) this.#memo.set(key, compute());
    return this.#memo.get(key) as T;
  }
}

/** Faults of the Sentinel token endpoint, which the sandbox itself never injects. */
export interface IdentityFaults {
  errorRate: number;
  hangRate: number;
  seed: number;
}

/** What a rig is built with. */
export interface RigOptions {
  /** Aborts each upstream request after this long: a stand-in for the Worker's 8 s timeout. */
  hangTimeoutMs?: number;
  trickle?: boolean;
  secrets: SecretWatch;
}

/** The proxy in front of a sandbox that starts healthy and is made faulty by `arm()`. */
export interface Rig {
  clock: { now: number };
  sandbox: Sandbox;
  /** Sentinel faults injected so far. */
  identityFaults: { error: number; hang: number };
  /** A fresh app, as a new isolate: no AppJWT, coalescer or pass-through ledger carried over. */
  newIsolate(): void;
  /** Starts injecting faults in the sandbox and, optionally, in Sentinel's token answers. */
  arm(faults: FaultOptions, identity: IdentityFaults | null): void;
  /** Turns every fault off (the recovery pass). */
  heal(): void;
  call(path: string, headers: Record<string, string>): Promise<Response>;
}

/** A healthy sandbox and the proxy in front of it, on a clock the run moves. */
export function faultRig(options: RigOptions): Rig {
  const clock = { now: T_WARM };
  const now = (): number => clock.now;
  const sandbox = createSandbox({
    now,
    volume: VOLUME,
    pageSize: UPSTREAM_PAGE,
    rateLimit: Number.POSITIVE_INFINITY,
  });
  const { secrets } = options;
  let identity: IdentityFaults | null = null;
  let random = seeded(1);
  const identityFaults = { error: 0, hang: 0 };
  const upstream = async (original: Request): Promise<Response> => {
    secrets.recordAuthorization(original.headers.get("authorization"));
    const request = options.hangTimeoutMs === undefined ? original : new Request(original, {
      signal: AbortSignal.any([original.signal, AbortSignal.timeout(options.hangTimeoutMs)]),
    });
    const token = new URL(request.url).pathname.endsWith("/token");
    if (token && identity !== null) {
      const roll = random();
      if (roll < identity.errorRate) {
        identityFaults.error += 1;
        return serverError("Sentinel failed");
      }
      if (roll < identity.errorRate + identity.hangRate) {
        identityFaults.hang += 1;
        return await never(request.signal);
      }
    }
    const response = await sandbox.fetch(request);
    if (token && response.ok) secrets.recordTokenAnswer(await response.clone().json());
    return options.trickle === true && response.ok
      ? await trickled(response, request.signal)
      : response;
  };
  let app = createApp({ now, upstream });
  // A high upstream rate: the schedule's spacing is not what this run measures.
  const env: Env = {
    ...(workerEnv as unknown as Env),
    RATE_LIMIT: "100000",
    STORE_PREFIX: `${crypto.randomUUID()}/`,
    FILLS: fakeQueue([]),
  };
  return {
    clock,
    sandbox,
    identityFaults,
    newIsolate() {
      app = createApp({ now, upstream });
    },
    arm(faults, next) {
      sandbox.setFaults(faults);
      identity = next;
      random = seeded(next?.seed ?? 1);
    },
    heal() {
      sandbox.setFaults(undefined);
      identity = null;
    },
    call: async (path, headers) =>
      await app.fetch(new Request(`http://proxy.test${path}`, { headers }), env),
  };
}

/** Every KV key of the CACHE binding. */
export async function kvKeys(): Promise<string[]> {
  const kv = (workerEnv as unknown as Env).CACHE;
  const keys: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page: KVNamespaceListResult<unknown> = await kv.list(
      cursor === undefined ? {} : { cursor },
    );
    keys.push(...page.keys.map((key) => key.name));
    if (page.list_complete) return keys;
    cursor = page.cursor;
  }
}

/** Empties the CACHE binding, so each cell starts cold. */
export async function clearKv(): Promise<void> {
  const kv = (workerEnv as unknown as Env).CACHE;
  for (const key of await kvKeys()) await kv.delete(key);
}

/** Every entry of the CACHE binding, with its metadata and expiry. */
export type KvSnapshot = { key: string; value: string; metadata: unknown; expiration?: number }[];

/** Reads every entry of the CACHE binding. */
export async function snapshotKv(): Promise<KvSnapshot> {
  const kv = (workerEnv as unknown as Env).CACHE;
  const snapshot: KvSnapshot = [];
  let cursor: string | undefined;
  for (;;) {
    const page: KVNamespaceListResult<unknown> = await kv.list(
      cursor === undefined ? {} : { cursor },
    );
    for (const { name, expiration } of page.keys) {
      const { value, metadata } = await kv.getWithMetadata(name, "text");
      if (value === null) continue;
      snapshot.push({ key: name, value, metadata, ...(expiration ? { expiration } : {}) });
    }
    if (page.list_complete) return snapshot;
    cursor = page.cursor;
  }
}

/** Empties the CACHE binding and writes a snapshot back, byte for byte. */
export async function restoreKv(snapshot: KvSnapshot): Promise<void> {
  await clearKv();
  const kv = (workerEnv as unknown as Env).CACHE;
  for (const { key, value, metadata, expiration } of snapshot) {
    await kv.put(key, value, expiration === undefined ? { metadata } : { metadata, expiration });
  }
}

/** How one KV entry read back. */
export interface KvCheck {
  key: string;
  problem: string | null;
  closed: boolean;
}

/**
 * Reads an entry back and checks it: a known key layout, schema-1 metadata, a body the lib's
 * parser accepts in the key's dialect, the window of the key, a whole day, and data equal to the
 * truth at the time it was stored; an entry kept as closed must also equal the final truth.
 */
export async function checkKvEntry(
  key: string,
  truth: Truth,
  secrets: SecretWatch,
): Promise<KvCheck> {
  const kv = (workerEnv as unknown as Env).CACHE;
  const { value, metadata } = await kv.getWithMetadata<Record<string, unknown>>(key, "text");
  const fail = (problem: string, closed = false): KvCheck => ({ key, problem, closed });
  if (value === null) return fail("listed but unreadable");
  const leak = secrets.find(key) ?? secrets.find(value);
  if (leak !== null) return fail(`holds secret ${leak}`);
  const [version, accountId, app, operation, dialect, from, to, filters, page] = key.split("|");
  const caller = CALLERS.find((c) => c.accountId === accountId && c.app === app);
  if (
    version === "v1" && caller !== undefined && (dialect === "current" || dialect === "2.0") &&
    operation?.endsWith("-response") === true
  ) {
    return checkAnswerEntry(key, value, metadata, {
      caller,
      operation,
      dialect,
      from: Number(from),
      to: Number(to),
    }, truth);
  }
  if (
    version !== "v1" || caller === undefined || (dialect !== "current" && dialect !== "2.0") ||
    filters !== "" || page !== ""
  ) {
    return fail("unknown key layout");
  }
  const start = Number(from);
  const end = Number(to);
  if (end - start !== DAY_MS || start % DAY_MS !== 0) return fail("not one UTC day");
  const { storedAt, freshUntil, schema } = metadata ?? {};
  if (schema !== 1 || typeof storedAt !== "number" || typeof freshUntil !== "number") {
    return fail(`bad metadata ${JSON.stringify(metadata)}`);
  }
  const closed = freshUntil - storedAt > 60 * MINUTE_MS;
  let body: unknown;
  try {
    body = JSON.parse(value);
  } catch {
    return fail("not JSON (partial write?)", closed);
  }
  const final = end + 40 * DAY_MS;
  try {
    if (operation === "transactions") {
      const parsed = parseTransactionsPage(body, dialect);
      const { metadata: meta, page: p } = parsed;
      if (meta.attemptedStartTime !== start || meta.attemptedEndTime !== end) {
        return fail("window differs from its key", closed);
      }
      if (p.count !== parsed.transactions.length || p.nextOffset !== null) {
        return fail(`partial page ${JSON.stringify(p)}`, closed);
      }
      const stored = truth.transactions(caller, start, end, dialect, storedAt);
      if (!sameData(parsed.transactions, stored)) {
        return fail(
          `differs from the truth when stored (${parsed.transactions.length} vs ${stored.length})`,
          closed,
        );
      }
      if (closed && !sameData(stored, truth.transactions(caller, start, end, dialect, final))) {
        return fail("kept as closed, but the day still changes upstream afterwards", closed);
      }
    } else if (operation === "accountAnalytics") {
      const parsed = parseAnalyticsResponse(body, dialect);
      const stored = truth.analytics(caller, start, end, dialect, storedAt);
      if (!sameData(parsed.rows, stored)) {
        return fail("differs from the truth when stored", closed);
      }
      if (closed && !sameData(stored, truth.analytics(caller, start, end, dialect, final))) {
        return fail("kept as closed, but the day still changes upstream afterwards", closed);
      }
    } else {
      return fail(`unknown operation ${String(operation)}`);
    }
  } catch (error) {
    return fail(`does not parse: ${String(error).slice(0, 160)}`, closed);
  }
  return { key, problem: null, closed };
}

/** Captures every console line of the run (the Worker's log), keeping the original `log`. */
export function captureConsole(): {
  lines: string[];
  print: (line: string) => void;
  restore: () => void;
} {
  const print = console.log.bind(console);
  const lines: string[] = [];
  const spies = (["log", "info", "debug", "warn", "error"] as const).map((method) =>
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      lines.push(`${method}: ${args.map(String).join(" ")}`);
    })
  );
  return { lines, print, restore: () => spies.forEach((spy) => spy.mockRestore()) };
}

/**
 * Why an error answer is not a typed upstream failure, or null: LivePerson's error shape
 * `{ code, requestTraceId, message }` with the trace header, a 429/5xx status the upstream's
 * failure explains, and not the proxy's own "Internal error" (an exception nobody handled).
 */
export function errorAnswerProblem(response: Response, text: string): string | null {
  if (![429, 500, 502, 503, 504].includes(response.status)) {
    return `unexpected status ${response.status}: ${text.slice(0, 160)}`;
  }
  if (!/^application\/json/.test(response.headers.get("content-type") ?? "")) {
    return `error ${response.status} is not JSON`;
  }
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return `error ${response.status} body is not JSON: ${text.slice(0, 160)}`;
  }
  if (Object.keys(body).sort().join(",") !== "code,message,requestTraceId") {
    return `error ${response.status} is not in LivePerson's shape: ${text.slice(0, 160)}`;
  }
  if (typeof body["code"] !== "number" || typeof body["message"] !== "string") {
    return `error ${response.status} has mistyped fields: ${text.slice(0, 160)}`;
  }
  if (body["requestTraceId"] !== response.headers.get("x-request-trace-id")) {
    return `error ${response.status} trace id differs from its header`;
  }
  if (body["message"] === "Internal error") {
    return `unhandled exception answered as 500 "Internal error"`;
  }
  // A relayed upstream status keeps the upstream's code (the sandbox: 500 -> 5000, 429 -> 1029).
  const relayed: Record<number, number> = { 500: 5000, 429: 1029 };
  const code = relayed[response.status];
  if (code !== undefined && body["code"] !== code) {
    return `error ${response.status} does not relay the upstream's code: ${text.slice(0, 160)}`;
  }
  return null;
}

/**
 * A cached finished answer (worker/data/response-cache.ts): its length matches its metadata, it
 * parses in its dialect, its window is its key's, and every row it holds equals the truth's row
 * at the time it was stored (filters and paging only select rows, never change them).
 */
function checkAnswerEntry(
  key: string,
  value: string,
  metadata: Record<string, unknown> | null,
  parts: {
    caller: (typeof CALLERS)[number];
    operation: string;
    dialect: "current" | "2.0";
    from: number;
    to: number;
  },
  truth: Truth,
): KvCheck {
  const fail = (problem: string): KvCheck => ({ key, problem, closed: false });
  const { caller, operation, dialect, from, to } = parts;
  const storedAt = metadata?.["storedAt"];
  if (
    metadata?.["schema"] !== 1 || metadata["length"] !== value.length ||
    typeof storedAt !== "number"
  ) {
    return fail(`bad metadata ${JSON.stringify(metadata)}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(value);
  } catch {
    return fail("answer is not JSON");
  }
  try {
    if (operation === "transactions-response") {
      const parsed = parseTransactionsPage(body, dialect);
      if (parsed.metadata.attemptedStartTime !== from || parsed.metadata.attemptedEndTime !== to) {
        return fail("answer's window differs from its key");
      }
      const byId = new Map(
        truth.transactions(caller, from, to, dialect, storedAt).map((tx) => [tx.transactionId, tx]),
      );
      for (const tx of parsed.transactions) {
        const expected = byId.get(tx.transactionId);
        if (expected === undefined || !sameData([tx], [expected])) {
          return fail(`answer row ${tx.transactionId} differs from the truth`);
        }
      }
    } else {
      const parsed = parseAnalyticsResponse(body, dialect);
      const rowKey = (row: { day: string; channel: string; skill: string }) =>
        `${row.day}|${row.channel}|${row.skill}`;
      const byGroup = new Map(
        truth.analytics(caller, from, to, dialect, storedAt).map((row) => [rowKey(row), row]),
      );
      for (const row of parsed.rows) {
        const expected = byGroup.get(rowKey(row));
        if (expected === undefined || !sameData([row], [expected])) {
          return fail(`answer row ${rowKey(row)} differs from the truth`);
        }
      }
    }
  } catch (error) {
    return fail(`answer does not parse: ${(error as Error).message.slice(0, 120)}`);
  }
  return { key, problem: null, closed: false };
}
