/**
 * A faithful, deterministic simulator of LivePerson's Outbound Reporting API: the
 * embedded upstream of local runs, the oracle of tests, the load of benchmarks.
 *
 * @example
 * ```ts
 * import { createSandbox } from "lp-reporting-edge/sandbox";
 * const sandbox = createSandbox();
 * const response = await sandbox.fetch("https://api.liveperson.net/api/account/10000001/service/agentVep/baseURI.json?version=1.0");
 * console.log(await response.json()); // { service: "agentVep", account: "10000001", baseURI: "va.agentvep.liveperson.net" }
 * ```
 * @module
 */
export { createSandbox } from "./create-sandbox.ts";
export type { Sandbox, SandboxOptions, TruthQuery } from "./create-sandbox.ts";
export type { SandboxCounters } from "./counters.ts";
export type { StoreStats } from "./store.ts";
export type { FaultOptions } from "./faults.ts";
export { DOMAIN_API_HOST, reportingHost, sentinelHost } from "../hosts.ts";
export { DEMO_TENANTS } from "./tenants.ts";
export type { Region, SandboxTenant } from "./tenants.ts";
export { DEFAULT_REPLY_LOOKBACK_DAYS, maturitySpanMs, SETTLE_MS } from "./generate.ts";
