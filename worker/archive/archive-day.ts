/**
 * Archiving a day: once it is matured and stored whole from a fetch made after it closed, its
 * transactions are streamed from the stored pages into `transactions.ndjson.gz` (one page in
 * memory at a time), its rollup summed on the way, its analytics rows kept, and the manifest
 * written last (worker/archive/archive-ref.ts). Idempotent: a day with a manifest is left alone;
 * a day past `ARCHIVE_DAYS` is not written.
 *
 * @module
 */
import { addToRollup, finishRollup, newRollup } from "../../lib/funnel/rollup.ts";
import type { AnalyticsRow, Transaction } from "../../lib/model/canonical.ts";
import { DAY_MS, formatUtcDay } from "../../lib/windows.ts";
import { analyticsIn } from "../data/analytics-days.ts";
import { loadContext } from "../data/load-context.ts";
import { newRequestState } from "../request-state.ts";
import type { Generation } from "../store/day-ledger.ts";
import { type DayAccess, storedPages } from "../store/day-pages.ts";
import { archiveKey, type ArchiveManifest } from "./archive-ref.ts";
import { readManifest } from "./archive-read.ts";
import { putGzip } from "./gzip-upload.ts";
import { fetchedClosed, isMatured, isPastArchiveDays } from "./maturity.ts";

const JSON_TYPE = { httpMetadata: { contentType: "application/json" } };

/**
 * Archives the day of `access` when it is matured, not past `ARCHIVE_DAYS` (the next cron would
 * delete it) and `complete` was fetched after it closed.
 * @returns Whether the day is archived now (written by this call or before).
 * @throws When R2, a stored page or the analytics fetch fails (nothing is marked archived).
 */
export async function archiveIfMatured(access: DayAccess, complete: Generation): Promise<boolean> {
  const { caller, ref } = access;
  const { settings } = caller;
  const now = caller.runtime.now();
  if (!isMatured(ref.day, now, settings) || isPastArchiveDays(ref.day, now, settings)) {
    return false;
  }
  if (!fetchedClosed(ref.day, complete.startedAt, settings)) return false;
  if (await readManifest(caller.env, settings, ref.accountId, ref.app, ref.day, now) !== null) {
    return true;
  }
  await archiveDay(access, complete);
  return true;
}

/** Writes the day's archive objects, the manifest last. */
async function archiveDay(access: DayAccess, complete: Generation): Promise<void> {
  const { caller, ref } = access;
  const bucket = caller.env.STORE;
  const { prefix } = caller.settings.store;
  const key = (file: Parameters<typeof archiveKey>[4]) =>
    archiveKey(prefix, ref.accountId, ref.app, ref.day, file);
  const rollup = newRollup();
  let transactions = 0;
  let untimed = 0;
  async function* lines(): AsyncGenerator<string> {
    for await (const page of storedPages(access, complete.generation)) {
      addToRollup(rollup, page);
      transactions += page.length;
      untimed += page.filter((tx: Transaction) => tx.attemptedTime === null).length;
      yield page.map((tx) => `${JSON.stringify(tx)}\n`).join("");
    }
  }
  const bytes = await putGzip(bucket, key("transactions.ndjson.gz"), lines(), {
    contentType: "application/gzip",
  });
  await bucket.put(key("rollup.json"), JSON.stringify(finishRollup(rollup)), JSON_TYPE);
  await bucket.put(key("analytics.json"), JSON.stringify(await analyticsOf(access)), JSON_TYPE);
  const manifest: ArchiveManifest = {
    schema: 1,
    accountId: ref.accountId,
    app: ref.app,
    day: formatUtcDay(ref.day),
    transactions,
    untimed,
    bytes,
    archivedAt: new Date(caller.runtime.now()).toISOString(),
  };
  await bucket.put(key("day.json"), JSON.stringify(manifest), JSON_TYPE);
}

/**
 * The day's analytics rows as the proxy serves them (from the cached day when there is one),
 * in the 2.0 dialect, whose rows carry every field (`optOuts`, `optIns`); the current dialect
 * is served the same rows without them.
 */
async function analyticsOf(access: DayAccess): Promise<AnalyticsRow[]> {
  const caller = { ...access.caller, dialect: "2.0" as const };
  const context = loadContext(caller, newRequestState());
  return await analyticsIn(context, { from: access.ref.day, to: access.ref.day + DAY_MS });
}
