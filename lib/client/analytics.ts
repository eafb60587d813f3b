import type { AnalyticsFilters, AnalyticsRow } from "../model/canonical.ts";
import { parseAnalyticsResponse, parseCampaignAnalytics } from "../model/wire-to-responses.ts";
import { analyticsFiltersToWire } from "../model/responses-to-wire.ts";
import type { TimeWindow } from "../windows.ts";
import type { ClientContext } from "./context.ts";
import { orderedPool } from "./ordered-pool.ts";
import { checkChannels, checkList, planWindows, type RangeQuery } from "./query.ts";

/** A range of account analytics, optionally filtered. */
export interface AnalyticsQuery extends RangeQuery {
  /** Only these channels (`sms`, `wa`, `inapp`; any case). */
  channels?: readonly string[];
  /** Only these skills. */
  skills?: readonly string[];
}

/**
 * Account analytics over any range inside the retention: split into the windows the dialect
 * allows (60 days current, 24 h in 2.0), fetched concurrently under the rate limit, merged
 * in order. Filters go as the POST body.
 */
export async function accountAnalytics(
  context: ClientContext,
  query: AnalyticsQuery,
): Promise<AnalyticsRow[]> {
  const filters: AnalyticsFilters = {};
  const channels = checkChannels(query.channels);
  const skills = checkList(query.skills, "skills");
  if (channels !== undefined) filters.channels = channels;
  if (skills !== undefined) filters.skills = skills;
  const windows = planWindows(context, "accountAnalytics", query);
  if (windows.length === 0) return [];
  const base = await context.baseUrl(query.signal);
  const progress = context.progress(windows.length);
  const filtered = channels !== undefined || skills !== undefined;
  const fetchWindow = async (window: TimeWindow, signal: AbortSignal): Promise<AnalyticsRow[]> => {
    const rows = await context.transport.json({
      method: filtered ? "POST" : "GET",
      url: context.url(base, "analytics/", windowQuery(window)),
      body: filtered ? analyticsFiltersToWire(filters, context.dialect) : undefined,
      limiterKey: context.limiterKey(base, "accountAnalytics"),
      signal,
    }, (json) => parseAnalyticsResponse(json, context.dialect).rows);
    progress.windowDone(rows.length);
    return rows;
  };
  const rows: AnalyticsRow[] = [];
  const pool = orderedPool(windows, fetchWindow, {
    concurrency: context.concurrency,
    signal: query.signal,
  });
  for await (const windowRows of pool) rows.push(...windowRows);
  return rows;
}

/** Analytics of one Proactive campaign (no window: the campaign's own span). */
export async function campaignAnalytics(
  context: ClientContext,
  campaignId: string,
  signal?: AbortSignal,
): Promise<AnalyticsRow[]> {
  const base = await context.baseUrl(signal);
  const progress = context.progress(1);
  const rows = await context.transport.json({
    method: "GET",
    url: context.url(base, `campaigns/${encodeURIComponent(campaignId)}/analytics/`, {}, "prmsg"),
    limiterKey: context.limiterKey(base, "campaignAnalytics"),
    signal,
  }, (json) => parseCampaignAnalytics(json, context.dialect).rows);
  progress.windowDone(rows.length);
  return rows;
}

/** The query parameters of a window. */
export function windowQuery(window: TimeWindow): Record<string, string> {
  return { attemptedStartTime: String(window.from), attemptedEndTime: String(window.to) };
}
