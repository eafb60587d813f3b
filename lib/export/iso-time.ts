/**
 * An epoch-millisecond time as ISO 8601 in UTC, the one time format of the exports.
 *
 * @param ms Epoch milliseconds, or `null`.
 * @returns e.g. `"2026-11-01T08:30:00.000Z"`, or `null` for `null`.
 */
export function isoTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
