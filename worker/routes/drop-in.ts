/**
 * The drop-in identity routes: LivePerson's Sentinel token endpoint and Domain API, served by
 * the proxy so that unmodified clients change only their base URL.
 * @module
 */

import type { Hono } from "hono";
import { ProxyError } from "../http/proxy-error.ts";
import type { AppEnv } from "../request-state.ts";
import { DOMAIN_PATH, domainBaseUri } from "./domain-api.ts";
import { sentinelToken, TOKEN_PATH } from "./sentinel.ts";

/**
 * Registers `POST /sentinel/api/account/{id}/app/token` and
 * `GET /api/account/{id}/service/{service}/baseURI.json`, each with its 405 and `Allow`.
 * @param app The proxy's app.
 */
export function registerDropInRoutes(app: Hono<AppEnv>): void {
  app.post(TOKEN_PATH, sentinelToken);
  app.get(DOMAIN_PATH, domainBaseUri);
  for (const [path, allow] of [[TOKEN_PATH, "POST"], [DOMAIN_PATH, "GET"]] as const) {
    app.all(path, (c) => {
      throw new ProxyError(405, `Method ${c.req.method.slice(0, 16)} is not allowed`, {
        headers: { allow },
      });
    });
  }
}
