import type { FetchLike } from "../../lib/client/types.ts";
import { createSandbox, type Sandbox } from "../../lib/sandbox/mod.ts";
import type { Settings } from "../settings.ts";

let sandbox: Sandbox | undefined;

/** The embedded sandbox of this isolate, created on first use (Workers forbid I/O at module scope). */
export function embeddedSandbox(): Sandbox {
  sandbox ??= createSandbox();
  return sandbox;
}

/** How the Worker reaches LivePerson: the real network, or the embedded sandbox on local runs. */
export function upstreamFetch(settings: Settings): FetchLike {
  if (settings.upstream === "sandbox") return (request) => embeddedSandbox().fetch(request);
  return (request) => fetch(request);
}
