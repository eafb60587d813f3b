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
  /** Workers static assets (`dist/assets`): the API reference under `/_edge/docs/`. */
  ASSETS?: Fetcher;
}
