/**
 * Filling a day: walk the chain of upstream pages from offset 0, obtaining each missing page
 * once through the day's ledger, then roll the complete day up and make it the one served.
 * The same steps serve a request that fills a small day inline and the queue consumer that
 * fills a large day in the background; either may stop after a number of pages and another
 * resumes where it stopped.
 *
 * @module
 */
import { sleep } from "../../lib/client/abort.ts";
import {
  addToRollup,
  finishRollup,
  mergeRollups,
  newRollup,
  type Rollup,
} from "../../lib/funnel/rollup.ts";
import type { DayState, Generation } from "../store/day-ledger.ts";
import { dayName, rollupKey } from "../store/day-ref.ts";
import {
  type DayAccess,
  fillingGeneration,
  GenerationMoved,
  isFresh,
  LEASE_MS,
  obtainPage,
  POLL_MS,
  storedPage,
} from "../store/day-pages.ts";
import { deletePrefix, putRollup } from "../store/page-store.ts";

/** Pages a fill fetches at once: enough to keep 10 requests/s going at ~100-200 ms latency. */
const FILL_LANES = 3;
/** Pages of a day known before each further lane opens: at most 10 % of calls past its end. */
const PAGES_PER_LANE = 10;

/** What one {@link fillDay} call did. */
export interface FillResult {
  /** The day's complete generation when it is stored whole now; else null. */
  complete: Generation | null;
  /** Pages this call fetched from the upstream. */
  fetched: number;
}

/**
 * Fills a day until it is complete or `maxPages` pages were fetched by this call.
 * @param known The day's state when the caller just read it (saves reading it again).
 * @throws {ProxyError} from the upstream calls (the pages stored so far stay stored).
 */
export async function fillDay(
  access: DayAccess,
  maxPages: number,
  known?: DayState,
): Promise<FillResult> {
  const { ledger, caller } = access;
  let state = known ?? await ledger.state();
  if (isFresh(state.complete, caller.runtime.now())) {
    return { complete: state.complete, fetched: 0 };
  }
  let generation = await fillingGeneration(access, state);
  let fetched = 0;
  for (;;) {
    const frontier = await ledger.nextMissing(generation);
    if (frontier.done) {
      return { complete: await finishOnce(access, generation), fetched };
    }
    if (fetched >= maxPages) return { complete: null, fetched };
    // Pages are fetched by a few lanes at once, each taking the next offset as it frees,
    // assuming the upstream's pages are FILL_PAGE_SIZE long: at the upstream's latency one lane
    // cannot keep the rate filled. Lanes stop at the last page; those already past it cost a
    // call each (at most one per PAGES_PER_LANE pages of the day, never on a day of fewer);
    // a wrong guess is a stored page off the chain.
    const { pageSize } = caller.settings.store;
    let next = frontier.offset;
    let end = Infinity;
    const lane = async (): Promise<void> => {
      while (fetched < maxPages && next <= end) {
        const offset = next;
        next += pageSize;
        const obtained = await obtainPage(access, generation, offset, { read: false });
        if (obtained.fetched) fetched++;
        if (obtained.next === null) end = Math.min(end, offset);
      }
    };
    // One lane for a day's first pages (small days waste nothing), more once it proves long.
    const known = Math.floor(frontier.offset / pageSize);
    const wanted = Math.min(FILL_LANES, 1 + Math.floor(known / PAGES_PER_LANE));
    const lanes = Math.max(1, Math.min(wanted, maxPages - fetched));
    const results = await Promise.allSettled(Array.from({ length: lanes }, lane));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failure === undefined) continue;
    if (!(failure.reason instanceof GenerationMoved)) throw failure.reason;
    state = await ledger.state();
    generation = await fillingGeneration(access, state);
  }
}

/** Rolls the generation up, or waits while another caller does; the complete generation. */
async function finishOnce(access: DayAccess, generation: number): Promise<Generation | null> {
  const { ledger, caller } = access;
  const deadline = Date.now() + LEASE_MS;
  while (!await ledger.claimFinish(generation, caller.runtime.now(), LEASE_MS)) {
    const { complete } = await ledger.state();
    if (complete?.generation === generation) return complete;
    if (Date.now() > deadline) return null;
    await sleep(POLL_MS);
  }
  try {
    return await finishDay(access, generation);
  } catch (error) {
    // The claim goes with the failure, so the next caller rolls the day up at once.
    await ledger.reopen(generation);
    throw error;
  }
}

/**
 * Rolls a whole generation up from the partials recorded with its pages (a page without one is
 * read back from R2, one in memory at a time), stores the rollup and marks the generation
 * complete; the previous complete generation's objects are deleted.
 */
async function finishDay(access: DayAccess, generation: number): Promise<Generation | null> {
  const { caller, ref, ledger } = access;
  const { prefix } = caller.settings.store;
  const { rollup: recorded, missing } = await ledger.chainRollup(generation);
  const rest = newRollup();
  for (const offset of missing) addToRollup(rest, await storedPage(access, generation, offset));
  // RPC's types widen the rollup's tuples to arrays; the value is the ledger's Rollup.
  const rollup = mergeRollups([recorded as Rollup, finishRollup(rest)]);
  await putRollup(caller.env.STORE, rollupKey(prefix, ref, generation), rollup);
  const { complete, previous } = await ledger.finish(generation);
  if (previous !== null) {
    await deletePrefix(caller.env.STORE, `${dayName(prefix, ref)}/g${previous}/`);
  }
  return complete;
}
