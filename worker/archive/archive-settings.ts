/**
 * The settings of warming, backfill and the archive: `WARM_RATE_SHARE`, `ARCHIVE_DAYS` and
 * `ADMIN_KEYS`, read once with the other settings (when a day matures, `MATURE_DAYS`, is the
 * freshness policy's).
 *
 * @module
 */
import type { Env } from "../env.ts";

/** What warming, the admin routes and the archive need from the configuration. */
export interface ArchiveSettings {
  /** Share of each rate schedule warming and backfill fills take, in (0, 1]. */
  warmRateShare: number;
  /** Days after its end an archived day is kept and served; null: forever. */
  archiveDays: number | null;
  /** Lowercase hex SHA-256 digests of the admin keys; empty: admin routes disabled. */
  adminKeys: readonly string[];
}

/** SHA-256("demo-admin-key"): the local demo's admin key, under the sandbox only. */
export const DEMO_ADMIN_KEY_SHA256 =
  "ac5bb3526d3be432ba19fb1fc0712d350c160bd2169cd24401c9fcaeaac2d860";

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

/**
 * Reads and validates the settings.
 * @throws {RangeError | TypeError} naming the setting (never quoting `ADMIN_KEYS`).
 */
export function archiveSettingsOf(env: Env, upstream: "sandbox" | "liveperson"): ArchiveSettings {
  const share = number(env.WARM_RATE_SHARE, 0.5);
  if (!(share > 0 && share <= 1)) {
    throw new RangeError(
      `WARM_RATE_SHARE is not a number above 0 and at most 1: ${
        JSON.stringify(env.WARM_RATE_SHARE)
      }`,
    );
  }
  const archiveDays = env.ARCHIVE_DAYS === undefined || env.ARCHIVE_DAYS === ""
    ? null
    : number(env.ARCHIVE_DAYS, 0);
  if (archiveDays !== null && !(Number.isInteger(archiveDays) && archiveDays > 0)) {
    throw new RangeError(
      `ARCHIVE_DAYS is not a positive whole number of days: ${JSON.stringify(env.ARCHIVE_DAYS)}`,
    );
  }
  return { warmRateShare: share, archiveDays, adminKeys: adminKeys(env, upstream) };
}

function number(raw: string | undefined, fallback: number): number {
  return raw === undefined || raw === "" ? fallback : Number(raw);
}

function adminKeys(env: Env, upstream: "sandbox" | "liveperson"): string[] {
  if (env.ADMIN_KEYS === undefined) return upstream === "sandbox" ? [DEMO_ADMIN_KEY_SHA256] : [];
  const keys = env.ADMIN_KEYS.split(/[\s,]+/).filter((key) => key !== "");
  keys.forEach((key, index) => {
    if (!SHA256_HEX.test(key)) {
      throw new TypeError(`ADMIN_KEYS[${index}] is not 64 hexadecimal digits (a SHA-256 digest)`);
    }
  });
  return keys.map((key) => key.toLowerCase());
}
