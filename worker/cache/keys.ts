/**
 * Canonical cache keys: one string per distinct request, so two different requests can never
 * read each other's cached data. The credential is never part of a key (the proxy authorizes
 * the account before it reads the cache).
 *
 * Layout: `v1|account|app|operation|dialect|from|to|filters|page`. Text components are
 * `encodeURIComponent`-ed, which turns every separator used here (`|` `;` `=` `,`) into `%XX`,
 * so a component can never end early; numbers are checked to be safe integers. Filters are
 * `name=value,value` entries joined by `;`, names and values sorted (UTF-16 order) and
 * deduplicated; an empty list is written as the bare name, which keeps it apart from both an
 * absent filter and a list holding one empty string (`name=`).
 *
 * @module
 */

/** Bumped when the layout changes, so old entries are never misread. */
const KEY_VERSION = "v1";

/** The parts of a request that decide its response. */
export interface CacheKeyParts {
  /** LivePerson account id. */
  accountId: string;
  /** `"prmsg"` or `"c2m"` (any text is encoded). */
  app: string;
  /** The operation, independent of dialect, e.g. `"transactions"`. */
  operation: string;
  /** `"current"` or `"2.0"`: the wire format of the stored body. */
  dialect: string;
  /** Window start, epoch ms. */
  from: number;
  /** Window end (exclusive), epoch ms. */
  to: number;
  /**
   * Filters by name (e.g. `channels`, `skills`). Absent and `{}` mean "no filters"; an empty
   * list under a name is kept distinct from the name being absent.
   */
  filters?: Record<string, readonly string[]>;
  /** Page offset. Absent is distinct from 0: pass the effective offset to share entries. */
  page?: number;
}

/**
 * Builds the canonical KV key of a request.
 *
 * @param parts The request's parts; see {@link CacheKeyParts}.
 * @returns The key, e.g. `v1|10000001|prmsg|transactions|current|1793491200000|1793577600000|channels=sms,wa|0`.
 * May exceed KV's 512-byte key limit with long filters; `WindowStore` hashes such keys.
 * @throws {TypeError} When a text part is not a string or not well-formed Unicode (a lone
 * surrogate), a number part is not a safe integer (`page` also non-negative), a filter name is
 * empty, or a filter list is not an array of strings.
 * @example
 * ```ts
 * cacheKey({ accountId: "10000001", app: "prmsg", operation: "accountAnalytics",
 *   dialect: "current", from: 1793491200000, to: 1793577600000 });
 * // "v1|10000001|prmsg|accountAnalytics|current|1793491200000|1793577600000||"
 * ```
 */
export function cacheKey(parts: CacheKeyParts): string {
  const components = [
    KEY_VERSION,
    encodeText(parts.accountId, "accountId"),
    encodeText(parts.app, "app"),
    encodeText(parts.operation, "operation"),
    encodeText(parts.dialect, "dialect"),
    encodeInteger(parts.from, "from"),
    encodeInteger(parts.to, "to"),
    encodeFilters(parts.filters),
    parts.page === undefined ? "" : encodeInteger(parts.page, "page", 0),
  ];
  return components.join("|");
}

function encodeFilters(filters: Record<string, readonly string[]> | undefined): string {
  if (filters === undefined) return "";
  if (typeof filters !== "object" || filters === null || Array.isArray(filters)) {
    throw new TypeError(`Cannot build a cache key as filters is not an object: ${typeof filters}`);
  }
  const entries: string[] = [];
  for (const name of Object.keys(filters).sort()) {
    // An empty name would make `{ "": [] }` read like no filters at all.
    if (name === "") throw new TypeError('Cannot build a cache key as a filter name is empty: ""');
    const values = filters[name];
    if (!Array.isArray(values) || values.some((value) => typeof value !== "string")) {
      throw new TypeError(
        `Cannot build a cache key as filter ${JSON.stringify(name)} is not a list of strings`,
      );
    }
    const encodedName = encodeText(name, "a filter name");
    const unique = [...new Set(values as readonly string[])].sort();
    entries.push(
      unique.length === 0
        ? encodedName
        : `${encodedName}=${unique.map((value) => encodeText(value, "a filter value")).join(",")}`,
    );
  }
  return entries.join(";");
}

function encodeText(value: unknown, name: string): string {
  if (typeof value !== "string") {
    throw new TypeError(`Cannot build a cache key as ${name} is not a string: ${typeof value}`);
  }
  try {
    return encodeURIComponent(value);
  } catch {
    // encodeURIComponent throws URIError on a lone surrogate; replacing it would merge keys.
    throw new TypeError(
      `Cannot build a cache key as ${name} is not well-formed Unicode: ${JSON.stringify(value)}`,
    );
  }
}

function encodeInteger(value: unknown, name: string, min = Number.MIN_SAFE_INTEGER): string {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    const wanted = min === 0 ? "a non-negative safe integer" : "a safe integer";
    throw new TypeError(`Cannot build a cache key as ${name} is not ${wanted}: ${String(value)}`);
  }
  // String(-0) is "0": the same instant, so the same key.
  return String(value);
}
