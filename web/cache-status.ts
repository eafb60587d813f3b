/**
 * Reading the proxy's RFC 9211 `Cache-Status` header (written by
 * `worker/data/cache-outcome.ts`), and saying in plain words what the cache did.
 *
 * @module
 */

/** One answer's `Cache-Status`. */
export interface CacheStatus {
  /** Every day was served from the cache. */
  hit: boolean;
  /** Why it went to LivePerson (`miss`, `stale`, `bypass`, ...), or null for a hit. */
  fwd: string | null;
  /** Days fetched were stored. */
  stored: boolean;
  /** Freshness left, in seconds, or null. */
  ttl: number | null;
  /** The proxy's detail, e.g. `upstream-503` or `settling`, or null. */
  detail: string | null;
}

/**
 * Parses this proxy's `Cache-Status` member.
 *
 * @param header The header value, e.g. `lp-reporting-edge; fwd=miss; stored; ttl=300`.
 * @returns The parts, or null when absent.
 */
export function parseCacheStatus(header: string | null): CacheStatus | null {
  if (header === null || header.trim() === "") return null;
  const status: CacheStatus = { hit: false, fwd: null, stored: false, ttl: null, detail: null };
  for (const part of header.split(";").slice(1)) {
    const [name = "", raw = "?1"] = part.trim().split("=", 2);
    const value = raw.replace(/^"(.*)"$/, "$1");
    if (name === "hit") status.hit = true;
    else if (name === "stored") status.stored = true;
    else if (name === "fwd") status.fwd = value;
    else if (name === "ttl") status.ttl = Number(value);
    else if (name === "detail") status.detail = value;
  }
  return status;
}

/** What the cache did over the answers of one view. */
export interface CacheTally {
  /** Answers served wholly from the cache. */
  hits: number;
  /** Answers that fetched days from LivePerson. */
  fetched: number;
  /** Answers that served stored days because LivePerson failed, with the proxy's detail. */
  stale: string[];
  /** Answers that were not cached (today, or days too recent). */
  bypassed: number;
  /** Least freshness left, in seconds. */
  ttl: number | null;
}

/**
 * An empty tally.
 *
 * @returns A tally with nothing counted.
 */
export function emptyTally(): CacheTally {
  return { hits: 0, fetched: 0, stale: [], bypassed: 0, ttl: null };
}

/**
 * Counts one answer's cache status.
 *
 * @param tally The tally (mutated).
 * @param status The answer's status, or null.
 */
export function countStatus(tally: CacheTally, status: CacheStatus | null): void {
  if (status === null) return;
  if (status.hit) tally.hits += 1;
  else if (status.fwd === "stale") tally.stale.push(status.detail ?? "upstream failure");
  else if (status.fwd === "bypass") tally.bypassed += 1;
  else tally.fetched += 1;
  if (status.ttl !== null && Number.isFinite(status.ttl)) {
    tally.ttl = tally.ttl === null ? status.ttl : Math.min(tally.ttl, status.ttl);
  }
}

/**
 * The tally in plain words.
 *
 * @param tally The tally.
 * @returns E.g. `"12 of 14 answers came from the cache; 2 fetched days from LivePerson."`
 */
export function describeTally(tally: CacheTally): string {
  const total = tally.hits + tally.fetched + tally.stale.length + tally.bypassed;
  if (total === 0) return "";
  const parts = [
    `${tally.hits} of ${total} ${total === 1 ? "answer" : "answers"} came from the cache`,
  ];
  if (tally.fetched > 0) {
    parts.push(`${tally.fetched} fetched days from LivePerson and stored them`);
  }
  if (tally.bypassed > 0) parts.push(`${tally.bypassed} included days too recent to cache`);
  if (tally.stale.length > 0) parts.push(`${tally.stale.length} served stored copies (stale)`);
  const ttl = tally.ttl === null
    ? ""
    : ` The copies served stay fresh for at least ${duration(tally.ttl)}.`;
  return `${parts.join("; ")}.${ttl}`;
}

function duration(seconds: number): string {
  if (seconds < 120) return `${Math.max(0, Math.round(seconds))} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}
