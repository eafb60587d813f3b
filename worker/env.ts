import type { FillJob } from "./fill/fill-job.ts";
import type { NonceLedger } from "./auth/nonce-ledger.ts";
import type { RateScheduler } from "./scheduler/rate-scheduler.ts";
import type { DayLedger } from "./store/day-ledger.ts";

/** The Worker's bindings and settings (wrangler.toml `[vars]` and secrets). */
export interface Env {
  /** KV: cached day windows. */
  CACHE: KVNamespace;
  /** R2: stored days of transactions, page by page, and their rollups (worker/store/day-ref.ts). */
  STORE: R2Bucket;
  /** Durable Objects: one ledger per stored day (which pages are stored, in flight, complete). */
  DAYS: DurableObjectNamespace<DayLedger>;
  /** Queue: background fills of days, one message per day (worker/fill/fill-queue.ts). */
  FILLS: Queue<FillJob>;
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
  /** Days after its end a window keeps changing upstream (replies up to 30 days, then closes and CSAT). @default "31" */
  MATURE_DAYS?: string;
  /** Freshness of a maturing window's analytics (and of answers over it), in seconds. @default "3600" */
  MATURING_TTL_SECONDS?: string;
  /**
   * Freshness of a maturing day's stored transactions, in seconds; then its totals are compared
   * with its analytics and it is re-fetched only when they differ. @default "10800"
   */
  MATURING_TX_TTL_SECONDS?: string;
  /** How long a pass-through credential's upstream success lets it read cached data. @default "300" */
  PASSTHROUGH_TTL_SECONDS?: string;
  /** Largest request body accepted. @default "65536" */
  MAX_BODY_BYTES?: string;
  /** Prefix of every R2 key and day ledger name, to share a bucket between deployments. @default "" */
  STORE_PREFIX?: string;
  /** Transactions per upstream page when the proxy fills a day. @default "1000" */
  FILL_PAGE_SIZE?: string;
  /** Pages of a day a request fetches itself before leaving the rest to the background fill. @default "3" */
  INLINE_FILL_PAGES?: string;
  /** Seconds an answer over an open or too-recent window is micro-cached. @default "60" */
  OPEN_TTL_SECONDS?: string;
  /**
   * Longest a proxied request spends upstream, from its arrival: Domain API lookup, schedule
   * waits, the AppJWT fetch and signing, and every attempt; then 504. @default "25000"
   */
  REQUEST_DEADLINE_MS?: string;
  /** Embedded sandbox: mean transactions per account, app and day, 1..1000000. @default "2000" */
  SANDBOX_VOLUME?: string;
  /**
   * Service binding: a sandbox running as a Worker of its own, used instead of the embedded one
   * when `UPSTREAM` is `"sandbox"` (the upstream in another isolate, as LivePerson is: what
   * `npm run bench:memory` measures the proxy's own heap with). @default unbound (embedded)
   */
  SANDBOX?: Fetcher;
  /** Embedded sandbox: milliseconds added to every answered reporting request, 0..60000. @default "0" */
  SANDBOX_LATENCY_MS?: string;
  /** Embedded sandbox: default page length of transactions, 1..9999. @default "1000" */
  SANDBOX_PAGE_SIZE?: string;
  /** Embedded sandbox: days after a message that replies still arrive, 0..366. @default "30" */
  SANDBOX_REPLY_LOOKBACK_DAYS?: string;
  /** Embedded sandbox: IANA time zone of analytics day labels, e.g. "America/New_York". @default "UTC" */
  SANDBOX_DAY_TIME_ZONE?: string;
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
  /**
   * Share of each rate schedule that warming and backfill fills may take, above 0 and at most 1
   * (they also take only slots no live caller waits for). @default "0.5"
   */
  WARM_RATE_SHARE?: string;
  /** Days after its end an archived day is kept and served. @default "" (forever) */
  ARCHIVE_DAYS?: string;
  /**
   * Secret: the SHA-256 digests (hex) of the admin keys of `/_edge/admin/`, separated by commas
   * or spaces. @default the digest of `demo-admin-key` under the sandbox; unset against
   * LivePerson, the admin routes are disabled
   */
  ADMIN_KEYS?: string;
  /** Workers static assets (`dist/assets`): the API reference under `/_edge/docs/`. */
  ASSETS?: Fetcher;
}
