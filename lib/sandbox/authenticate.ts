/**
 * How the sandbox decides whether a request may read a tenant's data: the three schemes
 * LivePerson accepts — AppJWT, OAuth 1.0a API keys, LE bearer (liveperson-api-notes.md §6).
 * @module
 */

import {
  oauth1SignatureMatches,
  oauth1TimestampProblem,
  readOAuth1Authorization,
} from "../auth/oauth1-verify.ts";
import { sameSecret } from "../auth/same-secret.ts";
import { verifyAppJwt } from "./app-jwt.ts";
import type { SandboxTenant } from "./tenants.ts";

export { OAUTH1_MAX_SKEW_MS } from "../auth/oauth1-verify.ts";
export { sameSecret };

/** Options of {@link NonceStore}. */
export interface NonceStoreOptions {
  /**
   * How long a key is remembered. Twice the timestamp skew: a nonce accepted at the edge of
   * the window stays replayable for 600 s.
   * @default 600_000
   */
  ttlMs?: number;
  /**
   * The most keys kept; the oldest are forgotten first.
   * @default 10_000
   */
  maxEntries?: number;
}

/** Remembers OAuth 1.0a nonces for a while, to refuse replayed requests (RFC 5849 §3.3). */
export class NonceStore {
  readonly #expiries = new Map<string, number>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;

  /** @param options Retention and size bound. */
  constructor({ ttlMs = 600_000, maxEntries = 10_000 }: NonceStoreOptions = {}) {
    this.#ttlMs = ttlMs;
    this.#maxEntries = maxEntries;
  }

  /** How many keys are remembered now. */
  get size(): number {
    return this.#expiries.size;
  }

  /**
   * Records `key` and says whether it was already recorded and not yet forgotten.
   * @param key The nonce with whatever scopes it (account, consumer, token, timestamp).
   * @param nowMs The clock, epoch milliseconds.
   * @returns True when `key` was seen within the retention span.
   */
  seen(key: string, nowMs: number): boolean {
    // Insertion order is roughly expiry order: prune from the front.
    for (const [oldKey, expiresAt] of this.#expiries) {
      if (expiresAt > nowMs) break;
      this.#expiries.delete(oldKey);
    }
    const expiresAt = this.#expiries.get(key);
    if (expiresAt !== undefined && expiresAt > nowMs) return true;
    this.#expiries.delete(key);
    this.#expiries.set(key, nowMs + this.#ttlMs);
    while (this.#expiries.size > this.#maxEntries) {
      const oldest = this.#expiries.keys().next();
      if (oldest.done === true) break;
      this.#expiries.delete(oldest.value);
    }
    return false;
  }
}

/** What {@link authenticate} needs besides the request and the tenant. */
export interface AuthContext {
  /** The sandbox clock, epoch milliseconds. */
  now: number;
  /** The secret the sandbox issues AppJWTs with. */
  jwtSecret: string;
  /** Nonces of accepted OAuth 1.0a requests, to refuse replays. */
  nonces: NonceStore;
}

/** The outcome of {@link authenticate}; `message` never holds a secret or the presented token. */
export type AuthResult =
  | { ok: true; scheme: "oauth2" | "oauth1" | "bearer" }
  | { ok: false; message: string };

function fail(reason: string): AuthResult {
  return { ok: false, message: `Cannot authenticate request as ${reason}` };
}

async function authenticateBearer(
  token: string,
  tenant: SandboxTenant,
  context: AuthContext,
): Promise<AuthResult> {
  if (token === "") return fail("the bearer token is empty");
  if (await sameSecret(token, tenant.bearer)) return { ok: true, scheme: "bearer" };
  if (token.split(".").length !== 3) return fail("the bearer token is not valid for this account");
  const jwt = await verifyAppJwt(token, { secret: context.jwtSecret, now: context.now });
  if (!jwt.ok) {
    // LP: an expired AppJWT answers {"code":0,"message":"jwt expired"} (liveperson-api-notes.md §1f).
    if (jwt.reason === "expired") return { ok: false, message: "jwt expired" };
    return fail(`the AppJWT is not valid (${jwt.reason})`);
  }
  if (jwt.accountId !== tenant.accountId) {
    return fail(`the AppJWT was issued for another account: ${jwt.accountId}`);
  }
  if (!(await sameSecret(jwt.clientId, tenant.oauth2.clientId))) {
    return fail("the AppJWT was issued for another client");
  }
  return { ok: true, scheme: "oauth2" };
}

async function authenticateOAuth1(
  request: Request,
  header: string,
  tenant: SandboxTenant,
  context: AuthContext,
): Promise<AuthResult> {
  const reading = readOAuth1Authorization(header);
  if (!reading.ok) return fail(reading.reason);
  const { authorization } = reading;
  const { oauth1 } = tenant;
  const [keyMatches, tokenMatches] = await Promise.all([
    sameSecret(authorization.consumerKey, oauth1.consumerKey),
    sameSecret(authorization.token, oauth1.token),
  ]);
  if (!keyMatches || !tokenMatches) return fail("the OAuth consumer key or token is not valid");
  const skew = oauth1TimestampProblem(authorization.timestamp, context.now);
  if (skew !== null) return fail(skew);
  if (!(await oauth1SignatureMatches(request, request.url, authorization, oauth1))) {
    return fail("the OAuth signature does not match the request");
  }
  // RFC 5849 §3.3: a nonce is unique per consumer, token and timestamp; check it last so
  // forged requests cannot burn nonces.
  const { timestamp, nonce } = authorization;
  const nonceKey = [tenant.accountId, oauth1.consumerKey, oauth1.token, timestamp, nonce].join(
    "\n",
  );
  if (context.nonces.seen(nonceKey, context.now)) return fail("the OAuth nonce was already used");
  return { ok: true, scheme: "oauth1" };
}

/**
 * Checks a request's `Authorization` header against one tenant's credentials:
 * `Bearer <AppJWT>` for this account and client, `Bearer <LE bearer>`, or an OAuth 1.0a
 * HMAC-SHA1 signature over this exact request (method, URL with query, form body).
 * @param request The incoming request; its body stays readable.
 * @param tenant The account the request addresses.
 * @param context The clock, the AppJWT secret and the nonce store.
 * @returns `{ ok: true, scheme }`, or `{ ok: false, message }` safe to send back.
 * @example
 * const result = await authenticate(request, tenant, { now: Date.now(), jwtSecret, nonces });
 * if (!result.ok) return Response.json({ code: 0, message: result.message }, { status: 401 });
 */
export function authenticate(
  request: Request,
  tenant: SandboxTenant,
  context: AuthContext,
): Promise<AuthResult> {
  const header = request.headers.get("authorization")?.trim() ?? "";
  if (header === "") return Promise.resolve(fail("the Authorization header is missing"));
  // RFC 9110 §11.1: the scheme is case-insensitive. Never echo the header: it may be a secret.
  const [, scheme = "", rest = ""] = /^(\S+)(?:\s+([\s\S]*))?$/.exec(header) ?? [];
  switch (scheme.toLowerCase()) {
    case "bearer":
      return authenticateBearer(rest.trim(), tenant, context);
    case "oauth":
      return authenticateOAuth1(request, header, tenant, context);
    default:
      return Promise.resolve(fail("the Authorization scheme is neither Bearer nor OAuth"));
  }
}
