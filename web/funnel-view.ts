/**
 * The funnel of the whole range: each stage's count with its stage-to-stage and from-start
 * rates (a bar for the latter), the side exits, and CSAT.
 *
 * @module
 */
import type { Funnel, FunnelStage } from "../lib/funnel/funnel.ts";
import { byId, el } from "./dom.ts";
import { formatCount, formatCsat, formatRate } from "./format.ts";
import { fillTable } from "./table.ts";

/** The stages' names for people. */
export const STAGE_LABELS: Readonly<Record<FunnelStage, string>> = {
  attempted: "Attempted",
  eligible: "Eligible",
  sent: "Sent",
  delivered: "Delivered",
  read: "Read",
  conversationsCreated: "Conversations created",
  conversationsClosed: "Conversations closed",
};

/** The side exits' names for people, in display order. */
export const EXIT_LABELS = {
  ineligible: "Ineligible",
  skipped: "Skipped (opted out earlier)",
  failed: "Failed",
  optOuts: "Opt-outs",
} as const;

/**
 * Shows a funnel.
 *
 * @param funnel The funnel of the whole range.
 * @param rangeText The range, for the captions.
 */
export function renderFunnel(funnel: Funnel, rangeText: string): void {
  const table = byId("funnel-table", HTMLTableElement);
  fillTable(
    table,
    `Funnel stages, ${rangeText}`,
    [
      { label: "Stage", numeric: false },
      { label: "Count", numeric: true },
      { label: "From previous stage", numeric: true },
      { label: "From start", numeric: true },
    ],
    funnel.stages.map((stage) => [
      STAGE_LABELS[stage.stage],
      formatCount(stage.count),
      formatRate(stage.fromPrevious),
      formatRate(stage.fromStart),
    ]),
  );
  // A bar per stage, drawn by CSS from the from-start share (decoration: the text says it).
  funnel.stages.forEach((stage, index) => {
    const cell = table.tBodies[0]?.rows[index]?.cells[3];
    const share = typeof stage.fromStart === "number" ? Math.min(1, stage.fromStart) : 0;
    cell?.append(el("span", { class: "bar", style: `--share: ${share}`, "aria-hidden": "true" }));
  });
  fillTable(
    byId("exits-table", HTMLTableElement),
    `Side exits, ${rangeText}`,
    [
      { label: "Exit", numeric: false },
      { label: "Count", numeric: true },
      { label: "Of attempted", numeric: true },
    ],
    (Object.keys(EXIT_LABELS) as (keyof typeof EXIT_LABELS)[]).map((exit) => {
      const { count, fromStart } = funnel.exits[exit];
      return [
        EXIT_LABELS[exit],
        count === null ? "not reported" : formatCount(count),
        count === null ? "not reported" : formatRate(fromStart),
      ];
    }),
  );
  byId("csat", HTMLElement).textContent = `Average CSAT: ${formatCsat(funnel.csat)}`;
}
