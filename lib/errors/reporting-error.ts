/**
 * The base of every error this library throws on purpose. Branch on `name` or the
 * `is*` guards rather than `instanceof`, which fails across realms (workerd, iframes).
 */
export class ReportingError extends Error {
  override name = "ReportingError";

  /** Always true: marks errors thrown by this library. */
  get isReportingError(): true {
    return true;
  }
}

/** Whether `error` is any error this library throws on purpose. */
export function isReportingError(error: unknown): error is ReportingError {
  return error instanceof ReportingError ||
    (typeof error === "object" && error !== null &&
      (error as { isReportingError?: unknown }).isReportingError === true);
}
