/**
 * Which stored day a key names, and the R2 layout of its transactions:
 *
 * ```
 * {STORE_PREFIX}tx/v1/{accountId}/{app}/{dialect}/{YYYY-MM-DD}/g{generation}/p{offset}.json   one upstream page
 * {STORE_PREFIX}tx/v1/{accountId}/{app}/{dialect}/{YYYY-MM-DD}/g{generation}/rollup.json     funnel sums of the day
 * ```
 *
 * A generation is one complete fetch of the day: a refresh writes a new generation beside the
 * old one, so a reader never sees old and new pages of one day mixed. No credential is part
 * of a key: the proxy authorizes the account before it reads.
 *
 * @module
 */
import type { App, Dialect } from "../../lib/model/canonical.ts";
import { formatUtcDay } from "../../lib/windows.ts";

/** One UTC day of one account's transactions in one dialect. */
export interface DayRef {
  accountId: string;
  app: App;
  dialect: Dialect;
  /** Midnight UTC, epoch ms. */
  day: number;
}

/** The name of the day's {@linkcode DayLedger} Durable Object (and the prefix of its keys). */
export function dayName(prefix: string, ref: DayRef): string {
  return `${prefix}tx/v1/${encodeURIComponent(ref.accountId)}/${ref.app}/${ref.dialect}/${
    formatUtcDay(ref.day)
  }`;
}

/** The R2 key of the page that starts at `offset` in a generation. */
export function pageKey(prefix: string, ref: DayRef, generation: number, offset: number): string {
  return `${dayName(prefix, ref)}/g${generation}/p${offset}.json`;
}

/** The R2 key of a generation's rollup. */
export function rollupKey(prefix: string, ref: DayRef, generation: number): string {
  return `${dayName(prefix, ref)}/g${generation}/rollup.json`;
}
