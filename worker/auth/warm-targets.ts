/**
 * The `warm` field of a tenant in `PROXY_KEYS`: which of its accounts and apps the proxy fills
 * before anyone asks (the cron of worker/fill/warm.ts), and keeps in the archive.
 *
 * ```json
 * "warm": [{ "accountId": "10000001", "apps": ["prmsg", "c2m"], "dialects": ["current"] }]
 * ```
 *
 * `dialects` is optional (`["current"]`, the dialect `/_edge/funnel` reads).
 * @module
 */
import { type App, APPS, type Dialect, DIALECTS } from "../../lib/model/canonical.ts";

/** One account a tenant opted in to warming, with its apps and dialects. */
export interface WarmTarget {
  /** One of the tenant's accounts. */
  accountId: string;
  /** The apps to warm. */
  apps: App[];
  /** The dialects whose stored days are warmed. @default ["current"] */
  dialects: Dialect[];
}

const FIELDS: ReadonlySet<string> = new Set(["accountId", "apps", "dialects"]);

function fail(path: string, reason: string): TypeError {
  return new TypeError(`Cannot parse PROXY_KEYS as ${path} ${reason}`);
}

function parseList<T extends string>(
  value: unknown,
  allowed: readonly T[],
  path: string,
): T[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw fail(path, `is not a non-empty array of ${allowed.join(" | ")}`);
  }
  const list: T[] = [];
  value.forEach((item: unknown, index) => {
    if (!allowed.includes(item as T)) {
      throw fail(`${path}[${index}]`, `is not one of ${allowed.join(" | ")}`);
    }
    if (list.includes(item as T)) throw fail(`${path}[${index}]`, "repeats a value");
    list.push(item as T);
  });
  return list;
}

/**
 * Validates a tenant's `warm` field.
 * @param value The parsed JSON value.
 * @param path Where it sits, e.g. `tenants[0].warm`.
 * @param accounts The tenant's accounts: only those may be warmed.
 * @param passthrough Whether the tenant passes its callers' credentials through (then it has
 * no credential of its own to fill with, and cannot be warmed).
 * @returns Fresh targets, `dialects` filled in.
 * @throws {TypeError} naming the field, never quoting a value.
 */
export function parseWarmTargets(
  value: unknown,
  path: string,
  accounts: readonly string[],
  passthrough: boolean,
): WarmTarget[] {
  if (passthrough) {
    throw fail(
      path,
      "is set on a pass-through tenant, which has no upstream credential to fill with",
    );
  }
  if (!Array.isArray(value)) throw fail(path, "is not an array of { accountId, apps, dialects? }");
  const targets: WarmTarget[] = [];
  value.forEach((entry: unknown, index) => {
    const at = `${path}[${index}]`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      throw fail(at, "is not an object");
    }
    for (const field of Object.keys(entry)) {
      if (!FIELDS.has(field)) throw fail(at, `has an unknown field: ${JSON.stringify(field)}`);
    }
    const { accountId, apps, dialects } = entry as Record<string, unknown>;
    if (typeof accountId !== "string" || !accounts.includes(accountId)) {
      throw fail(`${at}.accountId`, "is not one of the tenant's accounts");
    }
    if (targets.some((target) => target.accountId === accountId)) {
      throw fail(`${at}.accountId`, "repeats an account id");
    }
    targets.push({
      accountId,
      apps: parseList(apps, APPS, `${at}.apps`),
      dialects: dialects === undefined
        ? ["current"]
        : parseList(dialects, DIALECTS, `${at}.dialects`),
    });
  });
  return targets;
}
