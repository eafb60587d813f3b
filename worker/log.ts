import { outcomeSummary } from "./data/cache-outcome.ts";
import type { RequestState } from "./request-state.ts";

/** One structured JSON log line per request; it never carries a credential, key or body. */
export function logRequest(state: RequestState, method: string, status: number): void {
  console.log(JSON.stringify({
    traceId: state.traceId,
    method,
    route: state.route,
    accountId: state.accountId,
    status,
    cache: outcomeSummary(state.outcome),
    upstream: {
      calls: state.upstream.calls,
      attempts: state.upstream.attempts,
      status: state.upstream.status,
      ...(state.upstream.failure === undefined ? {} : { failure: state.upstream.failure }),
    },
    durationMs: Date.now() - state.started,
    upstreamMs: state.upstream.ms,
  }));
}
