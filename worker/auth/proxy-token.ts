/**
 * Tokens the proxy issues at its Sentinel-compatible endpoint: HS256 JWTs under
 * `PROXY_TOKEN_KEY`, one hour long as LivePerson's AppJWTs (liveperson-api-notes.md §6A), bound
 * to one tenant and one of its accounts. The upstream AppJWT never leaves the proxy.
 * @module
 */

import { decodeJwtSegment, signJwtHs256, verifyJwtHs256 } from "../../lib/auth/jwt.ts";
import { type Authorization, notBound, refuse } from "./refusal.ts";
import type { ProxyTenant } from "./tenants.ts";

/** Lifetime of a proxy token, in seconds: LP's "An AppJWT is valid for one hour" (§6A). */
export const PROXY_TOKEN_TTL_SECONDS = 3600;

/**
 * The key of local runs (`UPSTREAM=sandbox` without `PROXY_TOKEN_KEY`): public, like the demo
 * proxy keys, and never used against LivePerson.
 */
export const DEVELOPMENT_TOKEN_KEY = "lp-reporting-edge-development-proxy-token-key";

/** The `iss` of every proxy token, so no other HS256 token is mistaken for one. */
const ISSUER = "lp-reporting-edge";
/** The shortest key accepted: 32 characters, at least 128 bits for a random hex or base64 key. */
const MIN_KEY_LENGTH = 32;

/**
 * Reads `PROXY_TOKEN_KEY` once, with the settings.
 * @param raw The secret, if set.
 * @param upstream Which upstream the Worker uses.
 * @returns The key; the development key under the sandbox when unset; null (tokens disabled)
 *   against LivePerson when unset.
 * @throws {RangeError} When the key is shorter than 32 characters (never quoted).
 */
export function parseProxyTokenKey(
  raw: string | undefined,
  upstream: "sandbox" | "liveperson",
): string | null {
  if (raw === undefined || raw === "") return upstream === "sandbox" ? DEVELOPMENT_TOKEN_KEY : null;
  if (raw.length < MIN_KEY_LENGTH) {
    throw new RangeError(`PROXY_TOKEN_KEY is shorter than ${MIN_KEY_LENGTH} characters`);
  }
  return raw;
}

/** What {@link issueProxyToken} needs. */
export interface IssueProxyTokenOptions {
  tenant: ProxyTenant;
  /** One of the tenant's accounts: the token's `aud` is `le<accountId>`, as LP's AppJWTs. */
  accountId: string;
  /** Issue time, epoch ms. */
  now: number;
  /** `PROXY_TOKEN_KEY`. */
  key: string;
}

/**
 * Issues a proxy token.
 * @param options The tenant, account, clock and key.
 * @returns The compact JWT.
 */
export async function issueProxyToken(
  { tenant, accountId, now, key }: IssueProxyTokenOptions,
): Promise<string> {
  const iat = Math.floor(now / 1000);
  return await signJwtHs256({
    iss: ISSUER,
    sub: tenant.name,
    aud: `le${accountId}`,
    scope: "reporting",
    iat,
    exp: iat + PROXY_TOKEN_TTL_SECONDS,
  }, key);
}

/**
 * Whether a Bearer credential is in JWT form (three segments, the first a JSON header): such
 * a credential is read as a proxy token, anything else as a proxy key.
 * @param credential The Bearer credential.
 * @returns True for a JWT-shaped credential.
 */
export function isJwtShaped(credential: string): boolean {
  const parts = credential.split(".");
  return parts.length === 3 && decodeJwtSegment(parts[0] ?? "") !== null;
}

/** What {@link authorizeProxyToken} checks a token against. */
export interface ProxyTokenContext {
  tenants: readonly ProxyTenant[];
  /** `PROXY_TOKEN_KEY`; null when tokens are disabled. */
  key: string | null;
  /** The clock, epoch ms. */
  now: number;
}

/**
 * Authorizes a proxy token for an account: signed with the key, issued by this proxy, not
 * expired, for a tenant that still exists with OAuth 2.0 upstream credentials and still holds
 * the token's account, and that account is the one of the path.
 * @param token The Bearer credential.
 * @param accountId The account id from the URL path.
 * @param context The tenants, the key and the clock.
 * @returns The tenant, 401 for a forged, foreign or expired token, 403 for another account.
 */
export async function authorizeProxyToken(
  token: string,
  accountId: string,
  { tenants, key, now }: ProxyTokenContext,
): Promise<Authorization> {
  if (key === null) return refuse(401, "proxy tokens are not enabled (no PROXY_TOKEN_KEY)");
  const verified = await verifyJwtHs256(token, key);
  if (!verified.ok) return refuse(401, "the proxy token is not valid");
  const { iss, sub, aud, exp } = verified.claims;
  if (
    iss !== ISSUER || typeof sub !== "string" || typeof aud !== "string" ||
    !aud.startsWith("le") || typeof exp !== "number" || !Number.isFinite(exp)
  ) {
    return refuse(401, "the proxy token is not valid");
  }
  // LP: an expired AppJWT is refused with "jwt expired" (liveperson-api-notes.md §1f).
  if (now >= exp * 1000) return refuse(401, "the proxy token expired (jwt expired)");
  const tenant = tenants.find((candidate) => candidate.name === sub);
  const tokenAccount = aud.slice(2);
  if (
    tenant === undefined || tenant.upstream.kind !== "oauth2" ||
    !tenant.accounts.includes(tokenAccount)
  ) {
    return refuse(401, "the proxy token's tenant no longer holds its account");
  }
  if (tokenAccount !== accountId) return notBound("the proxy token", accountId);
  return { ok: true, tenant, passthrough: null };
}
