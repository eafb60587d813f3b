import type { Region } from "../lib/model/canonical.ts";
import { REGIONS } from "../lib/model/canonical.ts";
import { MAX_PAGE_SIZE } from "../lib/model/paging.ts";
import { DEFAULT_FRESHNESS, type FreshnessPolicy } from "./cache/freshness.ts";
import { DEMO_PROXY_TENANTS, parseTenants, type ProxyTenant } from "./auth/tenants.ts";
import { parseProxyTokenKey } from "./auth/proxy-token.ts";
import type { Env } from "./env.ts";
import type { SandboxOptions } from "../lib/sandbox/mod.ts";
import { sandboxOptionsOf } from "./upstream/sandbox-options.ts";
import { parseCorsOrigins } from "./http/cors.ts";
import { parsePublicUrl } from "./http/public-url.ts";
import { type ArchiveSettings, archiveSettingsOf } from "./archive/archive-settings.ts";

/** The Worker's configuration, read once per isolate from its bindings. */
export interface Settings {
  upstream: "sandbox" | "liveperson";
  tenants: readonly ProxyTenant[];
  regions: Readonly<Record<string, Region>>;
  ratePerSecond: number;
  waitBudgetMs: number;
  freshness: FreshnessPolicy;
  passthroughTtlMs: number;
  maxBodyBytes: number;
  /** Stored days: key prefix, page length of fills, pages fetched inline by a request. */
  store: { prefix: string; pageSize: number; inlinePages: number };
  /** How long answers over open or too-recent windows are micro-cached, ms. */
  openTtlMs: number;
  /** One bound over a proxied request's upstream work (worker/upstream/deadline.ts). */
  requestDeadlineMs: number;
  /** Options of the embedded sandbox (`SANDBOX_*` vars). */
  sandbox: SandboxOptions;
  /** `PUBLIC_URL`: the origin clients address, or null for each request's own. */
  publicUrl: string | null;
  /** `PROXY_TOKEN_KEY` (the development key under the sandbox), or null: tokens disabled. */
  proxyTokenKey: string | null;
  /** `CORS_ORIGINS`: the browser origins allowed to call. */
  corsOrigins: readonly string[];
  /** Warming, backfill and the archive (worker/fill/warm.ts, worker/archive/). */
  archive: ArchiveSettings;
}

const cache = new WeakMap<Env, Settings>();

/**
 * Reads and validates the settings; the same `env` object gives the same settings.
 * @throws {TypeError | RangeError} on a malformed setting (the Worker answers 500 for every request then).
 */
export function settingsOf(env: Env): Settings {
  const cached = cache.get(env);
  if (cached !== undefined) return cached;
  const upstream = env.UPSTREAM === "liveperson" ? "liveperson" : "sandbox";
  if (env.UPSTREAM !== undefined && env.UPSTREAM !== "sandbox" && env.UPSTREAM !== "liveperson") {
    throw new TypeError(
      `UPSTREAM is not "sandbox" or "liveperson": ${JSON.stringify(env.UPSTREAM)}`,
    );
  }
  const tenants = env.PROXY_KEYS !== undefined
    ? parseTenants(env.PROXY_KEYS)
    : upstream === "sandbox"
    ? DEMO_PROXY_TENANTS
    : [];
  const settings: Settings = {
    upstream,
    tenants,
    regions: parseRegions(env.ACCOUNT_REGIONS, upstream),
    ratePerSecond: positive(env.RATE_LIMIT, "RATE_LIMIT", 10),
    waitBudgetMs: positive(env.WAIT_BUDGET_MS, "WAIT_BUDGET_MS", 10_000),
    freshness: {
      ...DEFAULT_FRESHNESS,
      settleMs: positive(env.SETTLE_HOURS, "SETTLE_HOURS", DEFAULT_FRESHNESS.settleMs / 3_600_000) *
        3_600_000,
      settlingTtlMs: positive(
        env.SETTLING_TTL_SECONDS,
        "SETTLING_TTL_SECONDS",
        DEFAULT_FRESHNESS.settlingTtlMs / 1000,
      ) *
        1000,
      matureMs: positive(env.MATURE_DAYS, "MATURE_DAYS", DEFAULT_FRESHNESS.matureMs / 86_400_000) *
        86_400_000,
      maturingTtlMs: positive(
        env.MATURING_TTL_SECONDS,
        "MATURING_TTL_SECONDS",
        DEFAULT_FRESHNESS.maturingTtlMs / 1000,
      ) * 1000,
      maturingStoreTtlMs: positive(
        env.MATURING_TX_TTL_SECONDS,
        "MATURING_TX_TTL_SECONDS",
        DEFAULT_FRESHNESS.maturingStoreTtlMs / 1000,
      ) * 1000,
    },
    passthroughTtlMs: positive(env.PASSTHROUGH_TTL_SECONDS, "PASSTHROUGH_TTL_SECONDS", 300) * 1000,
    maxBodyBytes: positive(env.MAX_BODY_BYTES, "MAX_BODY_BYTES", 65_536),
    store: {
      prefix: env.STORE_PREFIX ?? "",
      pageSize: pageSize(env.FILL_PAGE_SIZE),
      inlinePages: Math.floor(positive(env.INLINE_FILL_PAGES, "INLINE_FILL_PAGES", 3)),
    },
    openTtlMs: positive(env.OPEN_TTL_SECONDS, "OPEN_TTL_SECONDS", 60) * 1000,
    // Under a drop-in client's usual 30 s timeout, and above three 8 s attempts.
    requestDeadlineMs: positive(env.REQUEST_DEADLINE_MS, "REQUEST_DEADLINE_MS", 25_000),
    sandbox: sandboxOptionsOf(env),
    publicUrl: parsePublicUrl(env.PUBLIC_URL),
    proxyTokenKey: parseProxyTokenKey(env.PROXY_TOKEN_KEY, upstream),
    corsOrigins: parseCorsOrigins(env.CORS_ORIGINS),
    archive: archiveSettingsOf(env, upstream),
  };
  cache.set(env, settings);
  return settings;
}

function positive(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!(value > 0 && Number.isFinite(value))) {
    throw new RangeError(`${name} is not a positive number: ${JSON.stringify(raw)}`);
  }
  return value;
}

function pageSize(raw: string | undefined): number {
  const value = positive(raw, "FILL_PAGE_SIZE", 1000);
  if (!Number.isInteger(value) || value > MAX_PAGE_SIZE) {
    throw new RangeError(
      `FILL_PAGE_SIZE is not a whole number from 1 to ${MAX_PAGE_SIZE}: ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

function parseRegions(
  raw: string | undefined,
  upstream: Settings["upstream"],
): Record<string, Region> {
  // The sandbox's demo accounts live in va, lo and sy (lib/sandbox/tenants.ts).
  if (raw === undefined) {
    return upstream === "sandbox" ? { "10000001": "va", "20000002": "lo", "30000003": "sy" } : {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new TypeError("ACCOUNT_REGIONS is not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new TypeError("ACCOUNT_REGIONS is not a JSON object of account ids to regions");
  }
  for (const [account, region] of Object.entries(parsed)) {
    if (!REGIONS.includes(region as Region)) {
      throw new TypeError(
        `ACCOUNT_REGIONS gives account ${account} an unknown region: ${JSON.stringify(region)}`,
      );
    }
  }
  return parsed as Record<string, Region>;
}
