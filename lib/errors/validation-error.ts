import type { z } from "zod";
import { ReportingError } from "./reporting-error.ts";

/**
 * The request succeeded but the data was wrong: a response (or input) did not match
 * its schema. Carries zod's issues; the message names the first JSON path and value.
 */
export class ValidationError extends ReportingError {
  override name = "ValidationError";
  /** zod's issues, each with its `path`. */
  readonly issues: readonly z.core.$ZodIssue[];

  constructor(message: string, options: { issues: readonly z.core.$ZodIssue[]; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.issues = options.issues;
  }
}

/** Whether `error` is a {@link ValidationError}, across realms. */
export function isValidationError(error: unknown): error is ValidationError {
  return error instanceof ValidationError ||
    (error instanceof Error && error.name === "ValidationError" && "issues" in error);
}
