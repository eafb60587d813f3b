/**
 * Reads the instants of `--from` and `--to`: ISO 8601 dates and times, epoch milliseconds,
 * `now`, or a span back from now such as `90m`, `12h`, `7d`, `2w` or `13mo`.
 *
 * @module
 */
import { CliError, EXIT } from "./exit-codes.ts";

const RELATIVE = /^(\d+)(min|h|d|w|mo)$/;
const UNIT_MS: Readonly<Record<string, number>> = {
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};
const ISO_START = /^\d{4}-\d{2}-\d{2}(?:$|T)/;

/**
 * Reads one instant of the command line.
 *
 * @param text The flag's value.
 * @param flag The flag, for the message (`"--from"`).
 * @param now The current time, epoch ms.
 * @returns Epoch milliseconds.
 * @throws {CliError} (usage) when the value is none of the accepted forms.
 */
export function parseInstant(text: string, flag: string, now: number): number {
  const value = text.trim();
  if (value === "now") return now;
  if (/^\d{11,}$/.test(value)) return Number(value);
  const relative = RELATIVE.exec(value);
  if (relative !== null) {
    const amount = Number(relative[1]);
    const unit = relative[2]!;
    if (unit === "mo") {
      const date = new Date(now);
      date.setUTCMonth(date.getUTCMonth() - amount);
      return date.getTime();
    }
    return now - amount * UNIT_MS[unit]!;
  }
  if (ISO_START.test(value)) {
    // A date alone is UTC midnight (ECMAScript date-only forms are UTC); a time without zone is taken as UTC too.
    const zoned = /T.*(?:Z|[+-]\d{2}:?\d{2})$/.test(value) || !value.includes("T")
      ? value
      : `${value}Z`;
    const ms = Date.parse(zoned);
    if (Number.isFinite(ms)) return ms;
  }
  throw new CliError(
    `Cannot read ${flag} as a time: ${
      JSON.stringify(text)
    } (use an ISO date like 2026-11-01, epoch milliseconds, now, or a span back like 12h, 7d, 13mo)`,
    EXIT.usage,
  );
}
