/**
 * The per-day trend: attempted, delivered and conversations created (left axis) with the
 * delivered and conversation rates of attempted (right axis), drawn by uPlot; the same
 * numbers in a table below for keyboards, screen readers and the CSV.
 *
 * @module
 */
import uPlot from "uplot";
import { formatUtcDay } from "../lib/time/utc-days.ts";
import type { FunnelGroup } from "./api.ts";
import { byId } from "./dom.ts";
import { formatCount, formatRate } from "./format.ts";
import { type DayRange, daysOf } from "./ranges.ts";
import { fillTable } from "./table.ts";

/** The name of the `performance` measure of one chart render (read by the browser test). */
export const RENDER_MEASURE = "trend-render";

/** One day of the trend: its start, and its group (null: nothing was attempted that day). */
interface TrendDay {
  start: number;
  group: FunnelGroup | null;
}

const DAY_S = 86_400;
const MONTH_S = 30 * DAY_S; // uPlot's month step: splits fall on calendar months
const DAY_STEPS = [1, 2, 7, 14].map((d) => d * DAY_S).concat(
  [1, 2, 3, 6, 12].map((m) => m * MONTH_S),
);

let chart: uPlot | null = null;
let lastDays: TrendDay[] = [];

function rate(
  group: FunnelGroup | null,
  stage: "delivered" | "conversationsCreated",
): number | null {
  const value = group?.funnel.stages.find((s) => s.stage === stage)?.fromStart;
  return typeof value === "number" ? value * 100 : null;
}

function cssColor(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function chartWidth(container: HTMLElement): number {
  return Math.max(280, container.clientWidth);
}

function draw(days: TrendDay[]): void {
  const container = byId("trend-chart", HTMLElement);
  chart?.destroy();
  chart = null;
  if (days.length === 0) return;
  performance.mark(`${RENDER_MEASURE}-start`);
  const data: uPlot.AlignedData = [
    days.map((day) => day.start / 1000),
    days.map((day) => day.group?.totals.attempted ?? 0),
    days.map((day) => day.group?.totals.delivered ?? 0),
    days.map((day) => day.group?.totals.conversationsCreated ?? 0),
    days.map((day) => rate(day.group, "delivered")),
    days.map((day) => rate(day.group, "conversationsCreated")),
  ];
  const text = cssColor("--fg");
  const grid = cssColor("--grid");
  const count = (v: number | null): string => v === null ? "–" : formatCount(Math.round(v));
  const percent = (v: number | null): string => v === null ? "–" : `${v.toFixed(1)} %`;
  const series = (label: string, stroke: string, pct = false): uPlot.Series => ({
    label,
    stroke,
    width: pct ? 1.5 : 2,
    ...(pct ? { scale: "pct", dash: [6, 4], value: (_u, v) => percent(v) } : {
      value: (_u, v) => count(v),
    }),
  });
  chart = new uPlot(
    {
      width: chartWidth(container),
      height: 280,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
      scales: { x: { time: true }, pct: { range: [0, 100] } },
      series: [
        { label: "Day", value: "{YYYY}-{MM}-{DD}" },
        series("Attempted", cssColor("--series-1")),
        series("Delivered", cssColor("--series-2")),
        series("Conversations created", cssColor("--series-3")),
        series("Delivered of attempted", cssColor("--series-2"), true),
        series("Conversations of attempted", cssColor("--series-3"), true),
      ],
      axes: [
        // Whole days and longer: the points are UTC days, never hours.
        { stroke: text, grid: { stroke: grid }, ticks: { stroke: grid }, incrs: DAY_STEPS },
        {
          stroke: text,
          grid: { stroke: grid },
          ticks: { stroke: grid },
          size: 60,
          values: (_u, values) => values.map((v) => formatCount(v)),
        },
        {
          side: 1,
          scale: "pct",
          size: 56,
          stroke: text,
          grid: { show: false },
          ticks: { stroke: grid },
          values: (_u, values) => values.map((v) => `${v} %`),
        },
      ],
    },
    data,
    container,
  );
  requestAnimationFrame(() => performance.measure(RENDER_MEASURE, `${RENDER_MEASURE}-start`));
}

/**
 * Shows the trend of per-day groups; days without any (nothing attempted) show as 0.
 *
 * @param groups The groups by `day`.
 * @param range The range they cover.
 * @param rangeText The range, for the caption.
 */
export function renderTrend(groups: FunnelGroup[], range: DayRange, rangeText: string): void {
  const byDay = new Map(groups.map((group) => [group.key["day"], group]));
  const days = daysOf(range).map((start) => ({
    start,
    group: byDay.get(formatUtcDay(start)) ?? null,
  }));
  lastDays = days;
  draw(days);
  const fromStart = (group: FunnelGroup | null, stage: "delivered" | "conversationsCreated") =>
    formatRate(group?.funnel.stages.find((s) => s.stage === stage)?.fromStart ?? null);
  fillTable(
    byId("trend-table", HTMLTableElement),
    `Per day, ${rangeText}`,
    [
      { label: "Day", numeric: false },
      { label: "Attempted", numeric: true },
      { label: "Delivered", numeric: true },
      { label: "Conversations created", numeric: true },
      { label: "Delivered of attempted", numeric: true },
      { label: "Conversations of attempted", numeric: true },
    ],
    days.map(({ start, group }) => [
      formatUtcDay(start),
      formatCount(group?.totals.attempted ?? 0),
      formatCount(group?.totals.delivered ?? 0),
      formatCount(group?.totals.conversationsCreated ?? 0),
      fromStart(group, "delivered"),
      fromStart(group, "conversationsCreated"),
    ]),
  );
}

/** Empties the trend. */
export function clearTrend(): void {
  lastDays = [];
  chart?.destroy();
  chart = null;
  byId("trend-table", HTMLTableElement).replaceChildren();
}

/** Keeps the chart as wide as its box, and in the colours of the current scheme. */
export function followLayout(): void {
  const container = byId("trend-chart", HTMLElement);
  new ResizeObserver(() => {
    if (chart !== null && chart.width !== chartWidth(container)) {
      chart.setSize({ width: chartWidth(container), height: 280 });
    }
  }).observe(container);
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => draw(lastDays));
}
