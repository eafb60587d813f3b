// Auth translation: proxy keys in, each tenant's own upstream credentials out.
import { describe, expect, it } from "vitest";
import { parseOAuth1Header } from "../../../lib/auth/oauth1.ts";
import { DEMO_TENANTS } from "../../../lib/sandbox/tenants.ts";
import {
  cacheStatusOf,
  DAY_MS,
  daysAgo,
  expectLpError,
  expectNoProxyKeyUpstream,
  harness,
  HOUR_MS,
  keyed,
  OAUTH1,
  OAUTH2,
  okJson,
  PASSTHROUGH,
  passthrough,
  quietLogs,
  reportPath,
} from "./support.ts";

quietLogs();

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const analyticsOf = (accountId: string, n: number, dialect: "current" | "2.0" = "current") =>
  reportPath(dialect, accountId, "analytics", daysAgo(n), daysAgo(n) + DAY_MS);

describe("proxy keys", () => {
  it("createApp() accepts a demo key as Bearer and as X-API-Key", async () => {
    const h = harness();
    for (const [tenant, n] of [[OAUTH2, 40], [OAUTH1, 41]] as const) {
      for (const how of ["bearer", "x-api-key"] as const) {
        const response = await h.call(analyticsOf(tenant.accountId, n), {
          headers: keyed(tenant.key, how),
        });
        const body = await okJson(response);
        expect((body["requestMetadata"] as { accountId: string }).accountId).toBe(
          tenant.accountId,
        );
      }
    }
    expectNoProxyKeyUpstream(h);
  });

  it("createApp() answers 401 without a key or with an unknown or malformed one, before any upstream call", async () => {
    const h = harness();
    const path = analyticsOf(OAUTH2.accountId, 42);
    const cases: HeadersInit[] = [
      {},
      { authorization: "Bearer demo-key-99999999" },
      { "x-api-key": "demo-key-99999999" },
      { authorization: "Bearer " },
      { authorization: "Basic ZGVtby1rZXktMTAwMDAwMDE6" },
      { authorization: "demo-key-10000001" },
      { authorization: `Bearer ${"a".repeat(600)}` },
      { "x-api-key": "" },
      { "x-api-key": "demo-key-10000001 extra" },
      { "x-api-key": "DEMO-KEY-10000001" },
      { "x-api-key": " demo-key-1000000" },
      { authorization: `Bearer ${DEMO_TENANTS[0]!.bearer}` },
    ];
    for (const headers of cases) {
      const response = await h.call(path, { headers });
      const body = await expectLpError(response, 401);
      expect(body.code).toBe(1100);
      expect(body.message).not.toMatch(/demo-key|sandbox-/);
    }
    expect(h.upstream).toEqual([]);
  });

  it("createApp() answers 403 to a key used on an account it is not bound to, before any upstream call", async () => {
    const h = harness();
    for (
      const [key, accountId] of [
        [OAUTH2.key, OAUTH1.accountId],
        [OAUTH1.key, PASSTHROUGH.accountId],
        [OAUTH2.key, "99999999"],
      ] as const
    ) {
      for (const dialect of ["current", "2.0"] as const) {
        const response = await h.call(analyticsOf(accountId, 43, dialect), {
          headers: keyed(key, "x-api-key"),
        });
        const body = await expectLpError(response, 403);
        expect(body.code).toBe(1101);
      }
    }
    const pass = await h.call(analyticsOf(OAUTH2.accountId, 43), { headers: passthrough() });
    await expectLpError(pass, 403);
    expect(h.upstream).toEqual([]);
  });

  it("createApp() ignores the caller's Authorization when X-API-Key names a keyed tenant", async () => {
    const h = harness();
    const response = await h.call(analyticsOf(OAUTH2.accountId, 44), {
      headers: { "x-api-key": OAUTH2.key, authorization: "Bearer caller-own-secret-token" },
    });
    await okJson(response);
    for (const record of h.upstream) {
      expect(record.authorization ?? "").not.toMatch(/caller-own-secret-token/);
    }
    expectNoProxyKeyUpstream(h);
  });
});

describe("oauth2 tenant", () => {
  it("createApp() shares one AppJWT across callers and requests of the tenant", async () => {
    const h = harness();
    const responses = await Promise.all(
      [50, 51, 52, 53, 54, 55].map((n, i) =>
        h.call(analyticsOf(OAUTH2.accountId, n, i % 2 === 0 ? "current" : "2.0"), {
          headers: keyed(OAUTH2.key, i % 3 === 0 ? "x-api-key" : "bearer"),
        })
      ),
    );
    for (const response of responses) await okJson(response);
    // A transactions call (another API) uses the same token.
    await okJson(
      await h.call(
        reportPath("current", OAUTH2.accountId, "transactions", daysAgo(56), daysAgo(55)),
        { headers: keyed(OAUTH2.key) },
      ),
    );
    expect(h.sandbox.counters().tokensIssued).toBe(1);
    const tokens = new Set(h.reportingCalls().map((r) => r.authorization));
    expect(h.reportingCalls().length).toBe(7);
    expect(tokens.size).toBe(1);
    const [token] = [...tokens];
    expect(token).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    const tokenCalls = h.upstream.filter((r) => r.url.pathname.endsWith("/app/token"));
    expect(tokenCalls.map((r) => r.url.hostname)).toEqual(["va.sentinel.liveperson.net"]);
    expectNoProxyKeyUpstream(h);
  });

  it("createApp() fetches a new AppJWT before the old one expires", async () => {
    const h = harness();
    await okJson(await h.call(analyticsOf(OAUTH2.accountId, 60), { headers: keyed(OAUTH2.key) }));
    const first = h.reportingCalls()[0]!.authorization;
    h.clock.now += 2 * HOUR_MS;
    await okJson(await h.call(analyticsOf(OAUTH2.accountId, 61), { headers: keyed(OAUTH2.key) }));
    const second = h.reportingCalls()[1]!.authorization;
    expect(h.sandbox.counters().tokensIssued).toBe(2);
    expect(second).not.toBe(first);
    expect(h.reportingCalls().every((r) => r.status === 200)).toBe(true);
  });
});

describe("oauth1 tenant", () => {
  it("createApp() signs every upstream attempt with the tenant's OAuth 1.0a keys", async () => {
    const h = harness();
    for (const n of [70, 71, 72]) {
      await okJson(
        await h.call(analyticsOf(OAUTH1.accountId, n), { headers: keyed(OAUTH1.key, "x-api-key") }),
      );
    }
    const calls = h.reportingCalls();
    expect(calls.length).toBe(3);
    const nonces = new Set<string>();
    for (const call of calls) {
      expect(call.status).toBe(200);
      const params = parseOAuth1Header(call.authorization ?? "");
      expect(params).not.toBeNull();
      expect(params!["oauth_consumer_key"]).toBe(DEMO_TENANTS[1]!.oauth1.consumerKey);
      expect(params!["oauth_token"]).toBe(DEMO_TENANTS[1]!.oauth1.token);
      expect(params!["oauth_signature_method"]).toBe("HMAC-SHA1");
      nonces.add(params!["oauth_nonce"] ?? "");
    }
    expect(nonces.size).toBe(3);
    expect(h.sandbox.counters().tokensIssued).toBe(0);
    expectNoProxyKeyUpstream(h);
  });
});

describe("pass-through tenant", () => {
  it("createApp() forwards the caller's own credential unchanged, and never the proxy key", async () => {
    const h = harness();
    const response = await h.call(analyticsOf(PASSTHROUGH.accountId, 80), {
      headers: passthrough(),
    });
    await okJson(response);
    expect(h.reportingCalls().map((r) => r.authorization)).toEqual([PASSTHROUGH.credential]);
    expect(h.sandbox.counters().tokensIssued).toBe(0);
    expectNoProxyKeyUpstream(h);
  });

  it("createApp() refuses a pass-through key without a credential, or sent as Bearer, before any upstream call", async () => {
    const h = harness();
    const path = analyticsOf(PASSTHROUGH.accountId, 81);
    for (
      const headers of [
        { "x-api-key": PASSTHROUGH.key },
        keyed(PASSTHROUGH.key, "bearer"),
        passthrough(`Bearer ${PASSTHROUGH.key}`),
        passthrough('OAuth oauth_consumer_key="x"'),
      ]
    ) {
      await expectLpError(await h.call(path, { headers }), 401);
    }
    expect(h.upstream).toEqual([]);
  });

  it("createApp() serves cached data to a pass-through credential only after it succeeded upstream within PASSTHROUGH_TTL", async () => {
    const h = harness({ env: { PASSTHROUGH_TTL_SECONDS: "120" } });
    const path = analyticsOf(PASSTHROUGH.accountId, 82);
    // Warm the cache with the right credential.
    const warm = await h.call(path, { headers: passthrough() });
    const data = await okJson(warm);
    expect(cacheStatusOf(warm)).toMatch(/fwd=miss; stored/);
    // The same credential, within the TTL: served from the cache.
    const hit = await h.call(path, { headers: passthrough() });
    expect(await okJson(hit)).toEqual(data);
    expect(cacheStatusOf(hit)).toMatch(/; hit/);
    expect(h.reportingCalls().length).toBe(1);
    // Another credential (another account's LE bearer, or garbage) never reads the cache.
    for (const credential of [`Bearer ${DEMO_TENANTS[0]!.bearer}`, "Bearer not-a-real-token"]) {
      const response = await h.call(path, { headers: passthrough(credential) });
      const body = await expectLpError(response, 401);
      expect(JSON.stringify(body)).not.toMatch(/analytics/);
    }
    expect(h.reportingCalls().slice(1).map((r) => [r.authorization, r.status])).toEqual([
      [`Bearer ${DEMO_TENANTS[0]!.bearer}`, 401],
      ["Bearer not-a-real-token", 401],
    ]);
    // Past the TTL, the right credential is checked upstream again before it is served.
    h.clock.now += 121_000;
    const again = await h.call(path, { headers: passthrough() });
    expect(await okJson(again)).toEqual(data);
    expect(cacheStatusOf(again)).toMatch(/fwd=miss/);
    expect(h.reportingCalls().length).toBe(4);
    // ...and is then served from the cache again.
    const after = await h.call(path, { headers: passthrough() });
    expect(cacheStatusOf(after)).toMatch(/; hit/);
    expect(h.reportingCalls().length).toBe(4);
    expectNoProxyKeyUpstream(h);
  });

  it("createApp() serves a keyed tenant's cached window to a pass-through caller of that account only after its own credential succeeded", async () => {
    const tenants = [
      {
        name: "keyed",
        keySha256: await sha256Hex("keyed-proxy-key"),
        accounts: [OAUTH2.accountId],
        upstream: { kind: "oauth2", ...DEMO_TENANTS[0]!.oauth2 },
      },
      {
        name: "pass",
        keySha256: await sha256Hex("pass-proxy-key"),
        accounts: [OAUTH2.accountId],
        upstream: { kind: "passthrough" },
      },
    ];
    const h = harness({ env: { PROXY_KEYS: JSON.stringify(tenants) } });
    const path = analyticsOf(OAUTH2.accountId, 84);
    const warm = await h.call(path, { headers: { "x-api-key": "keyed-proxy-key" } });
    const data = await okJson(warm);
    expect(cacheStatusOf(warm)).toMatch(/stored/);
    // A wrong credential gets the upstream's refusal, not the cached window.
    const refused = await h.call(path, {
      headers: { "x-api-key": "pass-proxy-key", authorization: "Bearer stolen-or-expired" },
    });
    await expectLpError(refused, 401);
    // The right one is checked upstream first, then served from the cache.
    const good = {
      "x-api-key": "pass-proxy-key",
      authorization: `Bearer ${DEMO_TENANTS[0]!.bearer}`,
    };
    const checked = await h.call(path, { headers: good });
    expect(await okJson(checked)).toEqual(data);
    expect(cacheStatusOf(checked)).toMatch(/fwd=miss/);
    const hit = await h.call(path, { headers: good });
    expect(cacheStatusOf(hit)).toMatch(/; hit/);
    expect(h.reportingCalls().map((r) => r.status)).toEqual([200, 401, 200]);
    expectNoProxyKeyUpstream(h);
    for (const record of h.upstream) {
      for (const [, value] of record.headers) expect(value).not.toMatch(/proxy-key/);
    }
  });
});
