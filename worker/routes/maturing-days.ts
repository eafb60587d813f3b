import { DAY_MS, formatUtcDay } from "../../lib/windows.ts";
import { type FreshnessPolicy, tierOf } from "../cache/freshness.ts";

/**
 * The days of `[from, to)` (whole UTC days) that replies may still change at `now`: every day
 * not yet matured (worker/cache/freshness.ts), as `YYYY-MM-DD`, for `/_edge/funnel`'s answer.
 *
 * @param range The range, midnights UTC, epoch ms.
 * @param now The current time, epoch ms.
 * @param policy The freshness policy in use.
 * @returns The labels, oldest first.
 */
export function maturingDays(
  range: { from: number; to: number },
  now: number,
  policy: FreshnessPolicy,
): string[] {
  const days: string[] = [];
  for (let day = range.from; day < range.to; day += DAY_MS) {
    if (tierOf({ from: day, to: day + DAY_MS }, now, policy).tier !== "matured") {
      days.push(formatUtcDay(day));
    }
  }
  return days;
}
