/**
 * The archive's R2 layout: one folder per account, app and UTC day, readable by standard
 * tools as it is (`zcat transactions.ndjson.gz | jq`, DuckDB's `read_json`):
 *
 * ```
 * {STORE_PREFIX}archive/{accountId}/{app}/{YYYY}/{MM}/{DD}/transactions.ndjson.gz   canonical transactions, one JSON object a line, gzip
 * {STORE_PREFIX}archive/{accountId}/{app}/{YYYY}/{MM}/{DD}/rollup.json              funnel sums of the day (lib/funnel/rollup.ts)
 * {STORE_PREFIX}archive/{accountId}/{app}/{YYYY}/{MM}/{DD}/analytics.json           the day's analytics rows (canonical)
 * {STORE_PREFIX}archive/{accountId}/{app}/{YYYY}/{MM}/{DD}/day.json                 the manifest, written last
 * ```
 *
 * A day is archived when its manifest is there: it is written after every other object, so a
 * day cut off halfway is never read as archived (its objects are written again).
 *
 * @module
 */
import type { App } from "../../lib/model/canonical.ts";
import { formatUtcDay, parseDay } from "../../lib/windows.ts";

/** The objects of an archived day. */
export type ArchiveFile = "transactions.ndjson.gz" | "rollup.json" | "analytics.json" | "day.json";

/** The R2 key of one object of an archived day. */
export function archiveKey(
  prefix: string,
  accountId: string,
  app: App,
  day: number,
  file: ArchiveFile,
): string {
  const [year, month, date] = formatUtcDay(day).split("-");
  return `${prefix}archive/${
    encodeURIComponent(accountId)
  }/${app}/${year}/${month}/${date}/${file}`;
}

/** Where an object of the archive sits. */
export interface ArchivePlace {
  /**
   * `{prefix}archive/{accountId}/{app}/`: the days of one account and app, listed oldest first
   * (`YYYY/MM/DD` sorts as it counts).
   */
  series: string;
  /** `{series}{YYYY}/{MM}/{DD}/`: the objects of the day. */
  folder: string;
  /** The day, midnight UTC, epoch ms. */
  day: number;
}

const PLACE = /^([^/]+\/(?:prmsg|c2m)\/)(\d{4})\/(\d{2})\/(\d{2})\/[^/]+$/;

/** Where the R2 key `key` sits in the archive under `prefix`, or null for a key of another layout. */
export function archivePlaceOf(prefix: string, key: string): ArchivePlace | null {
  const root = `${prefix}archive/`;
  const match = key.startsWith(root) ? PLACE.exec(key.slice(root.length)) : null;
  if (match === null) return null;
  const [, series, year, month, date] = match;
  let day: number;
  try {
    day = parseDay(`${year}-${month}-${date}`);
  } catch {
    return null;
  }
  return { series: root + series, folder: `${root}${series}${year}/${month}/${date}/`, day };
}

/** The manifest of an archived day (`day.json`). */
export interface ArchiveManifest {
  /** The layout version. */
  schema: 1;
  accountId: string;
  app: App;
  /** "YYYY-MM-DD" (UTC). */
  day: string;
  /** Lines of `transactions.ndjson.gz`. */
  transactions: number;
  /** Of them, transactions without `attemptedTime`. */
  untimed: number;
  /** Bytes of `transactions.ndjson.gz`. */
  bytes: number;
  /** When it was archived, ISO 8601. */
  archivedAt: string;
}

/** Whether `value` is a manifest of this layout (a read-back check). */
export function isArchiveManifest(value: unknown): value is ArchiveManifest {
  if (typeof value !== "object" || value === null) return false;
  const m = value as Record<string, unknown>;
  return m["schema"] === 1 && typeof m["accountId"] === "string" &&
    (m["app"] === "prmsg" || m["app"] === "c2m") && typeof m["day"] === "string" &&
    Number.isSafeInteger(m["transactions"]) && Number.isSafeInteger(m["untimed"]) &&
    Number.isSafeInteger(m["bytes"]) && typeof m["archivedAt"] === "string";
}
