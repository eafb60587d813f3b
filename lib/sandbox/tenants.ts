import type { Region } from "../model/canonical.ts";

export type { Region };

/** One demo account of the sandbox, with every kind of credential it accepts. */
export interface SandboxTenant {
  accountId: string;
  region: Region;
  /** OAuth 2.0 client credentials, exchanged at Sentinel for a one-hour AppJWT. */
  oauth2: { clientId: string; clientSecret: string };
  /** OAuth 1.0a API keys (two-legged HMAC-SHA1). */
  oauth1: { consumerKey: string; consumerSecret: string; token: string; tokenSecret: string };
  /** A Login Service ("LE") bearer token. */
  bearer: string;
}

function demoTenant(accountId: string, region: Region): SandboxTenant {
  return {
    accountId,
    region,
    oauth2: {
      clientId: `sandbox-client-${accountId}`,
      clientSecret: `sandbox-secret-${accountId}`,
    },
    oauth1: {
      consumerKey: `sandbox-app-key-${accountId}`,
      consumerSecret: `sandbox-app-secret-${accountId}`,
      token: `sandbox-access-token-${accountId}`,
      tokenSecret: `sandbox-access-token-secret-${accountId}`,
    },
    bearer: `sandbox-le-bearer-${accountId}`,
  };
}

/** The three fixed demo accounts: one per region. */
export const DEMO_TENANTS: readonly SandboxTenant[] = Object.freeze([
  demoTenant("10000001", "va"),
  demoTenant("20000002", "lo"),
  demoTenant("30000003", "sy"),
]);
