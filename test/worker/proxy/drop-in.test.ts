// The three ways in: proxy keys, OAuth 1.0a requests signed for the proxy, and proxy tokens
// from its Sentinel endpoint; the Domain API that points at the proxy; the library through it.
import { describe, expect, it } from "vitest";
import { decodeJwtPayload, signJwtHs256 } from "../../../lib/auth/jwt.ts";
import { ReportingClient } from "../../../lib/client/reporting-client.ts";
import type { Dialect } from "../../../lib/model/canonical.ts";
import { createApp } from "../../../worker/app.ts";
import { DEVELOPMENT_TOKEN_KEY } from "../../../worker/auth/proxy-token.ts";
import {
  OAUTH1_KEYS,
  OAUTH2_CLIENT,
  proxyToken,
  requestOf,
  routeCalls,
  send,
  signedRequest,
  tokenResponse,
  UNHELD_KEYS,
} from "./drop-in-support.ts";
import {
  DAY_MS,
  daysAgo,
  expectLpError,
  type Harness,
  harness,
  keyed,
  OAUTH1,
  OAUTH2,
  okJson,
  quietLogs,
  reportPath,
} from "./support.ts";

quietLogs();

const DIALECTS: readonly Dialect[] = ["current", "2.0"];

/** Asserts a refusal in LivePerson's shape and that the upstream saw nothing at all. */
async function expectRefused(
  h: Harness,
  response: Response,
  status: 401 | 403,
  message: RegExp,
): Promise<void> {
  const body = await expectLpError(response, status);
  expect(body.code).toBe(status === 401 ? 1100 : 1101);
  expect(body.message).toMatch(message);
  expect(h.upstream).toEqual([]);
  expect(h.sandbox.counters().requests).toBe(0);
}

describe("every route through every way in", () => {
  for (const dialect of DIALECTS) {
    it(`createApp() answers OAuth 1.0a requests signed for the proxy as the keyed tenant, ${dialect}`, async () => {
      const h = harness();
      for (const call of routeCalls(dialect, OAUTH1.accountId)) {
        const keyedText = await okJson(await send(h, requestOf(call, keyed(OAUTH1.key))));
        const signed = await signedRequest(call, OAUTH1_KEYS, { now: h.clock.now });
        const response = await send(h, signed);
        expect(await okJson(response), call.name).toEqual(keyedText);
      }
      // Re-signed upstream with the tenant's own keys, for LivePerson's host, never forwarded.
      const upstreamAuth = h.upstream.map((record) => record.authorization ?? "");
      expect(upstreamAuth.length).toBeGreaterThan(0);
      for (const header of upstreamAuth) expect(header).toMatch(/^OAuth /);
      for (const record of h.upstream) expect(record.url.hostname).toMatch(/liveperson\.net$/);
    });

    it(`createApp() answers proxy-token requests as the keyed tenant, ${dialect}`, async () => {
      const h = harness();
      const token = await proxyToken(h);
      expect(h.upstream).toEqual([]);
      for (const call of routeCalls(dialect, OAUTH2.accountId)) {
        const byKey = await okJson(await send(h, requestOf(call, keyed(OAUTH2.key))));
        const byToken = await send(h, requestOf(call, { authorization: `Bearer ${token}` }));
        expect(await okJson(byToken), call.name).toEqual(byKey);
      }
      // Upstream, the tenant's own AppJWT from (sandbox) Sentinel, never the proxy token.
      const bearers = h.upstream.map((record) => record.authorization).filter((a) => a !== null);
      expect(bearers.length).toBeGreaterThan(0);
      for (const bearer of bearers) expect(bearer).not.toContain(token);
    });
  }
});

describe("OAuth 1.0a refusals", () => {
  const call = routeCalls("current", OAUTH1.accountId)[0]!;

  it("createApp() refuses a wrong consumer or token secret with 401 and no upstream call", async () => {
    for (
      const keys of [{ ...OAUTH1_KEYS, consumerSecret: "wrong" }, {
        ...OAUTH1_KEYS,
        tokenSecret: "x",
      }]
    ) {
      const h = harness();
      const response = await send(h, await signedRequest(call, keys, { now: h.clock.now }));
      await expectRefused(h, response, 401, /OAuth signature does not match/);
    }
  });

  it("createApp() refuses a consumer key or token that no tenant holds, with 401", async () => {
    for (const keys of [UNHELD_KEYS, { ...OAUTH1_KEYS, consumerKey: "sandbox-app-key-1" }]) {
      const h = harness();
      const response = await send(h, await signedRequest(call, keys, { now: h.clock.now }));
      await expectRefused(h, response, 401, /consumer key or token is not valid/);
    }
  });

  it("createApp() refuses a tampered query or form body with 401", async () => {
    const h = harness();
    const signedFor = `http://proxy.test${call.path}`;
    const tampered = {
      ...call,
      path: call.path.replace(/attemptedEndTime=\d+/, `attemptedEndTime=${daysAgo(5) + 1}`),
    };
    expect(tampered.path).not.toBe(call.path);
    const response = await send(
      h,
      await signedRequest(tampered, OAUTH1_KEYS, { now: h.clock.now, signedUrl: signedFor }),
    );
    await expectRefused(h, response, 401, /OAuth signature does not match/);
    // A form body is signed (RFC 5849 §3.4.1.3.1): changing it breaks the signature.
    const form = {
      ...call,
      method: "POST" as const,
      body: "filters=sms",
      contentType: "application/x-www-form-urlencoded",
    };
    const signed = await signedRequest(form, OAUTH1_KEYS, { now: h.clock.now });
    const changed = new Request(signed.url, {
      method: "POST",
      headers: signed.headers,
      body: "filters=wa",
    });
    await expectRefused(h, await send(h, changed), 401, /OAuth signature does not match/);
  });

  it("createApp() refuses timestamps more than 300 s off, either way", async () => {
    for (const skew of [-301_000, 301_000]) {
      const h = harness();
      const response = await send(
        h,
        await signedRequest(call, OAUTH1_KEYS, { now: h.clock.now + skew }),
      );
      await expectRefused(h, response, 401, /timestamp is more than 300 s/);
    }
  });

  it("createApp() refuses a replayed nonce, in the same app and in another isolate's app", async () => {
    const h = harness();
    const nonce = `replay-${crypto.randomUUID()}`;
    const first = await signedRequest(call, OAUTH1_KEYS, { now: h.clock.now, nonce });
    const replay = first.clone();
    const again = first.clone();
    await okJson(await send(h, first));
    // The first request may be served from KV: only "no further upstream call" matters here.
    const calls = h.upstream.length;
    const replayed = await expectLpError(await send(h, replay), 401);
    expect(replayed.message).toMatch(/nonce was already used/);
    // A second app shares nothing in memory with the first: only the NONCES binding.
    const other = createApp({
      now: () => h.clock.now,
      upstream: () => Promise.reject(new Error("no upstream")),
    });
    const across = await expectLpError(await other.fetch(again, h.env), 401);
    expect(across.message).toMatch(/nonce was already used/);
    expect(h.upstream.length).toBe(calls);
  });

  it("createApp() answers 403 for an account the keys' tenant is not bound to", async () => {
    const h = harness();
    const foreign = routeCalls("current", OAUTH2.accountId)[0]!;
    const response = await send(h, await signedRequest(foreign, OAUTH1_KEYS, { now: h.clock.now }));
    await expectRefused(h, response, 403, /not bound to account: 10000001/);
  });

  it("createApp() verifies signatures over PUBLIC_URL when it is set", async () => {
    const h = harness({ env: { PUBLIC_URL: "https://reporting.example.com" } });
    const forProxy = await signedRequest(call, OAUTH1_KEYS, { now: h.clock.now });
    await expectRefused(h, await send(h, forProxy), 401, /OAuth signature does not match/);
    const forPublic = await signedRequest(call, OAUTH1_KEYS, {
      now: h.clock.now,
      signedUrl: `https://reporting.example.com${call.path}`,
    });
    await okJson(await send(h, forPublic));
  });
});

describe("OAuth 1.0a with a pass-through key", () => {
  it("createApp() says why an OAuth 1.0a signature cannot be passed through (issue 15's symptom)", async () => {
    const h = harness();
    const call = routeCalls("current", "30000003")[0]!;
    const signed = await signedRequest(call, UNHELD_KEYS, { now: h.clock.now });
    signed.headers.set("x-api-key", "demo-key-30000003");
    await expectRefused(
      h,
      await send(h, signed),
      401,
      /OAuth 1.0a signature cannot be passed through/,
    );
  });
});

describe("the Sentinel-compatible token endpoint", () => {
  it("createApp() issues a one-hour proxy token bound to the tenant and account, with no upstream call", async () => {
    const h = harness();
    const response = await tokenResponse(h, OAUTH2.accountId, {
      client_id: OAUTH2_CLIENT.clientId,
      client_secret: OAUTH2_CLIENT.clientSecret,
    });
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await okJson(response);
    expect(Object.keys(body).sort()).toEqual(["access_token", "expires_in", "token_type"]);
    expect(body["token_type"]).toBe("Bearer");
    expect(body["expires_in"]).toBe(3600);
    const claims = decodeJwtPayload(String(body["access_token"]));
    expect(claims).toMatchObject({
      iss: "lp-reporting-edge",
      sub: "demo-oauth2",
      aud: "le10000001",
      exp: Math.floor(h.clock.now / 1000) + 3600,
    });
    expect(JSON.stringify(claims)).not.toContain(OAUTH2_CLIENT.clientId);
    expect(h.upstream).toEqual([]);
  });

  it("createApp() refuses a wrong secret or client id with 401, and another account with 403", async () => {
    const cases: [Record<string, string>, string, 401 | 403, RegExp][] = [
      [
        { client_id: OAUTH2_CLIENT.clientId, client_secret: "wrong" },
        OAUTH2.accountId,
        401,
        /not valid/,
      ],
      [
        { client_id: "someone", client_secret: OAUTH2_CLIENT.clientSecret },
        OAUTH2.accountId,
        401,
        /not valid/,
      ],
      [{}, OAUTH2.accountId, 401, /not valid/],
      [
        { client_id: OAUTH2_CLIENT.clientId, client_secret: OAUTH2_CLIENT.clientSecret },
        OAUTH1.accountId,
        403,
        /not bound to account: 20000002/,
      ],
    ];
    for (const [form, accountId, status, message] of cases) {
      const h = harness();
      await expectRefused(h, await tokenResponse(h, accountId, form), status, message);
    }
  });

  it("createApp() answers 400 for another grant type and 405 for another method", async () => {
    const h = harness();
    const form = { client_id: OAUTH2_CLIENT.clientId, client_secret: OAUTH2_CLIENT.clientSecret };
    const bad = await expectLpError(
      await tokenResponse(h, OAUTH2.accountId, form, "?v=1.0&grant_type=password"),
      400,
    );
    expect(bad.message).toMatch(/grant_type is not client_credentials/);
    const get = await h.call(`/sentinel/api/account/${OAUTH2.accountId}/app/token`);
    await expectLpError(get, 405);
    expect(get.headers.get("allow")).toBe("POST");
    expect(h.upstream).toEqual([]);
  });

  it("createApp() refuses a token for another account (403), expired, forged or tampered (401)", async () => {
    const h = harness();
    const token = await proxyToken(h);
    const foreign = routeCalls("current", OAUTH1.accountId)[0]!;
    await expectRefused(
      h,
      await send(h, requestOf(foreign, { authorization: `Bearer ${token}` })),
      403,
      /proxy token is not bound to account: 20000002/,
    );
    const call = routeCalls("current", OAUTH2.accountId)[0]!;
    const [header, payload] = token.split(".");
    const claims = decodeJwtPayload(token)!;
    const forged = [
      await signJwtHs256(claims, "another-key-of-at-least-32-characters!"),
      `${header}.${btoa(JSON.stringify({ ...claims, aud: "le20000002" })).replace(/=+$/, "")}.${
        token.split(".")[2]
      }`,
      `${btoa(JSON.stringify({ alg: "none", typ: "JWT" })).replace(/=+$/, "")}.${payload}.`,
      await signJwtHs256({ ...claims, iss: "Sentinel" }, DEVELOPMENT_TOKEN_KEY),
      await signJwtHs256(
        { ...claims, sub: "demo-oauth1", aud: "le20000002" },
        DEVELOPMENT_TOKEN_KEY,
      ),
    ];
    for (const bad of forged) {
      const response = await send(h, requestOf(call, { authorization: `Bearer ${bad}` }));
      await expectRefused(h, response, 401, /proxy token/);
    }
    h.clock.now += 3600_000;
    await expectRefused(
      h,
      await send(h, requestOf(call, { authorization: `Bearer ${token}` })),
      401,
      /jwt expired/,
    );
  });

  it("createApp() issues no token and accepts none when PROXY_TOKEN_KEY is unset against LivePerson", async () => {
    const h = harness({
      env: {
        UPSTREAM: "liveperson",
        PROXY_KEYS: JSON.stringify([{
          name: "t",
          keySha256: "0".repeat(64),
          accounts: ["10000001"],
          upstream: { kind: "oauth2", clientId: "a", clientSecret: "b" },
        }]),
      },
    });
    const response = await tokenResponse(h, OAUTH2.accountId, {
      client_id: "a",
      client_secret: "b",
    });
    await expectLpError(response, 404);
    expect(h.upstream).toEqual([]);
  });
});

describe("the Domain API", () => {
  it("createApp() names the proxy's host for sentinel and the reporting services, LivePerson's shape", async () => {
    for (
      const [env, host] of [[{}, "proxy.test"], [
        { PUBLIC_URL: "https://reporting.example.com" },
        "reporting.example.com",
      ]] as const
    ) {
      const h = harness({ env });
      for (const service of ["agentVep", "sentinel", "connectToMessagingDomain"]) {
        const response = await h.call(
          `/api/account/20000002/service/${service}/baseURI.json?version=1.0`,
        );
        expect(await okJson(response)).toEqual({ service, account: "20000002", baseURI: host });
      }
      expect(h.upstream).toEqual([]);
    }
  });

  it("createApp() answers LivePerson's 404 for an unknown service, 400 without version, 405 for POST", async () => {
    const h = harness();
    const unknown = await expectLpError(
      await h.call("/api/account/10000001/service/Sentinel/baseURI.json?version=1.0"),
      404,
    );
    expect(unknown.message).toBe('Unknown service: "Sentinel"');
    await expectLpError(await h.call("/api/account/10000001/service/sentinel/baseURI.json"), 400);
    const post = await h.call("/api/account/10000001/service/sentinel/baseURI.json?version=1.0", {
      method: "POST",
    });
    await expectLpError(post, 405);
    expect(post.headers.get("allow")).toBe("GET");
  });
});

describe("the library through the proxy's Domain API", () => {
  for (
    const [name, accountId, auth] of [
      ["oauth1", OAUTH1.accountId, { kind: "oauth1", ...OAUTH1_KEYS }],
      ["oauth2", OAUTH2.accountId, { kind: "oauth2", ...OAUTH2_CLIENT }],
    ] as const
  ) {
    it(`ReportingClient with ${name} auth and domainApiUrl at the proxy reads what the keyed tenant reads`, async () => {
      const h = harness();
      const seen: string[] = [];
      const client = new ReportingClient({
        accountId,
        app: "prmsg",
        auth,
        domainApiUrl: "http://proxy.test",
        now: () => h.clock.now,
        fetch: (request) => {
          seen.push(new URL(request.url).host);
          return Promise.resolve(h.app.fetch(request, h.env));
        },
      });
      const from = daysAgo(12);
      const rows = await client.accountAnalytics({ from, to: from + 2 * DAY_MS });
      const keyedAnswer = await okJson(
        await h.call(reportPath("current", accountId, "analytics", from, from + 2 * DAY_MS), {
          headers: keyed(`demo-key-${accountId}`),
        }),
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.length).toBe((keyedAnswer["analytics"] as unknown[]).length);
      expect(new Set(seen)).toEqual(new Set(["proxy.test"]));
    });
  }
});
