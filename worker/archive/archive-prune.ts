/**
 * Bounding the archive's storage by `ARCHIVE_DAYS`: each cron run deletes the objects of the
 * archived days past it. A run lists the archive in key order (account, app, then the days,
 * oldest first) from where the last run stopped, deletes the expired days' objects, and jumps
 * to the next account and app at the first day still kept. It makes at most `lists` listings
 * (each followed by at most two deletes), so one run stays far within a Worker's subrequests
 * and CPU, and keeps its place in `{STORE_PREFIX}archive-prune.json`; a sweep that reached the
 * end rests until the next UTC day (days expire at midnight). Idempotent: deleting an object
 * already gone does nothing, so overlapping runs only repeat work. A day's manifest goes before
 * its other objects, so a day deleted halfway is never read as archived.
 *
 * @module
 */
import { formatUtcDay } from "../../lib/windows.ts";
import type { Env } from "../env.ts";
import type { Settings } from "../settings.ts";
import { archivePlaceOf } from "./archive-ref.ts";
import { isPastArchiveDays } from "./maturity.ts";

/** Options of {@link pruneArchive}. */
export interface PruneOptions {
  /** Listings at most in one run. @default 50 */
  lists?: number;
  /** Keys a listing returns at most (R2's maximum, and a batch delete's). @default 1000 */
  listLimit?: number;
}

/** What one run did. */
export interface PruneReport {
  /** Archive objects listed past `ARCHIVE_DAYS`, and deleted. */
  deleted: number;
  /** R2 listings made. */
  lists: number;
  /** Whether the sweep has reached the end of the archive today. */
  swept: boolean;
}

/** Where the sweep stands between runs. */
interface PruneCursor {
  /** The listing goes on after this key ("": from the start). */
  after: string;
  /** The UTC day (`YYYY-MM-DD`) a whole sweep last ended, or null. */
  sweptOn: string | null;
}

/**
 * One bounded step of the sweep deleting the archived days past `ARCHIVE_DAYS`; nothing when
 * it is unset (the archive is kept forever).
 * @throws When R2 fails (what was deleted stays deleted; the next run goes on).
 */
export async function pruneArchive(
  env: Env,
  settings: Settings,
  now: number,
  options: PruneOptions = {},
): Promise<PruneReport> {
  const { lists = 50, listLimit = 1000 } = options;
  const report: PruneReport = { deleted: 0, lists: 0, swept: false };
  if (settings.archive.archiveDays === null) return report;
  const { prefix } = settings.store;
  const bucket = env.STORE;
  const cursorKey = `${prefix}archive-prune.json`;
  const today = formatUtcDay(now);
  const cursor = await readCursor(bucket, cursorKey);
  if (cursor.sweptOn === today) return { ...report, swept: true };
  let after = cursor.after;
  while (report.lists < lists) {
    const page = await bucket.list({
      prefix: `${prefix}archive/`,
      limit: listLimit,
      ...(after === "" ? {} : { startAfter: after }),
    });
    report.lists++;
    const manifests = new Set<string>();
    const expired: string[] = [];
    let kept: string | null = null;
    for (const { key } of page.objects) {
      const place = archivePlaceOf(prefix, key);
      if (place === null) continue;
      if (!isPastArchiveDays(place.day, now, settings)) {
        kept = place.series;
        break;
      }
      manifests.add(`${place.folder}day.json`);
      expired.push(key);
    }
    if (expired.length > 0) {
      await bucket.delete([...manifests]);
      await bucket.delete(expired);
      report.deleted += expired.length;
    }
    if (kept !== null) {
      // The later days of this account and app are newer: go on after them ("~" sorts after
      // every `YYYY/…` key of the series).
      after = `${kept}~`;
    } else if (page.truncated) {
      after = page.objects.at(-1)?.key ?? after;
    } else {
      await writeCursor(bucket, cursorKey, { after: "", sweptOn: today });
      return { ...report, swept: true };
    }
  }
  await writeCursor(bucket, cursorKey, { after, sweptOn: cursor.sweptOn });
  return report;
}

async function readCursor(bucket: R2Bucket, key: string): Promise<PruneCursor> {
  const object = await bucket.get(key);
  const start: PruneCursor = { after: "", sweptOn: null };
  if (object === null) return start;
  try {
    const value = JSON.parse(await object.text()) as Partial<PruneCursor>;
    return typeof value.after === "string" &&
        (value.sweptOn === null || typeof value.sweptOn === "string")
      ? { after: value.after, sweptOn: value.sweptOn }
      : start;
  } catch {
    // Unreadable: the sweep begins again (it only repeats work).
    return start;
  }
}

async function writeCursor(bucket: R2Bucket, key: string, cursor: PruneCursor): Promise<void> {
  await bucket.put(key, JSON.stringify(cursor), {
    httpMetadata: { contentType: "application/json" },
  });
}
