/**
 * The Cron Trigger: warming (worker/fill/warm.ts), then the sweep bounding the archive by
 * `ARCHIVE_DAYS` (worker/archive/archive-prune.ts). A sweep that fails is logged and goes on
 * at the next run; warming has been done by then.
 *
 * @module
 */
import { pruneArchive, type PruneReport } from "./archive/archive-prune.ts";
import type { Env } from "./env.ts";
import { logError } from "./error-log.ts";
import { warm, type WarmReport } from "./fill/warm.ts";
import type { Runtime } from "./runtime.ts";
import { settingsOf } from "./settings.ts";

/** What one cron run did. */
export interface CronReport {
  /** Fills enqueued by warming. */
  warm: WarmReport;
  /** Archive objects deleted past `ARCHIVE_DAYS`; null when the sweep failed (logged). */
  prune: PruneReport | null;
}

/**
 * One cron run: warming, then a bounded step of the archive's sweep.
 * @throws {TypeError | RangeError} When the settings are malformed.
 */
export async function runCron(env: Env, runtime: Runtime): Promise<CronReport> {
  const warmed = await warm(env, runtime);
  let prune: PruneReport | null = null;
  try {
    prune = await pruneArchive(env, settingsOf(env), runtime.now());
    console.log(JSON.stringify({ prune }));
  } catch (error) {
    logError(crypto.randomUUID(), "pruning the archive", error);
  }
  return { warm: warmed, prune };
}
