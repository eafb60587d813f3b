import type { NonceLedger } from "./auth/nonce-ledger.ts";
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
  /** Durable Objects: OAuth 1.0a nonces seen, one ledger per consumer key (never KV: eventually consistent). */
  NONCES: DurableObjectNamespace<NonceLedger>;
  /**
   * The origin clients address the proxy by (`https://reporting.example.com`), behind a custom
   * domain or another proxy: OAuth 1.0a signatures are verified over it, the Domain API names
   * its host. @default each request's own URL
   */
  PUBLIC_URL?: string;
  /**
   * Secret: the HMAC-SHA256 key (at least 32 characters) of the tokens the Sentinel-compatible
   * endpoint issues. @default a fixed development key under the sandbox; unset against
   * LivePerson, proxy tokens are disabled
   */
  PROXY_TOKEN_KEY?: string;
  /**
   * Browser origins allowed to call the proxy (CORS), separated by commas or spaces, e.g.
   * `https://dashboard.example.com`. @default "" (none)
   */
  CORS_ORIGINS?: string;
}
