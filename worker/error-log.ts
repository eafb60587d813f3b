/**
 * Error log lines: one JSON line per error that is not the answer itself (a defect, an
 * unavailable schedule), with the request's trace id and the error's causes, redacted.
 *
 * @module
 */
import { redactText } from "../lib/errors/redact.ts";

/** How many links of a `cause` chain a description follows. */
const MAX_CAUSES = 4;

/**
 * A short, redacted account of an error and its causes: `Name: message <- Name: message`.
 * @param error Anything thrown.
 * @returns At most 500 characters, with secrets redacted.
 */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current = error;
  for (let depth = 0; current !== undefined && depth < MAX_CAUSES; depth++) {
    parts.push(current instanceof Error ? `${current.name}: ${current.message}` : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return redactText(parts.join(" <- ")).slice(0, 500);
}

/**
 * Writes one error line: the trace id, what failed, and the error with its causes.
 * @param traceId The request's trace id.
 * @param what What failed, e.g. `"schedule unavailable"`.
 * @param error The error.
 */
export function logError(traceId: string, what: string, error: unknown): void {
  console.error(JSON.stringify({ traceId, failed: what, error: describeError(error) }));
}
