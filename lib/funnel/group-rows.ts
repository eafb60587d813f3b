/**
 * Regrouping analytics rows by day, channel, skill and account.
 *
 * @module
 */
import type { AnalyticsRow } from "../model/canonical.ts";
import type { FunnelTotals } from "./funnel.ts";
import { type AccountScoped, compare } from "./group-keys.ts";
import { addRow, emptySums, type Sums, toTotals } from "./sums.ts";

/** A dimension analytics rows can be grouped by. */
export type RowDimension = "day" | "channel" | "skill" | "account";

/** Analytics rows summed over one combination of dimension values. */
export interface RowGroup {
  /** The dimension values, e.g. `{ day: "2026-11-01", channel: "sms" }`. */
  key: Partial<Record<RowDimension, string>>;
  /** The summed counts, ready for computeFunnel(). */
  totals: FunnelTotals;
}

const ROW_DIMENSIONS: readonly RowDimension[] = ["day", "channel", "skill", "account"];

/**
 * Groups analytics rows by any of day, channel, skill and account (`accountId`, `""` when
 * absent), summing them as `funnelTotals()` does.
 *
 * @param rows Analytics rows, optionally tagged with `accountId`.
 * @param by The dimensions, in sort order; `[]` gives one group of everything.
 * @returns One group per combination present, sorted by the key values.
 * @throws {TypeError} When a dimension is unknown.
 * @example Per channel
 * ```ts
 * import { groupRows } from "./aggregate.ts";
 * const row = { day: "2026-11-20", channel: "sms", skill: "billing", attempted: 100, eligible: 95, skipped: 2,
 *   sent: 90, failed: 6, delivered: 84, read: 0, conversationsCreated: 20, conversationsClosed: 18, csat: 4.2 };
 * const groups = groupRows([row, { ...row, channel: "wa", read: 70 }], ["channel"]);
 * console.log(groups.map((group) => group.key.channel)); // ["sms", "wa"]
 * ```
 */
export function groupRows(
  rows: Iterable<AccountScoped<AnalyticsRow>>,
  by: readonly RowDimension[],
): RowGroup[] {
  for (const dimension of by) {
    if (!ROW_DIMENSIONS.includes(dimension)) {
      throw new TypeError(`Cannot group rows as the dimension is unknown: ${String(dimension)}`);
    }
  }
  const dimensions = [...new Set(by)];
  const groups = new Map<string, { values: string[]; sums: Sums }>();
  for (const row of rows) {
    const values = dimensions.map((dimension) =>
      dimension === "account" ? row.accountId ?? "" : row[dimension]
    );
    const key = values.join("\u0000");
    let group = groups.get(key);
    if (group === undefined) {
      group = { values, sums: emptySums() };
      groups.set(key, group);
    }
    addRow(group.sums, row);
  }
  const sorted = [...groups.values()].sort((a, b) => {
    for (let i = 0; i < a.values.length; i++) {
      const order = compare(a.values[i] as string, b.values[i] as string);
      if (order !== 0) return order;
    }
    return 0;
  });
  return sorted.map(({ values, sums }) => ({
    key: Object.fromEntries(dimensions.map((dimension, i) => [dimension, values[i] as string])),
    totals: toTotals(sums),
  }));
}
