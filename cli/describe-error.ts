import {
  isBadRequestError,
  isForbiddenError,
  isHttpError,
  isNetworkError,
  isRateLimitError,
  isTimeoutError,
  isUnauthorizedError,
  isValidationError,
} from "../lib/mod.ts";
import { CliError, EXIT, type ExitCode } from "./exit-codes.ts";

/** A failure as the CLI reports it. */
export interface DescribedError {
  exitCode: ExitCode;
  /** One line: what failed and what to do. */
  message: string;
}

/**
 * Maps any error of a command to its exit code and a one-line message that says what to do.
 *
 * @param error What the command threw.
 * @returns The exit code and message.
 */
export function describeError(error: unknown): DescribedError {
  if (error instanceof CliError) return { exitCode: error.exitCode, message: error.message };
  if (isUnauthorizedError(error) || isForbiddenError(error)) {
    return {
      exitCode: EXIT.auth,
      message: `${error.message} (check LP_ACCOUNT_ID and the credentials in the environment)`,
    };
  }
  if (isBadRequestError(error)) {
    return {
      exitCode: EXIT.validation,
      message: `${error.message} (check --from/--to and the filters)`,
    };
  }
  if (isRateLimitError(error)) {
    return {
      exitCode: EXIT.upstream,
      message: `${error.message} (the rate limit stayed exhausted: try again later)`,
    };
  }
  if (isHttpError(error) || isNetworkError(error) || isTimeoutError(error)) {
    return {
      exitCode: EXIT.upstream,
      message: `${error.message} (try again later, or run "lp-reporting doctor")`,
    };
  }
  if (isValidationError(error)) {
    return {
      exitCode: EXIT.validation,
      message:
        `${error.message} (the answer broke the documented schema: run "lp-reporting doctor")`,
    };
  }
  if (error instanceof RangeError || error instanceof TypeError) {
    return {
      exitCode: EXIT.validation,
      message: `${error.message} (check --from/--to, the filters and the campaign id)`,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    exitCode: EXIT.failure,
    message: `Unexpected failure: ${message} (please report it with the command line)`,
  };
}
