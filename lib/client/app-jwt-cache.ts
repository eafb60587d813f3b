/**
 * OAuth 2.0 client credentials: AppJWTs from Sentinel, fetched once, shared by every request
 * and refreshed before they expire (liveperson-api-notes.md §6A).
 * @module
 */

import { decodeJwtPayload, jwtExpiresAt } from "../auth/jwt.ts";
import { redactUrl, ValidationError } from "../errors/mod.ts";
import { requestJson } from "./request-json.ts";
import { SharedFlight } from "./shared-flight.ts";
import type { FetchLike } from "./types.ts";
import { isHttpUrl } from "../http/is-http-url.ts";
import { anySignal } from "./abort.ts";

/** Options of {@link AppJwtCache}. */
export interface AppJwtCacheOptions {
  /** The LivePerson account id. */
  accountId: string;
  /** The OAuth 2.0 client id (app installation). */
  clientId: string;
  /** The OAuth 2.0 client secret; sent only in the token request's body. */
  clientSecret: string;
  /** Resolves Sentinel's base URL, e.g. `https://va.sentinel.liveperson.net`; called per fetch. */
  sentinelUrl: () => Promise<string>;
  /** Returns the `fetch` to use; called for every request, never kept. */
  fetch: () => FetchLike;
  /** The clock, epoch milliseconds. @default Date.now */
  now?: () => number;
  /** How long before its expiry a token is replaced. @default 300_000 */
  refreshBeforeMs?: number;
  /**
   * Timeout of one token request, whoever waits for it.
   * @default 30_000
   */
  timeoutMs?: number;
}

// LP: "An AppJWT is valid for one hour" (liveperson-api-notes.md §6A); used when it has no exp.
const APP_JWT_LIFETIME_MS = 3_600_000;
// A token goes into an Authorization header: visible ASCII only (RFC 6750 §2.1 b64token).
const TOKEN = /^[\x21-\x7e]+$/;

interface CachedToken {
  token: string;
  /** Epoch ms (local clock) from which the token is replaced. */
  refreshAt: number;
  /** Fetched to replace a token that was refused: if it is refused too, retrying won't help. */
  replacement: boolean;
}

/**
 * Fetches AppJWTs from Sentinel and keeps the current one until `refreshBeforeMs` before its
 * `exp`. Concurrent callers share one token request; a failed request is not kept.
 * @example Share one AppJWT (here from the sandbox's Sentinel)
 * ```ts
 * import { createSandbox, DEMO_TENANTS } from "../sandbox/mod.ts";
 * import { AppJwtCache } from "./app-jwt-cache.ts";
 * const sandbox = createSandbox();
 * const tenant = DEMO_TENANTS[0]!;
 * const cache = new AppJwtCache({
 *   accountId: tenant.accountId,
 *   ...tenant.oauth2,
 *   sentinelUrl: () => Promise.resolve("https://va.sentinel.liveperson.net"),
 *   fetch: () => sandbox.fetch,
 * });
 * const [a, b] = await Promise.all([cache.token(), cache.token()]);
 * console.log(a === b, cache.fetches); // true 1
 * ```
 */
export class AppJwtCache {
  readonly #options: Required<AppJwtCacheOptions>;
  #current: CachedToken | null = null;
  #dropped: CachedToken | null = null;
  #replaceNext = false;
  #flight: SharedFlight<CachedToken> | null = null;
  #fetches = 0;

  /**
   * @param options The account, client credentials, Sentinel, transport and clock.
   * @throws {TypeError} When the account id, client id or client secret is missing or empty.
   * @throws {RangeError} When `refreshBeforeMs` is negative or not finite.
   */
  constructor(options: AppJwtCacheOptions) {
    for (const key of ["accountId", "clientId", "clientSecret"] as const) {
      const value: unknown = options[key];
      if (typeof value !== "string" || value.trim() === "") {
        // Never quote the value: it may be the secret.
        throw new TypeError(`Cannot create an AppJwtCache as ${key} is missing or empty`);
      }
    }
    const { now = Date.now, refreshBeforeMs = 300_000, timeoutMs = 30_000 } = options;
    if (!Number.isFinite(refreshBeforeMs) || refreshBeforeMs < 0) {
      throw new RangeError(
        `Cannot create an AppJwtCache as refreshBeforeMs is not a duration: ${refreshBeforeMs}`,
      );
    }
    this.#options = { ...options, now, refreshBeforeMs, timeoutMs };
  }

  /** How many token requests were made. */
  get fetches(): number {
    return this.#fetches;
  }

  /**
   * The current AppJWT, fetched when there is none or it is due for refresh.
   * @param signal Gives up waiting; the shared request is aborted only when every caller has.
   * @returns The compact JWT, for `Authorization: Bearer <token>`.
   * @throws {HttpError} When Sentinel answers non-2xx (401 for wrong client credentials).
   * @throws {NetworkError} When no response arrives.
   * @throws {ValidationError} When the answer has no usable `access_token`.
   */
  async token(signal?: AbortSignal): Promise<string> {
    // A caller that already gave up starts nothing.
    signal?.throwIfAborted();
    const current = this.#current;
    if (current !== null && this.#options.now() < current.refreshAt) return current.token;
    if (this.#flight === null || this.#flight.abandoned) this.#flight = this.#start();
    return (await this.#flight.join(signal)).token;
  }

  /**
   * Drops `token` after a 401, if it is still the cached one, so the next call fetches anew.
   * @param token The token the refused request carried.
   * @returns Whether retrying with a fresh token may help: false when `token` was itself
   * fetched to replace a refused token (the credentials, not the token, are at fault).
   */
  invalidate(token: string): boolean {
    const current = this.#current;
    if (current !== null && current.token === token) {
      this.#current = null;
      this.#dropped = current;
      this.#replaceNext = true;
      return !current.replacement;
    }
    // Concurrent requests refused with the same token get the same answer.
    if (this.#dropped !== null && this.#dropped.token === token) return !this.#dropped.replacement;
    // An older token: a different one is (or is about to be) in use.
    return true;
  }

  #start(): SharedFlight<CachedToken> {
    this.#fetches += 1;
    const flight = new SharedFlight((signal) => this.#fetchToken(signal));
    flight.promise.then(
      (entry) => {
        if (this.#flight === flight) this.#flight = null;
        entry.replacement = this.#replaceNext;
        this.#replaceNext = false;
        this.#current = entry;
      },
      () => {
        // Failures are not cached: the next call asks again.
        if (this.#flight === flight) this.#flight = null;
      },
    );
    return flight;
  }

  async #fetchToken(signal: AbortSignal): Promise<CachedToken> {
    const { accountId, clientId, clientSecret, now, refreshBeforeMs } = this.#options;
    const base = (await this.#options.sentinelUrl()).replace(/\/+$/, "");
    if (!isHttpUrl(base)) {
      throw new TypeError(
        `Cannot request an AppJWT as the Sentinel URL is not an http(s) URL: ${redactUrl(base)}`,
      );
    }
    // LP: POST /sentinel/api/account/{id}/app/token?v=1.0&grant_type=client_credentials (§6A).
    const url = `${base}/sentinel/api/account/${
      encodeURIComponent(accountId)
    }/app/token?v=1.0&grant_type=client_credentials`;
    const requestedAt = now();
    const timeout = anySignal([signal, AbortSignal.timeout(this.#options.timeoutMs)]);
    const request = new Request(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({ client_id: clientId, client_secret: clientSecret }),
      signal: timeout.signal,
    });
    let body: unknown;
    try {
      body = await requestJson(this.#options.fetch(), request, "the Sentinel token response");
    } finally {
      timeout.dispose();
    }
    const token = typeof body === "object" && body !== null
      ? (body as { access_token?: unknown }).access_token
      : undefined;
    if (typeof token !== "string" || !TOKEN.test(token)) {
      // Never quote the value: it may be a token.
      const message = "Cannot parse the Sentinel token response as access_token is not a token";
      throw new ValidationError(message, {
        issues: [{ code: "custom", path: ["access_token"], message }],
      });
    }
    const expiresAt = localExpiry(token, requestedAt);
    // A token shorter-lived than refreshBeforeMs is still used for half its life.
    const refreshAt = Math.max(
      expiresAt - refreshBeforeMs,
      requestedAt + (expiresAt - requestedAt) / 2,
    );
    return { token, refreshAt, replacement: false };
  }
}

/**
 * When a token expires on the local clock. With `iat` and `exp` the token's lifetime is
 * counted from when it was requested, so a local clock off from Sentinel's does not matter;
 * with `exp` alone, `exp`; with neither, LP's one hour.
 */
function localExpiry(token: string, requestedAt: number): number {
  const exp = jwtExpiresAt(token);
  if (exp === null) return requestedAt + APP_JWT_LIFETIME_MS;
  const iat = decodeJwtPayload(token)?.["iat"];
  if (typeof iat === "number" && Number.isFinite(iat) && iat * 1000 <= exp) {
    return requestedAt + (exp - iat * 1000);
  }
  return exp;
}
