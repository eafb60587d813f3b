/**
 * A stored day, page by page: choosing the generation to read or fill, obtaining one upstream
 * page through the day's ledger (stored → read from R2; in flight elsewhere → wait for it;
 * else fetch it once, store it, record it with its partial rollup), and reading a complete day
 * back one page at a time (never the whole day in memory).
 *
 * @module
 */
import { sleep } from "../../lib/client/abort.ts";
import { addToRollup, finishRollup, newRollup, type Rollup } from "../../lib/funnel/rollup.ts";
import type { Transaction } from "../../lib/model/canonical.ts";
import { parseTransactionsPage } from "../../lib/model/wire-to-responses.ts";
import type { ParsedTransactionsPage } from "../../lib/model/parsed-responses.ts";
import { DAY_MS } from "../../lib/windows.ts";
import { storedDayFreshness } from "../cache/freshness.ts";
import { ProxyError } from "../http/proxy-error.ts";
import { callUpstream, type UpstreamCaller } from "../upstream/upstream.ts";
import {
  type DayLedger,
  type DayState,
  type Generation,
  MAX_PARTIAL_CHARS,
  type PageMeta,
} from "./day-ledger.ts";
import { dayName, type DayRef, pageKey } from "./day-ref.ts";
import { getPage, putPage } from "./page-store.ts";

/** How long a claim on a page holds: longer than an upstream call with its retries. */
export const LEASE_MS = 30_000;
/** Longest pause between two looks at a page another caller is fetching. */
export const POLL_MS = 100;

/** One day and everything needed to read or fill it. */
export interface DayAccess {
  caller: UpstreamCaller;
  ref: DayRef;
  ledger: DurableObjectStub<DayLedger>;
  /** Background fills yield upstream slots to live callers. */
  background: boolean;
  /** A background fill's share of the rate at most (warming, backfill). @default 1 */
  share?: number;
  /** Stores fetched pages after the response when set (see `RequestState.defer`). */
  defer?: (work: Promise<unknown>) => void;
}

/** The day's ledger and references for a caller. */
export function dayAccess(caller: UpstreamCaller, day: number, background = false): DayAccess {
  const ref: DayRef = {
    accountId: caller.accountId,
    app: caller.app,
    dialect: caller.dialect,
    day,
  };
  const { DAYS } = caller.env;
  const ledger = DAYS.get(DAYS.idFromName(dayName(caller.settings.store.prefix, ref)));
  return { caller, ref, ledger, background };
}

/** Whether a generation's pages are still fresh at `now`. */
export function isFresh(generation: Generation | null, now: number): generation is Generation {
  return generation !== null && generation.freshUntil !== null && now < generation.freshUntil;
}

/** The generation to fetch pages into: the current one while fresh, else a new one. */
export async function fillingGeneration(access: DayAccess, state: DayState): Promise<number> {
  const now = access.caller.runtime.now();
  const current = state.current;
  if (current !== null && (current.freshUntil === null || now < current.freshUntil)) {
    return current.generation;
  }
  return (await access.ledger.begin(current?.generation ?? null)).generation;
}

/** What {@linkcode obtainPage} found or fetched. */
export interface ObtainedPage {
  /** The page; null when it was stored and the caller asked not to read it. */
  page: ParsedTransactionsPage | null;
  /** The page as the ledger records it (its next offset, counts and attempted times). */
  meta: PageMeta;
  /** Whether this call fetched it from the upstream. */
  fetched: boolean;
  /**
   * Settles once the page is recorded (after the response when the access defers storage);
   * with `wait: false`, rejects when the fetched page could not be stored.
   */
  recorded: Promise<void>;
}

/** Thrown when the generation being filled was replaced by a newer one. */
export class GenerationMoved extends Error {
  override name = "GenerationMoved";
}

/**
 * The page at `offset` of a generation: from R2 when stored, else fetched once from the
 * upstream (other callers wait for it), stored and recorded.
 * @param options `read: false` skips reading a stored page back (a fill only needs to know
 * it is there); `wait: false` returns a fetched page before it is stored (a fill's next call
 * overlaps the storing, and it awaits `recorded`).
 * @returns See {@linkcode ObtainedPage}.
 * @throws {GenerationMoved} when a newer generation replaced this one.
 * @throws {ProxyError} as `callUpstream`, or 504 when another caller's fetch never lands.
 */
export async function obtainPage(
  access: DayAccess,
  generation: number,
  offset: number,
): Promise<ObtainedPage & { page: ParsedTransactionsPage }>;
export async function obtainPage(
  access: DayAccess,
  generation: number,
  offset: number,
  options: { read: false; wait?: boolean },
): Promise<ObtainedPage>;
export async function obtainPage(
  access: DayAccess,
  generation: number,
  offset: number,
  options: { read: boolean; wait?: boolean } = { read: true },
): Promise<ObtainedPage> {
  const { caller, ref, ledger } = access;
  const { now } = caller.runtime;
  const bucket = caller.env.STORE;
  const key = pageKey(caller.settings.store.prefix, ref, generation, offset);
  const deadline = Date.now() + LEASE_MS;
  for (;;) {
    const claim = await ledger.claim({ generation, offset, leaseMs: LEASE_MS, now: now() });
    if (claim.kind === "moved") throw new GenerationMoved(`Generation ${generation} was replaced`);
    if (claim.kind === "stored") {
      const recorded = Promise.resolve();
      const meta = claim.page;
      if (!options.read) return { page: null, meta, fetched: false, recorded };
      const page = await getPage(bucket, key, ref.dialect);
      if (page !== null) return { page, meta, fetched: false, recorded };
      await ledger.drop(generation, offset);
      continue;
    }
    if (claim.kind === "busy") {
      if (Date.now() > deadline) {
        throw new ProxyError(504, "Another request's fetch of this page did not finish");
      }
      await sleep(Math.min(claim.retryMs, POLL_MS));
      continue;
    }
    let page: ParsedTransactionsPage;
    try {
      page = await fetchPage(access, offset);
    } catch (error) {
      await ledger.release(generation, offset);
      throw error;
    }
    // Others waiting for this page read it once it is recorded; the caller need not wait. A
    // live caller has its page whatever R2 does (the failure is logged and the day stays not
    // whole); a fill fails, so that its message is delivered again.
    const meta = pageMeta(page, offset, now());
    const stored = storePage(access, generation, { page, meta });
    if (options.wait === false) return { page, meta, fetched: true, recorded: stored };
    const recorded = stored.catch((error) => logStoreFailure(access, error));
    if (access.defer !== undefined) access.defer(recorded);
    else await (access.background ? stored : recorded);
    return { page, meta, fetched: true, recorded };
  }
}

/** Writes a fetched page to R2 and records it with its partial; on failure the claim is given up. */
async function storePage(
  access: DayAccess,
  generation: number,
  { page, meta }: { page: ParsedTransactionsPage; meta: PageMeta },
): Promise<void> {
  const { offset } = meta;
  const { caller, ref, ledger } = access;
  const { now } = caller.runtime;
  try {
    const key = pageKey(caller.settings.store.prefix, ref, generation, offset);
    await putPage(caller.env.STORE, key, page, ref.dialect);
    const freshness = storedDayFreshness(
      { from: ref.day, to: ref.day + DAY_MS },
      now(),
      caller.settings.freshness,
    );
    const partial = pagePartial(page);
    await ledger.commit({
      generation,
      page: meta,
      ...(partial === undefined ? {} : { partial }),
      freshForMs: freshness.cacheable ? freshness.freshForMs : 0,
      keepMs: caller.settings.freshness.staleKeepMs,
    });
  } catch (error) {
    await ledger.release(generation, offset);
    throw error;
  }
}

function logStoreFailure(access: DayAccess, error: unknown): void {
  console.error(JSON.stringify({
    traceId: access.caller.traceId,
    store: `page of ${dayName(access.caller.settings.store.prefix, access.ref)} not stored`,
    error: String(error).slice(0, 300),
  }));
}

/** One upstream page of the day, `FILL_PAGE_SIZE` long, through the schedule. */
async function fetchPage(access: DayAccess, offset: number): Promise<ParsedTransactionsPage> {
  const { caller, ref, background, share } = access;
  const page = await callUpstream(caller, {
    operation: "transactions",
    path: "transactions/",
    query: {
      attemptedStartTime: String(ref.day),
      attemptedEndTime: String(ref.day + DAY_MS),
      ...(offset > 0 ? { offset: String(offset) } : {}),
      limit: String(caller.settings.store.pageSize),
    },
    background,
    ...(share === undefined ? {} : { share }),
  }, (json) => parseTransactionsPage(json, ref.dialect));
  const next = page.page.nextOffset;
  if (next !== null && next <= offset) {
    throw new ProxyError(502, "The upstream's paging does not advance");
  }
  return page;
}

function pageMeta(page: ParsedTransactionsPage, offset: number, storedAt: number): PageMeta {
  let firstTime: number | null = null;
  let lastTime: number | null = null;
  let untimed = 0;
  for (const tx of page.transactions) {
    const at = tx.attemptedTime;
    if (at === null) {
      untimed++;
      continue;
    }
    if (firstTime === null || at < firstTime) firstTime = at;
    if (lastTime === null || at > lastTime) lastTime = at;
  }
  return {
    offset,
    next: page.page.nextOffset,
    count: page.transactions.length,
    untimed,
    storedAt,
    firstTime,
    lastTime,
  };
}

/** The rollup of one page's transactions; undefined when too big to record with the page. */
function pagePartial(page: ParsedTransactionsPage): Rollup | undefined {
  const builder = newRollup();
  addToRollup(builder, page.transactions);
  const partial = finishRollup(builder);
  return JSON.stringify(partial).length <= MAX_PARTIAL_CHARS ? partial : undefined;
}

/** Thrown when a page of a complete day no longer reads back: the day is not whole any more. */
export class StoredPageLost extends Error {
  override name = "StoredPageLost";
}

/**
 * The pages of a complete generation in the upstream's order, one in memory at a time; pages
 * wholly outside `[from, to)` are not read (pages with untimed rows always are).
 * @throws {StoredPageLost} when a page does not read back (it is dropped from the ledger).
 */
export async function* storedPages(
  access: DayAccess,
  generation: number,
  window: { from: number; to: number } = { from: -Infinity, to: Infinity },
): AsyncGenerator<Transaction[]> {
  for (const meta of await access.ledger.pages(generation)) {
    const outside = meta.untimed === 0 &&
      (meta.lastTime === null || meta.lastTime < window.from || meta.firstTime! >= window.to);
    if (outside) continue;
    yield await storedPage(access, generation, meta.offset);
  }
}

/**
 * The transactions of one stored page of a generation, read from R2.
 * @throws {StoredPageLost} when it does not read back (it is dropped from the ledger).
 */
export async function storedPage(
  access: DayAccess,
  generation: number,
  offset: number,
): Promise<Transaction[]> {
  const { caller, ref, ledger } = access;
  const prefix = caller.settings.store.prefix;
  const page = await getPage(
    caller.env.STORE,
    pageKey(prefix, ref, generation, offset),
    ref.dialect,
  );
  if (page === null) {
    await ledger.drop(generation, offset);
    throw new StoredPageLost(`Page ${offset} of ${dayName(prefix, ref)} did not read back`);
  }
  return page.transactions;
}
