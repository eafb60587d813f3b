/**
 * The proxy's Domain API (CSDS): LivePerson's `baseURI.json` answers, naming the proxy's own
 * host for the services a reporting client discovers (liveperson-api-notes.md §5), so such a
 * client needs only its Domain API URL changed.
 * @module
 */

import type { Context } from "hono";
import { publicUrlOf } from "../http/public-url.ts";
import { ProxyError } from "../http/proxy-error.ts";
import type { AppEnv } from "../request-state.ts";

/** The Domain API path, as `api.liveperson.net` serves it. */
export const DOMAIN_PATH = "/api/account/:accountId/service/:service/baseURI.json";

/**
 * The services the proxy stands in for, all at its own host: `agentVep` (whose host prefix
 * clients read as the region; the library takes a host outside liveperson.net as the proxy's),
 * `connectToMessagingDomain` (the 2.0 dialect's reporting host) and `sentinel` (tokens).
 * LivePerson documents no service name for cx-reporting (§5, [NF]).
 */
export const PROXIED_SERVICES: readonly string[] = [
  "agentVep",
  "connectToMessagingDomain",
  "sentinel",
];

const ACCOUNT_ID = /^[0-9]{1,32}$/;

/**
 * `GET /api/account/{accountId}/service/{service}/baseURI.json?version=1.0` →
 * `{ service, account, baseURI }` with the proxy's host (`PUBLIC_URL`'s when set). Public, as
 * LivePerson's: the answer is the same for every account and tells nothing about tenants.
 * @throws {ProxyError} 400 without `version=1.0` or for a malformed account id, 404 for a
 *   service the proxy does not stand in for (names are case sensitive, as LivePerson's).
 */
export function domainBaseUri(c: Context<AppEnv>): Response {
  c.get("state").route = DOMAIN_PATH;
  const url = new URL(c.req.url);
  if (url.searchParams.get("version") !== "1.0") {
    throw new ProxyError(400, "Cannot answer the Domain API as version=1.0 is required");
  }
  const accountId = c.req.param("accountId") ?? "";
  if (!ACCOUNT_ID.test(accountId)) {
    throw new ProxyError(
      400,
      "Cannot answer the Domain API as the account id is not 1 to 32 digits",
    );
  }
  const service = c.req.param("service") ?? "";
  if (!PROXIED_SERVICES.includes(service)) {
    throw new ProxyError(404, `Unknown service: ${JSON.stringify(service.slice(0, 40))}`);
  }
  const host = new URL(publicUrlOf(c.req.raw, c.get("settings").publicUrl)).host;
  return c.json({ service, account: accountId, baseURI: host });
}
