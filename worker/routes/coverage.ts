import type { Context } from "hono";
import { DAY_MS } from "../../lib/windows.ts";
import { readDayRange } from "../http/request-input.ts";
import { tierOf } from "../cache/freshness.ts";
import { ProxyError } from "../http/proxy-error.ts";
import type { AppEnv } from "../request-state.ts";
import { dayAccess, isFresh } from "../store/day-pages.ts";
import { authorizedCaller } from "./caller.ts";
import { EDGE_PREFIX } from "./edge.ts";

/** Longest range one coverage request lists (13 months and a bit). */
const MAX_DAYS = 400;

/** What the proxy holds of one UTC day. */
interface DayCoverage {
  day: string;
  state: "none" | "filling" | "settling" | "closed";
  /** Whether replies may still change the day upstream (its tier is `maturing` or younger). */
  maturing: boolean;
  transactions?: number;
  pagesDone?: number;
  settlesAt?: string;
  /** When it matures, while it is maturing. */
  maturesAt?: string;
}

/**
 * `GET /_edge/coverage/{accountId}/{app}?from&to[&dialect=current|2.0]`: per UTC day of the
 * range, what the proxy holds of its transactions: `none`, `filling` (with the pages stored so
 * far), `settling` (stored whole, still changing upstream: re-fetched after its TTL) or
 * `closed` (stored whole past its settling), with the transaction count and when it settles;
 * `maturing` says whether replies may still change it (a closed, maturing day is compared with
 * its analytics after its TTL and re-fetched when they differ) and `maturesAt` when they stop.
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
  const now = caller.runtime.now();
  const { freshness } = caller.settings;
  const days: DayCoverage[] = [];
  for (let day = from; day < to; day += DAY_MS) {
    const { tier, maturesAt } = tierOf({ from: day, to: day + DAY_MS }, now, freshness);
    const maturing = tier !== "matured";
    days.push({
      day: new Date(day).toISOString().slice(0, 10),
      state: "none",
      maturing,
      ...(maturing ? { maturesAt: new Date(maturesAt).toISOString() } : {}),
    });
  }
  await Promise.all(days.map(async (entry, i) => {
    const day = from + i * DAY_MS;
    const state = await dayAccess(caller, day).ledger.state();
    const settlesAt = day + DAY_MS + freshness.settleMs + freshness.minAgeMs;
    if (isFresh(state.complete, now)) {
      const { tier } = tierOf({ from: day, to: day + DAY_MS }, now, freshness);
      entry.state = tier === "maturing" || tier === "matured" ? "closed" : "settling";
      entry.transactions = state.complete.total ?? 0;
      if (entry.state === "settling") entry.settlesAt = new Date(settlesAt).toISOString();
    } else if ((state.current?.pages ?? 0) > 0) {
      entry.state = "filling";
      entry.pagesDone = state.current!.pages;
    }
  }));
  return c.json({ accountId, app: caller.app, dialect: dialectParam, days });
}
