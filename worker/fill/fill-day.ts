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
import { addToRollup, finishRollup, newRollup } from "../../lib/funnel/rollup.ts";
import { dayName, rollupKey } from "../store/day-ref.ts";
import {
  type DayAccess,
  fillingGeneration,
  GenerationMoved,
  isFresh,
  LEASE_MS,
  obtainPage,
  POLL_MS,
  storedPages,
} from "../store/day-pages.ts";
import { deletePrefix, putRollup } from "../store/page-store.ts";

/** What one {@link fillDay} call did. */
export interface FillResult {
  /** Whether the day is stored whole and fresh now. */
  complete: boolean;
  /** Pages this call fetched from the upstream. */
  fetched: number;
}

/**
 * Fills a day until it is complete or `maxPages` pages were fetched by this call.
 * @throws {ProxyError} from the upstream calls (the pages stored so far stay stored).
 */
export async function fillDay(access: DayAccess, maxPages: number): Promise<FillResult> {
  const { ledger, caller } = access;
  let state = await ledger.state();
  if (isFresh(state.complete, caller.runtime.now())) return { complete: true, fetched: 0 };
  let generation = await fillingGeneration(access, state);
  let fetched = 0;
  for (;;) {
    const frontier = await ledger.nextMissing(generation);
    if (frontier.done) {
      return { complete: await finishOnce(access, generation), fetched };
    }
    if (fetched >= maxPages) return { complete: false, fetched };
    try {
      if ((await obtainPage(access, generation, frontier.offset)).fetched) fetched++;
    } catch (error) {
      if (!(error instanceof GenerationMoved)) throw error;
      state = await ledger.state();
      generation = await fillingGeneration(access, state);
    }
  }
}

/** Rolls the generation up, or waits while another caller does; whether it is complete. */
async function finishOnce(access: DayAccess, generation: number): Promise<boolean> {
  const { ledger, caller } = access;
  const deadline = Date.now() + LEASE_MS;
  while (!await ledger.claimFinish(generation, caller.runtime.now(), LEASE_MS)) {
    const { complete } = await ledger.state();
    if (complete?.generation === generation) return true;
    if (Date.now() > deadline) return false;
    await sleep(POLL_MS);
  }
  await finishDay(access, generation);
  return true;
}

/**
 * Rolls a whole generation up (one page in memory at a time), stores the rollup and marks
 * the generation complete; the previous complete generation's objects are deleted.
 */
async function finishDay(access: DayAccess, generation: number): Promise<void> {
  const { caller, ref, ledger } = access;
  const { prefix } = caller.settings.store;
  const rollup = newRollup();
  for await (const transactions of storedPages(access, generation)) {
    addToRollup(rollup, transactions);
  }
  await putRollup(caller.env.STORE, rollupKey(prefix, ref, generation), finishRollup(rollup));
  const { previous } = await ledger.finish(generation);
  if (previous !== null) {
    await deletePrefix(caller.env.STORE, `${dayName(prefix, ref)}/g${previous}/`);
  }
}
