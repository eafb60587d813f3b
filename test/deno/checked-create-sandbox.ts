// `npm run test:deno` loads this module in place of lib/sandbox/create-sandbox.ts (its import
// map, test/deno/import-map.json): every sandbox of the Deno suites, their doc tests and the
// README's included, answers through the openapi.json check of the vitest projects
// (test/contract/), and each test fails on any answer that broke the document.
import {
  createSandbox as createUncheckedSandbox,
  type Sandbox,
  type SandboxOptions,
} from "../../lib/sandbox/create-sandbox.ts";
import { checkedSandbox } from "../contract/checked-sandbox.ts";
import { failOnViolations } from "../contract/contract.ts";

export * from "../../lib/sandbox/create-sandbox.ts";

/** lib/sandbox's `createSandbox`, its answers checked against openapi.json. */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  return checkedSandbox(createUncheckedSandbox(options), options.faults);
}

Deno.test.afterEach(failOnViolations);
