import type { Settings } from "./settings.ts";
import { type CacheOutcome, emptyOutcome } from "./data/cache-outcome.ts";
import type { UpstreamTrace } from "./upstream/upstream.ts";
import type { Env } from "./env.ts";
import type { Runtime } from "./runtime.ts";

/** What one request did, for its response headers and its log line. */
export interface RequestState {
  traceId: string;
  started: number;
  route: string | null;
  accountId: string | null;
  outcome: CacheOutcome;
  upstream: UpstreamTrace;
  /**
   * Runs work after the response (`ctx.waitUntil`) when the platform gives a context; absent
   * (tests calling `app.fetch` bare), such work is awaited before answering.
   */
  defer?: (work: Promise<unknown>) => void;
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
