import type { App, Dialect } from "../../lib/model/canonical.ts";

/**
 * One message of the `FILLS` queue: fill one day for one tenant. It names the tenant, never
 * a credential: the consumer looks the tenant's upstream credentials up in its own settings.
 */
export interface FillJob {
  tenant: string;
  accountId: string;
  app: App;
  dialect: Dialect;
  /** Midnight UTC, epoch ms. */
  day: number;
  /** Enqueued by warming or a backfill: takes at most `WARM_RATE_SHARE` of the rate. */
  warm?: true;
}

/** Whether a queue message is a {@link FillJob} (messages are checked before use). */
export function isFillJob(value: unknown): value is FillJob {
  if (typeof value !== "object" || value === null) return false;
  const { tenant, accountId, app, dialect, day, warm } = value as Record<string, unknown>;
  return typeof tenant === "string" && typeof accountId === "string" &&
    (warm === undefined || warm === true) &&
    (app === "prmsg" || app === "c2m") && (dialect === "current" || dialect === "2.0") &&
    Number.isSafeInteger(day) && (day as number) % 86_400_000 === 0;
}
