import { resolve } from "node:path";
import { DAY_MS, ReportingClient, startOfUtcDay } from "../../lib/mod.ts";
import { createSandbox } from "../../lib/sandbox/mod.ts";
import { type ProcessResult, runProcess } from "../support/run-process.ts";

export const ROOT = resolve(import.meta.dirname, "../..");
const DENO = resolve(ROOT, "node_modules/.bin/deno");

/** The sandbox volume of the CLI runs and of the library runs they are compared with. */
export const VOLUME = 200;

/** A settled, fixed range: two whole UTC days that ended four days ago. */
export const FROM = startOfUtcDay(Date.now()) - 6 * DAY_MS;
export const TO = FROM + 2 * DAY_MS;

/** The environment of a CLI run: no credentials or CI flag of the caller's. */
export function cleanEnv(
  extra: Record<string, string> = {},
): Record<string, string | undefined> {
  // Removed keys are `undefined`: runProcess drops them from its own environment too.
  const env: Record<string, string | undefined> = {};
  for (const key of Object.keys(process.env)) {
    if (key.startsWith("LP_") || key === "CI") env[key] = undefined;
  }
  return { ...env, LP_SANDBOX_VOLUME: String(VOLUME), DENO_NO_UPDATE_CHECK: "1", ...extra };
}

/** Runs the built CLI on Node. */
export function cliNode(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<ProcessResult> {
  return runProcess("node", [resolve(ROOT, "dist/cli/main.js"), ...args], {
    cwd: ROOT,
    env: cleanEnv(env),
  });
}

/** Runs the CLI from source on Deno. */
export function cliDeno(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<ProcessResult> {
  return runProcess(DENO, ["run", "-A", resolve(ROOT, "cli/main.ts"), ...args], {
    cwd: ROOT,
    env: cleanEnv(env),
  });
}

/** A library client on a sandbox like the CLI's `--sandbox`. */
export function libraryClient(): ReportingClient {
  const sandbox = createSandbox({ volume: VOLUME });
  const tenant = sandbox.tenants[0]!;
  return new ReportingClient({
    accountId: tenant.accountId,
    app: "prmsg",
    auth: { kind: "oauth2", ...tenant.oauth2 },
    fetch: sandbox.fetch,
  });
}

/** A value as it looks after a JSON round trip (absent optional fields dropped). */
export function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

/** Runs tasks at most `limit` at a time, in order of the results. */
export async function pooled<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}
