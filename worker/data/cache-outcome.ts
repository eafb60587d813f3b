import { cacheStatus } from "../cache/cache-status.ts";
import { type Tier, TIERS } from "../cache/freshness.ts";

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
  /** The least final tier among the windows served (worker/cache/freshness.ts). */
  tier: Tier | null;
  /** Age of the oldest stored copy served, in ms (0 when every window was fetched now). */
  ageMs: number | null;
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
    tier: null,
    ageMs: null,
  };
}

/** Records a window's tier: the response's is the least final of its windows'. */
export function noteTier(outcome: CacheOutcome, tier: Tier): void {
  if (outcome.tier === null || TIERS.indexOf(tier) < TIERS.indexOf(outcome.tier)) {
    outcome.tier = tier;
  }
}

/** Records the age of a stored copy served: the response's is the oldest. */
export function noteAge(outcome: CacheOutcome, ageMs: number): void {
  const age = Math.max(0, ageMs);
  outcome.ageMs = outcome.ageMs === null ? age : Math.max(outcome.ageMs, age);
}

/** Tiers whose data still changes upstream, named in `Cache-Status` with the copy's age. */
const CHANGING: ReadonlySet<Tier | null> = new Set<Tier | null>(["settling", "maturing"]);

/**
 * The `detail` of a response: why it went forward (e.g. `upstream-503`, `filling`, `open`),
 * then the tier of a window that still changes and the age in seconds of the oldest stored copy
 * served, joined by `/`, e.g. `maturing`, `maturing/age:1800` or `upstream-503/settling/age:600`
 * (RFC 9211 §2.8; one RFC 8941 token, which allows `/` and `:`). Matured windows are final and
 * add nothing.
 */
export function outcomeDetail(outcome: CacheOutcome): string | null {
  const parts = outcome.detail === null ? [] : [outcome.detail];
  if (CHANGING.has(outcome.tier)) {
    parts.push(outcome.tier!);
    if (outcome.ageMs !== null) parts.push(`age:${Math.floor(outcome.ageMs / 1000)}`);
  }
  return parts.length === 0 ? null : parts.join("/");
}

/** Records a window's freshness left. */
export function noteTtl(outcome: CacheOutcome, ttlMs: number): void {
  outcome.ttlMs = outcome.ttlMs === null ? ttlMs : Math.min(outcome.ttlMs, ttlMs);
}

/** The RFC 9211 `Cache-Status` of the whole response: a hit only when every window was one. */
export function outcomeHeader(outcome: CacheOutcome): string {
  const ttl = outcome.ttlMs === null ? {} : { ttl: Math.max(0, Math.floor(outcome.ttlMs / 1000)) };
  const text = outcomeDetail(outcome);
  const detail = text === null ? {} : { detail: text };
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
