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
  POLL_MS,
  storedPage,
} from "../store/day-pages.ts";
import { deletePrefix, putRollup } from "../store/page-store.ts";
import { fetchChain } from "./fill-lanes.ts";

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
    const chain = await fetchChain(access, generation, {
      from: frontier.offset,
      maxPages: maxPages - fetched,
    });
    fetched += chain.fetched;
    if (chain.failure === null) continue;
    if (!(chain.failure.error instanceof GenerationMoved)) throw chain.failure.error;
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
