/**
 * The window of a drop-in reporting request, letting through a window older than the
 * retention (every other rule still applies): the archive answers it, or refuses it with
 * LivePerson's 400 (worker/archive/archived-answers.ts).
 *
 * @module
 */
import type { Dialect } from "../../lib/model/canonical.ts";
import { parseAttemptedWindow } from "../../lib/model/wire-to-request-params.ts";
import { checkRange, type Operation, type TimeWindow } from "../../lib/windows.ts";
import { readWindow } from "../http/request-input.ts";

/**
 * `readWindow`, except that a window refused only for being older than the retention is
 * returned (for the archive) rather than refused.
 * @throws {ProxyError} 400 as `readWindow` for every other fault.
 */
export function readReportWindow(
  url: URL,
  operation: Operation,
  dialect: Dialect,
  now: number,
): TimeWindow {
  try {
    return readWindow(url, operation, dialect, now);
  } catch (error) {
    try {
      const { attemptedStartTime: from, attemptedEndTime: to } = parseAttemptedWindow(
        url.searchParams,
      );
      // Checked as if asked on its first day: every rule but the retention.
      return checkRange({ operation, dialect, from, to, now: from });
    } catch {
      throw error;
    }
  }
}
