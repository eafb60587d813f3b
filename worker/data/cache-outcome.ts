import { cacheStatus } from "../cache/cache-status.ts";

/** What the cache did for the windows of one response. */
export interface CacheOutcome {
  hits: number;
  misses: number;
  stale: number;
  bypassed: number;
  stored: number;
  collapsed: number;
  /** Least freshness left among the windows served, in ms. */
  ttlMs: number | null;
  detail: string | null;
}

/** An outcome with nothing recorded yet. */
export function emptyOutcome(): CacheOutcome {
  return {
    hits: 0,
    misses: 0,
    stale: 0,
    bypassed: 0,
    stored: 0,
    collapsed: 0,
    ttlMs: null,
    detail: null,
  };
}

/** Records a window's freshness left. */
export function noteTtl(outcome: CacheOutcome, ttlMs: number): void {
  outcome.ttlMs = outcome.ttlMs === null ? ttlMs : Math.min(outcome.ttlMs, ttlMs);
}

/** The RFC 9211 `Cache-Status` of the whole response: a hit only when every window was one. */
export function outcomeHeader(outcome: CacheOutcome): string {
  const ttl = outcome.ttlMs === null ? {} : { ttl: Math.max(0, Math.floor(outcome.ttlMs / 1000)) };
  const detail = outcome.detail === null ? {} : { detail: outcome.detail };
  if (outcome.misses + outcome.stale + outcome.bypassed === 0 && outcome.hits > 0) {
    return cacheStatus({ hit: true, ...ttl, ...detail });
  }
  const fwd = outcome.stale > 0 ? "stale" : outcome.misses > 0 ? "miss" : "bypass";
  return cacheStatus({
    fwd,
    stored: outcome.stored > 0,
    collapsed: outcome.collapsed > 0,
    ...(outcome.stored > 0 ? ttl : {}),
    ...detail,
  });
}

/** A short summary for the log line. */
export function outcomeSummary(outcome: CacheOutcome): string {
  if (outcome.misses + outcome.stale + outcome.bypassed === 0 && outcome.hits > 0) return "hit";
  return outcome.stale > 0
    ? "stale"
    : outcome.misses > 0
    ? "miss"
    : outcome.bypassed > 0
    ? "bypass"
    : "none";
}
