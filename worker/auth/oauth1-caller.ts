/**
 * OAuth 1.0a requests signed for the proxy's own URL: verified with the secrets of the tenant
 * whose upstream OAuth 1.0a credentials hold the request's consumer key and token, then served
 * as that tenant's (and re-signed for LivePerson by its upstream credentials).
 * @module
 */

import {
  OAUTH1_MAX_SKEW_MS,
  oauth1SignatureMatches,
  oauth1TimestampProblem,
  readOAuth1Authorization,
} from "../../lib/auth/oauth1-verify.ts";
import { sameSecret } from "../../lib/auth/same-secret.ts";
import { publicUrlOf } from "../http/public-url.ts";
import { nonceKey, type NonceLedger, nonceLedgerName } from "./nonce-ledger.ts";
import { type Authorization, notBound, refuse } from "./refusal.ts";
import type { ProxyTenant } from "./tenants.ts";

/** What {@link authorizeOAuth1} needs besides the request. */
export interface OAuth1Context {
  tenants: readonly ProxyTenant[];
  /** `PUBLIC_URL` (an origin), or null to verify over the request's own URL. */
  publicUrl: string | null;
  /** The clock, epoch ms. */
  now: number;
  /** The `NONCES` binding. */
  nonces: DurableObjectNamespace<NonceLedger>;
}

/** The tenant whose OAuth 1.0a credentials hold both values, comparing every tenant. */
async function tenantFor(
  consumerKey: string,
  token: string,
  tenants: readonly ProxyTenant[],
): Promise<ProxyTenant | null> {
  let found: ProxyTenant | null = null;
  for (const tenant of tenants) {
    if (tenant.upstream.kind !== "oauth1") continue;
    // No early exit: the time taken never tells which tenant matched.
    const [keyMatches, tokenMatches] = await Promise.all([
      sameSecret(consumerKey, tenant.upstream.consumerKey),
      sameSecret(token, tenant.upstream.token),
    ]);
    if (keyMatches && tokenMatches && found === null) found = tenant;
  }
  return found;
}

/**
 * Authorizes an `Authorization: OAuth …` request: a well-formed HMAC-SHA1 header, a consumer
 * key and token that a tenant's upstream credentials hold, a timestamp within ±300 s, a
 * signature over the public URL (RFC 5849 base string, compared in constant time), the
 * tenant bound to the account, and a nonce never seen before (checked last, in the consumer
 * key's {@link NonceLedger}, so forged requests burn none).
 * @param request The request; its body stays readable.
 * @param header Its `Authorization` value.
 * @param accountId The account id from the URL path.
 * @param context The tenants, public URL, clock and nonce ledgers.
 * @returns The tenant, or 401 (403 for an account the tenant is not bound to).
 */
export async function authorizeOAuth1(
  request: Request,
  header: string,
  accountId: string,
  context: OAuth1Context,
): Promise<Authorization> {
  const reading = readOAuth1Authorization(header);
  if (!reading.ok) return refuse(401, reading.reason);
  const { authorization } = reading;
  const tenant = await tenantFor(authorization.consumerKey, authorization.token, context.tenants);
  if (tenant === null || tenant.upstream.kind !== "oauth1") {
    return refuse(401, "the OAuth consumer key or token is not valid");
  }
  const skew = oauth1TimestampProblem(authorization.timestamp, context.now);
  if (skew !== null) return refuse(401, skew);
  const url = publicUrlOf(request, context.publicUrl);
  if (!(await oauth1SignatureMatches(request, url, authorization, tenant.upstream))) {
    return refuse(401, "the OAuth signature does not match the request");
  }
  if (!tenant.accounts.includes(accountId)) return notBound("the OAuth consumer key", accountId);
  const ledger = context.nonces.getByName(await nonceLedgerName(authorization.consumerKey));
  // Remembered while its timestamp is accepted: after that the timestamp alone refuses it.
  const expiresAt = Number(authorization.timestamp) * 1000 + OAUTH1_MAX_SKEW_MS;
  const key = await nonceKey(authorization.token, authorization.timestamp, authorization.nonce);
  if (!(await ledger.claim(key, expiresAt, context.now))) {
    return refuse(401, "the OAuth nonce was already used");
  }
  return { ok: true, tenant, passthrough: null };
}
