import type { Context } from "hono";
import {
  groupRows,
  type RowDimension,
  type TransactionDimension,
} from "../../lib/funnel/aggregate.ts";
import { groupRollups } from "../../lib/funnel/rollup.ts";
import { computeFunnel } from "../../lib/funnel/funnel.ts";
import { DAY_MS, retentionStart, splitWindows, startOfUtcDay } from "../../lib/windows.ts";
import { authorizedCaller } from "./caller.ts";
import { archivedDays } from "../archive/archived-answers.ts";
import { funnelExport } from "./export.ts";
import { analyticsIn } from "../data/analytics-days.ts";
import { outcomeHeader } from "../data/cache-outcome.ts";
import { loadContext } from "../data/load-context.ts";
import { rollupsIn } from "../data/rollups-in.ts";
import { ProxyError } from "../http/proxy-error.ts";
import { answerFormat } from "../http/negotiate.ts";
import { readDayRange } from "../http/request-input.ts";
import type { AppEnv } from "../request-state.ts";
import { embeddedSandbox } from "../upstream/upstream-fetch.ts";

type C = Context<AppEnv>;

/** The prefix of the proxy's own routes, apart from the drop-in paths. */
export const EDGE_PREFIX = "/_edge";

const ROW_DIMENSIONS: readonly string[] = ["day", "channel", "skill", "account"];
const TRANSACTION_DIMENSIONS: readonly string[] = [
  "campaign",
  "handoff",
  "ivrNumber",
  "failureCategory",
];
const SIXTY_DAYS = 60 * DAY_MS;
/** `Retry-After` of a funnel whose days are still being filled. */
const FILLING_RETRY_SECONDS = 5;

/** `GET /_edge/health`: liveness and the upstream in use. */
export function health(c: C): Response {
  c.get("state").route = `${EDGE_PREFIX}/health`;
  return c.json({ status: "ok", upstream: c.get("settings").upstream });
}

/** `GET /_edge/sandbox/counters`: what the embedded sandbox served (local runs only). */
export function sandboxCounters(c: C): Response {
  c.get("state").route = `${EDGE_PREFIX}/sandbox/counters`;
  if (c.get("settings").upstream !== "sandbox") throw new ProxyError(404, "No embedded sandbox");
  return c.json(embeddedSandbox().counters());
}

/**
 * `GET /_edge/funnel/{accountId}/{app}?from&to&groupBy=day,channel`: the outbound funnel of any
 * range inside the retention (whole UTC days), from cached day windows; grouped by
 * `day | channel | skill | account` (analytics) or one of `campaign | handoff | ivrNumber |
 * failureCategory` (transactions).
 */
export async function funnel(c: C): Promise<Response> {
  const state = c.get("state");
  state.route = `${EDGE_PREFIX}/funnel/:accountId/:app`;
  const accountId = c.req.param("accountId") ?? "";
  const caller = await authorizedCaller(c, accountId, c.req.param("app") ?? "", "current");
  const url = new URL(c.req.url);
  const format = answerFormat(c.req.raw);
  const now = c.get("runtime").now();
  const { from, to } = readDayRange(url, "compute a funnel", startOfUtcDay(now) + DAY_MS);
  const cut = retentionStart(now);
  // Older than LivePerson's retention: answered when the archive holds every such day.
  if (from < cut && await archivedDays(caller, { from, to: Math.min(to, cut) }, now) === null) {
    throw new ProxyError(
      400,
      "Cannot compute a funnel as the start is older than the 13-month retention",
    );
  }
  const groupBy = (url.searchParams.get("groupBy") ?? "").split(",").filter((d) => d !== "");
  for (const dimension of groupBy) {
    if (!ROW_DIMENSIONS.includes(dimension) && !TRANSACTION_DIMENSIONS.includes(dimension)) {
      throw new ProxyError(
        400,
        `Cannot group a funnel by an unknown dimension: ${JSON.stringify(dimension.slice(0, 40))}`,
      );
    }
  }
  const context = loadContext(caller, state);
  const transactionDimension = groupBy.find((d) => TRANSACTION_DIMENSIONS.includes(d));
  let groups: { key: Record<string, string | null>; totals: Parameters<typeof computeFunnel>[0] }[];
  if (transactionDimension === undefined) {
    const windows = splitWindows(from, to, SIXTY_DAYS, { alignToUtcDay: true });
    const rows = (await Promise.all(windows.map((window) => analyticsIn(context, window)))).flat();
    groups = groupRows(rows.map((row) => ({ ...row, accountId })), groupBy as RowDimension[]);
  } else {
    if (groupBy.length > 1) {
      throw new ProxyError(
        400,
        `Cannot group a funnel by ${transactionDimension} with other dimensions`,
      );
    }
    const days = splitWindows(from, to, DAY_MS, { alignToUtcDay: true }).map((d) => d.from);
    const { rollups, filling } = await rollupsIn(context, days);
    if (filling.length > 0) {
      // Large days are filled in the background: say how far, never answer with part of the range.
      c.header("cache-status", outcomeHeader(state.outcome));
      c.header("retry-after", String(FILLING_RETRY_SECONDS));
      return c.json({
        accountId,
        app: caller.app,
        from,
        to,
        groupBy,
        status: "filling",
        daysTotal: days.length,
        daysStored: days.length - filling.length,
      }, 202);
    }
    groups = groupRollups(rollups, transactionDimension as TransactionDimension).map((
      { key, totals },
    ) => ({ key: { [transactionDimension]: key }, totals }));
  }
  c.header("cache-status", outcomeHeader(state.outcome));
  const answered = groups.map(({ key, totals }) => ({
    key,
    totals,
    funnel: computeFunnel(totals),
  }));
  if (format !== "json") return funnelExport(format, answered, outcomeHeader(state.outcome));
  return c.json({
    accountId,
    app: caller.app,
    from,
    to,
    groupBy,
    groups: answered,
  });
}
