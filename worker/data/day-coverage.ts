/**
 * What the proxy holds of each UTC day of a range, for `/_edge/coverage` and the admin
 * backfill's progress: `none`, `filling` (with the pages stored so far), `settling` (stored
 * whole, still changing upstream: re-fetched after its TTL), `closed` (stored whole past its
 * settling) or `archived` (in the archive, served beyond the retention); and whether replies may
 * still change the day (`maturing`, until `maturesAt`).
 *
 * @module
 */
import { DAY_MS } from "../../lib/windows.ts";
import { readManifest } from "../archive/archive-read.ts";
import { tierOf } from "../cache/freshness.ts";
import { dayAccess, isFresh } from "../store/day-pages.ts";
import type { UpstreamCaller } from "../upstream/upstream.ts";

/** What the proxy holds of one UTC day. */
export interface DayCoverage {
  day: string;
  state: "none" | "filling" | "settling" | "closed" | "archived";
  /** Whether replies may still change the day upstream (its tier is `maturing` or younger). */
  maturing: boolean;
  transactions?: number;
  pagesDone?: number;
  settlesAt?: string;
  /** When it matures, while it is maturing. */
  maturesAt?: string;
}

/** The coverage of the days `[from, to)` (midnights UTC) for the caller's account, app and dialect. */
export async function dayCoverage(
  caller: UpstreamCaller,
  from: number,
  to: number,
): Promise<DayCoverage[]> {
  const now = caller.runtime.now();
  const { freshness } = caller.settings;
  const days: DayCoverage[] = [];
  for (let day = from; day < to; day += DAY_MS) {
    const { tier, maturesAt } = tierOf({ from: day, to: day + DAY_MS }, now, freshness);
    const maturing = tier !== "matured";
    days.push({
      day: new Date(day).toISOString().slice(0, 10),
      state: "none",
      maturing,
      ...(maturing ? { maturesAt: new Date(maturesAt).toISOString() } : {}),
    });
  }
  await Promise.all(days.map(async (entry, i) => {
    const day = from + i * DAY_MS;
    const [state, manifest] = await Promise.all([
      dayAccess(caller, day).ledger.state(),
      readManifest(caller.env, caller.settings, caller.accountId, caller.app, day, now),
    ]);
    const settlesAt = day + DAY_MS + freshness.settleMs + freshness.minAgeMs;
    if (manifest !== null) {
      entry.state = "archived";
      entry.transactions = manifest.transactions;
    } else if (isFresh(state.complete, now)) {
      const { tier } = tierOf({ from: day, to: day + DAY_MS }, now, freshness);
      entry.state = tier === "maturing" || tier === "matured" ? "closed" : "settling";
      entry.transactions = state.complete.total ?? 0;
      if (entry.state === "settling") entry.settlesAt = new Date(settlesAt).toISOString();
    } else if ((state.current?.pages ?? 0) > 0) {
      entry.state = "filling";
      entry.pagesDone = state.current!.pages;
    }
  }));
  return days;
}
