/**
 * One run of `lp-reporting`: parse the command line, build the client, run the command,
 * report progress on stderr and failures as one line, and return the exit code.
 *
 * @module
 */
import { ReportingClient } from "../lib/mod.ts";
import { type Command, type Invocation, parseCommandLine, USAGE } from "./args.ts";
import type { CommandContext } from "./command-context.ts";
import { analyticsCommand } from "./commands/analytics.ts";
import { campaignAnalyticsCommand } from "./commands/campaign-analytics.ts";
import { campaignCommand } from "./commands/campaign.ts";
import { doctorCommand } from "./commands/doctor.ts";
import { funnelCommand } from "./commands/funnel.ts";
import { optOutsCommand } from "./commands/opt-outs.ts";
import { transactionsCommand } from "./commands/transactions.ts";
import { connectionFromEnv } from "./credentials.ts";
import { describeError } from "./describe-error.ts";
import { EXIT, type ExitCode } from "./exit-codes.ts";
import { createProgress, progressMode } from "./progress.ts";
import { parseInstant } from "./range.ts";
import { openSink, type Sink } from "./sink.ts";

/** What a run needs from its process. */
export interface RunEnvironment {
  env: Readonly<Record<string, string | undefined>>;
  /** Writes to stderr. */
  stderr: (text: string) => void;
  /** Whether stderr is a terminal. */
  stderrIsTty: boolean;
  /** Aborts on Ctrl-C. */
  signal: AbortSignal;
}

const RATE_LIMIT = 10;

const DATA_COMMANDS: Record<
  Exclude<Command, "doctor">,
  (context: CommandContext) => Promise<number>
> = {
  funnel: funnelCommand,
  analytics: analyticsCommand,
  transactions: transactionsCommand,
  campaign: campaignCommand,
  "campaign-analytics": campaignAnalyticsCommand,
  "opt-outs": optOutsCommand,
};

async function runData(
  invocation: Invocation & { command: Exclude<Command, "doctor"> },
  environment: RunEnvironment,
  sinkRef: { sink?: Sink },
): Promise<void> {
  const now = Date.now();
  const from = parseInstant(invocation.from, "--from", now);
  const to = parseInstant(invocation.to, "--to", now);
  const connection = connectionFromEnv(invocation, environment.env);
  const progress = createProgress({
    mode: progressMode({
      isTty: environment.stderrIsTty,
      quiet: invocation.quiet,
      ci: environment.env.CI,
    }),
    label: invocation.command,
    write: environment.stderr,
    rateLimit: RATE_LIMIT,
  });
  const client = new ReportingClient({
    ...connection,
    ...(invocation.dialect !== undefined ? { dialect: invocation.dialect } : {}),
    rateLimit: RATE_LIMIT,
    signal: environment.signal,
    onProgress: (p) => progress.update(p),
  });
  const sink = openSink(invocation.output);
  sinkRef.sink = sink;
  let outcome: string | undefined;
  try {
    const count = await DATA_COMMANDS[invocation.command]({
      invocation,
      client,
      accountId: connection.accountId,
      from,
      to,
      sink,
      signal: environment.signal,
    });
    outcome = `${count.toLocaleString("en-US")} records written`;
  } finally {
    await sink.close();
    if (environment.signal.aborted) outcome = "interrupted";
    progress.finish(outcome);
  }
}

/**
 * Runs the command line and returns the exit code; never throws.
 *
 * @param argv The arguments after the program name.
 * @param environment The process's environment, stderr and Ctrl-C signal.
 * @returns The exit code (see `EXIT`).
 */
export async function run(argv: readonly string[], environment: RunEnvironment): Promise<ExitCode> {
  const sinkRef: { sink?: Sink } = {};
  try {
    const invocation = parseCommandLine(argv);
    if (invocation === "help") {
      const sink = openSink(undefined);
      await sink.write(USAGE);
      await sink.close();
      return EXIT.ok;
    }
    if (invocation.command === "doctor") {
      const sink = openSink(invocation.output);
      sinkRef.sink = sink;
      const code = await doctorCommand({
        connection: connectionFromEnv(invocation, environment.env),
        dialect: invocation.dialect ?? "current",
        signal: environment.signal,
        now: Date.now(),
        print: (line) => void sink.write(`${line}\n`),
      });
      await sink.close();
      return code;
    }
    await runData({ ...invocation, command: invocation.command }, environment, sinkRef);
    return EXIT.ok;
  } catch (error) {
    await sinkRef.sink?.close().catch(() => undefined);
    if (environment.signal.aborted) {
      environment.stderr(
        "lp-reporting: interrupted; what was fetched is written, whole rows only\n",
      );
      return EXIT.interrupted;
    }
    const { exitCode, message } = describeError(error);
    environment.stderr(`lp-reporting: ${message}\n`);
    return exitCode;
  }
}
