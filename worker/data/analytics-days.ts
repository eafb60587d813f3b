import type { AnalyticsRow } from "../../lib/model/canonical.ts";
import { parseAnalyticsResponse } from "../../lib/model/wire-to-responses.ts";
import { analyticsToWire } from "../../lib/model/responses-to-wire.ts";
import {
  DAY_MS,
  formatUtcDay,
  maxWindowMs,
  splitWindows,
  type TimeWindow,
} from "../../lib/windows.ts";
import { archivedAnalyticsRows, retentionCut } from "../archive/archived-answers.ts";
import { freshnessFor, tierOf } from "../cache/freshness.ts";
import { cacheKey } from "../cache/keys.ts";
import { callUpstream } from "../upstream/upstream.ts";
import { noteAge, noteTier, noteTtl } from "./cache-outcome.ts";
import {
  flightKey,
  isUpstreamFailure,
  type LoadContext,
  mayReadCache,
  noteUpstreamSuccess,
  readCached,
  writeCached,
} from "./load-context.ts";

interface Day {
  start: number;
  key: string;
  rows: AnalyticsRow[] | null;
  stale: AnalyticsRow[] | null;
  /** When the stale copy was stored. */
  staleAt?: number;
}

/** Thrown when a fetched row's day label is none of the UTC days it was fetched for. */
class UnplaceableRows extends Error {
  override name = "UnplaceableRows";
}

/**
 * Account analytics rows of `window`. A window of whole UTC days is served per day from
 * the cache where fresh; the missing days are fetched in as few upstream calls as the
 * dialect's window allows and stored per day. Other windows go to the upstream as they are.
 *
 * [INF] LivePerson labels rows by UTC day (`transactionday`, notes §1a): a row is stored
 * under the UTC day its label names. When a fetched row's label is none of the UTC days it
 * was fetched for (another time zone, an unparsed format), no day of that fetch is stored and
 * the whole window is relayed as a unit (logged, `Cache-Status` detail `day-labels`): every row
 * is kept, as a direct client keeps it.
 */
export async function analyticsIn(
  context: LoadContext,
  window: TimeWindow,
): Promise<AnalyticsRow[]> {
  const { caller } = context;
  const cut = retentionCut(caller, context.now);
  if (window.from < cut) {
    // Older than LivePerson's retention: the archive's, or LivePerson's 400.
    const old = await archivedAnalyticsRows(context, {
      from: window.from,
      to: Math.min(window.to, cut),
    });
    return window.to <= cut
      ? old
      : [...old, ...await analyticsIn(context, { from: cut, to: window.to })];
  }
  if (window.from % DAY_MS !== 0 || window.to % DAY_MS !== 0) {
    return await relayedWindow(context, window, "partial-day");
  }
  const readable = await mayReadCache(context);
  const starts: number[] = [];
  for (let start = window.from; start < window.to; start += DAY_MS) {
    starts.push(start);
    noteTier(
      context.outcome,
      tierOf({ from: start, to: start + DAY_MS }, context.now, caller.settings.freshness).tier,
    );
  }
  // The days' KV reads go out together, not one after another.
  const days = await Promise.all(starts.map((start) => cachedDay(context, start, readable)));
  const missing = days.filter((day) => day.rows === null);
  const span = maxWindowMs("accountAnalytics", caller.dialect) ?? DAY_MS;
  const chunks = runsOf(missing).flatMap((run) =>
    splitWindows(run[0]!.start, run[run.length - 1]!.start + DAY_MS, span, { alignToUtcDay: true })
  );
  try {
    await Promise.all(chunks.map((chunk) => fillChunk(context, chunk, missing)));
  } catch (error) {
    if (!(error instanceof UnplaceableRows)) throw error;
    console.error(JSON.stringify({ traceId: context.traceId, analytics: error.message }));
    const parts = splitWindows(window.from, window.to, span, { alignToUtcDay: true });
    const rows = await Promise.all(parts.map((part) => relayedWindow(context, part, "day-labels")));
    return rows.flat();
  }
  return days.flatMap((day) => day.rows ?? []);
}

/** The window's rows from the upstream as they are, shared by identical concurrent requests. */
async function relayedWindow(
  context: LoadContext,
  window: TimeWindow,
  reason: string,
): Promise<AnalyticsRow[]> {
  const { caller, outcome } = context;
  outcome.bypassed += 1;
  outcome.detail = reason === "day-labels" ? reason : outcome.detail ?? reason;
  const key = cacheKey({
    accountId: caller.accountId,
    app: caller.app,
    operation: "accountAnalytics",
    dialect: caller.dialect,
    from: window.from,
    to: window.to,
  });
  const live = `${await flightKey(context, key)}|live`;
  const { value, collapsed } = await context.coalescer.run(
    live,
    () => fetchRows(context, window),
  );
  if (collapsed) outcome.collapsed += 1;
  await noteUpstreamSuccess(context);
  return value;
}

async function cachedDay(context: LoadContext, start: number, readable: boolean): Promise<Day> {
  const { caller, now, outcome } = context;
  const key = cacheKey({
    accountId: caller.accountId,
    app: caller.app,
    operation: "accountAnalytics",
    dialect: caller.dialect,
    from: start,
    to: start + DAY_MS,
  });
  if (!readable) return { start, key, rows: null, stale: null };
  const cached = await readCached(
    context,
    key,
    (body) => parseAnalyticsResponse(body, caller.dialect).rows,
  );
  if (cached === null) return { start, key, rows: null, stale: null };
  if (!cached.fresh) {
    return { start, key, rows: null, stale: cached.value, staleAt: cached.storedAt };
  }
  const rows = cached.value;
  outcome.hits += 1;
  noteTtl(outcome, cached.freshUntil - now);
  noteAge(outcome, now - cached.storedAt);
  return { start, key, rows, stale: null };
}

async function fillChunk(context: LoadContext, chunk: TimeWindow, missing: Day[]): Promise<void> {
  const { caller, now, outcome } = context;
  const days = missing.filter((day) => day.start >= chunk.from && day.start < chunk.to);
  const chunkKey = cacheKey({
    accountId: caller.accountId,
    app: caller.app,
    operation: "accountAnalytics",
    dialect: caller.dialect,
    from: chunk.from,
    to: chunk.to,
  });
  try {
    const { value: rows, collapsed } = await context.coalescer.run(
      await flightKey(context, chunkKey),
      () => fetchRows(context, chunk),
    );
    await noteUpstreamSuccess(context);
    const labels = new Set(days.map((day) => formatUtcDay(day.start)));
    const stray = rows.find((row) => !labels.has(row.day));
    if (stray !== undefined) {
      throw new UnplaceableRows(
        `A row labelled ${
          JSON.stringify(stray.day.slice(0, 40))
        } is none of the UTC days fetched: ${formatUtcDay(chunk.from)}..${
          formatUtcDay(chunk.to - 1)
        }`,
      );
    }
    for (const day of days) {
      const label = formatUtcDay(day.start);
      day.rows = rows.filter((row) => row.day === label);
      const freshness = freshnessFor(
        { from: day.start, to: day.start + DAY_MS },
        now,
        caller.settings.freshness,
      );
      if (!freshness.cacheable) {
        outcome.bypassed += 1;
        outcome.detail ??= freshness.reason;
        continue;
      }
      outcome.misses += 1;
      noteTtl(outcome, freshness.freshForMs);
      if (collapsed) {
        outcome.collapsed += 1;
        continue;
      }
      const body = analyticsToWire({
        metadata: {
          accountId: caller.accountId,
          app: caller.app,
          attemptedStartTime: day.start,
          attemptedEndTime: day.start + DAY_MS,
        },
        rows: day.rows,
      }, caller.dialect);
      if (await writeCached(context, day.key, body, freshness)) outcome.stored += 1;
    }
  } catch (error) {
    if (!isUpstreamFailure(error) || days.some((day) => day.stale === null)) throw error;
    for (const day of days) {
      day.rows = day.stale;
      noteAge(outcome, now - (day.staleAt ?? now));
    }
    outcome.stale += days.length;
    outcome.detail ??= `upstream-${(error as { status: number }).status}`;
  }
}

function fetchRows(context: LoadContext, window: TimeWindow): Promise<AnalyticsRow[]> {
  return callUpstream(context.caller, {
    operation: "accountAnalytics",
    path: "analytics/",
    query: { attemptedStartTime: String(window.from), attemptedEndTime: String(window.to) },
  }, (json) => parseAnalyticsResponse(json, context.caller.dialect).rows);
}

/** Contiguous runs of days. */
function runsOf(days: Day[]): Day[][] {
  const runs: Day[][] = [];
  for (const day of days) {
    const run = runs[runs.length - 1];
    if (run !== undefined && run[run.length - 1]!.start + DAY_MS === day.start) run.push(day);
    else runs.push([day]);
  }
  return runs;
}
