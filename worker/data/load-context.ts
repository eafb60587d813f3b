import { sha256, toHex } from "../auth/digest.ts";
import { PassThroughLedger } from "../auth/passthrough-ledger.ts";
import type { Coalescer } from "../cache/coalesce.ts";
import { WindowStore } from "../cache/window-store.ts";
import { ProxyError } from "../http/proxy-error.ts";
import type { UpstreamCaller } from "../upstream/upstream.ts";
import type { RequestState } from "../request-state.ts";
import type { CacheOutcome } from "./cache-outcome.ts";

/** What loading cached windows needs for one request. */
export interface LoadContext {
  caller: UpstreamCaller;
  store: WindowStore;
  coalescer: Coalescer;
  ledger: PassThroughLedger;
  now: number;
  outcome: CacheOutcome;
  traceId: string;
  /** Work to finish after the response (see `RequestState.defer`). */
  defer?: (work: Promise<unknown>) => void;
}

/** The context of one request; the coalescer and the pass-through ledger live as long as the isolate. */
export function loadContext(caller: UpstreamCaller, state: RequestState): LoadContext {
  const { coalescer, ledgers, now } = caller.runtime;
  const ttlMs = caller.settings.passthroughTtlMs;
  let ledger = ledgers.get(ttlMs);
  if (ledger === undefined) {
    ledger = new PassThroughLedger({ ttlMs, now });
    ledgers.set(ttlMs, ledger);
  }
  return {
    caller,
    store: new WindowStore(caller.env.CACHE, { now }),
    coalescer,
    ledger,
    now: now(),
    outcome: state.outcome,
    traceId: state.traceId,
    ...(state.defer === undefined ? {} : { defer: state.defer }),
  };
}

/** A cached window, or null when absent, invalid or when KV fails (a KV failure is a miss, never an error). */
export async function readCached<T>(
  context: LoadContext,
  key: string,
  parse: (body: unknown) => T,
): Promise<{ value: T; fresh: boolean; freshUntil: number; storedAt: number } | null> {
  try {
    let value: T | undefined;
    const cached = await context.store.get(key, (body) => (value = parse(body)));
    if (cached === null || value === undefined) return null;
    const { freshUntil, storedAt } = cached.entry;
    return { value, fresh: cached.fresh, freshUntil, storedAt };
  } catch (error) {
    logKvFailure(context, "read", error);
    return null;
  }
}

/** Stores a window; false when it was not stored (too large, or KV failed: e.g. 1 write/s per key). */
export async function writeCached(
  context: LoadContext,
  key: string,
  body: unknown,
  freshness: { freshForMs: number; kvTtlSeconds: number },
): Promise<boolean> {
  try {
    return await context.store.put(key, body, freshness);
  } catch (error) {
    logKvFailure(context, "write", error);
    return false;
  }
}

/** Logs a KV failure with the trace id (a KV failure is a miss, never an error). */
export function logKvFailure(context: LoadContext, operation: string, error: unknown): void {
  console.error(
    JSON.stringify({ traceId: context.traceId, kv: operation, error: String(error).slice(0, 300) }),
  );
}

/**
 * Whether cached data may be served to this caller: always for keyed tenants; for a
 * pass-through credential only after it succeeded upstream for this account lately.
 */
export async function mayReadCache(context: LoadContext): Promise<boolean> {
  const { passthrough, accountId } = context.caller;
  return passthrough === null || await context.ledger.recentlySucceeded(passthrough, accountId);
}

/** Notes a pass-through credential's upstream success. */
export async function noteUpstreamSuccess(context: LoadContext): Promise<void> {
  const { passthrough, accountId } = context.caller;
  if (passthrough !== null) await context.ledger.record(passthrough, accountId);
}

/**
 * The coalescing key: the same data for the same credential scope. A pass-through credential
 * is named by its SHA-256 digest, so the key holds no secret.
 */
export async function flightKey(context: LoadContext, key: string): Promise<string> {
  const { tenant, passthrough } = context.caller;
  const scope = passthrough === null ? "" : toHex(await sha256(passthrough));
  return `${key}|${tenant.name}|${scope}`;
}

/** Whether an upstream failure may be answered from an expired copy (stale-if-error). */
export function isUpstreamFailure(error: unknown): boolean {
  return error instanceof ProxyError && (error.status >= 500 || error.status === 429);
}
