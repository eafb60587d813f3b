import type { Context } from "hono";
import type { App, Dialect } from "../../lib/model/canonical.ts";
import { authorizeRequest } from "../auth/authorize.ts";
import { ProxyError } from "../http/proxy-error.ts";
import type { AppEnv } from "../request-state.ts";
import { requestDeadline } from "../upstream/deadline.ts";
import type { UpstreamCaller } from "../upstream/upstream.ts";

/**
 * Authorizes the request for `accountId` (a proxy key, an OAuth 1.0a signature or a proxy
 * token: worker/auth/authorize.ts) and describes its upstream calls.
 * @throws {ProxyError} 401 without a valid credential, 403 for an account the key is not bound to,
 * 400 for an unknown app.
 */
export async function authorizedCaller(
  c: Context<AppEnv>,
  accountId: string,
  app: string,
  dialect: Dialect,
): Promise<UpstreamCaller> {
  const state = c.get("state");
  state.accountId = accountId.slice(0, 32);
  const settings = c.get("settings");
  const auth = await authorizeRequest(c.req.raw, accountId, {
    tenants: settings.tenants,
    publicUrl: settings.publicUrl,
    tokenKey: settings.proxyTokenKey,
    now: c.get("runtime").now(),
    nonces: c.env.NONCES,
  });
  if (!auth.ok) {
    // LivePerson's codes for these statuses (liveperson-api-notes.md §3, the C2M table) [INF].
    throw new ProxyError(auth.status, auth.message, { code: auth.status === 401 ? 1100 : 1101 });
  }
  if (app !== "prmsg" && app !== "c2m") {
    throw new ProxyError(
      400,
      `Unknown app: ${JSON.stringify(app.slice(0, 40))} (expected prmsg or c2m)`,
    );
  }
  return {
    env: c.env,
    settings,
    tenant: auth.tenant,
    passthrough: auth.passthrough,
    accountId,
    app: app as App,
    dialect,
    trace: state.upstream,
    traceId: state.traceId,
    deadline: requestDeadline(state.started, settings.requestDeadlineMs),
    runtime: c.get("runtime"),
  };
}
