/**
 * Failures by category of the delivery-failure taxonomy (`lib/failures.ts`), with what each
 * category means.
 *
 * @module
 */
import {
  FAILURE_CATEGORIES,
  FAILURE_CATEGORY_DESCRIPTIONS,
  type FailureCategory,
} from "../lib/failures.ts";
import type { FunnelGroup } from "./api.ts";
import { byId } from "./dom.ts";
import { formatCount, formatRate } from "./format.ts";
import { fillTable } from "./table.ts";

/** The categories' names for people. */
export const CATEGORY_LABELS: Readonly<Record<FailureCategory, string>> = {
  "invalid-number": "Invalid number",
  "opted-out": "Opted out",
  undelivered: "Undelivered",
  policy: "Policy",
  rate: "Rate limit",
  ineligible: "Ineligible",
  internal: "Internal",
  unknown: "Unknown",
};

function isCategory(key: string | null | undefined): key is FailureCategory {
  return (FAILURE_CATEGORIES as readonly (string | null | undefined)[]).includes(key);
}

/**
 * Shows the failed transactions per category, most first.
 *
 * @param groups The proxy's groups by `failureCategory` (transactions that did not fail
 * group under null and are left out).
 * @param rangeText The range, for the caption.
 */
export function renderFailures(groups: FunnelGroup[], rangeText: string): void {
  const rows = groups.flatMap((group) => {
    const category = group.key["failureCategory"];
    return isCategory(category) && group.totals.failed > 0
      ? [{ category, failed: group.totals.failed }]
      : [];
  }).sort((a, b) => b.failed - a.failed);
  const total = rows.reduce((sum, row) => sum + row.failed, 0);
  fillTable(
    byId("failures-table", HTMLTableElement),
    `Failed messages by category, ${rangeText}: ${formatCount(total)} in all`,
    [
      { label: "Category", numeric: false },
      { label: "Failed", numeric: true },
      { label: "Share of failures", numeric: true },
      { label: "What it means", numeric: false },
    ],
    rows.map(({ category, failed }) => [
      CATEGORY_LABELS[category],
      formatCount(failed),
      formatRate(total === 0 ? null : failed / total),
      FAILURE_CATEGORY_DESCRIPTIONS[category],
    ]),
  );
}

/** Empties the failures table. */
export function clearFailures(): void {
  byId("failures-table", HTMLTableElement).replaceChildren();
}
