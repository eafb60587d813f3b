import type { SandboxOptions } from "../../lib/sandbox/mod.ts";
import { dayLabeler } from "../../lib/sandbox/day-labels.ts";
import type { Env } from "../env.ts";

/** The most transactions per account-day the embedded sandbox is asked to model (LivePerson's enterprise scale). */
const MAX_VOLUME = 1_000_000;
/** LP: page length "varies from 1 to 9999" (liveperson-api-notes.md §4). */
const MAX_PAGE_SIZE = 9999;

/** The vars that configure a sandbox. */
export type SandboxVars = Pick<
  Env,
  | "SANDBOX_VOLUME"
  | "SANDBOX_PAGE_SIZE"
  | "SANDBOX_LATENCY_MS"
  | "SANDBOX_REPLY_LOOKBACK_DAYS"
  | "SANDBOX_DAY_TIME_ZONE"
>;

/**
 * The embedded sandbox's options from the `SANDBOX_*` vars; unset vars keep the sandbox's defaults.
 *
 * @param env The Worker's bindings.
 * @returns Options for `createSandbox`.
 * @throws {RangeError} naming the variable, when one is set but out of range.
 */
export function sandboxOptionsOf(env: SandboxVars): SandboxOptions {
  const options: SandboxOptions = {};
  const volume = integer(env.SANDBOX_VOLUME, "SANDBOX_VOLUME", 1, MAX_VOLUME);
  if (volume !== undefined) options.volume = volume;
  const pageSize = integer(env.SANDBOX_PAGE_SIZE, "SANDBOX_PAGE_SIZE", 1, MAX_PAGE_SIZE);
  if (pageSize !== undefined) options.pageSize = pageSize;
  const latencyMs = integer(env.SANDBOX_LATENCY_MS, "SANDBOX_LATENCY_MS", 0, 60_000);
  // The sandbox's fault injector already delays every answer by `latencyMs`.
  if (latencyMs !== undefined) options.faults = { latencyMs };
  const lookback = integer(env.SANDBOX_REPLY_LOOKBACK_DAYS, "SANDBOX_REPLY_LOOKBACK_DAYS", 0, 366);
  if (lookback !== undefined) options.replyLookbackDays = lookback;
  const zone = env.SANDBOX_DAY_TIME_ZONE;
  if (zone !== undefined && zone !== "") {
    try {
      dayLabeler(zone);
    } catch {
      throw new RangeError(
        `SANDBOX_DAY_TIME_ZONE is not an IANA time zone: ${JSON.stringify(zone.slice(0, 60))}`,
      );
    }
    options.dayTimeZone = zone;
  }
  return options;
}

function integer(
  raw: string | undefined,
  name: string,
  min: number,
  max: number,
): number | undefined {
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
    throw new RangeError(
      `${name} is not an integer from ${min} to ${max}: ${JSON.stringify(raw.slice(0, 40))}`,
    );
  }
  return value;
}
