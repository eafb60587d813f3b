import { describe, expect, it } from "vitest";
import {
  addToRollup,
  finishRollup,
  groupRollups,
  mergeRollups,
  newRollup,
  type Rollup,
  ROLLUP_DIMENSIONS,
} from "../../../lib/funnel/rollup.ts";
import type { Transaction } from "../../../lib/model/canonical.ts";
import { createSandbox, DEMO_TENANTS } from "../../../lib/sandbox/mod.ts";

const DAY = 86_400_000;
const NOW = Date.parse("2026-11-20T12:00:00.000Z");

/** About 600 transactions of one sandbox day, with every dimension's values. */
function dayOfTransactions(): Transaction[] {
  const sandbox = createSandbox({ now: () => NOW, volume: 600 });
  const from = Date.parse("2026-11-10T00:00:00.000Z");
  return sandbox.transactions({
    accountId: DEMO_TENANTS[0]!.accountId,
    app: "prmsg",
    from,
    to: from + DAY,
  });
}

function rollupOf(transactions: Transaction[]): Rollup {
  const builder = newRollup();
  addToRollup(builder, transactions);
  return finishRollup(builder);
}

/** A rollup in a form that ignores the order of its groups and cells. */
function canonical(rollup: Rollup): unknown {
  return {
    transactions: rollup.transactions,
    groups: ROLLUP_DIMENSIONS.map((d) => groupRollups([rollup], d)),
    cells: rollup.cells === undefined
      ? undefined
      : [...rollup.cells].sort((a, b) =>
        JSON.stringify([a[0], a[1]]).localeCompare(JSON.stringify([b[0], b[1]]))
      ),
  };
}

function pages(transactions: Transaction[], size: number): Transaction[][] {
  return Array.from(
    { length: Math.ceil(transactions.length / size) },
    (_, i) => transactions.slice(i * size, (i + 1) * size),
  );
}

describe("mergeRollups()", () => {
  it("mergeRollups() of the pages' rollups equals the rollup of the whole day", () => {
    const all = dayOfTransactions();
    expect(all.length).toBeGreaterThan(300);
    const whole = rollupOf(all);
    expect(whole.transactions).toBeGreaterThan(0);
    for (const size of [1, 37, 100, all.length]) {
      const merged = mergeRollups(pages(all, size).map(rollupOf));
      expect(canonical(merged), `pages of ${size}`).toEqual(canonical(whole));
    }
  });

  it("mergeRollups() counts a rollup given twice twice, and one left out not at all", () => {
    const [first, second, third] = pages(dayOfTransactions(), 200).map(rollupOf);
    const whole = canonical(mergeRollups([first!, second!, third!]));
    expect(canonical(mergeRollups([first!, second!, second!, third!]))).not.toEqual(whole);
    expect(canonical(mergeRollups([first!, third!]))).not.toEqual(whole);
    const doubled = mergeRollups([second!, second!]);
    expect(doubled.transactions).toBe(2 * second!.transactions);
    expect(groupRollups([doubled], "channel").map((g) => g.totals.attempted)).toEqual(
      groupRollups([second!], "channel").map((g) => 2 * g.totals.attempted),
    );
  });

  it("mergeRollups() leaves the rollups given unchanged", () => {
    const [first, second] = pages(dayOfTransactions(), 300).map(rollupOf);
    const before = structuredClone([first, second]);
    mergeRollups([first!, second!]);
    expect([first, second]).toEqual(before);
  });

  it("mergeRollups() of none is the empty rollup, and keeps cells only when every rollup has them", () => {
    expect(mergeRollups([])).toEqual(finishRollup(newRollup()));
    const [first, second] = pages(dayOfTransactions(), 300).map(rollupOf);
    const { cells: _, ...older } = first!;
    const merged = mergeRollups([older, second!]);
    expect(merged.cells).toBeUndefined();
    expect(merged.transactions).toBe(first!.transactions + second!.transactions);
    expect(mergeRollups([first!, second!]).cells?.length).toBeGreaterThan(0);
  });
});
