import { describe, expect, it } from "vitest";
import {
  percentEncode,
  signatureBaseString,
  signBaseString,
  signOAuth1,
} from "../../lib/auth/oauth1.ts";
import { issueAppJwt } from "../../lib/sandbox/app-jwt.ts";
import {
  type AuthContext,
  authenticate,
  type AuthResult,
  NonceStore,
} from "../../lib/sandbox/authenticate.ts";
import { DEMO_TENANTS, type SandboxTenant } from "../../lib/sandbox/tenants.ts";

const NOW = 1_700_000_000_000;
const JWT_SECRET = "sandbox-jwt-secret";
const [TENANT, OTHER] = DEMO_TENANTS as [SandboxTenant, SandboxTenant, SandboxTenant];
const URL_ = `https://va.cx-reporting.liveperson.net/api/account/${TENANT.accountId}/app/prmsg/` +
  "transactions/?attemptedStartTime=1699990000000&attemptedEndTime=1700000000000&v=2.0";

function context(overrides: Partial<AuthContext> = {}): AuthContext {
  return { now: NOW, jwtSecret: JWT_SECRET, nonces: new NonceStore(), ...overrides };
}

function withAuth(authorization: string | null, url = URL_, init: RequestInit = {}): Request {
  const request = new Request(url, init);
  if (authorization !== null) request.headers.set("authorization", authorization);
  return request;
}

async function signed(
  url: string,
  credentials: SandboxTenant["oauth1"] = TENANT.oauth1,
  options: { now?: number; nonce?: string; init?: RequestInit } = {},
): Promise<Request> {
  const request = new Request(url, options.init);
  const header = await signOAuth1(request, credentials, {
    now: options.now ?? NOW,
    ...(options.nonce === undefined ? {} : { nonce: options.nonce }),
  });
  request.headers.set("authorization", header);
  return request;
}

function messageOf(result: AuthResult): string {
  if (result.ok) throw new Error(`expected a failure, got ${result.scheme}`);
  return result.message;
}

/** Every credential of both tenants: none may appear in a failure message. */
const SECRETS = [TENANT, OTHER].flatMap((t) => [
  t.oauth2.clientSecret,
  t.oauth1.consumerSecret,
  t.oauth1.tokenSecret,
  t.oauth1.token,
  t.bearer,
]);

function expectSafe(message: string, presented: string): void {
  expect(message).toMatch(/^Cannot authenticate request as |^jwt expired$/);
  for (const secret of [...SECRETS, presented]) expect(message).not.toContain(secret);
}

describe("authenticate() with bearer tokens", () => {
  it("authenticate() accepts an AppJWT issued for the tenant's account and client", async () => {
    const jwt = await issueAppJwt({
      accountId: TENANT.accountId,
      clientId: TENANT.oauth2.clientId,
      now: NOW - 1000,
      secret: JWT_SECRET,
    });
    expect(await authenticate(withAuth(`Bearer ${jwt}`), TENANT, context())).toEqual({
      ok: true,
      scheme: "oauth2",
    });
  });

  it("authenticate() answers an expired AppJWT with LivePerson's 'jwt expired'", async () => {
    const jwt = await issueAppJwt({
      accountId: TENANT.accountId,
      clientId: TENANT.oauth2.clientId,
      now: NOW - 3_600_000,
      secret: JWT_SECRET,
    });
    expect(await authenticate(withAuth(`Bearer ${jwt}`), TENANT, context())).toEqual({
      ok: false,
      message: "jwt expired",
    });
  });

  it("authenticate() refuses an AppJWT for another account, client or secret", async () => {
    const issue = (accountId: string, clientId: string, secret = JWT_SECRET): Promise<string> =>
      issueAppJwt({ accountId, clientId, now: NOW, secret });
    const cases = [
      [await issue(OTHER.accountId, OTHER.oauth2.clientId), /another account: 20000002$/],
      [await issue(TENANT.accountId, OTHER.oauth2.clientId), /another client$/],
      [await issue(TENANT.accountId, TENANT.oauth2.clientId, "forged"), /not valid \(signature\)/],
    ] as const;
    for (const [jwt, pattern] of cases) {
      const message = messageOf(await authenticate(withAuth(`Bearer ${jwt}`), TENANT, context()));
      expect(message).toMatch(pattern);
      expectSafe(message, jwt);
    }
  });

  it("authenticate() accepts the tenant's LE bearer, any scheme case", async () => {
    expect(await authenticate(withAuth(`bearer  ${TENANT.bearer}`), TENANT, context())).toEqual({
      ok: true,
      scheme: "bearer",
    });
  });

  it("authenticate() refuses another tenant's LE bearer without echoing it", async () => {
    const message = messageOf(
      await authenticate(withAuth(`Bearer ${OTHER.bearer}`), TENANT, context()),
    );
    expect(message).toBe(
      "Cannot authenticate request as the bearer token is not valid for this account",
    );
    expectSafe(message, OTHER.bearer);
  });

  it("authenticate() refuses an empty bearer token", async () => {
    expect(messageOf(await authenticate(withAuth("Bearer"), TENANT, context()))).toMatch(/empty/);
  });
});

describe("authenticate() header checks", () => {
  it("authenticate() refuses a request without Authorization", async () => {
    expect(messageOf(await authenticate(withAuth(null), TENANT, context()))).toBe(
      "Cannot authenticate request as the Authorization header is missing",
    );
  });

  it("authenticate() refuses other schemes without echoing the credentials", async () => {
    for (const header of ["Basic dXNlcjpwYXNz", TENANT.bearer]) {
      const message = messageOf(await authenticate(withAuth(header), TENANT, context()));
      expect(message).toMatch(/neither Bearer nor OAuth/);
      expectSafe(message, header);
    }
  });
});

describe("authenticate() with OAuth 1.0a", () => {
  it("authenticate() accepts a request signed with the tenant's keys", async () => {
    expect(await authenticate(await signed(URL_), TENANT, context())).toEqual({
      ok: true,
      scheme: "oauth1",
    });
  });

  it("authenticate() verifies form body parameters and leaves the body readable", async () => {
    const init = {
      method: "POST",
      body: new URLSearchParams({ skill: "a b+c", channel: "sms" }),
    };
    const request = await signed(URL_, TENANT.oauth1, { init });
    expect(await authenticate(request, TENANT, context())).toEqual({ ok: true, scheme: "oauth1" });
    expect(await request.text()).toBe("skill=a+b%2Bc&channel=sms");
  });

  it("authenticate() refuses a request whose query, method or body changed after signing", async () => {
    const original = await signed(URL_);
    const header = original.headers.get("authorization") ?? "";
    const tampered = [
      withAuth(header, URL_.replace("v=2.0", "v=1.0")),
      withAuth(header, `${URL_}&extra=1`),
      withAuth(header, URL_, { method: "DELETE" }),
      withAuth(header, URL_, { method: "POST", body: new URLSearchParams({ a: "1" }) }),
    ];
    for (const request of tampered) {
      const message = messageOf(await authenticate(request, TENANT, context()));
      expect(message).toBe(
        "Cannot authenticate request as the OAuth signature does not match the request",
      );
    }
  });

  it("authenticate() refuses a wrong consumer secret without echoing secrets", async () => {
    const request = await signed(URL_, { ...TENANT.oauth1, consumerSecret: "guessed" });
    const message = messageOf(await authenticate(request, TENANT, context()));
    expect(message).toMatch(/signature does not match/);
    expectSafe(message, "guessed");
  });

  it("authenticate() refuses another tenant's keys", async () => {
    const message = messageOf(
      await authenticate(await signed(URL_, OTHER.oauth1), TENANT, context()),
    );
    expect(message).toBe(
      "Cannot authenticate request as the OAuth consumer key or token is not valid",
    );
    expectSafe(message, OTHER.oauth1.consumerKey);
  });

  it("authenticate() allows a timestamp within ±300 s and refuses one beyond", async () => {
    const at = async (offsetMs: number): Promise<AuthResult> =>
      authenticate(await signed(URL_, TENANT.oauth1, { now: NOW + offsetMs }), TENANT, context());
    expect((await at(-300_000)).ok).toBe(true);
    expect((await at(300_000)).ok).toBe(true);
    expect(messageOf(await at(-301_000))).toMatch(
      /more than 300 s from the server clock: 1699999699$/,
    );
    expect(messageOf(await at(301_000))).toMatch(/server clock: 1700000301$/);
  });

  it("authenticate() refuses a replayed nonce, but not the same nonce for another account", async () => {
    const nonces = new NonceStore();
    const first = await signed(URL_, TENANT.oauth1, { nonce: "same" });
    const header = first.headers.get("authorization") ?? "";
    expect(await authenticate(first, TENANT, context({ nonces }))).toEqual({
      ok: true,
      scheme: "oauth1",
    });
    expect(messageOf(await authenticate(withAuth(header), TENANT, context({ nonces })))).toBe(
      "Cannot authenticate request as the OAuth nonce was already used",
    );
    const other = await signed(URL_, OTHER.oauth1, { nonce: "same" });
    expect((await authenticate(other, OTHER, context({ nonces }))).ok).toBe(true);
  });

  it("authenticate() does not record the nonce of a forged request", async () => {
    const nonces = new NonceStore();
    const forged = await signed(URL_, { ...TENANT.oauth1, tokenSecret: "x" }, { nonce: "n1" });
    expect((await authenticate(forged, TENANT, context({ nonces }))).ok).toBe(false);
    const genuine = await signed(URL_, TENANT.oauth1, { nonce: "n1" });
    expect((await authenticate(genuine, TENANT, context({ nonces }))).ok).toBe(true);
  });

  it("authenticate() refuses malformed, incomplete or non-HMAC-SHA1 OAuth headers", async () => {
    const header = (await signed(URL_)).headers.get("authorization") ?? "";
    const cases: [string, RegExp][] = [
      ["OAuth oauth_nonce=bare", /OAuth header is malformed/],
      [header.replace(/, oauth_nonce="[^"]*"/, ""), /lacks oauth_nonce/],
      [header.replace("HMAC-SHA1", "PLAINTEXT"), /signature method is not HMAC-SHA1: PLAINTEXT$/],
      [header.replace('oauth_version="1.0"', 'oauth_version="2.0"'), /version is not 1\.0: 2\.0$/],
      [header.replace(/oauth_timestamp="\d+"/, 'oauth_timestamp="soon"'), /timestamp/],
    ];
    for (const [value, pattern] of cases) {
      const message = messageOf(await authenticate(withAuth(value), TENANT, context()));
      expect(message).toMatch(pattern);
      expectSafe(message, value);
    }
  });

  it("authenticate() verifies a signature made without oauth_version", async () => {
    // oauth_version is optional (RFC 5849 §3.1); the verifier signs what was sent.
    const params: [string, string][] = [
      ["oauth_consumer_key", TENANT.oauth1.consumerKey],
      ["oauth_nonce", "nov"],
      ["oauth_signature_method", "HMAC-SHA1"],
      ["oauth_timestamp", String(NOW / 1000)],
      ["oauth_token", TENANT.oauth1.token],
    ];
    const signature = await signBaseString(signatureBaseString("GET", URL_, params), TENANT.oauth1);
    const header = `OAuth ${
      [...params, ["oauth_signature", signature]].map(([k, v]) =>
        `${k}="${percentEncode(v ?? "")}"`
      )
        .join(",")
    }`;
    expect(await authenticate(withAuth(header), TENANT, context())).toEqual({
      ok: true,
      scheme: "oauth1",
    });
  });

  it("authenticate() round-trips reserved characters in keys, secrets and parameters", async () => {
    const tenant: SandboxTenant = {
      ...TENANT,
      oauth1: {
        consumerKey: "key +/=&%~*é",
        consumerSecret: "s3cr3t &=+/%~*ü😀",
        token: 'tok en+/=&,"',
        tokenSecret: "t&s=%~*",
      },
    };
    const url = `${URL_}&q=a%20b%2Bc&x=%2F%3D%26%25~*&u=%C3%A9%F0%9F%98%80&q=!'()`;
    const init = { method: "POST", body: new URLSearchParams([["f f", "+/=&%~*ü"], ["f f", ""]]) };
    const request = await signed(url, tenant.oauth1, { init });
    expect(await authenticate(request, tenant, context())).toEqual({ ok: true, scheme: "oauth1" });
    const wrong = await signed(url, { ...tenant.oauth1, tokenSecret: "t&s=%~" });
    expect((await authenticate(wrong, tenant, context())).ok).toBe(false);
  });
});

describe("NonceStore", () => {
  it("NonceStore.seen() is false the first time and true within the retention span", () => {
    const store = new NonceStore({ ttlMs: 1000 });
    expect(store.seen("a", 0)).toBe(false);
    expect(store.seen("a", 999)).toBe(true);
    expect(store.seen("b", 999)).toBe(false);
  });

  it("NonceStore.seen() forgets and prunes keys after the retention span", () => {
    const store = new NonceStore({ ttlMs: 1000 });
    store.seen("a", 0);
    store.seen("b", 500);
    expect(store.size).toBe(2);
    expect(store.seen("c", 1000)).toBe(false);
    expect(store.size).toBe(2); // "a" pruned
    expect(store.seen("a", 1000)).toBe(false);
  });

  it("NonceStore.seen() keeps at most maxEntries keys, forgetting the oldest", () => {
    const store = new NonceStore({ maxEntries: 2 });
    store.seen("a", 0);
    store.seen("b", 0);
    store.seen("c", 0);
    expect(store.size).toBe(2);
    expect(store.seen("c", 0)).toBe(true);
    expect(store.seen("a", 0)).toBe(false);
  });

  it("NonceStore defaults to remembering keys for 600 s", () => {
    const store = new NonceStore();
    store.seen("a", 0);
    expect(store.seen("a", 599_999)).toBe(true);
    expect(store.seen("b", 0)).toBe(false);
    expect(store.seen("b", 600_000)).toBe(false);
  });
});
