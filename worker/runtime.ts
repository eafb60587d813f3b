/**
 * What lives as long as the isolate: the clock, the upstream, and the memories every request
 * shares (Domain API lookups, AppJWT caches, in-flight misses, pass-through successes).
 *
 * @module
 */
import type { Credentials } from "../lib/client/credentials.ts";
import type { DomainResolver } from "../lib/client/region.ts";
import type { FetchLike } from "../lib/client/types.ts";
import type { PassThroughLedger } from "./auth/passthrough-ledger.ts";
import { Coalescer } from "./cache/coalesce.ts";

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
