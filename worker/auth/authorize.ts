/**
 * Who is calling, and may they read this account. Three ways in, one policy:
 *
 * 1. **A proxy key** (`X-API-Key`, or `Authorization: Bearer <key>`): checked against the
 *    tenants' SHA-256 digests in constant time, then the account binding, then (pass-through
 *    tenants) the caller's own LivePerson credential. `X-API-Key` wins over everything else.
 * 2. **OAuth 1.0a** (`Authorization: OAuth …`, no `X-API-Key`): signed for the proxy's public
 *    URL with the keys a tenant holds as its upstream OAuth 1.0a credentials; verified
 *    (oauth1-caller.ts) and served as that tenant's, re-signed for LivePerson.
 * 3. **A proxy token** (`Authorization: Bearer <JWT>`, no `X-API-Key`): issued by the
 *    Sentinel-compatible endpoint to a tenant's OAuth 2.0 client credentials, bound to one of
 *    its accounts, one hour long (proxy-token.ts). A Bearer credential in JWT form is always
 *    read as a proxy token, never as a proxy key.
 *
 * 401 when no way in succeeds (LivePerson's code 1100), 403 for a valid credential not bound to
 * the account of the path (1101). No upstream call is made before a request is authorized.
 * @module
 */

import { bearerToken, MAX_KEY_LENGTH, proxyKeyProblem } from "./bearer-token.ts";
import { digestEquals, sha256 } from "./digest.ts";
import type { NonceLedger } from "./nonce-ledger.ts";
import { authorizeOAuth1 } from "./oauth1-caller.ts";
import { authorizeProxyToken, isJwtShaped } from "./proxy-token.ts";
import { type Authorization, notBound, refuse } from "./refusal.ts";
import type { ProxyTenant } from "./tenants.ts";

export type { Authorization };

// RFC 9110 §11.1: auth schemes are case-insensitive.
const OAUTH_SCHEME = /^OAuth(?:\s|$)/i;
const BEARER_SCHEME = /^Bearer\s+(\S+)$/i;
// A proxy token is about 250 characters; longer JWT-shaped credentials are read as keys (and refused).
const MAX_TOKEN_LENGTH = 4096;
// An AppJWT is about 1 KiB; 8 KiB leaves room without forwarding arbitrary blobs.
const MAX_PASSTHROUGH_LENGTH = 8192;

/** The presented proxy key and where it came from, or why none can be used. */
type Presented = { key: string; header: "x-api-key" | "authorization" } | { problem: string };

function presentedKey(headers: Headers): Presented {
  // Headers trims values and joins repeated ones with ", ", which no valid key contains.
  const apiKey = headers.get("x-api-key");
  if (apiKey !== null) {
    const problem = proxyKeyProblem(apiKey, "the X-API-Key header");
    return problem === null ? { key: apiKey, header: "x-api-key" } : { problem };
  }
  const authorization = headers.get("authorization");
  if (authorization === null) {
    return { problem: "no proxy key was sent in X-API-Key or Authorization: Bearer" };
  }
  const bearer = bearerToken(authorization, MAX_KEY_LENGTH, "the Authorization header");
  // bearerToken applies the same length and shape rules as proxyKeyProblem.
  return bearer.ok ? { key: bearer.token, header: "authorization" } : { problem: bearer.problem };
}

/** Finds the tenant whose digest matches, looking at every tenant whatever the outcome. */
async function tenantForKey(
  key: string,
  tenants: readonly ProxyTenant[],
): Promise<ProxyTenant | null> {
  const digest = await sha256(key);
  let found: ProxyTenant | null = null;
  for (const tenant of tenants) {
    // No early exit: the time taken never tells which tenant (or how many) were compared.
    const matches = digestEquals(digest, tenant.keySha256);
    if (matches && found === null) found = tenant;
  }
  return found;
}

/**
 * Authorizes a request for an account. The proxy key comes from `X-API-Key` or, for tenants
 * that are not pass-through, from `Authorization: Bearer <key>`; when both are sent,
 * `X-API-Key` wins and `Authorization` is ignored (and must never be forwarded). Pass-through
 * tenants send their key in `X-API-Key` and their own LivePerson bearer or AppJWT in
 * `Authorization`, which is returned to be forwarded unchanged.
 *
 * Keys are hashed with SHA-256 and compared in constant time with every tenant's digest.
 * No key, a malformed, repeated or oversized key, or an unknown key -> 401; a key not bound to
 * `accountId` (compared exactly, as a string) -> 403; a pass-through key without a single
 * `Bearer` credential in `Authorization` -> 401.
 * @param headers The request's headers.
 * @param accountId The account id from the URL path, as it is.
 * @param tenants The configured tenants.
 * @returns The tenant (and pass-through credential), or a status and a message safe to send.
 * @example
 * ```ts
 * const headers = new Headers({ "X-API-Key": "demo-key-10000001" });
 * const result = await authorize(headers, "10000001", DEMO_PROXY_TENANTS);
 * if (result.ok) result.tenant.name; // "demo-oauth2"
 * ```
 */
export async function authorize(
  headers: Headers,
  accountId: string,
  tenants: readonly ProxyTenant[],
): Promise<Authorization> {
  const presented = presentedKey(headers);
  if ("problem" in presented) return refuse(401, presented.problem);
  const tenant = await tenantForKey(presented.key, tenants);
  if (tenant === null) return refuse(401, "the proxy key is not valid");
  const passthrough = tenant.upstream.kind === "passthrough";
  if (passthrough && presented.header === "authorization") {
    // The Authorization header is the LivePerson credential's place for these tenants.
    return refuse(401, "a pass-through proxy key must be sent in X-API-Key");
  }
  // Exact comparison: "010000001" or "10000001." name other accounts (or none).
  if (!tenant.accounts.includes(accountId)) {
    return notBound("the proxy key", accountId);
  }
  if (!passthrough) return { ok: true, tenant, passthrough: null };
  const authorization = headers.get("authorization");
  if (authorization === null) {
    return refuse(401, "a pass-through proxy key needs a LivePerson credential in Authorization");
  }
  if (OAUTH_SCHEME.test(authorization)) {
    // A signature covers the host it was made for: it can never verify at LivePerson.
    return refuse(
      401,
      "an OAuth 1.0a signature cannot be passed through; send it without X-API-Key, signed for the proxy with keys a tenant holds upstream",
    );
  }
  const bearer = bearerToken(authorization, MAX_PASSTHROUGH_LENGTH, "the Authorization header");
  if (!bearer.ok) return refuse(401, bearer.problem);
  if (bearer.token === presented.key) {
    // Never send the proxy key upstream.
    return refuse(401, "the Authorization header holds the proxy key, not a LivePerson credential");
  }
  return { ok: true, tenant, passthrough: authorization };
}

/** What {@link authorizeRequest} checks a request against. */
export interface AuthorizeContext {
  tenants: readonly ProxyTenant[];
  /** `PUBLIC_URL`: the origin OAuth 1.0a signatures are verified over, or null for the request's. */
  publicUrl: string | null;
  /** `PROXY_TOKEN_KEY`, or null when proxy tokens are disabled. */
  tokenKey: string | null;
  /** The clock, epoch ms. */
  now: number;
  /** The `NONCES` binding: OAuth 1.0a nonces across isolates. */
  nonces: DurableObjectNamespace<NonceLedger>;
}

/**
 * Authorizes a request through whichever of the three ways in it uses (see the module doc):
 * a proxy key, an OAuth 1.0a signature, or a proxy token.
 * @param request The request; its body stays readable.
 * @param accountId The account id from the URL path, as it is.
 * @param context The tenants, public URL, token key, clock and nonce ledgers.
 * @returns The tenant (and pass-through credential), or a status and a message safe to send.
 */
export function authorizeRequest(
  request: Request,
  accountId: string,
  context: AuthorizeContext,
): Promise<Authorization> {
  const { headers } = request;
  const authorization = headers.get("authorization");
  if (headers.get("x-api-key") === null && authorization !== null) {
    if (OAUTH_SCHEME.test(authorization)) {
      return authorizeOAuth1(request, authorization, accountId, context);
    }
    const bearer = BEARER_SCHEME.exec(authorization)?.[1];
    if (bearer !== undefined && bearer.length <= MAX_TOKEN_LENGTH && isJwtShaped(bearer)) {
      return authorizeProxyToken(bearer, accountId, {
        tenants: context.tenants,
        key: context.tokenKey,
        now: context.now,
      });
    }
  }
  return authorize(headers, accountId, context.tenants);
}
