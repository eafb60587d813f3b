/**
 * The operators' routes under `/_edge/admin/`, for holders of an admin key (`ADMIN_KEYS`)
 * only: to anyone else, tenant keys included, they do not exist (404, as any unknown path), and
 * they are not in the tenants' route table.
 *
 * - `POST /_edge/admin/backfill/{accountId}/{app}?from&to[&dialect]`: enqueues the fills of
 *   every cacheable day of the range (inside the 13-month retention) not stored yet, through
 *   `requestFill` (once per day and lease), at `WARM_RATE_SHARE` of the rate; matured days are
 *   archived by their fill. 202 with the counts.
 * - `GET` on the same path: the range's coverage (worker/data/day-coverage.ts) and its summary.
 *
 * @module
 */
import type { Context, Hono } from "hono";
import { type App, APPS, type Dialect } from "../../lib/model/canonical.ts";
import { DAY_MS, retentionStart, startOfUtcDay } from "../../lib/windows.ts";
import { isAdmin } from "../auth/admin-key.ts";
import { freshnessFor } from "../cache/freshness.ts";
import { type DayCoverage, dayCoverage } from "../data/day-coverage.ts";
import { backgroundCaller, fillingTenant } from "../fill/background-caller.ts";
import { requestFill } from "../fill/fill-queue.ts";
import { ProxyError } from "../http/proxy-error.ts";
import { readDayRange } from "../http/request-input.ts";
import type { AppEnv } from "../request-state.ts";
import { dayAccess, isFresh } from "../store/day-pages.ts";
import type { UpstreamCaller } from "../upstream/upstream.ts";
import { EDGE_PREFIX } from "./edge.ts";

type C = Context<AppEnv>;

/** The prefix of the admin routes. */
export const ADMIN_PREFIX = `${EDGE_PREFIX}/admin`;
const BACKFILL = `${ADMIN_PREFIX}/backfill/:accountId/:app`;
/** Longest range one backfill takes (the retention and a bit). */
const MAX_DAYS = 400;

/** Registers the admin routes and their gate on the app (one block in worker/app.ts). */
export function registerAdminRoutes(app: Hono<AppEnv>): void {
  app.use(`${ADMIN_PREFIX}/*`, async (c, next) => {
    if (!await isAdmin(c.req.raw.headers, c.get("settings").archive.adminKeys)) {
      // The same answer as any unknown path: the routes' existence is not disclosed.
      const path = new URL(c.req.url).pathname.slice(0, 200);
      throw new ProxyError(404, `No such resource: ${c.req.method.slice(0, 16)} ${path}`);
    }
    await next();
  });
  app.post(BACKFILL, backfill);
  app.get(BACKFILL, progress);
  app.all(BACKFILL, (c) => {
    throw new ProxyError(405, `Method ${c.req.method.slice(0, 16)} is not allowed`, {
      headers: { allow: "GET, POST" },
    });
  });
}

/** The account's caller with a tenant's own credentials, and the range asked for. */
function adminTarget(c: C, route: string): { caller: UpstreamCaller; from: number; to: number } {
  c.get("state").route = route;
  const settings = c.get("settings");
  const accountId = c.req.param("accountId") ?? "";
  const app = c.req.param("app") ?? "";
  const url = new URL(c.req.url);
  const dialect = url.searchParams.get("dialect") ?? "current";
  if (!APPS.includes(app as App)) {
    throw new ProxyError(
      400,
      `Unknown app: ${JSON.stringify(app.slice(0, 40))} (expected prmsg or c2m)`,
    );
  }
  if (dialect !== "current" && dialect !== "2.0") {
    throw new ProxyError(400, `Unknown dialect: ${JSON.stringify(dialect.slice(0, 20))}`);
  }
  const tenant = fillingTenant(settings, accountId);
  if (tenant === undefined) {
    throw new ProxyError(
      404,
      `No tenant holds account ${
        JSON.stringify(accountId.slice(0, 32))
      } with upstream credentials of its own`,
    );
  }
  const caller = backgroundCaller(c.env, settings, c.get("runtime"), {
    tenant,
    accountId,
    app: app as App,
    dialect: dialect as Dialect,
  });
  const { from, to } = readDayRange(url, "backfill", startOfUtcDay(caller.runtime.now()));
  if ((to - from) / DAY_MS > MAX_DAYS) {
    throw new ProxyError(400, `Cannot backfill more than ${MAX_DAYS} days at once`);
  }
  return { caller, from, to };
}

/** `POST /_edge/admin/backfill/{accountId}/{app}?from&to[&dialect]`. */
async function backfill(c: C): Promise<Response> {
  const { caller, from, to } = adminTarget(c, BACKFILL);
  const now = caller.runtime.now();
  if (from < retentionStart(now, caller.settings.freshness.retentionMonths)) {
    throw new ProxyError(400, "Cannot backfill as the start is older than the 13-month retention");
  }
  const counts = { days: 0, enqueued: 0, stored: 0, pending: 0, notCacheable: 0 };
  for (let day = from; day < to; day += DAY_MS) {
    counts.days++;
    if (!freshnessFor({ from: day, to: day + DAY_MS }, now, caller.settings.freshness).cacheable) {
      counts.notCacheable++;
      continue;
    }
    const access = dayAccess(caller, day, true);
    if (isFresh((await access.ledger.state()).complete, now)) counts.stored++;
    else if (await requestFill(access, { warm: true })) counts.enqueued++;
    else counts.pending++;
  }
  return c.json({
    accountId: caller.accountId,
    app: caller.app,
    dialect: caller.dialect,
    from: new Date(from).toISOString().slice(0, 10),
    to: new Date(to).toISOString().slice(0, 10),
    ...counts,
  }, 202);
}

/** `GET /_edge/admin/backfill/{accountId}/{app}?from&to[&dialect]`: the range's coverage. */
async function progress(c: C): Promise<Response> {
  const { caller, from, to } = adminTarget(c, BACKFILL);
  const days = await dayCoverage(caller, from, to);
  const summary: Record<DayCoverage["state"], number> = {
    none: 0,
    filling: 0,
    settling: 0,
    closed: 0,
    archived: 0,
  };
  for (const day of days) summary[day.state]++;
  return c.json({
    accountId: caller.accountId,
    app: caller.app,
    dialect: caller.dialect,
    summary,
    days,
  });
}
