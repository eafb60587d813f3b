/**
 * The rollups of a range of days for `/_edge/funnel`'s transaction dimensions: each closed day
 * from its stored rollup (extended when its totals still equal its analytics, else filling
 * small days inline and enqueueing the background fill of the others, meanwhile serving the
 * previous complete generation's rollup, labelled); an open or too-recent day, which is never
 * stored, from its transactions relayed page by page (as the drop-in route pages it) and summed
 * one page at a time; and, for a funnel filtered by channel or skill, one rollup of the range's
 * filtered transactions.
 *
 * @module
 */
import {
  addToRollup,
  finishRollup,
  newRollup,
  type Rollup,
  type RollupBuilder,
} from "../../lib/funnel/rollup.ts";
import type { AnalyticsFilters } from "../../lib/model/canonical.ts";
import { DAY_MS } from "../../lib/windows.ts";
import { archivedDayRollup, retentionCut } from "../archive/archived-answers.ts";
import { freshnessFor, tierOf } from "../cache/freshness.ts";
import { fillDay } from "../fill/fill-day.ts";
import { requestFill } from "../fill/fill-queue.ts";
import type { Generation } from "../store/day-ledger.ts";
import { type DayAccess, dayAccess, isFresh } from "../store/day-pages.ts";
import { rollupKey } from "../store/day-ref.ts";
import { getRollup } from "../store/page-store.ts";
import { noteAge, noteTier, noteTtl } from "./cache-outcome.ts";
import { revalidated } from "./day-check.ts";
import type { LoadContext } from "./load-context.ts";
import { windowPages } from "./transactions-pages.ts";

/** Days read at once (R2 reads and ledger calls in flight per request). */
const PARALLEL_DAYS = 32;
/** Days' worth of inline pages (`INLINE_FILL_PAGES` each) one funnel request may fetch itself. */
const INLINE_DAYS = 10;

/** The rollups found, and the days still being filled. */
export interface RangeRollups {
  rollups: Rollup[];
  /** Days (midnight UTC) whose rollup is not stored yet: their fill is under way. */
  filling: number[];
}

/** The rollups of `days` (midnights UTC); see the module comment. */
export async function rollupsIn(context: LoadContext, days: number[]): Promise<RangeRollups> {
  const rollups: Rollup[] = [];
  const filling: number[] = [];
  // Pages this request may fetch itself: a short cold range completes inline, a long one is
  // left to the background fill at once.
  const budget = { pages: context.caller.settings.store.inlinePages * INLINE_DAYS };
  for (let i = 0; i < days.length; i += PARALLEL_DAYS) {
    const batch = days.slice(i, i + PARALLEL_DAYS);
    const found = await Promise.all(batch.map((day) => rollupOfDay(context, day, budget)));
    found.forEach((rollup, j) => rollup === null ? filling.push(batch[j]!) : rollups.push(rollup));
  }
  return { rollups, filling };
}

async function rollupOfDay(
  context: LoadContext,
  day: number,
  budget: { pages: number },
): Promise<Rollup | null> {
  const { caller, now, outcome } = context;
  // Older than LivePerson's retention: the archive's, or LivePerson's 400.
  if (day < retentionCut(caller, now)) return await archivedDayRollup(context, day);
  const window = { from: day, to: day + DAY_MS };
  noteTier(outcome, tierOf(window, now, caller.settings.freshness).tier);
  const freshness = freshnessFor(window, now, caller.settings.freshness);
  // Never stored: relayed page by page (the pages say so in the outcome).
  if (!freshness.cacheable) return await relayedRollup(context, day);
  const access = dayAccess(caller, day);
  const state = await access.ledger.state();
  const previous = state.complete;
  const kept = previous !== null && previous.keepUntil !== null && now < previous.keepUntil
    ? previous
    : null;
  let complete = isFresh(previous, now) ? previous : await revalidated(context, access, state);
  if (isFresh(complete, now)) {
    outcome.hits += 1;
    noteAge(outcome, now - (complete.startedAt ?? now));
  } else {
    const allowed = Math.max(0, Math.min(caller.settings.store.inlinePages, budget.pages));
    if (allowed === 0 && (state.current?.pages ?? 0) === 0) {
      // Nothing of it stored yet and no inline budget left: straight to the background fill.
      await requestFill(access);
      return await refreshing(context, access, kept);
    }
    budget.pages -= allowed;
    const filled = await fillDay(access, allowed, state);
    budget.pages += allowed - filled.fetched;
    if (filled.fetched > 0) outcome.misses += 1;
    complete = filled.complete;
    if (!isFresh(complete, now)) {
      if (complete === null) await requestFill(access);
      return await refreshing(context, access, kept);
    }
  }
  noteTtl(outcome, complete.freshUntil! - now);
  return await storedRollup(access, complete.generation);
}

/**
 * While a day's new generation fills, the rollup of its previous complete one while it is kept,
 * labelled (`fwd=stale`, `refreshing`); null when there is none.
 */
async function refreshing(
  context: LoadContext,
  access: DayAccess,
  kept: Generation | null,
): Promise<Rollup | null> {
  if (kept === null) return null;
  const rollup = await storedRollup(access, kept.generation);
  if (rollup === null) return null;
  context.outcome.stale += 1;
  context.outcome.detail ??= "refreshing";
  noteAge(context.outcome, context.now - (kept.startedAt ?? context.now));
  return rollup;
}

async function storedRollup(access: DayAccess, generation: number): Promise<Rollup | null> {
  const { caller, ref } = access;
  const key = rollupKey(caller.settings.store.prefix, ref, generation);
  const rollup = await getRollup(caller.env.STORE, key);
  if (rollup !== null) return rollup;
  // Lost or unreadable: the day is rolled up again from its stored pages by its next fill.
  await access.ledger.reopen(generation);
  await requestFill(access);
  return null;
}

/**
 * One rollup of the filtered transactions of `days` (midnights UTC), summed page by page as
 * the drop-in route pages them (stored days from storage, others relayed): what a funnel
 * filtered by channel or skill is grouped from, since a stored rollup sums each dimension alone.
 */
export async function filteredRollup(
  context: LoadContext,
  days: number[],
  filters: AnalyticsFilters,
): Promise<Rollup> {
  const rollup = newRollup();
  for (const day of days) await addDay(context, rollup, day, filters);
  return finishRollup(rollup);
}

/** A day that is not stored, summed from its transactions page by page. */
async function relayedRollup(context: LoadContext, day: number): Promise<Rollup> {
  const rollup = newRollup();
  await addDay(context, rollup, day, {});
  return finishRollup(rollup);
}

async function addDay(
  context: LoadContext,
  rollup: RollupBuilder,
  day: number,
  filters: AnalyticsFilters,
): Promise<void> {
  for await (const page of windowPages(context, { from: day, to: day + DAY_MS }, filters)) {
    addToRollup(rollup, page);
  }
}
