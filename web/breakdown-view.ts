/**
 * The breakdown table: one row per channel, skill, campaign, handoff or IVR number, with its
 * counts and stage-to-stage rates, sortable by any column.
 *
 * @module
 */
import type { FunnelStage, Rate } from "../lib/funnel/funnel.ts";
import type { FunnelGroup } from "./api.ts";
import { byId } from "./dom.ts";
import { formatCount, formatRate } from "./format.ts";
import { fillTable } from "./table.ts";
import { type Breakdown, BREAKDOWNS } from "./view-state.ts";

/** A column: its header, and its value in a group (a count or a rate). */
type BreakdownColumn = readonly [label: string, value: (group: FunnelGroup) => number | Rate];

const stage = (group: FunnelGroup, name: FunnelStage) =>
  group.funnel.stages.find((s) => s.stage === name);

const COLUMNS: readonly BreakdownColumn[] = [
  ["Attempted", (g) => g.totals.attempted],
  ["Eligible %", (g) => stage(g, "eligible")?.fromPrevious ?? null],
  ["Sent %", (g) => stage(g, "sent")?.fromPrevious ?? null],
  ["Delivered %", (g) => stage(g, "delivered")?.fromPrevious ?? null],
  ["Read %", (g) => stage(g, "read")?.fromPrevious ?? null],
  ["Conversations", (g) => g.totals.conversationsCreated],
  ["Conversations %", (g) => stage(g, "conversationsCreated")?.fromPrevious ?? null],
  ["Closed %", (g) => stage(g, "conversationsClosed")?.fromPrevious ?? null],
  ["Delivered of attempted", (g) => stage(g, "delivered")?.fromStart ?? null],
];

/** Which column is sorted, and how. */
let sort = { column: 1, descending: true };
let shown: { groups: FunnelGroup[]; by: Breakdown; rangeText: string } | null = null;

/**
 * The label of a group's key.
 *
 * @param group The group.
 * @param by The dimension.
 * @returns The value, or "(none)" for transactions without one.
 */
export function keyLabel(group: FunnelGroup, by: Breakdown): string {
  return group.key[by] ?? "(none)";
}

/** A cell's sort value: rates that do not apply sort below every number. */
function sortValue(value: number | Rate): number {
  return typeof value === "number" ? value : -Infinity;
}

function draw(): void {
  if (shown === null) return;
  const { groups, by, rangeText } = shown;
  const label = BREAKDOWNS.find(([b]) => b === by)?.[1] ?? by;
  const rows = groups.map((group) => ({
    key: keyLabel(group, by),
    values: COLUMNS.map(([, value]) => value(group)),
  }));
  const { column, descending } = sort;
  rows.sort((a, b) => {
    const order = column === 0
      ? a.key.localeCompare(b.key, "en")
      : sortValue(a.values[column - 1]!) - sortValue(b.values[column - 1]!);
    return descending ? -order : order;
  });
  fillTable(
    byId("breakdown-table", HTMLTableElement),
    `Funnel by ${label.toLowerCase()}, ${rangeText}`,
    [{ label, numeric: false }, ...COLUMNS.map(([header]) => ({ label: header, numeric: true }))],
    rows.map((row) => [
      row.key,
      ...row.values.map((value, index) =>
        COLUMNS[index]![0].endsWith("%") || COLUMNS[index]![0].includes(" of ")
          ? formatRate(value)
          : formatCount(value as number)
      ),
    ]),
    {
      column,
      descending,
      onSort: (index) => {
        sort = { column: index, descending: sort.column === index ? !sort.descending : index > 0 };
        draw();
        byId("breakdown-table", HTMLTableElement).tHead?.rows[0]?.cells[index]
          ?.querySelector("button")?.focus();
      },
    },
  );
}

/**
 * Shows the breakdown.
 *
 * @param groups The proxy's groups.
 * @param by The dimension they are grouped by.
 * @param rangeText The range, for the caption.
 */
export function renderBreakdown(groups: FunnelGroup[], by: Breakdown, rangeText: string): void {
  shown = { groups, by, rangeText };
  draw();
}

/** Empties the breakdown table. */
export function clearBreakdown(): void {
  shown = null;
  byId("breakdown-table", HTMLTableElement).replaceChildren();
}
