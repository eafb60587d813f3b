/**
 * The transactions of a request's window, one page of them, from the stored days where they
 * are whole and fresh, else served through from the upstream — page for page the same
 * transactions, order and offsets either way (the upstream orders a window's transactions by
 * `attemptedTime` [INF], and a stored day keeps its pages in the upstream's order):
 *
 * 1. A window that is not closed (open, too recent, leaving the retention) is relayed as it is.
 * 2. A whole UTC day asked unfiltered with the fill's page length, at a page boundary, is that
 *    upstream page: read from R2 when stored, else fetched once (through the day's ledger),
 *    stored and answered. The rest of the day is left to the background fill.
 * 3. Otherwise every day of the window must be stored whole: a request fetches at most
 *    `INLINE_FILL_PAGES` pages of each missing day itself (small days complete inline), the
 *    background fill gets the rest, and meanwhile the request is relayed as it is: one page
 *    of a day costs one upstream call, never the whole day.
 *
 * A stored day whose transactions lack `attemptedTime` is whole only as a whole day: a
 * window that cuts it is relayed (logged, `Cache-Status` detail `untimed`), never answered
 * without those rows. A stored day whose freshness ran out is first compared with its analytics
 * (worker/data/day-check.ts) and extended when they are equal; while a new generation of it
 * fills, its previous complete generation answers (`fwd=stale`, `refreshing`). After an upstream
 * failure, a day's last complete generation is served stale while it is kept (`fwd=stale`).
 *
 * @module
 */
import type { Transaction, TransactionFilters } from "../../lib/model/canonical.ts";
import { formatChannel } from "../../lib/model/channel.ts";
import { parseTransactionsPage } from "../../lib/model/wire-to-responses.ts";
import type { ParsedTransactionsPage } from "../../lib/model/parsed-responses.ts";
import { DAY_MS, startOfUtcDay, type TimeWindow } from "../../lib/windows.ts";
import { archivedPage, retentionCut } from "../archive/archived-answers.ts";
import { freshnessFor, storedDayFreshness, tierOf } from "../cache/freshness.ts";
import { fillDay } from "../fill/fill-day.ts";
import { requestFill } from "../fill/fill-queue.ts";
import { ProxyError } from "../http/proxy-error.ts";
import { logError } from "../error-log.ts";
import { windowPage } from "./window-page.ts";
import type { Generation } from "../store/day-ledger.ts";
import {
  type DayAccess,
  dayAccess,
  fillingGeneration,
  GenerationMoved,
  isFresh,
  obtainPage,
  StoredPageLost,
  storedPages,
} from "../store/day-pages.ts";
import { callUpstream } from "../upstream/upstream.ts";
import { noteAge, noteTier, noteTtl } from "./cache-outcome.ts";
import { revalidated } from "./day-check.ts";
import {
  flightKey,
  isUpstreamFailure,
  type LoadContext,
  mayReadCache,
  noteUpstreamSuccess,
} from "./load-context.ts";

/** One page of a window's filtered transactions, as a client asked for it. */
export interface TransactionsRequest {
  window: TimeWindow;
  filters: TransactionFilters;
  offset: number;
  limit: number;
}

/** A page (wire `page` in canonical form) and its transactions. */
export type TransactionsAnswer = Pick<ParsedTransactionsPage, "page" | "transactions">;

/** Answers one transactions request; see the module comment. */
export async function transactionsPage(
  context: LoadContext,
  request: TransactionsRequest,
): Promise<TransactionsAnswer> {
  const { caller, now } = context;
  const { window } = request;
  // Older than LivePerson's retention: the archive's, or LivePerson's 400.
  if (window.from < retentionCut(caller, now)) return await archivedPage(context, request);
  const days: number[] = [];
  for (let day = startOfUtcDay(window.from); day < window.to; day += DAY_MS) days.push(day);
  for (const day of days) {
    const window = { from: day, to: day + DAY_MS };
    noteTier(context.outcome, tierOf(window, now, caller.settings.freshness).tier);
    const freshness = freshnessFor(window, now, caller.settings.freshness);
    if (!freshness.cacheable) return await relayed(context, request, freshness.reason);
  }
  if (!await mayReadCache(context)) {
    const answer = await relayed(context, request, "passthrough");
    await noteUpstreamSuccess(context);
    return answer;
  }
  const accesses = days.map((day) => ({
    ...dayAccess(caller, day),
    ...(context.defer === undefined ? {} : { defer: context.defer }),
  }));
  try {
    return await fromDays(context, accesses, request);
  } catch (error) {
    if (!isUpstreamFailure(error)) throw error;
    return await staleAnswer(context, accesses, request, error as ProxyError);
  }
}

/** Cases 2 and 3 of the module comment. */
async function fromDays(
  context: LoadContext,
  accesses: DayAccess[],
  request: TransactionsRequest,
): Promise<TransactionsAnswer> {
  const { now, outcome } = context;
  const { window } = request;
  if (isUpstreamPage(context, request, accesses)) {
    const answer = await upstreamPage(context, accesses[0]!, request.offset);
    if (answer !== null) return answer;
  }
  const served = await Promise.all(accesses.map((access) => wholeDay(context, access)));
  const generations = served.map((day) => day?.generation ?? null);
  const untimed = accesses.find((access, i) =>
    (generations[i]?.untimed ?? 0) > 0 &&
    (window.from > access.ref.day || window.to < access.ref.day + DAY_MS)
  );
  if (untimed !== undefined) {
    console.error(JSON.stringify({
      traceId: context.traceId,
      untimed: `day ${untimed.ref.day} has transactions without attemptedTime; window relayed`,
    }));
    return await relayed(context, request, "untimed");
  }
  if (generations.every((g) => g !== null)) {
    try {
      const answer = await fromStorage(accesses, generations as Generation[], request);
      for (const day of served) {
        const { generation, refreshing } = day!;
        noteAge(outcome, now - (generation.startedAt ?? now));
        if (refreshing) {
          // The day's previous complete generation, whole, while its new one fills: labelled.
          outcome.stale += 1;
          outcome.detail ??= "refreshing";
          continue;
        }
        outcome.hits += 1;
        noteTtl(outcome, generation.freshUntil! - now);
      }
      return answer;
    } catch (error) {
      if (!(error instanceof StoredPageLost)) throw error;
      console.error(JSON.stringify({ traceId: context.traceId, store: error.message }));
    }
  }
  return await relayed(context, request, "filling");
}

/**
 * The filtered transactions of `window`, a page at a time, as the drop-in route pages them:
 * from the stored days where they are stored, else one upstream call per page.
 * @throws {ProxyError} as {@link transactionsPage}, and 502 when the paging does not advance.
 */
export async function* windowPages(
  context: LoadContext,
  window: TimeWindow,
  filters: TransactionFilters = {},
): AsyncGenerator<Transaction[], void, undefined> {
  const limit = context.caller.settings.store.pageSize;
  for (let offset: number | null = 0; offset !== null;) {
    const { page, transactions } = await transactionsPage(context, {
      window,
      filters,
      offset,
      limit,
    });
    yield transactions;
    const next: number | null = page.nextOffset;
    if (next !== null && next <= offset) {
      throw new ProxyError(502, "The upstream's paging does not advance");
    }
    offset = next;
  }
}

/** Whether the request is exactly one upstream page of a stored day's chain. */
function isUpstreamPage(
  context: LoadContext,
  request: TransactionsRequest,
  accesses: DayAccess[],
): boolean {
  const { window, filters, offset, limit } = request;
  const { pageSize } = context.caller.settings.store;
  const day = accesses[0]?.ref.day;
  return accesses.length === 1 && window.from === day && window.to === day + DAY_MS &&
    Object.values(filters).every((values) => values === undefined) &&
    limit === pageSize && offset % pageSize === 0;
}

/** Case 2 of the module comment; null when the day's generation moved meanwhile. */
async function upstreamPage(
  context: LoadContext,
  access: DayAccess,
  offset: number,
): Promise<TransactionsAnswer | null> {
  const { outcome, now } = context;
  const state = await access.ledger.state();
  try {
    const current = isFresh(state.complete, now)
      ? state.complete
      : await revalidated(context, access, state);
    const generation = isFresh(current, now)
      ? current.generation
      : await fillingGeneration(access, state);
    const { value: { page, fetched, recorded }, collapsed } = await context.coalescer.run(
      `page|${access.ledger.id.toString()}|${generation}|${offset}`,
      () => obtainPage(access, generation, offset),
    );
    if (collapsed) outcome.collapsed += 1;
    if (fetched) {
      outcome.misses += 1;
      if (!collapsed) outcome.stored += 1;
    } else {
      outcome.hits += 1;
      noteAge(outcome, now - (current?.startedAt ?? now));
    }
    const freshness = storedDayFreshness(
      { from: access.ref.day, to: access.ref.day + DAY_MS },
      now,
      context.caller.settings.freshness,
    );
    if (freshness.cacheable) noteTtl(outcome, freshness.freshForMs);
    if (fetched && !collapsed) {
      // The rest of the day: rolled up now if this was its only page, else filled behind.
      const last = page.page.nextOffset === null && offset === 0;
      const followUp = recorded.then(async () => {
        if (last) await fillDay(access, 0);
        else await requestFill(access);
      });
      if (context.defer === undefined) await followUp;
      else context.defer(followUp.catch((error) => logFollowUp(context, error)));
    }
    return { page: page.page, transactions: page.transactions };
  } catch (error) {
    if (error instanceof GenerationMoved) return null;
    throw error;
  }
}

function logFollowUp(context: LoadContext, error: unknown): void {
  console.error(JSON.stringify({ traceId: context.traceId, fill: String(error).slice(0, 300) }));
}

/**
 * The day's complete, fresh generation: as stored, extended when its totals still equal its
 * analytics, or filled (at most `INLINE_FILL_PAGES` pages by this request). While a new
 * generation is still incomplete (its background fill is then enqueued), the previous complete
 * one while it is kept (`refreshing`: never a mix of the two); else null.
 */
async function wholeDay(
  context: LoadContext,
  access: DayAccess,
): Promise<{ generation: Generation; refreshing: boolean } | null> {
  const { now, outcome } = context;
  const state = await access.ledger.state();
  const previous = state.complete;
  const kept = previous !== null && previous.keepUntil !== null && now < previous.keepUntil
    ? previous
    : null;
  if (isFresh(previous, now)) return { generation: previous, refreshing: false };
  const extended = await revalidated(context, access, state);
  if (isFresh(extended, now)) return { generation: extended, refreshing: false };
  // One inline fill per day and isolate; other isolates wait on the day's ledger.
  let filled;
  try {
    filled = await context.coalescer.run(
      `fill|${access.ledger.id.toString()}`,
      () => fillDay(access, context.caller.settings.store.inlinePages, state),
    );
  } catch (error) {
    if (error instanceof ProxyError) throw error;
    // Storage failing (R2, the ledger): the day is not whole here; the background fill retries.
    logError(context.traceId, "inline fill", error);
    await requestFill(access);
    return null;
  }
  const { value: { complete, fetched }, collapsed } = filled;
  if (collapsed) outcome.collapsed += 1;
  else if (fetched > 0) {
    outcome.misses += 1;
    outcome.stored += complete !== null ? 1 : 0;
  }
  if (isFresh(complete, now)) return { generation: complete, refreshing: false };
  await requestFill(access);
  return kept === null ? null : { generation: kept, refreshing: true };
}

/** The days' last complete generations after an upstream failure, while kept; else the failure. */
async function staleAnswer(
  context: LoadContext,
  accesses: DayAccess[],
  request: TransactionsRequest,
  error: ProxyError,
): Promise<TransactionsAnswer> {
  const states = await Promise.all(accesses.map((access) => access.ledger.state()));
  const kept = states.map((s) => s.complete).filter((g): g is Generation =>
    g !== null && g.keepUntil !== null && context.now < g.keepUntil
  );
  if (kept.length !== accesses.length) throw error;
  context.outcome.stale += 1;
  for (const generation of kept) noteAge(context.outcome, context.now - generation.startedAt!);
  context.outcome.detail = `upstream-${error.status}`;
  return await fromStorage(accesses, kept, request);
}

/** One page of the window's filtered transactions read from complete generations. */
function fromStorage(
  accesses: DayAccess[],
  generations: Generation[],
  request: TransactionsRequest,
): Promise<TransactionsAnswer> {
  return windowPage(
    accesses.map((access, i) => ({
      day: access.ref.day,
      pages: storedPages(access, generations[i]!.generation, request.window),
    })),
    request,
  );
}

/**
 * The request relayed to the upstream as it is (one call through the schedule), shared by
 * identical concurrent requests of this isolate.
 */
async function relayed(
  context: LoadContext,
  request: TransactionsRequest,
  reason: string,
): Promise<TransactionsAnswer> {
  const { caller, outcome } = context;
  const { window, filters, offset, limit } = request;
  outcome.bypassed += 1;
  outcome.detail ??= reason;
  const query: Record<string, string> = {
    attemptedStartTime: String(window.from),
    attemptedEndTime: String(window.to),
    ...(offset > 0 ? { offset: String(offset) } : {}),
    limit: String(limit),
  };
  const lists: [string, string[] | undefined][] = [
    ["channels", filters.channels?.map((channel) => formatChannel(channel, caller.dialect))],
    ["skills", filters.skills],
    ["messagestatus", filters.statuses],
    ["handoffids", filters.handoffIds],
  ];
  for (const [name, values] of lists) if (values !== undefined) query[name] = values.join(",");
  const key = `${await flightKey(
    context,
    JSON.stringify(query),
  )}|relay|${caller.accountId}|${caller.app}|${caller.dialect}`;
  const { value, collapsed } = await context.coalescer.run(key, () =>
    callUpstream(
      caller,
      { operation: "transactions", path: "transactions/", query },
      (json) => parseTransactionsPage(json, caller.dialect),
    ));
  if (collapsed) outcome.collapsed += 1;
  return { page: value.page, transactions: value.transactions };
}
