import { describe, expect, it } from "vitest";
import { type Authorization, authorize } from "../../../worker/auth/authorize.ts";
import { DEMO_PROXY_TENANTS, type ProxyTenant } from "../../../worker/auth/tenants.ts";

const OAUTH2_KEY = "demo-key-10000001";
const OAUTH1_KEY = "demo-key-20000002";
const PASSTHROUGH_KEY = "demo-key-30000003";
const LP_BEARER = "Bearer sandbox-le-bearer-30000003";
const [OAUTH2, OAUTH1, PASSTHROUGH] = DEMO_PROXY_TENANTS;

function run(headers: Record<string, string> | [string, string][], accountId: string) {
  return authorize(new Headers(headers), accountId, DEMO_PROXY_TENANTS);
}

/** Expects a refusal and that its message quotes none of `secrets`. */
function expectRefusal(result: Authorization, status: 401 | 403, secrets: string[]): string {
  if (result.ok) throw new Error(`authorize() accepted the request for ${result.tenant.name}`);
  expect(result.status).toBe(status);
  expect(result.message).toMatch(/^Cannot authorize request as /);
  for (const secret of secrets) expect(result.message).not.toContain(secret);
  return result.message;
}

describe("authorize() with proxy keys", () => {
  it("authorize() accepts a key in X-API-Key for its account", async () => {
    expect(await run({ "X-API-Key": OAUTH2_KEY }, "10000001")).toEqual({
      ok: true,
      tenant: OAUTH2,
      passthrough: null,
    });
  });

  it("authorize() accepts a key as Authorization: Bearer, in any case of the scheme", async () => {
    for (const authorization of [`Bearer ${OAUTH1_KEY}`, `bearer  ${OAUTH1_KEY}`]) {
      const result = await run({ Authorization: authorization }, "20000002");
      expect(result).toEqual({ ok: true, tenant: OAUTH1, passthrough: null });
    }
  });

  it("authorize() answers 401 when no key is sent", async () => {
    const message = expectRefusal(await run({}, "10000001"), 401, []);
    expect(message).toContain("no proxy key");
  });

  it("authorize() answers 401 for an unknown key, in either header", async () => {
    const key = "demo-key-10000002";
    expectRefusal(await run({ "X-API-Key": key }, "10000001"), 401, [key]);
    expectRefusal(await run({ Authorization: `Bearer ${key}` }, "10000001"), 401, [key]);
    expectRefusal(await authorize(new Headers({ "X-API-Key": OAUTH2_KEY }), "10000001", []), 401, [
      OAUTH2_KEY,
    ]);
  });

  it("authorize() answers 403 for a known key on an account it is not bound to", async () => {
    const message = expectRefusal(await run({ "X-API-Key": OAUTH2_KEY }, "20000002"), 403, [
      OAUTH2_KEY,
    ]);
    expect(message).toBe(
      "Cannot authorize request as the proxy key is not bound to account: 20000002",
    );
    expectRefusal(await run({ Authorization: `Bearer ${OAUTH1_KEY}` }, "10000001"), 403, [
      OAUTH1_KEY,
    ]);
  });

  it("authorize() compares account ids exactly", async () => {
    for (const accountId of ["010000001", "10000001.", "10000001 ", " 10000001", "1000000", ""]) {
      const message = expectRefusal(await run({ "X-API-Key": OAUTH2_KEY }, accountId), 403, []);
      // Only an id made of digits is quoted back.
      expect(message.endsWith(`: ${accountId}`)).toBe(/^\d+$/.test(accountId));
    }
  });

  it("authorize() answers 401 for repeated Authorization or X-API-Key headers", async () => {
    const bearer = `Bearer ${OAUTH2_KEY}`;
    const repeated = await run([["Authorization", bearer], ["Authorization", bearer]], "10000001");
    expect(expectRefusal(repeated, 401, [OAUTH2_KEY])).toContain("repeated");
    const keys = await run([["X-API-Key", OAUTH2_KEY], ["X-API-Key", OAUTH2_KEY]], "10000001");
    expect(expectRefusal(keys, 401, [OAUTH2_KEY])).toContain("repeated");
  });

  it("authorize() answers 401 for an empty or malformed key", async () => {
    const cases: Record<string, string>[] = [
      { "X-API-Key": "" },
      { "X-API-Key": "   " },
      { "X-API-Key": `${OAUTH2_KEY} extra` },
      { Authorization: "Bearer" },
      { Authorization: "Bearer    " },
      { Authorization: "Basic ZGVtbzpkZW1v" },
      { Authorization: OAUTH2_KEY },
      { Authorization: `OAuth oauth_consumer_key="${OAUTH2_KEY}"` },
      { Authorization: `Bearer ${OAUTH2_KEY} ${OAUTH2_KEY}` },
    ];
    for (const headers of cases) expectRefusal(await run(headers, "10000001"), 401, [OAUTH2_KEY]);
  });

  it("authorize() refuses keys over 512 characters and accepts shape-valid keys of 512", async () => {
    const long = "k".repeat(513);
    const tooLong = expectRefusal(await run({ "X-API-Key": long }, "10000001"), 401, [long]);
    expect(tooLong).toContain("longer than 512");
    const bearer = expectRefusal(await run({ Authorization: `Bearer ${long}` }, "1"), 401, [long]);
    expect(bearer).toContain("longer than 512");
    const unknown = expectRefusal(await run({ "X-API-Key": long.slice(1) }, "1"), 401, [long]);
    expect(unknown).toBe("Cannot authorize request as the proxy key is not valid");
  });

  it("authorize() lets X-API-Key win over Authorization for other tenants", async () => {
    const both = await run(
      { "X-API-Key": OAUTH2_KEY, Authorization: "Bearer whatever" },
      "10000001",
    );
    expect(both).toEqual({ ok: true, tenant: OAUTH2, passthrough: null });
    const wrongApiKey = await run(
      { "X-API-Key": "unknown-key", Authorization: `Bearer ${OAUTH2_KEY}` },
      "10000001",
    );
    expectRefusal(wrongApiKey, 401, ["unknown-key", OAUTH2_KEY]);
  });

  it("authorize() reads every tenant's digest even when the first one matches", async () => {
    const reads: string[] = [];
    const counted = DEMO_PROXY_TENANTS.map((tenant): ProxyTenant => ({
      ...tenant,
      get keySha256(): string {
        reads.push(tenant.name);
        return tenant.keySha256;
      },
    }));
    const result = await authorize(new Headers({ "X-API-Key": OAUTH2_KEY }), "10000001", counted);
    expect(result.ok && result.tenant.name).toBe("demo-oauth2");
    expect(reads).toEqual(["demo-oauth2", "demo-oauth1", "demo-passthrough"]);
  });
});

describe("authorize() with pass-through tenants", () => {
  it("authorize() returns the caller's Authorization header unchanged", async () => {
    const result = await run(
      { "X-API-Key": PASSTHROUGH_KEY, Authorization: LP_BEARER },
      "30000003",
    );
    expect(result).toEqual({ ok: true, tenant: PASSTHROUGH, passthrough: LP_BEARER });
    const jwt = "bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln";
    expect(await run({ "X-API-Key": PASSTHROUGH_KEY, Authorization: jwt }, "30000003")).toEqual({
      ok: true,
      tenant: PASSTHROUGH,
      passthrough: jwt,
    });
  });

  it("authorize() answers 401 for a pass-through key without Authorization", async () => {
    const message = expectRefusal(await run({ "X-API-Key": PASSTHROUGH_KEY }, "30000003"), 401, [
      PASSTHROUGH_KEY,
    ]);
    expect(message).toContain("needs a LivePerson credential");
  });

  it("authorize() answers 401 for a pass-through key sent as Bearer", async () => {
    const result = await run({ Authorization: `Bearer ${PASSTHROUGH_KEY}` }, "30000003");
    expect(expectRefusal(result, 401, [PASSTHROUGH_KEY])).toContain("must be sent in X-API-Key");
  });

  it("authorize() answers 401 for a credential that cannot be passed through", async () => {
    const credentials = [
      `${LP_BEARER}, ${LP_BEARER}`,
      'OAuth oauth_consumer_key="sandbox-app-key-30000003", oauth_signature="c2ln"',
      "Bearer",
      "Basic c2FuZGJveDpzZWNyZXQ=",
      `Bearer ${"x".repeat(8193)}`,
      `Bearer ${PASSTHROUGH_KEY}`,
    ];
    for (const credential of credentials) {
      const result = await run(
        { "X-API-Key": PASSTHROUGH_KEY, Authorization: credential },
        "30000003",
      );
      const secrets = [PASSTHROUGH_KEY, "sandbox-le-bearer", "sandbox-app-key", "c2ln", "xxxxxxxx"];
      expectRefusal(result, 401, secrets);
    }
    const longest = `Bearer ${"x".repeat(8192)}`;
    const accepted = await run(
      { "X-API-Key": PASSTHROUGH_KEY, Authorization: longest },
      "30000003",
    );
    expect(accepted.ok && accepted.passthrough).toBe(longest);
  });

  it("authorize() answers 403 for a pass-through key on another account", async () => {
    const result = await run(
      { "X-API-Key": PASSTHROUGH_KEY, Authorization: LP_BEARER },
      "10000001",
    );
    expectRefusal(result, 403, [PASSTHROUGH_KEY, "sandbox-le-bearer"]);
  });
});
