/**
 * Cheap change detection for a stored day whose freshness ran out. Re-fetching a day costs one
 * upstream call per page (about 100 for a 100,000-a-day account); one analytics call covers up
 * to 60 days and is stored per day, so one call serves the checks of every maturing day. A day
 * of one page is simply fetched again. The
 * day's stored cells (its rollup's sums per channel and skill, built from its pages) are compared
 * with its analytics rows: equal means the stored pages are as true as those analytics, so the
 * generation's freshness is extended from the moment the analytics were fetched (a ledger
 * operation, no page fetched); otherwise the caller fills a new generation.
 *
 * @module
 */
import { type AnalyticsRow, ROW_COUNTS } from "../../lib/model/canonical.ts";
import { parseAnalyticsResponse } from "../../lib/model/wire-to-responses.ts";
import type { Rollup } from "../../lib/funnel/rollup.ts";
import { round2, type Sums } from "../../lib/funnel/sums.ts";
import {
  DAY_MS,
  formatUtcDay,
  maxWindowMs,
  retentionStart,
  startOfUtcDay,
  type TimeWindow,
} from "../../lib/windows.ts";
import { storedDayFreshness } from "../cache/freshness.ts";
import { cacheKey } from "../cache/keys.ts";
import type { DayState, Generation } from "../store/day-ledger.ts";
import type { DayAccess } from "../store/day-pages.ts";
import { rollupKey } from "../store/day-ref.ts";
import { getRollup } from "../store/page-store.ts";
import { analyticsIn } from "./analytics-days.ts";
import { emptyOutcome } from "./cache-outcome.ts";
import { type LoadContext, readCached } from "./load-context.ts";

/** Longest analytics window a check asks for (LP: analytics windows up to 60 days, notes §4). */
const CHECK_SPAN_MS = 60 * DAY_MS;

/**
 * The day's complete generation, extended, when its totals still equal the upstream's
 * analytics; null when they differ, cannot be compared (no cells stored, rows labelled in
 * another zone, analytics served stale) or a newer generation is already being filled.
 * @throws {ProxyError} from the analytics call (the caller's stale-if-error path takes over).
 */
export async function revalidated(
  context: LoadContext,
  access: DayAccess,
  state: DayState,
): Promise<Generation | null> {
  const { caller, now } = context;
  const complete = state.complete;
  if (complete === null || state.current?.generation !== complete.generation) return null;
  // A day of one page costs no more to fetch again than to check.
  if (complete.pages <= 1) return null;
  const { day } = access.ref;
  const rollup = await getRollup(
    caller.env.STORE,
    rollupKey(caller.settings.store.prefix, access.ref, complete.generation),
  );
  if (rollup?.cells === undefined) return null;
  const observed = await dayAnalytics(context, day);
  if (observed === null || !sameCells(observed.rows, rollup.cells)) return null;
  const { freshness } = caller.settings;
  const decided = storedDayFreshness({ from: day, to: day + DAY_MS }, observed.at, freshness);
  if (!decided.cacheable || observed.at + decided.freshForMs <= now) return null;
  return await access.ledger.extend({
    generation: complete.generation,
    freshUntil: observed.at + decided.freshForMs,
    keepMs: freshness.staleKeepMs,
  });
}

/**
 * The day's analytics rows and when they were fetched: its stored copy while fresh, else the
 * analytics of up to 60 days around it in as few calls as the dialect allows (stored per day).
 */
async function dayAnalytics(
  context: LoadContext,
  day: number,
): Promise<{ rows: AnalyticsRow[]; at: number } | null> {
  const { caller, now } = context;
  const key = cacheKey({
    accountId: caller.accountId,
    app: caller.app,
    operation: "accountAnalytics",
    dialect: caller.dialect,
    from: day,
    to: day + DAY_MS,
  });
  const cached = await readCached(
    context,
    key,
    (body) => parseAnalyticsResponse(body, caller.dialect).rows,
  );
  if (cached !== null && cached.fresh) return { rows: cached.value, at: cached.storedAt };
  // Its own outcome: the check is not part of what the response says of its windows.
  const check: LoadContext = { ...context, outcome: emptyOutcome() };
  const rows = await analyticsIn(check, checkWindow(context, day));
  if (check.outcome.stale > 0 || check.outcome.bypassed > 0) return null;
  const label = formatUtcDay(day);
  return { rows: rows.filter((row) => row.day === label), at: now };
}

/**
 * The days a check asks for: from the oldest maturing day to the newest day past the 20-minute
 * delay (the days whose stored copies expire and get checked), always holding `day`, within the
 * dialect's longest analytics window (60 days; one day in the 2.0 dialect).
 */
function checkWindow(context: LoadContext, day: number): TimeWindow {
  const { caller, now } = context;
  const { matureMs, minAgeMs } = caller.settings.freshness;
  const span = Math.min(CHECK_SPAN_MS, maxWindowMs("accountAnalytics", caller.dialect) ?? DAY_MS);
  const oldest = Math.max(
    startOfUtcDay(retentionStart(now)) + DAY_MS,
    startOfUtcDay(now - matureMs - minAgeMs),
  );
  let from = Math.min(day, oldest);
  let to = Math.max(day + DAY_MS, startOfUtcDay(now - minAgeMs));
  if (to - from > span) {
    from = Math.max(from, day + DAY_MS - span);
    to = from + span;
  }
  return { from, to };
}

/** Whether the analytics rows and the stored cells give the same counts and CSAT per cell. */
function sameCells(rows: AnalyticsRow[], cells: NonNullable<Rollup["cells"]>): boolean {
  const stored = new Map<string, Sums>();
  for (const [channel, skill, sums] of cells) {
    if (sums.attempted > 0) stored.set(JSON.stringify([channel, skill]), sums);
  }
  const live = rows.filter((row) => row.attempted > 0);
  if (live.length !== stored.size) return false;
  return live.every((row) => {
    const sums = stored.get(JSON.stringify([row.channel, row.skill]));
    if (sums === undefined) return false;
    const csat = sums.csatWeight > 0 ? round2(sums.csatSum / sums.csatWeight) : null;
    return ROW_COUNTS.every((name) => row[name] === sums[name]) && row.csat === csat &&
      (row.optOuts === undefined || row.optOuts === sums.optOuts) &&
      (row.optIns === undefined || row.optIns === sums.optIns);
  });
}
