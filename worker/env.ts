import type { RateScheduler } from "./scheduler/rate-scheduler.ts";

/** The Worker's bindings and settings (wrangler.toml `[vars]` and secrets). */
export interface Env {
  /** KV: cached day windows. */
  CACHE: KVNamespace;
  /** Durable Objects: one rate schedule per (region, account, API). */
  SCHEDULER: DurableObjectNamespace<RateScheduler>;
  /** `"sandbox"` (the embedded simulator, local runs) or `"liveperson"`. @default "sandbox" */
  UPSTREAM?: string;
  /** Secret: the tenants, a JSON array of `{ name, keySha256, accounts, upstream }`. */
  PROXY_KEYS?: string;
  /** JSON `{ "<accountId>": "va" | "lo" | "sy" }`; accounts absent here are looked up in the Domain API. */
  ACCOUNT_REGIONS?: string;
  /** Upstream calls per second per (region, account, API). @default "10" */
  RATE_LIMIT?: string;
  /** Longest a caller waits for an upstream slot before a 429. @default "10000" */
  WAIT_BUDGET_MS?: string;
  /** Hours after its end a window keeps changing upstream. @default "72" */
  SETTLE_HOURS?: string;
  /** Freshness of a settling window, in seconds. @default "300" */
  SETTLING_TTL_SECONDS?: string;
  /** How long a pass-through credential's upstream success lets it read cached data. @default "300" */
  PASSTHROUGH_TTL_SECONDS?: string;
  /** Largest request body accepted. @default "65536" */
  MAX_BODY_BYTES?: string;
  /** Embedded sandbox: mean transactions per account, app and day, 1..1000000. @default "2000" */
  SANDBOX_VOLUME?: string;
  /** Embedded sandbox: milliseconds added to every answered reporting request, 0..60000. @default "0" */
  SANDBOX_LATENCY_MS?: string;
  /** Embedded sandbox: default page length of transactions, 1..9999. @default "1000" */
  SANDBOX_PAGE_SIZE?: string;
  /** Embedded sandbox: days after a message that replies still arrive, 0..366. @default "30" */
  SANDBOX_REPLY_LOOKBACK_DAYS?: string;
  /** Embedded sandbox: IANA time zone of analytics day labels, e.g. "America/New_York". @default "UTC" */
  SANDBOX_DAY_TIME_ZONE?: string;
}
