import type { ReportingClient } from "../lib/mod.ts";
import type { Format, Invocation } from "./args.ts";
import type { Sink } from "./sink.ts";

/** What a data command runs with. */
export interface CommandContext {
  invocation: Invocation;
  client: ReportingClient;
  /** The account the client reads. */
  accountId: string;
  /** The range, epoch ms. */
  from: number;
  to: number;
  sink: Sink;
  /** Aborts on Ctrl-C. */
  signal: AbortSignal;
}

/** The format asked for, else the command's default. */
export function formatOf(context: CommandContext, fallback: Format): Format {
  return context.invocation.format ?? fallback;
}

/** The channel and skill filters of the command line, as a query takes them. */
export function filtersOf(
  context: CommandContext,
): { channels?: string[]; skills?: string[] } {
  const { channels, skills } = context.invocation;
  return {
    ...(channels !== undefined ? { channels } : {}),
    ...(skills !== undefined ? { skills } : {}),
  };
}
