/**
 * When a day is matured: the one rule the archive (and warming) ask, kept in one function so
 * that it can follow the freshness policy's maturity tiers.
 *
 * @module
 */
import { DAY_MS } from "../../lib/windows.ts";
import type { Settings } from "../settings.ts";

/**
 * The instant a day matures: `MATURE_DAYS` days after its end, plus the upstream's 20-minute
 * delay (LP: replies raise `conversationsCreated` for about 30 days, liveperson-api-notes.md §4).
 * @param day Midnight UTC, epoch ms.
 */
export function maturesAt(day: number, settings: Settings): number {
  return day + DAY_MS + settings.archive.matureDays * DAY_MS + settings.freshness.minAgeMs;
}

/** Whether the day is matured at `now` (then archived once stored closed). */
export function isMatured(day: number, now: number, settings: Settings): boolean {
  return now >= maturesAt(day, settings);
}

/**
 * Whether a generation of the day was fetched after the day closed (its first page stored
 * past the settle horizon): only such a generation is archived.
 */
export function fetchedClosed(day: number, startedAt: number | null, settings: Settings): boolean {
  const { settleMs, minAgeMs } = settings.freshness;
  return startedAt !== null && startedAt >= day + DAY_MS + settleMs + minAgeMs;
}
