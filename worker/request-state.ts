import type { Settings } from "./settings.ts";
import { type CacheOutcome, emptyOutcome } from "./data/cache-outcome.ts";
import type { UpstreamTrace } from "./upstream/upstream.ts";
import type { Env } from "./env.ts";
import type { Credentials } from "../lib/client/credentials.ts";
import type { DomainResolver } from "../lib/client/region.ts";
import type { FetchLike } from "../lib/client/types.ts";
import type { PassThroughLedger } from "./auth/passthrough-ledger.ts";
import { Coalescer } from "./cache/coalesce.ts";

/** What one request did, for its response headers and its log line. */
export interface RequestState {
  traceId: string;
  started: number;
  route: string | null;
  accountId: string | null;
  outcome: CacheOutcome;
  upstream: UpstreamTrace;
}

/** A fresh state with a new trace id. */
export function newRequestState(): RequestState {
  return {
    traceId: crypto.randomUUID(),
    started: Date.now(),
    route: null,
    accountId: null,
    outcome: emptyOutcome(),
    upstream: { calls: 0, attempts: 0, status: null, ms: 0 },
  };
}

/** Hono's typing of this app: the bindings and the per-request state. */
export interface AppEnv {
  Bindings: Env;
  Variables: { state: RequestState; settings: Settings; runtime: Runtime };
}

/** The clock and the upstream (real ones in production, injectable in tests), and what lives as long as the app. */
export interface Runtime {
  now: () => number;
  /** Replaces the upstream (LivePerson or the embedded sandbox) when set. */
  upstream: FetchLike | undefined;
  /** Domain API lookups per account. */
  resolvers: Map<string, DomainResolver>;
  /** Upstream credentials (AppJWT caches) per tenant and account. */
  credentials: Map<string, Credentials>;
  /** Identical concurrent misses share one upstream call. */
  coalescer: Coalescer;
  /** Pass-through successes, per TTL setting. */
  ledgers: Map<number, PassThroughLedger>;
}

/** A runtime with empty memories. */
export function newRuntime(now: () => number, upstream: FetchLike | undefined): Runtime {
  return {
    now,
    upstream,
    resolvers: new Map(),
    credentials: new Map(),
    coalescer: new Coalescer(),
    ledgers: new Map(),
  };
}
