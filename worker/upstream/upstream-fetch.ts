import type { FetchLike } from "../../lib/client/types.ts";
import {
  createSandbox,
  type Sandbox,
  type SandboxCounters,
  type SandboxOptions,
} from "../../lib/sandbox/mod.ts";
import type { Env } from "../env.ts";
import type { Settings } from "../settings.ts";

let sandbox: { instance: Sandbox; key: string } | undefined;

/** Where a sandbox Worker bound as `SANDBOX` answers its counters (test/bench/sandbox-worker.ts). */
export const SANDBOX_COUNTERS_URL = "https://sandbox.invalid/_edge/sandbox/counters";

/**
 * The embedded sandbox of this isolate, created on first use (Workers forbid I/O at module
 * scope). Given options that differ from the current sandbox's (the `SANDBOX_*` vars), it makes
 * a new one; without options it returns the current one, or one with the defaults.
 */
export function embeddedSandbox(options?: SandboxOptions): Sandbox {
  const key = JSON.stringify(options ?? {});
  if (sandbox === undefined || (options !== undefined && sandbox.key !== key)) {
    sandbox = { instance: createSandbox(options), key };
  }
  return sandbox.instance;
}

/**
 * How the Worker reaches LivePerson: the real network, else the sandbox Worker bound as
 * `SANDBOX`, else the embedded sandbox (local runs).
 */
export function upstreamFetch(settings: Settings, env: Pick<Env, "SANDBOX">): FetchLike {
  if (settings.upstream !== "sandbox") return (request) => fetch(request);
  const bound = env.SANDBOX;
  if (bound !== undefined) return (request) => bound.fetch(request);
  return (request) => embeddedSandbox(settings.sandbox).fetch(request);
}

/** What the sandbox in use (bound or embedded) served so far. */
export async function sandboxCounters(env: Pick<Env, "SANDBOX">): Promise<SandboxCounters> {
  if (env.SANDBOX === undefined) return embeddedSandbox().counters();
  return await (await env.SANDBOX.fetch(SANDBOX_COUNTERS_URL)).json<SandboxCounters>();
}
