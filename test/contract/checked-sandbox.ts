// A sandbox whose every answer on a documented path is checked against openapi.json: the test
// setup (setup.ts) puts it behind createSandbox() for every test project.
import type { FaultOptions } from "../../lib/sandbox/faults.ts";
import type { Sandbox } from "../../lib/sandbox/mod.ts";
import { contractFetch } from "./contract.ts";

const checked = new WeakSet<Sandbox>();

/** Whether `sandbox` came from {@link checkedSandbox}. */
export function isCheckedSandbox(sandbox: Sandbox): boolean {
  return checked.has(sandbox);
}

/** Whether these faults break 200 bodies on purpose (cut or schema-breaking JSON). */
function breaksBodies(faults: FaultOptions | undefined): boolean {
  return (faults?.truncateRate ?? 0) > 0 || (faults?.breakSchemaRate ?? 0) > 0;
}

/**
 * The same sandbox with a checked `fetch`. 2xx bodies are not checked while faults break them.
 *
 * @param sandbox A sandbox.
 * @param faults Its initial faults.
 * @returns The checked sandbox.
 */
export function checkedSandbox(sandbox: Sandbox, faults: FaultOptions | undefined): Sandbox {
  let breaking = breaksBodies(faults);
  const wrapped: Sandbox = {
    ...sandbox,
    fetch: contractFetch(sandbox.fetch, { scope: "upstream", skipBodies: () => breaking }),
    setFaults(next) {
      breaking = breaksBodies(next);
      sandbox.setFaults(next);
    },
  };
  checked.add(wrapped);
  return wrapped;
}
