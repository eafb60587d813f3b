import { formatUtcDay } from "../windows.ts";

/** The day of an instant as `YYYY-MM-DD`, in some time zone. */
export type DayLabeler = (ms: number) => string;

/**
 * Labels instants with their day in an IANA time zone, through `Intl.DateTimeFormat` (every
 * runtime has it). LivePerson does not document the zone of `transactionday` [INF: UTC].
 *
 * @param timeZone An IANA time zone name, e.g. `"UTC"` or `"America/New_York"`.
 * @returns The labeler.
 * @throws {RangeError} when the runtime does not know the zone.
 */
export function dayLabeler(timeZone: string): DayLabeler {
  if (timeZone === "UTC") return formatUtcDay;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
  } catch {
    throw new RangeError(
      `Cannot label days as the time zone is unknown: ${JSON.stringify(timeZone)}`,
    );
  }
  return (ms) => {
    const parts: Record<string, string> = {};
    for (const part of format.formatToParts(ms)) parts[part.type] = part.value;
    return `${parts["year"]}-${parts["month"]}-${parts["day"]}`;
  };
}
