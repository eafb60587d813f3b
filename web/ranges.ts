/**
 * The dashboard's date ranges: presets counted back from yesterday (the last whole UTC day),
 * custom ranges of whole days, and the chunks a long range is loaded in.
 *
 * @module
 */
import { DAY_MS } from "../lib/time/durations.ts";
import { retentionStart } from "../lib/time/retention.ts";
import { formatUtcDay, parseDay } from "../lib/time/utc-days.ts";

/** A range preset, or `custom`. */
export type Preset = "yesterday" | "7d" | "30d" | "90d" | "13m" | "custom";

/** The presets with their labels, in menu order. */
export const PRESETS: readonly (readonly [Preset, string])[] = [
  ["yesterday", "Yesterday"],
  ["7d", "Last 7 days"],
  ["30d", "Last 30 days"],
  ["90d", "Last 90 days"],
  ["13m", "Last 13 months"],
  ["custom", "Custom range"],
];

/** Whole UTC days, both ends included, as `YYYY-MM-DD`. */
export interface DayRange {
  /** The first day. */
  from: string;
  /** The last day. */
  to: string;
}

/**
 * The range of a preset, ending yesterday (today is not over yet); `13m` starts at the
 * 13-month retention start.
 *
 * @param preset A preset other than `custom`.
 * @param now The current time, epoch ms.
 * @returns The range.
 */
export function presetRange(preset: Exclude<Preset, "custom">, now: number): DayRange {
  const yesterday = Math.floor(now / DAY_MS) * DAY_MS - DAY_MS;
  const days = { yesterday: 1, "7d": 7, "30d": 30, "90d": 90 } as const;
  const from = preset === "13m" ? retentionStart(now) : yesterday - (days[preset] - 1) * DAY_MS;
  return { from: formatUtcDay(from), to: formatUtcDay(yesterday) };
}

/**
 * Whether `text` is a valid `YYYY-MM-DD` day.
 *
 * @param text The text.
 * @returns True for a real calendar day.
 */
export function isDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  try {
    parseDay(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The days of a range, as epoch ms of their starts.
 *
 * @param range The range.
 * @returns One start per day, oldest first (empty when `to` is before `from`).
 */
export function daysOf(range: DayRange): number[] {
  const starts: number[] = [];
  for (let day = parseDay(range.from); day <= parseDay(range.to); day += DAY_MS) starts.push(day);
  return starts;
}

/**
 * Splits a range into consecutive chunks of at most `maxDays` days, so a long range loads
 * piece by piece with visible progress.
 *
 * @param range The range.
 * @param maxDays The longest chunk.
 * @returns The chunks, oldest first.
 */
export function chunkRange(range: DayRange, maxDays: number): DayRange[] {
  const days = daysOf(range);
  const chunks: DayRange[] = [];
  for (let i = 0; i < days.length; i += maxDays) {
    const part = days.slice(i, i + maxDays);
    chunks.push({ from: formatUtcDay(part[0]!), to: formatUtcDay(part[part.length - 1]!) });
  }
  return chunks;
}
