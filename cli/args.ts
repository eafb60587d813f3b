/**
 * The command line of `lp-reporting`: subcommands, flags and the usage text.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { CliError, EXIT } from "./exit-codes.ts";

/** The subcommands. */
export const COMMANDS = [
  "funnel",
  "analytics",
  "transactions",
  "campaign",
  "campaign-analytics",
  "opt-outs",
  "doctor",
] as const;

/** One subcommand. */
export type Command = typeof COMMANDS[number];

/** The output formats. */
export const FORMATS = ["table", "csv", "json", "ndjson"] as const;

/** One output format. */
export type Format = typeof FORMATS[number];

/** A parsed command line. */
export interface Invocation {
  command: Command;
  /** The campaign id of `campaign` and `campaign-analytics`. */
  campaignId?: string;
  from: string;
  to: string;
  groupBy: string[];
  channels?: string[];
  skills?: string[];
  /** As asked; each command has its own default. */
  format?: Format;
  output?: string;
  baseUrl?: string;
  dialect?: "current" | "2.0";
  app?: string;
  sandbox: boolean;
  quiet: boolean;
}

/** The usage text of `--help`. */
export const USAGE = `Usage: lp-reporting <command> [options]

Commands:
  funnel                     the outbound funnel of a range (--group-by day,channel,skill,account | campaign | handoff | ivrNumber)
  analytics                  account analytics rows, one per day, channel and skill (--group-by sums them)
  transactions               every raw transaction of a range (24-hour windows, all pages)
  campaign <id>              the per-consumer report of a Proactive campaign
  campaign-analytics <id>    analytics rows of a Proactive campaign
  opt-outs                   every opt-out in reply to the messages of a range
  doctor                     checks credentials, region, token, each operation, paging and error bodies

Options:
  --from <time>              start: ISO date/time (UTC), epoch ms, now, or back from now: 12h, 7d, 2w, 13mo (default 7d)
  --to <time>                end, same forms (default now)
  --group-by <dims>          comma-separated dimensions (funnel, analytics)
  --channel <list>           only these channels: sms, wa, inapp (repeatable or comma-separated)
  --skill <list>             only these skills (repeatable or comma-separated)
  --format <fmt>             table | csv | json | ndjson (default: table for funnel and analytics, csv for row exports)
  -o, --output <file>        write the data to a file instead of stdout
  --app <app>                prmsg or c2m (default LP_APP, else prmsg)
  --dialect <d>              current or 2.0 (default current)
  --base-url <url>           go through the proxy at this URL, authenticated with LP_PROXY_KEY
  --sandbox                  use the embedded sandbox: no credentials, no network
  -q, --quiet                no progress on stderr
  -h, --help                 this text

Environment:
  LP_ACCOUNT_ID, LP_APP; then one of: LP_CLIENT_ID + LP_CLIENT_SECRET (OAuth 2.0),
  LP_CONSUMER_KEY + LP_CONSUMER_SECRET + LP_ACCESS_TOKEN + LP_ACCESS_TOKEN_SECRET (OAuth 1.0a),
  LP_BEARER; LP_PROXY_KEY with --base-url. LP_SANDBOX_VOLUME: transactions a day in --sandbox.

Exit codes: 0 done, 1 unexpected, 2 usage, 3 credentials, 4 upstream, 5 validation, 130 interrupted.
`;

const OPTIONS = {
  from: { type: "string" },
  to: { type: "string" },
  "group-by": { type: "string", multiple: true },
  channel: { type: "string", multiple: true },
  skill: { type: "string", multiple: true },
  format: { type: "string" },
  output: { type: "string", short: "o" },
  app: { type: "string" },
  dialect: { type: "string" },
  "base-url": { type: "string" },
  sandbox: { type: "boolean", default: false },
  quiet: { type: "boolean", short: "q", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

function usage(message: string): CliError {
  return new CliError(`${message} (see lp-reporting --help)`, EXIT.usage);
}

function list(values: string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  return values.flatMap((value) => value.split(",")).map((v) => v.trim()).filter((v) => v !== "");
}

/**
 * Parses the arguments after the program name.
 *
 * @param argv e.g. `["funnel", "--sandbox", "--from", "7d"]`.
 * @returns The invocation, or `"help"` when help was asked for.
 * @throws {CliError} (usage) on an unknown command or flag, a missing or extra argument, or a bad value.
 */
export function parseCommandLine(argv: readonly string[]): Invocation | "help" {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // Node's messages go on with advice about "--"; the first sentence is the point.
    const message = error instanceof Error ? error.message : String(error);
    throw usage(message.split(/\.(?: |$)/)[0]!);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) return "help";
  const [name, ...rest] = positionals;
  const command = COMMANDS.find((c) => c === name);
  if (command === undefined) {
    throw usage(`Unknown command: ${JSON.stringify(name)}; commands are ${COMMANDS.join(", ")}`);
  }
  const takesId = command === "campaign" || command === "campaign-analytics";
  if (takesId && rest.length !== 1) throw usage(`${command} takes one campaign id`);
  if (!takesId && rest.length > 0) {
    throw usage(`Unexpected argument for ${command}: ${JSON.stringify(rest[0])}`);
  }
  const format = values.format;
  if (format !== undefined && !FORMATS.some((f) => f === format)) {
    throw usage(`Unknown --format: ${JSON.stringify(format)}; use ${FORMATS.join(", ")}`);
  }
  const dialect = values.dialect;
  if (dialect !== undefined && dialect !== "current" && dialect !== "2.0") {
    throw usage(`Unknown --dialect: ${JSON.stringify(dialect)}; use current or 2.0`);
  }
  const groupBy = list(values["group-by"]) ?? [];
  if (groupBy.length > 0 && command !== "funnel" && command !== "analytics") {
    throw usage(`--group-by applies to funnel and analytics, not ${command}`);
  }
  const channels = list(values.channel);
  const skills = list(values.skill);
  const filterable = ["funnel", "analytics", "transactions"];
  if ((channels !== undefined || skills !== undefined) && !filterable.includes(command)) {
    throw usage(`--channel and --skill apply to ${filterable.join(", ")}, not ${command}`);
  }
  if (values.sandbox && values["base-url"] !== undefined) {
    throw usage("--sandbox and --base-url exclude each other");
  }
  return {
    command,
    ...(takesId ? { campaignId: rest[0]! } : {}),
    from: values.from ?? "7d",
    to: values.to ?? "now",
    groupBy,
    ...(channels !== undefined ? { channels } : {}),
    ...(skills !== undefined ? { skills } : {}),
    ...(format !== undefined ? { format: format as Format } : {}),
    ...(values.output !== undefined ? { output: values.output } : {}),
    ...(values["base-url"] !== undefined ? { baseUrl: values["base-url"] } : {}),
    ...(dialect !== undefined ? { dialect } : {}),
    ...(values.app !== undefined ? { app: values.app } : {}),
    sandbox: values.sandbox,
    quiet: values.quiet,
  };
}
