/**
 * Warming by Cron Trigger: each run enqueues, for every account and app a tenant opted in
 * (`warm` in `PROXY_KEYS`, worker/auth/warm-targets.ts), the fills of
 *
 * - the days that became cacheable (ended 20 min ago) and are not stored yet,
 * - the days that settled (ended 72 h 20 min ago) whose stored copy was fetched while
 *   settling, so they are fetched again once, closed,
 * - the days that matured (`MATURE_DAYS`), are not archived yet and not past `ARCHIVE_DAYS`:
 *   their fill archives them (worker/archive/archive-day.ts),
 *
 * each looked for over a few days back, so a run that did not fire is made up by the next.
 * Fills go through `requestFill` (one per day per lease: a cron that fires twice, or overlaps
 * a running fill, enqueues nothing more) and take at most `WARM_RATE_SHARE` of the rate, only
 * in slots no live caller waits for. Stored pages are never fetched again (the day's ledger).
 *
 * @module
 */
import type { App, Dialect } from "../../lib/model/canonical.ts";
import { DAY_MS, startOfUtcDay } from "../../lib/windows.ts";
import { readManifest } from "../archive/archive-read.ts";
import { fetchedClosed, isMatured, isPastArchiveDays } from "../archive/maturity.ts";
import type { ProxyTenant } from "../auth/tenants.ts";
import { freshnessFor } from "../cache/freshness.ts";
import type { Env } from "../env.ts";
import { logError } from "../error-log.ts";
import type { Runtime } from "../runtime.ts";
import { type Settings, settingsOf } from "../settings.ts";
import { dayAccess, isFresh } from "../store/day-pages.ts";
import { backgroundCaller } from "./background-caller.ts";
import { requestFill } from "./fill-queue.ts";

/** Days looked back past each horizon, so missed runs are made up. */
const LOOKBACK_DAYS = 3;
/** How far back a run looks for days that just matured (about LivePerson's retention). */
const MAX_DAYS_BACK = 400;

/** What one warming run did. */
export interface WarmReport {
  /** Fills enqueued. */
  enqueued: number;
  /** Days looked at (per account, app and dialect). */
  checked: number;
  /** Targets (account, app, dialect) whose run failed (logged). */
  failed: number;
}

/**
 * One warming run over every tenant's `warm` targets.
 * A target whose ledgers, R2 or queue fail is logged and counted in `failed`; the next run
 * tries it again.
 */
export async function warm(env: Env, runtime: Runtime): Promise<WarmReport> {
  const settings = settingsOf(env);
  const report: WarmReport = { enqueued: 0, checked: 0, failed: 0 };
  for (const tenant of settings.tenants) {
    for (const target of tenant.warm ?? []) {
      for (const app of target.apps) {
        for (const dialect of target.dialects) {
          const one = { tenant, accountId: target.accountId, app, dialect };
          try {
            await warmOne(env, settings, runtime, one, report);
          } catch (error) {
            // One target failing leaves the others warmed; the next run tries it again.
            report.failed++;
            logError(crypto.randomUUID(), `warming ${target.accountId}/${app}/${dialect}`, error);
          }
        }
      }
    }
  }
  console.log(JSON.stringify({ warm: report }));
  return report;
}

async function warmOne(
  env: Env,
  settings: Settings,
  runtime: Runtime,
  target: { tenant: ProxyTenant; accountId: string; app: App; dialect: Dialect },
  report: WarmReport,
): Promise<void> {
  const caller = backgroundCaller(env, settings, runtime, target);
  const now = runtime.now();
  const { freshness } = settings;
  const today = startOfUtcDay(now);
  // Every day since the one before the settle horizon (less the lookback), and the days that
  // matured lately.
  const settleDays = Math.ceil((freshness.settleMs + freshness.minAgeMs) / DAY_MS);
  const recent: number[] = [];
  for (let day = today - (settleDays + LOOKBACK_DAYS) * DAY_MS; day < today; day += DAY_MS) {
    recent.push(day);
  }
  const matured: number[] = [];
  for (let day = today - DAY_MS; day > today - MAX_DAYS_BACK * DAY_MS; day -= DAY_MS) {
    if (!isMatured(day, now, settings)) continue;
    // Matured before the lookback, or past ARCHIVE_DAYS: so are all older days.
    if (isMatured(day + (LOOKBACK_DAYS + 1) * DAY_MS, now, settings)) break;
    if (isPastArchiveDays(day, now, settings)) break;
    matured.push(day);
  }
  for (const day of recent) {
    report.checked++;
    const decided = freshnessFor({ from: day, to: day + DAY_MS }, now, freshness);
    if (!decided.cacheable) continue;
    const access = dayAccess(caller, day, true);
    const { complete } = await access.ledger.state();
    // A settling day stored once is refreshed by its callers; warming fetches it again once
    // closed. A day fetched after it closed is kept fresh by its change detection when read.
    if (
      complete !== null &&
      (decided.tier === "settling" || fetchedClosed(day, complete.startedAt, settings))
    ) continue;
    if (isFresh(complete, now)) continue;
    if (await requestFill(access, { warm: true })) report.enqueued++;
  }
  for (const day of matured) {
    if (recent.includes(day)) continue;
    report.checked++;
    if (await readManifest(env, settings, target.accountId, target.app, day, now) !== null) {
      continue;
    }
    if (await requestFill(dayAccess(caller, day, true), { warm: true })) report.enqueued++;
  }
}
