import type { Context } from "hono";
import type { Dialect } from "../../lib/model/canonical.ts";
import type { FilteredOperation, ReportingParams } from "../../lib/model/wire-to-request-params.ts";
import { parseCampaignAnalytics, parseCampaignReport } from "../../lib/model/wire-to-responses.ts";
import {
  analyticsToWire,
  campaignReportToWire,
  transactionsPageToWire,
} from "../../lib/model/responses-to-wire.ts";
import { analyticsIn } from "../data/analytics-days.ts";
import { outcomeHeader } from "../data/cache-outcome.ts";
import { type LoadContext, loadContext } from "../data/load-context.ts";
import {
  cachedResponse,
  responseKey,
  type ResponseShape,
  storeResponse,
} from "../data/response-cache.ts";
import { transactionsPage } from "../data/transactions-pages.ts";
import { readPaging, readReportingParams } from "../http/request-input.ts";
import { answerFormat } from "../http/negotiate.ts";
import type { AppEnv } from "../request-state.ts";
import { callUpstream, type UpstreamCaller } from "../upstream/upstream.ts";
import { authorizedCaller } from "./caller.ts";
import { analyticsExport, transactionsPageExport } from "./export.ts";

type C = Context<AppEnv>;

/** The upstream's page length when none is asked for (the sandbox's default) [INF]. */
const DEFAULT_PAGE = 1000;

/** Authorizes the caller of a reporting route and names the route for the log. */
function callerOf(c: C, dialect: Dialect, routeTail: string): Promise<UpstreamCaller> {
  c.get("state").route = `${
    dialect === "current" ? "/api" : ""
  }/account/:accountId/app/:app/${routeTail}`;
  return authorizedCaller(c, c.req.param("accountId") ?? "", c.req.param("app") ?? "", dialect);
}

/** The window and filters of an analytics or transactions request, read as the sandbox reads them. */
function paramsOf(
  c: C,
  caller: UpstreamCaller,
  operation: FilteredOperation,
  dialect: Dialect,
): Promise<ReportingParams> {
  return readReportingParams(c.req.raw, {
    operation,
    dialect,
    now: caller.runtime.now(),
    maxBodyBytes: c.get("settings").maxBodyBytes,
    // Older than the retention: the archive answers it, or refuses it with LivePerson's 400.
    pastRetention: true,
  });
}

function respond(c: C, body: unknown): Response {
  c.header("cache-status", outcomeHeader(c.get("state").outcome));
  return c.json(body as Record<string, unknown>);
}

/**
 * Answers from the cached finished answer when there is a fresh one; else builds it from the
 * day windows and caches it when every window it used is cached.
 */
async function answer(
  c: C,
  context: LoadContext,
  shape: ResponseShape,
  build: () => Promise<Record<string, unknown>>,
): Promise<Response> {
  const key = responseKey(context, shape);
  let text = await cachedResponse(context, key);
  if (text === null) {
    text = JSON.stringify(await build());
    const stored = storeResponse(context, key, text);
    if (context.defer === undefined) await stored;
    else context.defer(stored);
  }
  c.header("cache-status", outcomeHeader(context.outcome));
  return c.body(text, 200, { "content-type": "application/json" });
}

/** Account analytics (GET, or POST with `{ filters }`), answered from cached day windows. */
export function analyticsRoute(dialect: Dialect) {
  return async function analytics(c: C): Promise<Response> {
    const caller = await callerOf(c, dialect, "analytics");
    const { window, filters } = await paramsOf(c, caller, "accountAnalytics", dialect);
    const format = answerFormat(c.req.raw);
    const context = loadContext(caller, c.get("state"));
    const selectedRows = async () =>
      (await analyticsIn(context, window)).filter((row) =>
        (filters.channels === undefined || filters.channels.includes(row.channel)) &&
        (filters.skills === undefined || filters.skills.includes(row.skill))
      );
    if (format !== "json") {
      const rows = await selectedRows();
      return analyticsExport(format, rows, outcomeHeader(context.outcome));
    }
    const shape = { operation: "accountAnalytics", window, filters: { ...filters } } as const;
    return answer(c, context, shape, async () => {
      const selected = await selectedRows();
      const metadata = {
        accountId: caller.accountId,
        app: caller.app,
        attemptedStartTime: window.from,
        attemptedEndTime: window.to,
      };
      const filtered = filters.channels !== undefined || filters.skills !== undefined;
      return analyticsToWire(
        { metadata: filtered ? { ...metadata, filters } : metadata, rows: selected },
        dialect,
      );
    });
  };
}

/** Transactions (GET or POST; filters as a JSON body or query), paged by `offset`/`limit` over the filtered window. */
export function transactionsRoute(dialect: Dialect) {
  return async function transactions(c: C): Promise<Response> {
    const caller = await callerOf(c, dialect, "transactions");
    const { window, filters } = await paramsOf(c, caller, "transactions", dialect);
    const { offset, limit } = readPaging(new URL(c.req.url), DEFAULT_PAGE);
    const format = answerFormat(c.req.raw);
    const context = loadContext(caller, c.get("state"));
    if (format !== "json") {
      const { transactions } = await transactionsPage(context, { window, filters, offset, limit });
      return transactionsPageExport(format, transactions, outcomeHeader(context.outcome));
    }
    const shape = {
      operation: "transactions",
      window,
      filters: { ...filters },
      page: { offset, limit },
    } as const;
    return answer(c, context, shape, async () => {
      const { page, transactions } = await transactionsPage(context, {
        window,
        filters,
        offset,
        limit,
      });
      return transactionsPageToWire({
        metadata: {
          accountId: caller.accountId,
          app: caller.app,
          attemptedStartTime: window.from,
          attemptedEndTime: window.to,
          // Echoed as the upstream echoes them.
          ...(Object.values(filters).some((values) => values !== undefined) ? { filters } : {}),
        },
        page,
        transactions,
      }, dialect);
    });
  };
}

/** The campaign report and campaign analytics: no window to cache, so relayed through the schedule. */
export function campaignRoute(dialect: Dialect, analytics: boolean) {
  return async function campaign(c: C): Promise<Response> {
    const caller = await callerOf(
      c,
      dialect,
      analytics ? "campaigns/:campaignId/analytics" : "campaigns/:campaignId",
    );
    const campaignId = c.req.param("campaignId") ?? "";
    const url = new URL(c.req.url);
    const query: Record<string, string> = {};
    if (!analytics) {
      const { offset, limit } = readPaging(url, DEFAULT_PAGE);
      if (offset > 0) query["offset"] = String(offset);
      if (url.searchParams.has("limit")) query["limit"] = String(limit);
    }
    const state = c.get("state");
    state.outcome.bypassed += 1;
    state.outcome.detail = "campaign";
    const path = `campaigns/${encodeURIComponent(campaignId)}/${analytics ? "analytics/" : ""}`;
    // The caller's app is relayed as given: LivePerson serves campaigns for prmsg only.
    const body = analytics
      ? analyticsToWire(
        await callUpstream(
          caller,
          { operation: "campaignAnalytics", path, query },
          (json) => parseCampaignAnalytics(json, dialect),
        ),
        dialect,
      )
      : campaignReportToWire(
        await callUpstream(
          caller,
          { operation: "campaignReport", path, query },
          (json) => parseCampaignReport(json, dialect),
        ),
        dialect,
      );
    return respond(c, body);
  };
}
