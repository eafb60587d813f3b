import type { Context } from "hono";
import type { FunnelGroup } from "../../lib/client/funnel-report.ts";
import { ANALYTICS_FIELDS, analyticsToCsv } from "../../lib/export/analytics-csv.ts";
import { toByteStream } from "../../lib/export/byte-stream.ts";
import { funnelToCsv } from "../../lib/export/funnel-csv.ts";
import { transactionsToCsv, transactionsToNdjson } from "../../lib/export/transactions.ts";
import type { AnalyticsRow, Transaction } from "../../lib/model/canonical.ts";
import {
  DAY_MS,
  retentionStart,
  splitWindows,
  type TimeWindow,
  toEpochMs,
} from "../../lib/windows.ts";
import { loadContext } from "../data/load-context.ts";
import { windowPages } from "../data/transactions-pages.ts";
import { answerFormat, exportResponse } from "../http/negotiate.ts";
import { ProxyError } from "../http/proxy-error.ts";
import { queryFilters } from "../http/request-input.ts";
import type { AppEnv } from "../request-state.ts";
import { requestDeadline } from "../upstream/deadline.ts";
import { authorizedCaller } from "./caller.ts";
import { EDGE_PREFIX } from "./edge.ts";

type C = Context<AppEnv>;

/** Lines are sent in chunks of about this many characters: flushed often, not per row. */
const CHUNK_CHARS = 32 * 1024;

/** Joins lines into chunks of about {@link CHUNK_CHARS}, so each write carries many rows. */
async function* chunked(lines: AsyncIterable<string>): AsyncGenerator<string, void, undefined> {
  let chunk = "";
  for await (const line of lines) {
    chunk += line;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk !== "") yield chunk;
}

/** Rows as NDJSON lines, their fields in `fields` order (then any others). */
async function* ndjson<T extends object>(
  rows: Iterable<T>,
  fields: readonly (keyof T)[],
): AsyncGenerator<string, void, undefined> {
  for (const row of rows) {
    const ordered: Partial<T> = {};
    for (const field of fields) if (field in row) ordered[field] = row[field];
    yield `${JSON.stringify({ ...ordered, ...row })}\n`;
  }
}

/** Analytics rows as CSV or NDJSON (the drop-in analytics routes), with `Cache-Status`. */
export function analyticsExport(
  format: "csv" | "ndjson",
  rows: AnalyticsRow[],
  cacheStatus: string,
): Response {
  const lines = format === "csv" ? analyticsToCsv(rows) : ndjson(rows, ANALYTICS_FIELDS);
  return exportResponse(format, toByteStream(chunked(lines)), {
    headers: { "cache-status": cacheStatus },
  });
}

/** A page of transactions as CSV or NDJSON (the drop-in transactions routes), with `Cache-Status`. */
export function transactionsPageExport(
  format: "csv" | "ndjson",
  rows: Transaction[],
  cacheStatus: string,
): Response {
  const lines = format === "csv" ? transactionsToCsv(rows) : transactionsToNdjson(rows);
  return exportResponse(format, toByteStream(chunked(lines)), {
    headers: { "cache-status": cacheStatus },
  });
}

/** Funnel groups as CSV or NDJSON (`/_edge/funnel`), with `Cache-Status`. */
export function funnelExport(
  format: "csv" | "ndjson",
  groups: FunnelGroup[],
  cacheStatus: string,
): Response {
  const lines = format === "csv"
    ? funnelToCsv(groups)
    : ndjson(groups, ["key", "totals", "funnel"] as const);
  return exportResponse(format, toByteStream(chunked(lines)), {
    headers: { "cache-status": cacheStatus },
  });
}

function rangeOf(url: URL, now: number): TimeWindow {
  let from: number;
  let to: number;
  try {
    from = toEpochMs(url.searchParams.get("from") ?? "", "from");
    to = Math.min(toEpochMs(url.searchParams.get("to") ?? "", "to"), now);
  } catch (error) {
    throw new ProxyError(400, (error as Error).message.slice(0, 300));
  }
  if (to <= from) throw new ProxyError(400, "Cannot export as the end is not after the start");
  if (from < retentionStart(now)) {
    throw new ProxyError(400, "Cannot export as the start is older than the 13-month retention");
  }
  return { from, to };
}

/**
 * `GET /_edge/export/{accountId}/{app}/transactions?from&to&format=csv|ndjson`: every
 * transaction attempted in `[from, to)` (any range inside the retention, `to` capped at now),
 * streamed day window by day window — each day from KV where stored, else every upstream page
 * of it — so memory holds one day at a time. The first day is loaded before answering (its
 * failure is still an error status); a later failure ends the stream early. Each page has a
 * drop-in page's deadline (`REQUEST_DEADLINE_MS` from when it is asked for), not one for the
 * whole stream, which outlasts any single request. When the client goes away, the stream is
 * cancelled and no further day is loaded. Filters as the drop-in
 * transactions route: `channels`, `skills`, `messagestatus`, `handoffids`. Format by `format`,
 * else `Accept`, else CSV.
 */
export async function transactionsExport(c: C): Promise<Response> {
  const state = c.get("state");
  state.route = `${EDGE_PREFIX}/export/:accountId/:app/transactions`;
  const accountId = c.req.param("accountId") ?? "";
  const caller = await authorizedCaller(c, accountId, c.req.param("app") ?? "", "current");
  const format = answerFormat(c.req.raw, "csv");
  if (format === "json") {
    throw new ProxyError(400, "Cannot export as json: ask for csv or ndjson");
  }
  const url = new URL(c.req.url);
  const range = rangeOf(url, c.get("runtime").now());
  const filters = queryFilters(url);
  const context = loadContext(caller, state);
  const days = splitWindows(range.from, range.to, DAY_MS, { alignToUtcDay: true });
  const signal = c.req.raw.signal;
  const pages = (async function* () {
    for (const day of days) yield* windowPages(context, day, filters);
  })();
  // The first page is loaded before answering: its failure is still an error status.
  const first = await pages.next();
  const nextPage = (): Promise<IteratorResult<Transaction[], void>> => {
    caller.deadline = requestDeadline(Date.now(), caller.settings.requestDeadlineMs);
    return pages.next();
  };
  // Page by page: each page's lines go out in chunks of about CHUNK_CHARS.
  async function* text(): AsyncGenerator<string, void, undefined> {
    let header = true;
    for (let next = first; next.done !== true; next = await nextPage()) {
      if (!header && signal.aborted) return;
      yield* chunked(
        format === "csv"
          ? transactionsToCsv(next.value, { header })
          : transactionsToNdjson(next.value),
      );
      header = false;
    }
  }
  const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return exportResponse(
    format,
    toByteStream(text()),
    { filename: `transactions-${accountId}-${stamp(range.from)}-${stamp(range.to - 1)}` },
  );
}
