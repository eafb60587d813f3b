/**
 * Proleptic Gregorian calendar arithmetic in UTC, for every year 0-9999 (`Date.UTC` maps
 * years 0-99 to 1900-1999; these helpers do not).
 *
 * @module
 */

/**
 * `Date.UTC` without its 0-99 => 1900-1999 year mapping. Out-of-range months and days roll
 * over as in `Date.UTC` (day 0 is the last day of the previous month).
 *
 * @param year The full year, e.g. 2026.
 * @param monthIndex The month, 0-11.
 * @param day The day of the month, 1-31.
 * @returns Epoch ms of that day's midnight UTC.
 */
export function utcDate(year: number, monthIndex: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  return date.getTime();
}

/**
 * Midnight UTC of year/month(1-12)/day, or null when the date does not exist.
 *
 * @param year The full year.
 * @param month The month, 1-12.
 * @param day The day of the month.
 * @returns Epoch ms, or null for an impossible date such as 2026-02-30.
 */
export function calendarDay(year: number, month: number, day: number): number | null {
  if (month < 1 || month > 12 || day < 1) return null;
  const ms = utcDate(year, month - 1, day);
  return new Date(ms).getUTCDate() === day ? ms : null;
}
