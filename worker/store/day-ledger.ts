/**
 * The Durable Object that keeps one stored day honest: one object per (account, app, dialect,
 * UTC day), the single place that knows which upstream pages of the day are in R2, which are
 * being fetched right now, and whether the day is complete. Every isolate asks it before it
 * fetches a page, so a page is fetched once however many callers, isolates and fills want it;
 * its SQLite storage outlives restarts, so an interrupted fill resumes where it stopped.
 *
 * Generations: each complete fetch of a day is a generation with its own R2 keys. A settling
 * day that went stale starts a new generation; the last complete one stays readable (for
 * stale-if-error) until the new one completes. A day is served whole only from a complete
 * generation: a day missing a page is not a stored day. A complete generation whose totals
 * still equal the upstream's when it expires is extended instead of fetched again.
 *
 * Partials: each page is recorded with its partial rollup (the rollup of its transactions,
 * under a key of its own), so rolling a whole generation up sums the partials of its chain
 * instead of reading every page back from R2. Only the pages of the chain count, each once;
 * a page dropped takes its partial with it; a page recorded without one (too big for a value,
 * or stored before partials) is read back from R2 instead.
 *
 * @module
 */
import { DurableObject } from "cloudflare:workers";
import { isRollup, mergeRollups, type Rollup } from "../../lib/funnel/rollup.ts";
import type { Env } from "../env.ts";

/** One upstream page of a day as stored in R2. */
export interface PageMeta {
  /** The page's `currentOffset`. */
  offset: number;
  /** The upstream's `nextOffset`; null on the day's last page. */
  next: number | null;
  /** Transactions on the page. */
  count: number;
  /** Transactions on the page without an `attemptedTime`. */
  untimed: number;
  /** When it was fetched, epoch ms. */
  storedAt: number;
  /** Earliest and latest `attemptedTime` on the page; null when none has one. */
  firstTime: number | null;
  lastTime: number | null;
}

/** One generation of a day. */
export interface Generation {
  generation: number;
  /** When its first page was fetched; null before any. */
  startedAt: number | null;
  /** Until when its pages are fresh (decided with the first page), epoch ms. */
  freshUntil: number | null;
  /** Until when it may still be served stale after an upstream failure, epoch ms. */
  keepUntil: number | null;
  /** Pages stored so far. */
  pages: number;
  /** Whether every page from offset 0 to the last is stored. */
  complete: boolean;
  /** Transactions of the day, once complete. */
  total: number | null;
  /** Transactions without an `attemptedTime`, once complete. */
  untimed: number | null;
  /** Whether its rollup is stored. */
  rolledUp: boolean;
}

/** The day as the ledger sees it. */
export interface DayState {
  /** The generation pages are fetched into now; null before the first request. */
  current: Generation | null;
  /** The newest complete generation (maybe `current`); null when none. */
  complete: Generation | null;
}

/** What {@linkcode DayLedger.claim} answers. */
export type Claim =
  | { kind: "stored"; page: PageMeta }
  | { kind: "claimed" }
  | { kind: "busy"; retryMs: number }
  | { kind: "moved"; generation: number };

/** What {@linkcode DayLedger.chainRollup} answers. */
export interface ChainRollup {
  /** The sum of the partials recorded with the pages of the chain. */
  rollup: Rollup;
  /** Offsets of the chain's pages recorded without a partial, in chain order. */
  missing: number[];
}

/**
 * The longest partial, in characters of its JSON, that a page is recorded with: SQLite-backed
 * Durable Object values hold 2 MB at most (cloudflare-platform-facts.md), and a value's
 * serialization takes at most 2 bytes a character, so half of that with room to spare.
 */
export const MAX_PARTIAL_CHARS = 512 * 1024;

/** What {@linkcode DayLedger.nextMissing} answers. */
export type Frontier = { done: false; offset: number } | { done: true };

const CURRENT = "current";
const COMPLETE = "complete";
const FILL = "fill";

/** Per-day ledger; see the module comment. All methods are synchronous over SQLite storage. */
export class DayLedger extends DurableObject<Env> {
  /** Offsets being fetched, with the end of their lease (memory only: a restart frees them). */
  readonly #inFlight = new Map<string, number>();

  /** The current and the newest complete generation. */
  state(): DayState {
    return {
      current: this.#get<Generation>(CURRENT) ?? null,
      complete: this.#get<Generation>(COMPLETE) ?? null,
    };
  }

  /**
   * Starts a new generation when `stale` names the current one (or there is none yet).
   * Concurrent callers that saw the same stale generation start only one.
   * @returns The generation to fetch into.
   */
  begin(stale: number | null): Generation {
    const current = this.#get<Generation>(CURRENT);
    if (current !== undefined && current.generation !== stale) return current;
    const next: Generation = {
      generation: (current?.generation ?? 0) + 1,
      startedAt: null,
      freshUntil: null,
      keepUntil: null,
      pages: 0,
      complete: false,
      total: null,
      untimed: null,
      rolledUp: false,
    };
    this.ctx.storage.kv.put(CURRENT, next);
    return next;
  }

  /**
   * Claims the page at `offset` for fetching, or tells the caller it is stored or in flight.
   * @param options The generation, the offset, how long the claim holds, and the time.
   */
  claim(options: { generation: number; offset: number; leaseMs: number; now: number }): Claim {
    const { generation, offset, leaseMs, now } = options;
    const current = this.#get<Generation>(CURRENT);
    if (current === undefined || current.generation !== generation) {
      return { kind: "moved", generation: current?.generation ?? 0 };
    }
    const page = this.#get<PageMeta>(pageName(generation, offset));
    if (page !== undefined) return { kind: "stored", page };
    const name = pageName(generation, offset);
    const until = this.#inFlight.get(name);
    if (until !== undefined && until > now) return { kind: "busy", retryMs: until - now };
    this.#inFlight.set(name, now + leaseMs);
    return { kind: "claimed" };
  }

  /** Forgets a stored page that did not read back whole, so it is fetched again. */
  drop(generation: number, offset: number): void {
    this.ctx.storage.kv.delete(pageName(generation, offset));
    this.ctx.storage.kv.delete(partialName(generation, offset));
    this.reopen(generation);
  }

  /**
   * Takes a generation out of service until it is finished again (its pages stay recorded):
   * after a page or its rollup did not read back.
   */
  reopen(generation: number): void {
    this.#inFlight.delete(finishName(generation));
    const current = this.#get<Generation>(CURRENT);
    if (current?.generation === generation && current.complete) {
      this.ctx.storage.kv.put(CURRENT, { ...current, complete: false, rolledUp: false });
    }
    if (this.#get<Generation>(COMPLETE)?.generation === generation) {
      this.ctx.storage.kv.delete(COMPLETE);
    }
  }

  /** Gives up a claim after a failed fetch or write. */
  release(generation: number, offset: number): void {
    this.#inFlight.delete(pageName(generation, offset));
  }

  /**
   * Records a page written to R2, with its partial rollup when given (at most
   * {@linkcode MAX_PARTIAL_CHARS} as JSON). The first page of a generation fixes its freshness;
   * a page already recorded keeps its first record and partial.
   * @returns false when the generation is no longer current (the page is not recorded).
   */
  commit(options: {
    generation: number;
    page: PageMeta;
    partial?: Rollup;
    freshForMs: number;
    keepMs: number;
  }): boolean {
    const { generation, page, partial, freshForMs, keepMs } = options;
    const current = this.#get<Generation>(CURRENT);
    const name = pageName(generation, page.offset);
    this.#inFlight.delete(name);
    if (current === undefined || current.generation !== generation) return false;
    if (this.#get<PageMeta>(name) !== undefined) return true;
    this.ctx.storage.kv.put(name, page);
    if (partial !== undefined) {
      this.ctx.storage.kv.put(partialName(generation, page.offset), partial);
    }
    const startedAt = current.startedAt ?? page.storedAt;
    this.ctx.storage.kv.put(CURRENT, {
      ...current,
      startedAt,
      freshUntil: current.freshUntil ?? startedAt + freshForMs,
      keepUntil: current.keepUntil ?? startedAt + freshForMs + keepMs,
      pages: current.pages + 1,
    });
    return true;
  }

  /** The first page of the chain from offset 0 that is not stored, or that the chain is whole. */
  nextMissing(generation: number): Frontier {
    let offset = 0;
    for (;;) {
      const page = this.#get<PageMeta>(pageName(generation, offset));
      if (page === undefined) return { done: false, offset };
      if (page.next === null) return { done: true };
      offset = page.next;
    }
  }

  /** The stored pages of a generation in chain order (only meaningful once it is whole). */
  pages(generation: number): PageMeta[] {
    const pages: PageMeta[] = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const page: PageMeta | undefined = this.#get<PageMeta>(pageName(generation, offset));
      if (page === undefined) break;
      pages.push(page);
      offset = page.next;
    }
    return pages;
  }

  /**
   * The sum of the partials of a generation's chain (only meaningful once it is whole), and the
   * pages without one, which the caller reads back from R2.
   */
  chainRollup(generation: number): ChainRollup {
    const partials: Rollup[] = [];
    const missing: number[] = [];
    for (const page of this.pages(generation)) {
      const partial = this.#get<unknown>(partialName(generation, page.offset));
      if (isRollup(partial)) partials.push(partial);
      else missing.push(page.offset);
    }
    return { rollup: mergeRollups(partials), missing };
  }

  /**
   * Claims the rolling up of a whole generation: one caller rolls it up, the others wait.
   * @returns true when the caller should roll it up now.
   */
  claimFinish(generation: number, now: number, leaseMs: number): boolean {
    const name = finishName(generation);
    const until = this.#inFlight.get(name);
    if (until !== undefined && until > now) return false;
    this.#inFlight.set(name, now + leaseMs);
    return true;
  }

  /**
   * Marks a whole generation complete (its rollup is stored), making it the one served.
   * @returns The complete generation (null when it is not current or not whole), and the previous
   * complete generation's number, whose R2 objects may now go (null when none).
   */
  finish(generation: number): { complete: Generation | null; previous: number | null } {
    const current = this.#get<Generation>(CURRENT);
    if (current === undefined || current.generation !== generation) {
      return { complete: null, previous: null };
    }
    if (this.nextMissing(generation).done === false) return { complete: null, previous: null };
    const pages = this.pages(generation);
    const done: Generation = {
      ...current,
      complete: true,
      rolledUp: true,
      total: pages.reduce((sum, page) => sum + page.count, 0),
      untimed: pages.reduce((sum, page) => sum + page.untimed, 0),
    };
    const previous = this.#get<Generation>(COMPLETE);
    this.#inFlight.delete(finishName(generation));
    this.ctx.storage.kv.put(CURRENT, done);
    this.ctx.storage.kv.put(COMPLETE, done);
    const stale = previous !== undefined && previous.generation !== generation ? previous : null;
    if (stale !== null) {
      for (const page of this.pages(stale.generation)) {
        this.ctx.storage.kv.delete(pageName(stale.generation, page.offset));
        this.ctx.storage.kv.delete(partialName(stale.generation, page.offset));
      }
    }
    return { complete: done, previous: stale?.generation ?? null };
  }

  /**
   * Extends the freshness of the complete generation when it is still the current one: its
   * totals were found equal to the upstream's (worker/data/day-check.ts), so it is as true as
   * a re-fetch would be. Never shortens it.
   * @returns The generation as extended, or null when it is not both complete and current.
   */
  extend(options: { generation: number; freshUntil: number; keepMs: number }): Generation | null {
    const { generation, freshUntil, keepMs } = options;
    const current = this.#get<Generation>(CURRENT);
    const complete = this.#get<Generation>(COMPLETE);
    if (
      current === undefined || complete === undefined || current.generation !== generation ||
      complete.generation !== generation
    ) {
      return null;
    }
    const extended: Generation = {
      ...complete,
      freshUntil: Math.max(complete.freshUntil ?? freshUntil, freshUntil),
      keepUntil: Math.max(complete.keepUntil ?? 0, freshUntil + keepMs),
    };
    this.ctx.storage.kv.put(CURRENT, extended);
    this.ctx.storage.kv.put(COMPLETE, extended);
    return extended;
  }

  /**
   * Whether the caller should enqueue a background fill: true at most once per `leaseMs`, so
   * many callers and overlapping crons enqueue one fill.
   */
  requestFill(now: number, leaseMs: number): boolean {
    const until = this.#get<number>(FILL);
    if (until !== undefined && until > now) return false;
    this.ctx.storage.kv.put(FILL, now + leaseMs);
    return true;
  }

  /** Clears the fill lease once a fill ends, so a later stale day can be filled again. */
  fillEnded(): void {
    this.ctx.storage.kv.delete(FILL);
  }

  #get<T>(key: string): T | undefined {
    return this.ctx.storage.kv.get<T>(key);
  }
}

function finishName(generation: number): string {
  return `finish:${generation}`;
}

function pageName(generation: number, offset: number): string {
  return `p:${generation}:${offset}`;
}

function partialName(generation: number, offset: number): string {
  return `r:${generation}:${offset}`;
}
