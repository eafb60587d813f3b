/** What the sandbox has served, for tests and benchmarks to assert on. */
export interface SandboxCounters {
  /** Every request received. */
  requests: number;
  /** Requests per host name. */
  byHost: Record<string, number>;
  /** Requests per account id (reporting, Domain API and token requests). */
  byAccount: Record<string, number>;
  /** Requests per operation: the four reporting operations, `domain` and `token`. */
  byOperation: Record<string, number>;
  /** 429s answered, by the rate limit or by fault injection. */
  rateLimited: number;
  /** Faults injected, per kind. */
  faults: Record<string, number>;
  /** AppJWTs issued by the Sentinel token endpoint. */
  tokensIssued: number;
  /** The most requests served in any one-second window, per `accountId:operation`. */
  peakPerSecond: Record<string, number>;
}

/** A fresh set of zeroed counters. */
export function emptyCounters(): SandboxCounters {
  return {
    requests: 0,
    byHost: {},
    byAccount: {},
    byOperation: {},
    rateLimited: 0,
    faults: {},
    tokensIssued: 0,
    peakPerSecond: {},
  };
}

/** Adds one to `record[key]`. */
export function bump(record: Record<string, number>, key: string): void {
  record[key] = (record[key] ?? 0) + 1;
}
