/**
 * The exit codes of `lp-reporting`, and the one error type the commands throw to pick one.
 *
 * @module
 */

/** Exit codes: scripts can tell a typo from bad credentials from an upstream outage. */
export const EXIT = {
  /** Done. */
  ok: 0,
  /** An unexpected failure (a bug: please report it). */
  failure: 1,
  /** Bad command line: unknown command or flag, unreadable value. */
  usage: 2,
  /** Missing or refused credentials (401/403). */
  auth: 3,
  /** The upstream failed: 5xx, rate limit spent, network, timeout, 404. */
  upstream: 4,
  /** A request the API refuses as invalid (range, filter, campaign id), or an answer that fails the schema. */
  validation: 5,
  /** Stopped by Ctrl-C (128 + SIGINT). */
  interrupted: 130,
} as const;

/** One of {@link EXIT}. */
export type ExitCode = typeof EXIT[keyof typeof EXIT];

/** A failure the CLI reports as one line on stderr, with its exit code. */
export class CliError extends Error {
  override name = "CliError";
  /** The process exit code. */
  readonly exitCode: ExitCode;

  /**
   * @param message One line: what failed, with the value, and what to do.
   * @param exitCode One of {@link EXIT}.
   */
  constructor(message: string, exitCode: ExitCode) {
    super(message);
    this.exitCode = exitCode;
  }
}
