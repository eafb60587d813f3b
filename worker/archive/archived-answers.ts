/**
 * Answers beyond LivePerson's 13-month retention, from the archive: a page of transactions,
 * analytics rows and funnel rollups, the same in the canonical model as the answers the proxy
 * gave while the days were in retention (`Cache-Status: …; hit; detail=archive`). A range with
 * a day that was never archived gets LivePerson's 400, as before.
 *
 * @module
 */
import type { Rollup } from "../../lib/funnel/rollup.ts";
import type { AnalyticsRow } from "../../lib/model/canonical.ts";
import {
  checkRange,
  DAY_MS,
  type Operation,
  retentionStart,
  startOfUtcDay,
  type TimeWindow,
} from "../../lib/windows.ts";
import type { LoadContext } from "../data/load-context.ts";
import type { TransactionsAnswer, TransactionsRequest } from "../data/transactions-pages.ts";
import { windowPage } from "../data/window-page.ts";
import { ProxyError } from "../http/proxy-error.ts";
import type { UpstreamCaller } from "../upstream/upstream.ts";
import type { ArchiveManifest } from "./archive-ref.ts";
import {
  archivedAnalytics,
  type ArchivedDay,
  archivedRollup,
  archivedTransactions,
  readManifest,
} from "./archive-read.ts";

/** The `Cache-Status` detail of answers from the archive. */
export const ARCHIVE_DETAIL = "archive";

/** The start of LivePerson's retention for the caller at `now`: older windows are the archive's. */
export function retentionCut(caller: UpstreamCaller, now: number): number {
  return retentionStart(now, caller.settings.freshness.retentionMonths);
}

/** LivePerson's 400 for a window older than the retention, in the words `readWindow` uses. */
export function retentionRefusal(
  caller: UpstreamCaller,
  operation: Operation,
  window: TimeWindow,
  now: number,
): ProxyError {
  try {
    checkRange({ operation, dialect: caller.dialect, ...window, now, anyLength: true });
  } catch (error) {
    return new ProxyError(400, (error as Error).message.slice(0, 300));
  }
  return new ProxyError(400, `Cannot query ${operation} as the start is older than the retention`);
}

/** The manifests of the UTC days of `window`, or null when one of them is not archived. */
export async function archivedDays(
  caller: UpstreamCaller,
  window: TimeWindow,
  now: number,
): Promise<{ day: ArchivedDay; manifest: ArchiveManifest }[] | null> {
  const starts: number[] = [];
  for (let day = startOfUtcDay(window.from); day < window.to; day += DAY_MS) starts.push(day);
  const manifests = await Promise.all(
    starts.map((day) =>
      readManifest(caller.env, caller.settings, caller.accountId, caller.app, day, now)
    ),
  );
  if (manifests.some((m) => m === null)) return null;
  return starts.map((day, i) => ({
    day: {
      env: caller.env,
      settings: caller.settings,
      accountId: caller.accountId,
      app: caller.app,
      day,
    },
    manifest: manifests[i]!,
  }));
}

/**
 * One page of a transactions request older than the retention, paged as the upstream paged it.
 * @throws {ProxyError} 400 (LivePerson's) when a day of the window is not archived.
 */
export async function archivedPage(
  context: LoadContext,
  request: TransactionsRequest,
): Promise<TransactionsAnswer> {
  const { caller, now } = context;
  const { window } = request;
  const days = await archivedDays(caller, window, now);
  if (days === null) throw retentionRefusal(caller, "transactions", window, now);
  noteArchive(context, days.length);
  return await windowPage(
    days.map(({ day, manifest }) => ({ day: day.day, pages: archivedTransactions(day, manifest) })),
    request,
  );
}

/**
 * The analytics rows of whole UTC days older than the retention, in the caller's dialect
 * (the current dialect's rows carry no `optOuts` or `optIns`).
 * @throws {ProxyError} 400 (LivePerson's) when a day is not archived or the window cuts a day.
 */
export async function archivedAnalyticsRows(
  context: LoadContext,
  window: TimeWindow,
): Promise<AnalyticsRow[]> {
  const { caller, now } = context;
  const days = window.from % DAY_MS === 0 && window.to % DAY_MS === 0
    ? await archivedDays(caller, window, now)
    : null;
  if (days === null) throw retentionRefusal(caller, "accountAnalytics", window, now);
  noteArchive(context, days.length);
  const rows = (await Promise.all(days.map(({ day }) => archivedAnalytics(day)))).flat();
  if (caller.dialect === "2.0") return rows;
  return rows.map(({ optOuts: _optOuts, optIns: _optIns, ...row }) => row);
}

/**
 * The rollup of one UTC day older than the retention.
 * @throws {ProxyError} 400 when it is not archived.
 */
export async function archivedDayRollup(context: LoadContext, day: number): Promise<Rollup> {
  const { caller, now } = context;
  const days = await archivedDays(caller, { from: day, to: day + DAY_MS }, now);
  if (days === null) {
    throw new ProxyError(
      400,
      "Cannot compute a funnel as the start is older than the 13-month retention",
    );
  }
  noteArchive(context, 1);
  return await archivedRollup(days[0]!.day);
}

function noteArchive(context: LoadContext, days: number): void {
  context.outcome.hits += days;
  context.outcome.detail = ARCHIVE_DETAIL;
}
