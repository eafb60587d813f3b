/**
 * Rollups: the funnel sums of a set of transactions per value of each dimension, small enough
 * to store beside a day and additive across days, so a funnel over months is a sum of stored
 * rollups instead of a scan of every transaction.
 *
 * @module
 */
import type { Transaction } from "../model/canonical.ts";
import { compare } from "./group-keys.ts";
import { type TransactionDimension, transactionKey } from "./group-transactions.ts";
import { addTransaction, emptySums, type Sums, toTotals } from "./sums.ts";
import type { FunnelTotals } from "./funnel.ts";

/** The dimensions a rollup keeps. */
export const ROLLUP_DIMENSIONS: readonly TransactionDimension[] = Object.freeze(
  ["channel", "skill", "campaign", "handoff", "ivrNumber", "failureCategory"] as const,
);

/** Sums per dimension value; `null` is the value of transactions without one. */
export interface Rollup {
  /** Transactions counted (those with an `attemptedTime`). */
  transactions: number;
  /** Per dimension: `[value, sums]` pairs. */
  groups: Record<string, [string | null, Sums][]>;
  /**
   * Sums per `[channel, skill]`, the cells of the day's analytics rows: what the stored day is
   * compared with to tell whether the upstream changed it. Absent in rollups stored before it.
   */
  cells?: [string, string | null, Sums][];
}

/** A rollup being built: add transactions, then {@link finishRollup}. */
export interface RollupBuilder {
  transactions: number;
  groups: Map<string, Map<string | null, Sums>>;
  cells: Map<string, { channel: string; skill: string | null; sums: Sums }>;
}

/** An empty builder. */
export function newRollup(): RollupBuilder {
  return {
    transactions: 0,
    groups: new Map(ROLLUP_DIMENSIONS.map((d) => [d, new Map()])),
    cells: new Map(),
  };
}

/**
 * Adds transactions to a rollup; those without `attemptedTime` are skipped, as in
 * `groupTransactions`.
 */
export function addToRollup(builder: RollupBuilder, transactions: Iterable<Transaction>): void {
  const keys = ROLLUP_DIMENSIONS.map((d) => [d, transactionKey(d)] as const);
  for (const tx of transactions) {
    if (tx.attemptedTime === null) continue;
    builder.transactions++;
    for (const [dimension, keyOf] of keys) {
      const value = keyOf?.(tx);
      const key = value === undefined || value === null || value === "" ? null : value;
      const groups = builder.groups.get(dimension)!;
      let sums = groups.get(key);
      if (sums === undefined) {
        sums = emptySums();
        groups.set(key, sums);
      }
      addTransaction(sums, tx);
    }
    const cellKey = JSON.stringify([tx.channel, tx.skill]);
    let cell = builder.cells.get(cellKey);
    if (cell === undefined) {
      cell = { channel: tx.channel, skill: tx.skill, sums: emptySums() };
      builder.cells.set(cellKey, cell);
    }
    addTransaction(cell.sums, tx);
  }
}

/** The builder as a plain, JSON-ready rollup. */
export function finishRollup(builder: RollupBuilder): Rollup {
  const groups: Record<string, [string | null, Sums][]> = {};
  for (const [dimension, values] of builder.groups) groups[dimension] = [...values.entries()];
  const cells = [...builder.cells.values()].map(({ channel, skill, sums }) =>
    [channel, skill, sums] as [string, string | null, Sums]
  );
  return { transactions: builder.transactions, groups, cells };
}

/**
 * Sums rollups into one, as if their transactions had been added to one builder: the rollups
 * of a day's pages make the day's. Cells are kept only when every rollup has them (a rollup
 * stored before them knows none). The rollups given are not changed.
 *
 * @param rollups The rollups to sum, each counted once per time it is given.
 * @returns A new rollup; an empty one (no transactions, no groups, no cells) when none is given.
 * @example The pages of a day
 * ```ts
 * import type { Transaction } from "../model/canonical.ts";
 * import { addToRollup, finishRollup, mergeRollups, newRollup } from "./rollup.ts";
 *
 * const pages: Transaction[][] = [[], []]; // a day's pages of transactions
 * const partials = pages.map((page) => {
 *   const rollup = newRollup();
 *   addToRollup(rollup, page);
 *   return finishRollup(rollup);
 * });
 * const day = mergeRollups(partials); // the rollup of the whole day
 * ```
 */
export function mergeRollups(rollups: Iterable<Rollup>): Rollup {
  const builder = newRollup();
  let withCells = true;
  for (const rollup of rollups) {
    builder.transactions += rollup.transactions;
    for (const [dimension, values] of builder.groups) {
      for (const [key, sums] of rollup.groups[dimension] ?? []) {
        const into = values.get(key);
        if (into === undefined) values.set(key, { ...sums });
        else addSums(into, sums);
      }
    }
    if (rollup.cells === undefined) withCells = false;
    for (const [channel, skill, sums] of rollup.cells ?? []) {
      const cellKey = JSON.stringify([channel, skill]);
      const into = builder.cells.get(cellKey);
      if (into === undefined) builder.cells.set(cellKey, { channel, skill, sums: { ...sums } });
      else addSums(into.sums, sums);
    }
  }
  const merged = finishRollup(builder);
  if (withCells) return merged;
  const { cells: _, ...withoutCells } = merged;
  return withoutCells;
}

/** Whether `value` has a rollup's shape (a read-back check of stored rollups). */
export function isRollup(value: unknown): value is Rollup {
  if (typeof value !== "object" || value === null) return false;
  const { transactions, groups } = value as Record<string, unknown>;
  if (!Number.isSafeInteger(transactions) || typeof groups !== "object" || groups === null) {
    return false;
  }
  return ROLLUP_DIMENSIONS.every((d) => {
    const pairs = (groups as Record<string, unknown>)[d];
    return Array.isArray(pairs) &&
      pairs.every((pair) =>
        Array.isArray(pair) && pair.length === 2 &&
        (pair[0] === null || typeof pair[0] === "string") &&
        typeof pair[1] === "object" && pair[1] !== null &&
        Number.isFinite((pair[1] as Sums).attempted)
      );
  });
}

/**
 * The funnel totals of one dimension over many rollups (e.g. the days of a range).
 * @returns One group per value, sorted by key with `null` last, as `groupTransactions` sorts.
 * @throws {TypeError} When the dimension is not one a rollup keeps.
 */
export function groupRollups(
  rollups: Iterable<Rollup>,
  by: TransactionDimension,
): { key: string | null; totals: FunnelTotals }[] {
  if (!ROLLUP_DIMENSIONS.includes(by)) {
    throw new TypeError(`Cannot group rollups as the dimension is not kept: ${String(by)}`);
  }
  const merged = new Map<string | null, Sums>();
  for (const rollup of rollups) {
    for (const [key, sums] of rollup.groups[by] ?? []) {
      const into = merged.get(key);
      if (into === undefined) merged.set(key, { ...sums });
      else addSums(into, sums);
    }
  }
  return [...merged.entries()]
    .sort(([a], [b]) => a === null ? (b === null ? 0 : 1) : b === null ? -1 : compare(a, b))
    .map(([key, sums]) => ({ key, totals: toTotals(sums) }));
}

function addSums(into: Sums, from: Sums): void {
  for (const name of Object.keys(into) as (keyof Sums)[]) into[name] += from[name];
}
