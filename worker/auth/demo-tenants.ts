/**
 * The local demo's proxy tenants, bound to the sandbox's three demo accounts.
 * @module
 */

import { DEMO_TENANTS, type SandboxTenant } from "../../lib/sandbox/tenants.ts";
import type { ProxyTenant } from "./tenants.ts";

function sandboxTenant(accountId: string): SandboxTenant {
  const tenant = DEMO_TENANTS.find((candidate) => candidate.accountId === accountId);
  if (tenant === undefined) {
    throw new TypeError(
      `Cannot build the demo proxy tenants as the sandbox lacks account: ${accountId}`,
    );
  }
  return tenant;
}

const oauth2 = sandboxTenant("10000001");
const oauth1 = sandboxTenant("20000002");
const passthrough = sandboxTenant("30000003");

/**
 * The local demo (`npm start`): three proxy keys, one per sandbox demo account and upstream kind,
 * using the sandbox's credentials (lib/sandbox/tenants.ts). The first is opted in to warming
 * (both apps; worker/fill/warm.ts).
 *
 * | proxy key           | account  | upstream                                        |
 * | ------------------- | -------- | ----------------------------------------------- |
 * | `demo-key-10000001` | 10000001 | OAuth 2.0 client credentials (AppJWT)           |
 * | `demo-key-20000002` | 20000002 | OAuth 1.0a keys                                 |
 * | `demo-key-30000003` | 30000003 | pass-through of the caller's LivePerson bearer  |
 *
 * `keySha256` are literal constants: Workers forbid crypto at module scope, and a test checks
 * them against the keys.
 * @example
 * ```sh
 * curl -H "X-API-Key: demo-key-10000001" \
 *   "http://127.0.0.1:8787/api/account/10000001/app/prmsg/analytics/?attemptedStartTime=1780000000000&attemptedEndTime=1780086400000"
 * ```
 */
export const DEMO_PROXY_TENANTS: readonly ProxyTenant[] = Object.freeze([
  {
    name: "demo-oauth2",
    // SHA-256("demo-key-10000001")
    keySha256: "1627e012153ea3a3bb7934f48e1dd75b40d1e5c72c1d24b1656f3e3581cd086b",
    accounts: [oauth2.accountId],
    upstream: { kind: "oauth2", ...oauth2.oauth2 },
    // Warmed by the cron and archived (`curl .../cdn-cgi/handler/scheduled` locally).
    warm: [{ accountId: oauth2.accountId, apps: ["prmsg", "c2m"], dialects: ["current"] }],
  },
  {
    name: "demo-oauth1",
    // SHA-256("demo-key-20000002")
    keySha256: "4ef0a430501a2e6a8cf9619becb8c9fde8cbbf8903757054096f92b2f161f80a",
    accounts: [oauth1.accountId],
    upstream: { kind: "oauth1", ...oauth1.oauth1 },
  },
  {
    name: "demo-passthrough",
    // SHA-256("demo-key-30000003")
    keySha256: "53989e92e8ead5dfe6003fb82c3695727a80f0127d4203a3348b7a17f81706cd",
    accounts: [passthrough.accountId],
    upstream: { kind: "passthrough" },
  },
]);
