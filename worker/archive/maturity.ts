/**
 * When a day is matured, whether a generation of it may be archived, and when its archive
 * expires (`ARCHIVE_DAYS`): the rules the archive (and warming) ask.
 *
 * @module
 */
import { DAY_MS } from "../../lib/windows.ts";
import { maturesAt } from "../cache/freshness.ts";
import type { Settings } from "../settings.ts";

/**
 * Whether the day is matured at `now` (then archived once stored closed): the freshness
 * policy's maturity (`MATURE_DAYS` after its end, plus the upstream's 20-minute delay).
 * @param day Midnight UTC, epoch ms.
 */
export function isMatured(day: number, now: number, settings: Settings): boolean {
  return now >= maturesAt({ from: day, to: day + DAY_MS }, settings.freshness);
}

/**
 * Whether a generation of the day was fetched after the day closed (its first page stored
 * past the settle horizon): only such a generation is archived.
 */
export function fetchedClosed(day: number, startedAt: number | null, settings: Settings): boolean {
  const { settleMs, minAgeMs } = settings.freshness;
  return startedAt !== null && startedAt >= day + DAY_MS + settleMs + minAgeMs;
}

/**
 * Whether the day is past `ARCHIVE_DAYS` at `now` (never when it is unset): its archive is no
 * longer served, written or kept (worker/archive/archive-prune.ts deletes it).
 * @param day Midnight UTC, epoch ms.
 */
export function isPastArchiveDays(day: number, now: number, settings: Settings): boolean {
  const { archiveDays } = settings.archive;
  return archiveDays !== null && now >= day + DAY_MS + archiveDays * DAY_MS;
}
