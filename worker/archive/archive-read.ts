/**
 * Reading the archive back: a day's manifest (absent past `ARCHIVE_DAYS`), its transactions
 * line by line through a gunzip stream (never the whole day in memory), its rollup and its
 * analytics rows.
 *
 * @module
 */
import { isRollup, type Rollup } from "../../lib/funnel/rollup.ts";
import type { AnalyticsRow, App, Transaction } from "../../lib/model/canonical.ts";
import type { Env } from "../env.ts";
import type { Settings } from "../settings.ts";
import { archiveKey, type ArchiveManifest, isArchiveManifest } from "./archive-ref.ts";
import { isPastArchiveDays } from "./maturity.ts";

/** Transactions handed out at a time while reading an archived day. */
const BATCH = 1000;

/** One archived day of one account and app. */
export interface ArchivedDay {
  env: Env;
  settings: Settings;
  accountId: string;
  app: App;
  /** Midnight UTC, epoch ms. */
  day: number;
}

/**
 * The day's manifest, or null when the day is not archived, or archived longer ago than
 * `ARCHIVE_DAYS` allows (such a day is no longer served).
 * @throws When R2 fails.
 */
export async function readManifest(
  env: Env,
  settings: Settings,
  accountId: string,
  app: App,
  day: number,
  now: number,
): Promise<ArchiveManifest | null> {
  if (isPastArchiveDays(day, now, settings)) return null;
  const object = await env.STORE.get(
    archiveKey(settings.store.prefix, accountId, app, day, "day.json"),
  );
  if (object === null) return null;
  try {
    const manifest: unknown = JSON.parse(await object.text());
    return isArchiveManifest(manifest) ? manifest : null;
  } catch {
    // Unreadable: the day counts as not archived, and is archived again.
    return null;
  }
}

/**
 * The day's transactions in their stored order, {@link BATCH} at a time.
 * @throws {Error} when the object is missing or its line count differs from the manifest's.
 */
export async function* archivedTransactions(
  day: ArchivedDay,
  manifest: ArchiveManifest,
): AsyncGenerator<Transaction[]> {
  const key = archiveKey(
    day.settings.store.prefix,
    day.accountId,
    day.app,
    day.day,
    "transactions.ndjson.gz",
  );
  const object = await day.env.STORE.get(key);
  if (object === null) throw new Error(`Archived object is missing: ${key}`);
  const text = object.body
    .pipeThrough(new DecompressionStream("gzip"))
    .pipeThrough(new TextDecoderStream());
  let rest = "";
  let batch: Transaction[] = [];
  let count = 0;
  for await (const chunk of text) {
    const lines = (rest + chunk).split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) {
      if (line === "") continue;
      batch.push(JSON.parse(line) as Transaction);
      count++;
      if (batch.length === BATCH) {
        yield batch;
        batch = [];
      }
    }
  }
  if (rest !== "") {
    batch.push(JSON.parse(rest) as Transaction);
    count++;
  }
  if (count !== manifest.transactions) {
    throw new Error(
      `Archived object holds ${count} of ${manifest.transactions} transactions: ${key}`,
    );
  }
  if (batch.length > 0) yield batch;
}

/** The day's rollup. @throws {Error} when missing or malformed. */
export async function archivedRollup(day: ArchivedDay): Promise<Rollup> {
  const rollup = await readJson(day, "rollup.json");
  if (!isRollup(rollup)) {
    throw new Error(`Archived rollup is malformed: ${day.accountId}/${day.day}`);
  }
  return rollup;
}

/** The day's analytics rows (2.0 dialect's fields). @throws {Error} when missing or malformed. */
export async function archivedAnalytics(day: ArchivedDay): Promise<AnalyticsRow[]> {
  const rows = await readJson(day, "analytics.json");
  if (!Array.isArray(rows)) {
    throw new Error(`Archived analytics are malformed: ${day.accountId}/${day.day}`);
  }
  return rows as AnalyticsRow[];
}

async function readJson(
  day: ArchivedDay,
  file: "rollup.json" | "analytics.json",
): Promise<unknown> {
  const key = archiveKey(day.settings.store.prefix, day.accountId, day.app, day.day, file);
  const object = await day.env.STORE.get(key);
  if (object === null) throw new Error(`Archived object is missing: ${key}`);
  return JSON.parse(await object.text());
}
