import { describe, expect, it } from "vitest";
import { DEMO_TENANTS } from "../../../lib/sandbox/tenants.ts";
import {
  DEMO_PROXY_TENANTS,
  parseTenants,
  type ProxyTenant,
} from "../../../worker/auth/tenants.ts";

// Independent of worker/auth/digest.ts on purpose.
async function hexSha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

const DIGEST_A = "a".repeat(64);
const DIGEST_B = "B".repeat(64);
const SECRETS = ["TOPSECRET-id", "TOPSECRET-secret", "TOPSECRET-ck", "TOPSECRET-cs", "TOPSECRET-t"];

function validConfig(): Record<string, unknown>[] {
  return [
    {
      name: "team-oauth2",
      keySha256: DIGEST_A,
      accounts: ["10000001", "0042"],
      upstream: { kind: "oauth2", clientId: "TOPSECRET-id", clientSecret: "TOPSECRET-secret" },
    },
    {
      name: "team-oauth1",
      keySha256: DIGEST_B,
      accounts: ["20000002"],
      upstream: {
        kind: "oauth1",
        consumerKey: "TOPSECRET-ck",
        consumerSecret: "TOPSECRET-cs",
        token: "TOPSECRET-t",
        tokenSecret: "TOPSECRET-ts",
      },
    },
    {
      name: "team-passthrough",
      keySha256: "c".repeat(64),
      accounts: ["10000001"],
      upstream: { kind: "passthrough" },
    },
  ];
}

/** Parses `text`, expecting a TypeError; returns its message. */
function rejectionOf(text: string): string {
  try {
    parseTenants(text);
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).cause).toBeUndefined();
    return (error as TypeError).message;
  }
  throw new Error("parseTenants() accepted an invalid configuration");
}

/** Parses the valid configuration after `edit` (which may return a replacement), expecting a TypeError. */
function rejection(edit: (config: Record<string, unknown>[]) => unknown): string {
  const config = validConfig();
  return rejectionOf(JSON.stringify(edit(config) ?? config));
}

function tenant(config: Record<string, unknown>[], index: number): Record<string, unknown> {
  return config[index]!;
}

function upstream(config: Record<string, unknown>[], index: number): Record<string, unknown> {
  return tenant(config, index)["upstream"] as Record<string, unknown>;
}

describe("parseTenants()", () => {
  it("parseTenants() returns every kind of tenant with lowercase digests", () => {
    const tenants = parseTenants(JSON.stringify(validConfig()));
    expect(tenants).toEqual([
      validConfig()[0],
      { ...validConfig()[1], keySha256: "b".repeat(64) },
      validConfig()[2],
    ]);
  });

  it("parseTenants() reads warm targets, dialects defaulting to current", () => {
    const config = validConfig();
    tenant(config, 0)["warm"] = [
      { accountId: "0042", apps: ["c2m"] },
      { accountId: "10000001", apps: ["prmsg", "c2m"], dialects: ["2.0", "current"] },
    ];
    expect(parseTenants(JSON.stringify(config))[0]?.warm).toEqual([
      { accountId: "0042", apps: ["c2m"], dialects: ["current"] },
      { accountId: "10000001", apps: ["prmsg", "c2m"], dialects: ["2.0", "current"] },
    ]);
  });

  it("parseTenants() refuses text that is not JSON without quoting it", () => {
    const message = rejectionOf('[{"name":"x","upstream":{"clientSecret":"TOPSECRET-secret"');
    expect(message).toBe("Cannot parse PROXY_KEYS as it is not valid JSON");
  });

  it("parseTenants() refuses anything but a non-empty array", () => {
    for (const value of [{}, [], "[]", null, 3, "TOPSECRET-secret"]) {
      expect(rejectionOf(JSON.stringify(value))).toBe(
        "Cannot parse PROXY_KEYS as it is not a non-empty JSON array of tenants",
      );
    }
  });

  const cases: [string, (config: Record<string, unknown>[]) => unknown, string][] = [
    ["a tenant that is not an object", (c) => [c[0], ["x"]], "tenants[1] is not an object"],
    ["an unknown tenant field", (c) => void (tenant(c, 0)["keySHA256"] = DIGEST_A), "tenants[0]"],
    ["a missing name", (c) => void delete tenant(c, 0)["name"], "tenants[0].name"],
    ["an empty name", (c) => void (tenant(c, 1)["name"] = ""), "tenants[1].name"],
    ["a name with outer spaces", (c) => void (tenant(c, 0)["name"] = " a"), "tenants[0].name"],
    ["a name with a newline", (c) => void (tenant(c, 0)["name"] = "a\nb"), "tenants[0].name"],
    ["a short digest", (c) => void (tenant(c, 0)["keySha256"] = "a".repeat(63)), ".keySha256"],
    ["a non-hex digest", (c) => void (tenant(c, 0)["keySha256"] = "g".repeat(64)), ".keySha256"],
    ["a missing digest", (c) => void delete tenant(c, 2)["keySha256"], "tenants[2].keySha256"],
    ["no accounts", (c) => void (tenant(c, 0)["accounts"] = []), "tenants[0].accounts is not"],
    ["accounts as a string", (c) => void (tenant(c, 0)["accounts"] = "1"), "tenants[0].accounts"],
    ["a numeric account", (c) => void (tenant(c, 0)["accounts"] = [1]), ".accounts[0] is not"],
    ["an empty account", (c) => void (tenant(c, 0)["accounts"] = [""]), ".accounts[0] is not"],
    ["a padded account", (c) => void (tenant(c, 1)["accounts"] = ["1 "]), ".accounts[0] is not"],
    ["a dotted account", (c) => void (tenant(c, 1)["accounts"] = ["1."]), ".accounts[0] is not"],
    ["an exponent account", (c) => void (tenant(c, 1)["accounts"] = ["1e5"]), ".accounts[0]"],
    [
      "a repeated account",
      (c) => void (tenant(c, 0)["accounts"] = ["1", "2", "1"]),
      ".accounts[2]",
    ],
    ["a missing upstream", (c) => void delete tenant(c, 0)["upstream"], "tenants[0].upstream"],
    ["an unknown kind", (c) => void (upstream(c, 0)["kind"] = "basic"), ".upstream.kind"],
    ["a missing secret", (c) => void delete upstream(c, 0)["clientSecret"], ".clientSecret"],
    ["a secret with a space", (c) => void (upstream(c, 0)["clientId"] = "a b"), ".clientId"],
    ["a secret with a newline", (c) => void (upstream(c, 1)["token"] = "t\n"), ".upstream.token"],
    ["a numeric secret", (c) => void (upstream(c, 1)["tokenSecret"] = 7), ".tokenSecret"],
    ["an oauth1 field on oauth2", (c) => void (upstream(c, 0)["token"] = "x"), '"token"'],
    ["a secret on passthrough", (c) => void (upstream(c, 2)["clientSecret"] = "x"), "passthrough"],
    ["a repeated name", (c) => void (tenant(c, 2)["name"] = "team-oauth2"), "tenants[2].name"],
    [
      "a repeated digest",
      (c) => void (tenant(c, 1)["keySha256"] = "A".repeat(64)),
      "[1].keySha256",
    ],
    ["warm as an object", (c) => void (tenant(c, 0)["warm"] = {}), "tenants[0].warm is not"],
    [
      "warm on an account of another tenant",
      (c) => void (tenant(c, 0)["warm"] = [{ accountId: "20000002", apps: ["prmsg"] }]),
      "tenants[0].warm[0].accountId",
    ],
    [
      "warm with an unknown app",
      (c) => void (tenant(c, 0)["warm"] = [{ accountId: "0042", apps: ["lp"] }]),
      "tenants[0].warm[0].apps[0]",
    ],
    [
      "warm with an unknown dialect",
      (c) => void (tenant(c, 0)["warm"] = [{ accountId: "0042", apps: ["c2m"], dialects: ["v1"] }]),
      "tenants[0].warm[0].dialects[0]",
    ],
    [
      "warm with an unknown field",
      (c) => void (tenant(c, 0)["warm"] = [{ accountId: "0042", apps: ["c2m"], app: "c2m" }]),
      '"app"',
    ],
    [
      "warm on a pass-through tenant",
      (c) => void (tenant(c, 2)["warm"] = []),
      "tenants[2].warm is set on a pass-through tenant",
    ],
  ];
  for (const [what, edit, expected] of cases) {
    it(`parseTenants() refuses ${what}, naming the field and no secret`, () => {
      const message = rejection(edit);
      expect(message).toMatch(/^Cannot parse PROXY_KEYS as tenants\[\d\]/);
      expect(message).toContain(expected);
      for (const secret of SECRETS) expect(message).not.toContain(secret);
      expect(message).not.toContain(DIGEST_A);
    });
  }
});

describe("DEMO_PROXY_TENANTS", () => {
  it("DEMO_PROXY_TENANTS holds the SHA-256 of each demo key", async () => {
    const keys = ["demo-key-10000001", "demo-key-20000002", "demo-key-30000003"];
    const digests = await Promise.all(keys.map(hexSha256));
    expect(DEMO_PROXY_TENANTS.map((tenant) => tenant.keySha256)).toEqual(digests);
  });

  it("DEMO_PROXY_TENANTS binds one account and one upstream kind per key", () => {
    const [va, lo, sy] = DEMO_TENANTS;
    expect(DEMO_PROXY_TENANTS.map(({ accounts, upstream }) => ({ accounts, upstream }))).toEqual([
      { accounts: ["10000001"], upstream: { kind: "oauth2", ...va?.oauth2 } },
      { accounts: ["20000002"], upstream: { kind: "oauth1", ...lo?.oauth1 } },
      { accounts: [sy?.accountId], upstream: { kind: "passthrough" } },
    ]);
  });

  it("DEMO_PROXY_TENANTS passes parseTenants() unchanged", () => {
    const parsed: ProxyTenant[] = parseTenants(JSON.stringify(DEMO_PROXY_TENANTS));
    expect(parsed).toEqual(DEMO_PROXY_TENANTS);
    expect(Object.isFrozen(DEMO_PROXY_TENANTS)).toBe(true);
  });
});
