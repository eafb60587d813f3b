/**
 * How the dashboard writes numbers: one fixed locale, so what is on screen, in the CSV and in
 * the tests agree.
 *
 * @module
 */
import type { Rate } from "../lib/funnel/funnel.ts";

const COUNT = new Intl.NumberFormat("en-US");

/** Text for a rate whose channel cannot report the stage (reads on SMS). */
export const NOT_APPLICABLE = "not applicable";

/** Text for a rate whose denominator is 0. */
export const NO_VOLUME = "no volume";

/**
 * A count with thousands separators, or "not applicable" for null.
 *
 * @param count The count.
 * @returns E.g. `"11,409"`.
 */
export function formatCount(count: number | null): string {
  return count === null ? NOT_APPLICABLE : COUNT.format(count);
}

/**
 * A rate as a percentage with one decimal; never 0 % for a stage the channel cannot report.
 *
 * @param rate A funnel rate.
 * @returns E.g. `"92.9 %"`, `"not applicable"` or `"no volume"`.
 */
export function formatRate(rate: Rate): string {
  if (rate === "not-applicable") return NOT_APPLICABLE;
  if (rate === null) return NO_VOLUME;
  return `${(rate * 100).toFixed(1)} %`;
}

/**
 * An average CSAT score with two decimals.
 *
 * @param csat The score, or null when there were no surveys.
 * @returns E.g. `"3.89"`, or `"no surveys"`.
 */
export function formatCsat(csat: number | null): string {
  return csat === null ? "no surveys" : csat.toFixed(2);
}
