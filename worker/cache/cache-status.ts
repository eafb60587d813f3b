/**
 * The RFC 9211 `Cache-Status` response header: how this proxy's cache handled the request.
 * The value is a Structured Field list member (RFC 8941): the cache's name as a token, then
 * `; param` pairs. Booleans that are false are omitted, as RFC 8941 allows.
 *
 * @module
 */

/** The cache's identifier in `Cache-Status` (RFC 9211 §2: a String or Token). */
export const CACHE_NAME = "lp-reporting-edge";

/**
 * Why the request went forward (RFC 9211 §2.2): `bypass` (configured not to use the cache),
 * `method`, `uri-miss`, `vary-miss`, `miss` (no stored response), `request` (the request
 * asked to go forward), `stale` (a stored response was stale), `partial`.
 */
export type CacheForward =
  | "bypass"
  | "method"
  | "uri-miss"
  | "vary-miss"
  | "miss"
  | "request"
  | "stale"
  | "partial";

const FORWARDS: ReadonlySet<string> = new Set<CacheForward>([
  "bypass",
  "method",
  "uri-miss",
  "vary-miss",
  "miss",
  "request",
  "stale",
  "partial",
]);

/** The parameters of one `Cache-Status` member. */
export interface CacheStatusParts {
  /** Served from the cache without going forward (§2.1). Excludes `fwd`. */
  hit?: boolean;
  /** Went forward towards the origin, and why (§2.2). */
  fwd?: CacheForward;
  /** The response was stored (§2.5); only meaningful with `fwd`. */
  stored?: boolean;
  /** Remaining freshness in seconds (§2.4), negative when stale; written as whole seconds, rounded down. */
  ttl?: number;
  /** Collapsed with another forward request (§2.6); only meaningful with `fwd`. */
  collapsed?: boolean;
  /** Implementation detail (§2.8): written as a token when it is one, else a quoted string. */
  detail?: string;
}

/**
 * Formats this proxy's `Cache-Status` value.
 *
 * @param parts The parameters; see {@link CacheStatusParts}.
 * @returns E.g. `lp-reporting-edge; hit; ttl=5400` or `lp-reporting-edge; fwd=miss; stored; ttl=300`.
 * @throws {TypeError} When `hit` and `fwd` are both given, `stored` or `collapsed` is given
 * without `fwd`, `fwd` is not an RFC 9211 value, `ttl` is not finite or out of the Structured
 * Field integer range, or `detail` has a character outside printable ASCII.
 * @example Stale served after an upstream failure
 * ```ts
 * cacheStatus({ fwd: "stale", detail: "upstream-503" });
 * // "lp-reporting-edge; fwd=stale; detail=upstream-503"
 * ```
 */
export function cacheStatus(parts: CacheStatusParts): string {
  const { hit = false, fwd, stored = false, ttl, collapsed = false, detail } = parts;
  if (hit && fwd !== undefined) {
    throw new TypeError(`Cannot write Cache-Status as hit excludes fwd: ${fwd}`);
  }
  if (fwd === undefined && (stored || collapsed)) {
    // RFC 9211 §2.5, §2.6: stored and collapsed describe a forwarded request.
    throw new TypeError(
      `Cannot write Cache-Status as ${stored ? "stored" : "collapsed"} needs fwd: undefined`,
    );
  }
  const params: string[] = [CACHE_NAME];
  if (hit) params.push("hit");
  if (fwd !== undefined) {
    if (!FORWARDS.has(fwd)) {
      throw new TypeError(`Cannot write Cache-Status as fwd is not an RFC 9211 value: ${fwd}`);
    }
    params.push(`fwd=${fwd}`);
  }
  if (stored) params.push("stored");
  if (ttl !== undefined) params.push(`ttl=${formatTtl(ttl)}`);
  if (collapsed) params.push("collapsed");
  if (detail !== undefined) params.push(`detail=${formatDetail(detail)}`);
  return params.join("; ");
}

function formatTtl(ttl: number): string {
  // RFC 9211 §2.4: an integer number of seconds; RFC 8941 §3.3.1: at most 15 digits.
  const seconds = Math.floor(ttl);
  if (!Number.isFinite(seconds) || Math.abs(seconds) > 999_999_999_999_999) {
    throw new TypeError(`Cannot write Cache-Status as ttl is not a usable integer: ${ttl}`);
  }
  return String(seconds);
}

function formatDetail(detail: string): string {
  // RFC 8941 §3.3.4: sf-token = ( ALPHA / "*" ) *( tchar / ":" / "/" )
  if (/^[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]*$/.test(detail)) return detail;
  // RFC 8941 §3.3.3: sf-string holds printable ASCII, with `"` and `\` escaped.
  if (!/^[\x20-\x7e]*$/.test(detail)) {
    throw new TypeError(
      `Cannot write Cache-Status as detail is not printable ASCII: ${JSON.stringify(detail)}`,
    );
  }
  return `"${detail.replace(/["\\]/g, "\\$&")}"`;
}
