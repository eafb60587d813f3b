/**
 * The upstream caller of work that runs outside any request (queue fills, the warming cron,
 * admin backfills): a tenant's own credentials for one of its accounts, never a caller's.
 *
 * @module
 */
import type { App, Dialect } from "../../lib/model/canonical.ts";
import type { ProxyTenant } from "../auth/tenants.ts";
import type { Env } from "../env.ts";
import { newRequestState } from "../request-state.ts";
import type { Runtime } from "../runtime.ts";
import type { Settings } from "../settings.ts";
import { requestDeadline } from "../upstream/deadline.ts";
import type { UpstreamCaller } from "../upstream/upstream.ts";

/** The bound over one piece of background work's upstream calls. */
export const BACKGROUND_DEADLINE_MS = 10 * 60_000;

/** What {@link backgroundCaller} builds a caller for. */
export interface BackgroundTarget {
  tenant: ProxyTenant;
  accountId: string;
  app: App;
  dialect: Dialect;
}

/**
 * A caller with the tenant's upstream credentials, a new trace id and the background deadline.
 * @param target A tenant that is not pass-through, one of its accounts, an app and a dialect.
 */
export function backgroundCaller(
  env: Env,
  settings: Settings,
  runtime: Runtime,
  target: BackgroundTarget,
): UpstreamCaller {
  const state = newRequestState();
  return {
    env,
    settings,
    tenant: target.tenant,
    passthrough: null,
    accountId: target.accountId,
    app: target.app,
    dialect: target.dialect,
    trace: state.upstream,
    traceId: state.traceId,
    deadline: requestDeadline(state.started, BACKGROUND_DEADLINE_MS),
    runtime,
  };
}

/** The first tenant that holds `accountId` with credentials of its own, or undefined. */
export function fillingTenant(
  settings: Settings,
  accountId: string,
  name?: string,
): ProxyTenant | undefined {
  return settings.tenants.find((t) =>
    (name === undefined || t.name === name) && t.upstream.kind !== "passthrough" &&
    t.accounts.includes(accountId)
  );
}
