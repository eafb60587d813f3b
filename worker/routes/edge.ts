import type { Context } from "hono";
import {
  type FunnelGroup,
  funnelOfRows,
  funnelOfTotals,
  type FunnelPlan,
  planFunnel,
} from "../../lib/client/funnel-plan.ts";
import { listParam } from "../../lib/http/query-params.ts";
import { groupRollups } from "../../lib/funnel/rollup.ts";
import { DAY_MS, formatRange, splitWindows, startOfUtcDay } from "../../lib/windows.ts";
import { authorizedCaller } from "./caller.ts";
import { funnelExport } from "./export.ts";
import { analyticsIn } from "../data/analytics-days.ts";
import { outcomeHeader } from "../data/cache-outcome.ts";
import { type LoadContext, loadContext } from "../data/load-context.ts";
import { filteredRollup, rollupsIn } from "../data/rollups-in.ts";
import { ProxyError } from "../http/proxy-error.ts";
import { answerFormat } from "../http/negotiate.ts";
import { readDayRange } from "../http/request-input.ts";
import type { AppEnv } from "../request-state.ts";
import { sandboxCounters as countersOf } from "../upstream/upstream-fetch.ts";
import { maturingDays } from "./maturing-days.ts";
import { archivedDays, retentionCut } from "../archive/archived-answers.ts";
import type { UpstreamCaller } from "../upstream/upstream.ts";

type C = Context<AppEnv>;

/** The prefix of the proxy's own routes, apart from the drop-in paths. */
export const EDGE_PREFIX = "/_edge";

const SIXTY_DAYS = 60 * DAY_MS;
/** `Retry-After` of a funnel whose days are still being filled. */
const FILLING_RETRY_SECONDS = 5;
/**
 * Most days a funnel grouped by a transaction dimension may filter by channel or skill: the
 * stored rollups sum each dimension alone, so a filtered one is summed from the days'
 * transactions, page by page.
 */
const MAX_FILTERED_DAYS = 31;

/** `GET /_edge/health`: liveness and the upstream in use. */
export function health(c: C): Response {
  c.get("state").route = `${EDGE_PREFIX}/health`;
  return c.json({ status: "ok", upstream: c.get("settings").upstream });
}

/** `GET /_edge/sandbox/counters`: what the embedded sandbox served (local runs only). */
export async function sandboxCounters(c: C): Promise<Response> {
  c.get("state").route = `${EDGE_PREFIX}/sandbox/counters`;
  if (c.get("settings").upstream !== "sandbox") throw new ProxyError(404, "No embedded sandbox");
  return c.json(await countersOf(c.env));
}

/**
 * `GET /_edge/funnel/{accountId}/{app}?from&to&groupBy=day,channel&channels&skills`: the
 * outbound funnel of any range inside the retention (whole UTC days), checked, filtered and
 * grouped as `ReportingClient.funnel` does it (`lib/client/funnel-plan.ts`): by
 * `day | channel | skill | account` from cached day windows of analytics, or by one of
 * `campaign | handoff | ivrNumber | failureCategory` from the days' stored rollups (with
 * `channels` or `skills`, from the days' transactions, at most 31 days).
 */
export async function funnel(c: C): Promise<Response> {
  const state = c.get("state");
  state.route = `${EDGE_PREFIX}/funnel/:accountId/:app`;
  const accountId = c.req.param("accountId") ?? "";
  const caller = await authorizedCaller(c, accountId, c.req.param("app") ?? "", "current");
  const format = answerFormat(c.req.raw);
  const now = c.get("runtime").now();
  const plan = await readFunnelPlan(caller, new URL(c.req.url), now);
  const context = loadContext(caller, state);
  const summary = { accountId, app: caller.app, ...plan.window, groupBy: plan.groupBy };
  const groups = await funnelGroups(context, plan);
  c.header("cache-status", outcomeHeader(state.outcome));
  if ("filling" in groups) {
    // Large days are filled in the background: say how far, never answer with part of the range.
    c.header("retry-after", String(FILLING_RETRY_SECONDS));
    return c.json({ ...summary, status: "filling", ...groups.filling }, 202);
  }
  if (format !== "json") return funnelExport(format, groups, outcomeHeader(state.outcome));
  // The days replies may still change (freshness tiers: maturing).
  const maturing = maturingDays(plan.window, now, caller.settings.freshness);
  return c.json({ ...summary, groups, maturing });
}

/**
 * The funnel query of a request: `from` and `to` widened to whole UTC days (`to` capped at
 * the end of today), then checked with `groupBy`, `channels` and `skills` by `planFunnel`. A
 * start older than the retention passes when the archive holds every such day.
 * @throws {ProxyError} 400 for anything `planFunnel` refuses, with its message.
 */
async function readFunnelPlan(
  caller: UpstreamCaller,
  url: URL,
  now: number,
): Promise<FunnelPlan> {
  const { from, to } = readDayRange(url, "compute a funnel", startOfUtcDay(now) + DAY_MS);
  const cut = retentionCut(caller, now);
  const archived = from < cut &&
    await archivedDays(caller, { from, to: Math.min(to, cut) }, now) !== null;
  const channels = listParam(url, "channels");
  const skills = listParam(url, "skills");
  try {
    return planFunnel({
      from,
      to,
      // Checked as if asked on its first day when the archive answers the oldest days.
      now: archived ? from : now,
      groupBy: (listParam(url, "groupBy") ?? []) as FunnelPlan["groupBy"],
      ...(channels === undefined ? {} : { channels }),
      ...(skills === undefined ? {} : { skills }),
    });
  } catch (error) {
    if (!(error instanceof TypeError || error instanceof RangeError)) throw error;
    throw new ProxyError(400, error.message.slice(0, 300));
  }
}

/**
 * The groups of a funnel, or how far the filling of its days is: rows from cached analytics
 * windows; a transaction dimension from stored rollups (or, filtered, from transactions).
 */
async function funnelGroups(
  context: LoadContext,
  plan: FunnelPlan,
): Promise<FunnelGroup[] | { filling: { daysTotal: number; daysStored: number } }> {
  const { window, transactionDimension, filters } = plan;
  if (transactionDimension === null) {
    const windows = splitWindows(window.from, window.to, SIXTY_DAYS, { alignToUtcDay: true });
    const rows = (await Promise.all(windows.map((w) => analyticsIn(context, w)))).flat();
    const accountId = context.caller.accountId;
    return funnelOfRows(rows.map((row) => ({ ...row, accountId })), plan);
  }
  const days = splitWindows(window.from, window.to, DAY_MS, { alignToUtcDay: true })
    .map((day) => day.from);
  if (filters.channels !== undefined || filters.skills !== undefined) {
    if (days.length > MAX_FILTERED_DAYS) {
      throw new ProxyError(
        400,
        `Cannot filter a funnel grouped by ${transactionDimension} over more than ${MAX_FILTERED_DAYS} days: ${
          formatRange(window.from, window.to)
        }`,
      );
    }
    const rollup = await filteredRollup(context, days, filters);
    return funnelOfTotals(transactionDimension, groupRollups([rollup], transactionDimension));
  }
  const { rollups, filling } = await rollupsIn(context, days);
  if (filling.length > 0) {
    return { filling: { daysTotal: days.length, daysStored: days.length - filling.length } };
  }
  return funnelOfTotals(transactionDimension, groupRollups(rollups, transactionDimension));
}
