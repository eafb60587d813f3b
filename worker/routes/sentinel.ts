/**
 * The proxy's Sentinel-compatible token endpoint: LivePerson's OAuth 2.0 client-credentials
 * grant (liveperson-api-notes.md §6A) answered with a proxy token, never the upstream AppJWT.
 * @module
 */

import type { Context } from "hono";
import { sameSecret } from "../../lib/auth/same-secret.ts";
import { readAtMost } from "../../lib/http/read-at-most.ts";
import { issueProxyToken, PROXY_TOKEN_TTL_SECONDS } from "../auth/proxy-token.ts";
import type { ProxyTenant } from "../auth/tenants.ts";
import { ProxyError } from "../http/proxy-error.ts";
import type { AppEnv } from "../request-state.ts";

/** The token path, as LivePerson's Sentinel serves it. */
export const TOKEN_PATH = "/sentinel/api/account/:accountId/app/token";

const ACCOUNT_ID = /^[0-9]{1,32}$/;

/** The tenant whose OAuth 2.0 upstream credentials are this pair, comparing every tenant. */
async function tenantFor(
  clientId: string,
  clientSecret: string,
  tenants: readonly ProxyTenant[],
): Promise<ProxyTenant | null> {
  let found: ProxyTenant | null = null;
  for (const tenant of tenants) {
    if (tenant.upstream.kind !== "oauth2") continue;
    // Digests compared in constant time, with no early exit.
    const [idMatches, secretMatches] = await Promise.all([
      sameSecret(clientId, tenant.upstream.clientId),
      sameSecret(clientSecret, tenant.upstream.clientSecret),
    ]);
    if (idMatches && secretMatches && found === null) found = tenant;
  }
  return found;
}

/** The form body, read up to `maxBytes`. */
async function readForm(request: Request, maxBytes: number): Promise<URLSearchParams> {
  if (request.body === null) return new URLSearchParams();
  const bytes = await readAtMost(request.body, maxBytes);
  if (bytes === null) throw new ProxyError(413, `Request body exceeds ${maxBytes} bytes`);
  return new URLSearchParams(new TextDecoder().decode(bytes));
}

/**
 * `POST /sentinel/api/account/{accountId}/app/token?v=1.0&grant_type=client_credentials` with
 * the form body `client_id=…&client_secret=…`: when the pair is a tenant's OAuth 2.0 upstream
 * credentials and the tenant holds the account, `{ access_token, token_type: "Bearer",
 * expires_in }` with a one-hour proxy token for that account. No upstream call is made.
 * @throws {ProxyError} 400 for another grant type or a malformed account id, 401 for unknown
 *   credentials, 403 for an account the tenant is not bound to, 404 when tokens are disabled.
 */
export async function sentinelToken(c: Context<AppEnv>): Promise<Response> {
  const state = c.get("state");
  state.route = TOKEN_PATH;
  const accountId = c.req.param("accountId") ?? "";
  state.accountId = accountId.slice(0, 32);
  const settings = c.get("settings");
  const key = settings.proxyTokenKey;
  if (key === null) throw new ProxyError(404, "Proxy tokens are not enabled (no PROXY_TOKEN_KEY)");
  if (!ACCOUNT_ID.test(accountId)) {
    throw new ProxyError(400, "Cannot issue a token as the account id is not 1 to 32 digits");
  }
  const form = await readForm(c.req.raw, settings.maxBodyBytes);
  // LP takes grant_type in the query; its v2 endpoint in the body (§6A): accept either.
  const grant = form.get("grant_type") ?? new URL(c.req.url).searchParams.get("grant_type");
  if (grant !== "client_credentials") {
    throw new ProxyError(400, "Cannot issue a token as grant_type is not client_credentials");
  }
  const tenant = await tenantFor(
    form.get("client_id") ?? "",
    form.get("client_secret") ?? "",
    settings.tenants,
  );
  if (tenant === null) {
    throw new ProxyError(401, "Cannot issue a token as the client credentials are not valid", {
      code: 1100,
    });
  }
  if (!tenant.accounts.includes(accountId)) {
    throw new ProxyError(
      403,
      `Cannot issue a token as the client is not bound to account: ${accountId}`,
      { code: 1101 },
    );
  }
  const token = await issueProxyToken({ tenant, accountId, now: c.get("runtime").now(), key });
  // RFC 6749 §5.1: token answers are never cached.
  c.header("cache-control", "no-store");
  return c.json({ access_token: token, token_type: "Bearer", expires_in: PROXY_TOKEN_TTL_SECONDS });
}
