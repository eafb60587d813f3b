import type { Context } from "hono";
import { DAY_MS } from "../../lib/windows.ts";
import { readDayRange } from "../http/request-input.ts";
import { ProxyError } from "../http/proxy-error.ts";
import type { AppEnv } from "../request-state.ts";
import { dayCoverage } from "../data/day-coverage.ts";
import { authorizedCaller } from "./caller.ts";
import { EDGE_PREFIX } from "./edge.ts";

/** Longest range one coverage request lists (13 months and a bit). */
const MAX_DAYS = 400;

/**
 * `GET /_edge/coverage/{accountId}/{app}?from&to[&dialect=current|2.0]`: per UTC day of the
 * range, what the proxy holds of its transactions: `none`, `filling` (with the pages stored so
 * far), `settling` (stored whole, still changing upstream: re-fetched after its TTL),
 * `closed` (stored whole past its settling) or `archived` (kept beyond the retention), with the
 * transaction count and when it settles; `maturing` says whether replies may still change it (a
 * closed, maturing day is compared with its analytics after its TTL and re-fetched when they
 * differ) and `maturesAt` when they stop (worker/data/day-coverage.ts).
 */
export async function coverage(c: Context<AppEnv>): Promise<Response> {
  c.get("state").route = `${EDGE_PREFIX}/coverage/:accountId/:app`;
  const dialectParam = new URL(c.req.url).searchParams.get("dialect") ?? "current";
  if (dialectParam !== "current" && dialectParam !== "2.0") {
    throw new ProxyError(400, `Unknown dialect: ${JSON.stringify(dialectParam.slice(0, 20))}`);
  }
  const accountId = c.req.param("accountId") ?? "";
  const caller = await authorizedCaller(c, accountId, c.req.param("app") ?? "", dialectParam);
  const url = new URL(c.req.url);
  const { from, to } = readDayRange(url, "list coverage");
  if ((to - from) / DAY_MS > MAX_DAYS) {
    throw new ProxyError(400, `Cannot list coverage of more than ${MAX_DAYS} days at once`);
  }
  const days = await dayCoverage(caller, from, to);
  return c.json({ accountId, app: caller.app, dialect: dialectParam, days });
}
