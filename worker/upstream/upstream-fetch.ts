import type { FetchLike } from "../../lib/client/types.ts";
import { createSandbox, type Sandbox, type SandboxOptions } from "../../lib/sandbox/mod.ts";
import type { Settings } from "../settings.ts";

let sandbox: { instance: Sandbox; key: string } | undefined;

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

/** How the Worker reaches LivePerson: the real network, or the embedded sandbox on local runs. */
export function upstreamFetch(settings: Settings): FetchLike {
  if (settings.upstream === "sandbox") {
    return (request) => embeddedSandbox(settings.sandbox).fetch(request);
  }
  return (request) => fetch(request);
}
