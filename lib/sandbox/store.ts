import type { AnalyticsRow, App, Transaction } from "../model/canonical.ts";
import { compare } from "../funnel/group-keys.ts";
import { DAY_MS, MINUTE_MS, startOfUtcDay } from "../windows.ts";
import type { DayLabeler } from "./day-labels.ts";
import {
  addBlockAt,
  addVisible,
  type BlockSums,
  emptyCounters,
  type GroupCounters,
  rowsOfDay,
  sumBlock,
} from "./block-sums.ts";
import { BLOCK_MS, BLOCKS_PER_DAY, type DayPlan, planDay } from "./day-plan.ts";
import {
  type DayProfile,
  generateBlock,
  SETTLE_MS,
  type SimTransaction,
  visitBlock,
} from "./generate.ts";
import { LruCache } from "./lru-cache.ts";
import { visibleAt } from "./visibility.ts";

/** How the store generates and remembers blocks. */
export interface StoreOptions {
  seed: number;
  volume: number;
  replyLookbackDays: number;
  delayMs: number;
  /** The day of an instant, as analytics rows are labelled and bucketed. */
  dayLabel: DayLabeler;
  /** Transactions kept in memory, in whole blocks (least recently used are dropped). */
  cacheTransactions: number;
  describeFailure: DayProfile["describeFailure"];
}

/** A range of an account's transactions, as visible at `now`. */
export interface StoreQuery {
  accountId: string;
  app: App;
  from: number;
  to: number;
  now: number;
}

/** What the store holds and has done, for tests and capacity planning. */
export interface StoreStats {
  /** Blocks of transactions held. */
  blocksHeld: number;
  /** Transactions held in those blocks. */
  transactionsHeld: number;
  /** Blocks whose analytics counters are held. */
  sumsHeld: number;
  /** Blocks generated (as transactions or as counters) since the store was made. */
  blocksGenerated: number;
}

/** A page of visible transactions and how many the whole range holds. */
export interface StorePage {
  total: number;
  rows: Transaction[];
}

/** One block of an account's day, and the part of it a range covers. */
interface BlockRef {
  accountId: string;
  app: App;
  plan: DayPlan;
  block: number;
  start: number;
  end: number;
  /** The range's part of the block: [from, to). */
  from: number;
  to: number;
}

const PLANS_HELD = 1_000;
const SUMS_HELD = 40_000;

/**
 * The sandbox's ground truth, generated lazily: a day is planned (its count and each 15-minute
 * block's share) without being generated, and only the blocks a request touches are generated,
 * kept in a least-recently-used cache bounded by transactions. Analytics add up per-block
 * counters, computed once per block, so long windows need no transactions in memory.
 */
export class TransactionStore {
  readonly #options: StoreOptions;
  readonly #plans = new LruCache<DayPlan>(PLANS_HELD, () => 1);
  readonly #blocks: LruCache<SimTransaction[]>;
  readonly #sums = new LruCache<BlockSums>(SUMS_HELD, () => 1);
  #generated = 0;

  constructor(options: StoreOptions) {
    this.#options = options;
    this.#blocks = new LruCache(options.cacheTransactions, (block) => block.length);
  }

  /** What the store holds now. */
  stats(): StoreStats {
    return {
      blocksHeld: this.#blocks.size,
      transactionsHeld: this.#blocks.weight,
      sumsHeld: this.#sums.size,
      blocksGenerated: this.#generated,
    };
  }

  /** How many transactions of the range are visible; generates at most the two blocks it cuts. */
  count(query: StoreQuery): number {
    let total = 0;
    for (const ref of this.#blocksOf(query)) total += this.#countIn(ref);
    return total;
  }

  /**
   * The visible transactions of the range at rows [offset, offset + limit), and their total:
   * generates only the blocks the page touches (and the two the range cuts).
   */
  page(query: StoreQuery, offset: number, limit: number): StorePage {
    const rows: Transaction[] = [];
    let total = 0;
    for (const ref of this.#blocksOf(query)) {
      const count = this.#countIn(ref);
      if (count > 0 && total + count > offset && total < offset + limit) {
        const skip = Math.max(0, offset - total);
        for (const tx of this.#inRange(ref).slice(skip, skip + limit - rows.length)) {
          rows.push(visibleAt(tx, query.now, this.#options.delayMs) as Transaction);
        }
      }
      total += count;
    }
    return { total, rows };
  }

  /**
   * Like {@link page} for the visible transactions that pass `keep`: scans every block of the
   * range, as their count depends on the filter.
   */
  scan(
    query: StoreQuery,
    keep: (tx: Transaction) => boolean,
    paging: { offset: number; limit: number } = { offset: 0, limit: Number.POSITIVE_INFINITY },
  ): StorePage {
    const rows: Transaction[] = [];
    let total = 0;
    for (const ref of this.#blocksOf(query)) {
      if (blockSize(ref) === 0) continue;
      for (const tx of this.#inRange(ref)) {
        const visible = visibleAt(tx, query.now, this.#options.delayMs) as Transaction;
        if (!keep(visible)) continue;
        if (total >= paging.offset && rows.length < paging.limit) rows.push(visible);
        total += 1;
      }
    }
    return { total, rows };
  }

  /**
   * Analytics rows of the range as visible at `now`, per UTC day, channel and skill, for the
   * groups `keep` accepts; equal to the aggregate of the visible transactions. Whole blocks
   * past their settling add cached counters; the others are counted transaction by transaction.
   */
  analytics(query: StoreQuery, keep: (channel: string, skill: string) => boolean): AnalyticsRow[] {
    const horizon = query.now - this.#options.delayMs;
    const days = new DayCounters(this.#options.dayLabel);
    for (const ref of this.#blocksOf(query)) {
      if (blockSize(ref) === 0) continue;
      const whole = ref.from === ref.start && ref.to === ref.end;
      // A block lies in one day of any zone whose offset is whole quarter hours.
      const label = days.label(ref.start) === days.label(ref.end - 1)
        ? days.label(ref.start)
        : null;
      if (whole && label !== null && horizon >= ref.end + SETTLE_MS) {
        addBlockAt(days.of(label), this.#blockSums(ref, horizon), horizon);
        continue;
      }
      visitBlock(this.#profile(ref), ref.plan, ref.block, (tx) => {
        const attempted = tx.attemptedTime as number;
        if (attempted < ref.from || attempted >= ref.to) return;
        addVisible(days.of(label ?? days.label(attempted)), tx, horizon);
      });
    }
    return days.rows(keep);
  }

  /** Analytics rows of visible transactions, labelled by day as the store labels them. */
  rowsOf(transactions: Iterable<Transaction>): AnalyticsRow[] {
    const days = new DayCounters(this.#options.dayLabel);
    for (const tx of transactions) {
      if (tx.attemptedTime === null) continue;
      addVisible(days.of(days.label(tx.attemptedTime)), tx, Number.POSITIVE_INFINITY);
    }
    return days.rows(() => true);
  }

  /** The blocks a query's visible part overlaps, each with the part it covers. */
  *#blocksOf(query: StoreQuery): Generator<BlockRef> {
    const { accountId, app, from } = query;
    // LP: data shows up to 20 min late (liveperson-api-notes.md §4): later attempts are unseen.
    const to = Math.min(query.to, query.now - this.#options.delayMs + 1);
    for (let day = startOfUtcDay(from); day < to; day += DAY_MS) {
      const plan = this.#plan(accountId, app, day);
      const first = Math.max(0, Math.floor((from - day) / BLOCK_MS));
      const last = Math.min(BLOCKS_PER_DAY - 1, Math.floor((to - 1 - day) / BLOCK_MS));
      for (let block = first; block <= last; block++) {
        const start = day + block * BLOCK_MS;
        const end = start + BLOCK_MS;
        yield {
          accountId,
          app,
          plan,
          block,
          start,
          end,
          from: Math.max(from, start),
          to: Math.min(to, end),
        };
      }
    }
  }

  #countIn(ref: BlockRef): number {
    const size = blockSize(ref);
    if (size === 0 || (ref.from === ref.start && ref.to === ref.end)) return size;
    return this.#inRange(ref).length;
  }

  #inRange(ref: BlockRef): SimTransaction[] {
    const block = this.#block(ref);
    if (ref.from === ref.start && ref.to === ref.end) return block;
    return block.filter((tx) =>
      (tx.attemptedTime as number) >= ref.from && (tx.attemptedTime as number) < ref.to
    );
  }

  #profile(ref: BlockRef): DayProfile {
    const { seed, volume, replyLookbackDays, describeFailure } = this.#options;
    return {
      seed,
      accountId: ref.accountId,
      app: ref.app,
      volume,
      replyLookbackDays,
      describeFailure,
    };
  }

  #plan(accountId: string, app: App, dayStart: number): DayPlan {
    const key = `${accountId}:${app}:${dayStart}`;
    let plan = this.#plans.get(key);
    if (plan === undefined) {
      const { seed, volume } = this.#options;
      plan = planDay({ seed, accountId, app, volume }, dayStart);
      this.#plans.set(key, plan);
    }
    return plan;
  }

  #block(ref: BlockRef): SimTransaction[] {
    const key = `${ref.accountId}:${ref.app}:${ref.start}`;
    let block = this.#blocks.get(key);
    if (block === undefined) {
      block = generateBlock(this.#profile(ref), ref.plan, ref.block);
      this.#generated += 1;
      this.#blocks.set(key, block);
    }
    return block;
  }

  #blockSums(ref: BlockRef, horizon: number): BlockSums {
    const key = `${ref.accountId}:${ref.app}:${ref.start}`;
    let sums = this.#sums.get(key);
    // A compacted entry serves only horizons after its last event (a test clock may go back).
    if (sums === undefined || horizon < sums.lateAfter) {
      const profile = this.#profile(ref);
      sums = sumBlock(
        (each) => visitBlock(profile, ref.plan, ref.block, each),
        ref.end + SETTLE_MS,
      );
      this.#generated += 1;
      this.#sums.set(key, sums);
    }
    const last = sums.lateTimes[sums.lateTimes.length - 1];
    if (last !== undefined && last <= horizon) {
      // Every event has happened: keep the final counters only.
      sums = {
        final: sums.final,
        lateAfter: last,
        lateTimes: new Float64Array(0),
        lateCodes: new Uint8Array(0),
      };
      this.#sums.set(key, sums);
    }
    return sums;
  }
}

function blockSize(ref: BlockRef): number {
  return (ref.plan.starts[ref.block + 1] ?? 0) - (ref.plan.starts[ref.block] ?? 0);
}

/** Counters per day label, and the rows they make. */
class DayCounters {
  readonly #labels = new Map<number, string>();
  readonly #days = new Map<string, GroupCounters>();
  readonly #dayLabel: DayLabeler;

  constructor(dayLabel: DayLabeler) {
    this.#dayLabel = dayLabel;
  }

  /** The label of an instant, memoised per minute (zone offsets are whole minutes). */
  label(ms: number): string {
    const minute = Math.floor(ms / MINUTE_MS);
    let label = this.#labels.get(minute);
    if (label === undefined) {
      label = this.#dayLabel(ms);
      this.#labels.set(minute, label);
    }
    return label;
  }

  of(label: string): GroupCounters {
    let counters = this.#days.get(label);
    if (counters === undefined) {
      counters = emptyCounters();
      this.#days.set(label, counters);
    }
    return counters;
  }

  rows(keep: (channel: string, skill: string) => boolean): AnalyticsRow[] {
    const rows: AnalyticsRow[] = [];
    for (const [day, counters] of this.#days) rows.push(...rowsOfDay(day, counters, keep));
    return rows.sort((a, b) =>
      compare(a.day, b.day) || compare(a.channel, b.channel) || compare(a.skill, b.skill)
    );
  }
}
