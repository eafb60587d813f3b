import { describe, expect, it } from "vitest";
import { parseOAuth1Header } from "../../../lib/auth/oauth1.ts";
import {
  createCredentials,
  type Credentials,
  type CredentialsContext,
  validateAuthOption,
} from "../../../lib/client/credentials.ts";
import type { AuthOption, FetchLike } from "../../../lib/client/types.ts";
import { createSandbox, DEMO_TENANTS, type Sandbox } from "../../../lib/sandbox/mod.ts";

const NOW = Date.UTC(2026, 4, 15, 12);
const TENANT = DEMO_TENANTS[1]!; // 20000002, lo
const SENTINEL = "https://lo.sentinel.liveperson.net";

function setup() {
  const clock = { now: NOW };
  const now = (): number => clock.now;
  const sandbox = createSandbox({ now, volume: 5 });
  const context: CredentialsContext = {
    accountId: TENANT.accountId,
    fetch: () => sandbox.fetch,
    now,
    sentinelUrl: () => Promise.resolve(SENTINEL),
  };
  const issued = (): number => sandbox.counters().tokensIssued;
  return { clock, now, sandbox, context, issued };
}

function analyticsUrl(sandbox: Sandbox, query = ""): string {
  return `${sandbox.baseUrl(TENANT.accountId)}/api/account/${TENANT.accountId}/app/prmsg/` +
    `analytics/?attemptedStartTime=${NOW - 3_600_000}&attemptedEndTime=${NOW}${query}`;
}

/** What the transport does: authenticate, send, and after a 401 retry once if it may help. */
async function send(credentials: Credentials, sandbox: Sandbox, request: Request) {
  const signed = await credentials.authenticate(request);
  const response = await sandbox.fetch(signed);
  if (response.status !== 401) return { response, retried: false };
  if (!(await credentials.unauthorized(signed))) return { response, retried: false };
  return { response: await sandbox.fetch(await credentials.authenticate(request)), retried: true };
}

function oauth1Params(request: Request): Record<string, string> {
  return parseOAuth1Header(request.headers.get("authorization") ?? "") ?? {};
}

const OAUTH2: AuthOption = { kind: "oauth2", ...TENANT.oauth2 };
const OAUTH1: AuthOption = { kind: "oauth1", ...TENANT.oauth1 };
const BEARER: AuthOption = { kind: "bearer", token: TENANT.bearer };

describe("createCredentials() with oauth2", () => {
  it("createCredentials() signs with one AppJWT for many concurrent and sequential calls", async () => {
    const { sandbox, context, issued, clock } = setup();
    const credentials = createCredentials(OAUTH2, context);
    expect(credentials.kind).toBe("oauth2");
    const signed = await Promise.all(
      Array.from(
        { length: 10 },
        () => credentials.authenticate(new Request(analyticsUrl(sandbox))),
      ),
    );
    clock.now += 60_000;
    signed.push(await credentials.authenticate(new Request(analyticsUrl(sandbox))));
    const headers = new Set(signed.map((request) => request.headers.get("authorization")));
    expect(headers.size).toBe(1);
    expect([...headers][0]).toMatch(/^Bearer ey/);
    expect(issued()).toBe(1);
    clock.now = NOW;
    expect((await sandbox.fetch(signed[0]!)).status).toBe(200);
  });

  it("createCredentials() refetches once after a 401 and reports whether retrying helps", async () => {
    const { sandbox, context, issued, clock } = setup();
    const credentials = createCredentials(OAUTH2, context);
    const first = await credentials.authenticate(new Request(analyticsUrl(sandbox)));
    // The sandbox's clock moves past exp while ours stands still: "jwt expired" (notes §1f).
    clock.now += 3_600_000;
    const refused = await sandbox.fetch(first);
    expect(refused.status).toBe(401);
    expect(await credentials.unauthorized(first)).toBe(true);
    const second = await credentials.authenticate(new Request(analyticsUrl(sandbox)));
    expect(second.headers.get("authorization")).not.toBe(first.headers.get("authorization"));
    expect(issued()).toBe(2);
    // The fresh token is refused too: the credentials are at fault, no more retries.
    expect(await credentials.unauthorized(second)).toBe(false);
    expect(issued()).toBe(2);
  });

  it("createCredentials() recovers a request refused for an expired AppJWT", async () => {
    let sandboxLead = 0; // how far the sandbox's clock runs ahead of the client's
    const sandbox = createSandbox({ now: () => NOW + sandboxLead, volume: 5 });
    const credentials = createCredentials(OAUTH2, {
      accountId: TENANT.accountId,
      fetch: () => sandbox.fetch,
      now: () => NOW,
      sentinelUrl: () => Promise.resolve(SENTINEL),
    });
    expect((await send(credentials, sandbox, new Request(analyticsUrl(sandbox)))).retried).toBe(
      false,
    );
    sandboxLead = 3_600_000; // the cached AppJWT has now expired at the sandbox
    const { response, retried } = await send(
      credentials,
      sandbox,
      new Request(analyticsUrl(sandbox)),
    );
    expect(retried).toBe(true);
    expect(response.status).toBe(200);
    expect(sandbox.counters().tokensIssued).toBe(2);
  });

  it("createCredentials() lets concurrent 401s with one token share a single refetch", async () => {
    const { sandbox, context, issued, clock } = setup();
    const credentials = createCredentials(OAUTH2, context);
    const signed = await Promise.all(
      Array.from({ length: 4 }, () => credentials.authenticate(new Request(analyticsUrl(sandbox)))),
    );
    clock.now += 1_000;
    const verdicts = await Promise.all(signed.map((request) => credentials.unauthorized(request)));
    expect(verdicts).toEqual([true, true, true, true]);
    const again = await Promise.all(
      signed.map(() => credentials.authenticate(new Request(analyticsUrl(sandbox)))),
    );
    expect(new Set(again.map((request) => request.headers.get("authorization"))).size).toBe(1);
    expect(issued()).toBe(2);
  });

  it("createCredentials() does not cache a failed token request", async () => {
    const { sandbox, now } = setup();
    let calls = 0;
    const credentials = createCredentials(OAUTH2, {
      accountId: TENANT.accountId,
      now,
      sentinelUrl: () => Promise.resolve(SENTINEL),
      fetch: () => (request) =>
        ++calls === 1 ? Promise.reject(new TypeError("fetch failed")) : sandbox.fetch(request),
    });
    await expect(credentials.authenticate(new Request(analyticsUrl(sandbox)))).rejects.toThrow(
      /network failed/,
    );
    const signed = await credentials.authenticate(new Request(analyticsUrl(sandbox)));
    expect((await sandbox.fetch(signed)).status).toBe(200);
    expect(calls).toBe(2);
  });

  it("createCredentials() says a retry won't help for a request without its token", async () => {
    const { context, sandbox } = setup();
    const credentials = createCredentials(OAUTH2, context);
    expect(await credentials.unauthorized(new Request(analyticsUrl(sandbox)))).toBe(false);
  });
});

describe("createCredentials() with oauth1", () => {
  it("createCredentials() signs GETs the sandbox verifies, with reserved characters in the query", async () => {
    const { sandbox, context } = setup();
    const credentials = createCredentials(OAUTH1, context);
    const skills = ["Sales & Support", "a+b/c=d", "Ünïcode ~*'()!"];
    const query = `&skills=${skills.map(encodeURIComponent).join(",")}`;
    const signed = await credentials.authenticate(new Request(analyticsUrl(sandbox, query)));
    const response = await sandbox.fetch(signed);
    expect(response.status).toBe(200);
    const body = await response.json() as { requestMetadata: { filters?: unknown } };
    expect(body.requestMetadata.filters).toEqual({ skills });
    expect(oauth1Params(signed)["oauth_timestamp"]).toBe(String(NOW / 1000));
  });

  it("createCredentials() signs every attempt with a fresh nonce", async () => {
    const { sandbox, context, clock } = setup();
    const credentials = createCredentials(OAUTH1, context);
    const request = new Request(analyticsUrl(sandbox));
    const first = await credentials.authenticate(request);
    clock.now += 2_000;
    const second = await credentials.authenticate(request);
    expect(oauth1Params(first)["oauth_nonce"]).not.toBe(oauth1Params(second)["oauth_nonce"]);
    expect(oauth1Params(second)["oauth_timestamp"]).toBe(String((NOW + 2_000) / 1000));
    expect((await sandbox.fetch(first)).status).toBe(200);
    expect((await sandbox.fetch(second)).status).toBe(200);
    expect(request.headers.has("authorization")).toBe(false);
  });

  it("createCredentials() signs a POST with a JSON body that stays readable", async () => {
    const { sandbox, context } = setup();
    const credentials = createCredentials(OAUTH1, context);
    const payload = JSON.stringify({ filters: { channels: ["sms"], skills: ["x & y"] } });
    const request = new Request(analyticsUrl(sandbox), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: payload,
    });
    const signed = await credentials.authenticate(request);
    const retry = await credentials.authenticate(request); // the input can be signed again
    expect(await signed.clone().text()).toBe(payload);
    expect(await request.text()).toBe(payload);
    const response = await sandbox.fetch(signed);
    expect(response.status).toBe(200);
    const body = await response.json() as { requestMetadata: { filters?: unknown } };
    expect(body.requestMetadata.filters).toEqual({ channels: ["sms"], skills: ["x & y"] });
    expect((await sandbox.fetch(retry)).status).toBe(200);
  });

  it("createCredentials() with oauth1 says a retry after a 401 won't help", async () => {
    const { sandbox, context } = setup();
    const credentials = createCredentials(OAUTH1, context);
    const signed = await credentials.authenticate(new Request(analyticsUrl(sandbox)));
    expect(await credentials.unauthorized(signed)).toBe(false);
  });
});

describe("createCredentials() with bearer and custom", () => {
  it("createCredentials() sets a bearer token on a copy of the request", async () => {
    const { sandbox, context } = setup();
    const credentials = createCredentials(BEARER, context);
    const request = new Request(analyticsUrl(sandbox), { headers: { "x-trace": "1" } });
    const signed = await credentials.authenticate(request);
    expect(credentials.kind).toBe("bearer");
    expect(signed).not.toBe(request);
    expect(signed.headers.get("authorization")).toBe(`Bearer ${TENANT.bearer}`);
    expect(signed.headers.get("x-trace")).toBe("1");
    expect(request.headers.has("authorization")).toBe(false);
    expect((await sandbox.fetch(signed)).status).toBe(200);
    expect(await credentials.unauthorized(signed)).toBe(false);
  });

  it("createCredentials() rejects, not throws, for a request whose body was read", async () => {
    const { context } = setup();
    const request = new Request("https://x.test/", { method: "POST", body: "x" });
    await request.text();
    for (const auth of [BEARER, OAUTH1]) {
      const pending = createCredentials(auth, context).authenticate(request);
      await expect(pending).rejects.toThrow(TypeError);
    }
  });

  it("createCredentials() calls a custom function on every attempt with a copy", async () => {
    const { sandbox, context } = setup();
    let calls = 0;
    const credentials = createCredentials((request) => {
      calls += 1;
      request.headers.set("authorization", `Bearer ${TENANT.bearer}`);
      return Promise.resolve(request);
    }, context);
    const request = new Request(analyticsUrl(sandbox));
    const signed = await credentials.authenticate(request);
    await credentials.authenticate(request);
    expect(credentials.kind).toBe("custom");
    expect(calls).toBe(2);
    expect(request.headers.has("authorization")).toBe(false);
    expect((await sandbox.fetch(signed)).status).toBe(200);
    expect(await credentials.unauthorized(signed)).toBe(false);
  });

  it("createCredentials() refuses a custom function that returns no Request", async () => {
    const { context } = setup();
    const credentials = createCredentials(
      (() => Promise.resolve("nope")) as unknown as AuthOption,
      context,
    );
    await expect(credentials.authenticate(new Request("https://x.test/"))).rejects.toThrow(
      "Cannot authenticate request as the auth function did not return a Request: string",
    );
  });
});

describe("validateAuthOption()", () => {
  it("validateAuthOption() returns a copy of the known fields", () => {
    const option = { kind: "bearer", token: "t", extra: "dropped" };
    const valid = validateAuthOption(option);
    expect(valid).toEqual({ kind: "bearer", token: "t" });
    expect(valid).not.toBe(option);
    const signer = (request: Request): Promise<Request> => Promise.resolve(request);
    expect(validateAuthOption(signer)).toBe(signer);
  });

  it.each([
    [null, "Cannot use auth as it is not an object or a function: null"],
    ["token", "Cannot use auth as it is not an object or a function: string"],
    [[], "Cannot use auth as it is not an object or a function: array"],
    [{}, 'Cannot use auth as its kind is not "oauth2", "oauth1" or "bearer": undefined'],
    [
      { kind: "x".repeat(30) },
      'Cannot use auth as its kind is not "oauth2", "oauth1" or "bearer": a string of 30 characters',
    ],
    [
      { kind: "basic", token: "t" },
      'Cannot use auth as its kind is not "oauth2", "oauth1" or "bearer": "basic"',
    ],
    [{ kind: "oauth2", clientId: "c" }, "Cannot use oauth2 auth as clientSecret is missing"],
    [
      { kind: "oauth2", clientId: 7, clientSecret: "s" },
      "Cannot use oauth2 auth as clientId is not a string: number",
    ],
    [{ kind: "bearer", token: "  " }, "Cannot use bearer auth as token is empty"],
    [
      { kind: "oauth1", consumerKey: "k", consumerSecret: "s", token: "t", tokenSecret: "" },
      "Cannot use oauth1 auth as tokenSecret is empty",
    ],
    [
      { kind: "oauth1", consumerKey: "k", consumerSecret: "s", tokenSecret: "ts" },
      "Cannot use oauth1 auth as token is missing",
    ],
    [
      { kind: "bearer", token: "abc\r\nx-injected: 1" },
      "Cannot use bearer auth as token has characters a header cannot carry",
    ],
  ])("validateAuthOption() rejects %j with a TypeError naming the field", (auth, message) => {
    expect(() => validateAuthOption(auth)).toThrow(new TypeError(message));
  });

  it("createCredentials() validates its option", () => {
    const { context } = setup();
    expect(() => createCredentials({ kind: "oauth2" } as unknown as AuthOption, context)).toThrow(
      "Cannot use oauth2 auth as clientId is missing",
    );
  });
});

describe("secrets", () => {
  it("no error from credentials carries a secret", async () => {
    const secrets = [
      "s3cr3t-client-secret",
      "s3cr3t-consumer-secret",
      "s3cr3t-token-secret",
      "s3cr3t-bearer\n",
      "s3cr3t-access-token",
    ];
    const errors: unknown[] = [];
    const catchError = async (run: () => unknown): Promise<void> => {
      try {
        await run();
        errors.push(new Error("did not throw"));
      } catch (error) {
        errors.push(error);
      }
    };
    const { sandbox } = setup();
    const context = (fetch: FetchLike): CredentialsContext => ({
      accountId: TENANT.accountId,
      fetch: () => fetch,
      now: () => NOW,
      sentinelUrl: () => Promise.resolve(SENTINEL),
    });
    await catchError(() =>
      validateAuthOption({ kind: "oauth2", clientId: 1, clientSecret: secrets[0] })
    );
    await catchError(() =>
      validateAuthOption({
        kind: "oauth1",
        consumerKey: "",
        consumerSecret: secrets[1],
        token: "t",
        tokenSecret: secrets[2],
      })
    );
    await catchError(() => validateAuthOption({ kind: "bearer", token: secrets[3] }));
    await catchError(() => validateAuthOption({ kind: secrets[0] }));
    // Sentinel refuses the secret; Sentinel echoes it back; the network fails.
    const wrong = { kind: "oauth2", clientId: TENANT.oauth2.clientId, clientSecret: secrets[0]! };
    const request = new Request(analyticsUrl(sandbox));
    await catchError(() =>
      createCredentials(wrong as AuthOption, context(sandbox.fetch)).authenticate(request)
    );
    const echo: FetchLike = async (sent) =>
      new Response(
        `bad client_secret=${new URLSearchParams(await sent.text()).get("client_secret")}`,
        {
          status: 400,
        },
      );
    await catchError(() =>
      createCredentials(wrong as AuthOption, context(echo)).authenticate(request)
    );
    const badToken: FetchLike = () =>
      Promise.resolve(Response.json({ access_token: `${secrets[4]} x` }));
    await catchError(() =>
      createCredentials(wrong as AuthOption, context(badToken)).authenticate(request)
    );
    expect(errors).toHaveLength(7);
    for (const error of errors) {
      expect(error).toBeInstanceOf(Error);
      const text = [
        String(error),
        (error as Error).stack,
        JSON.stringify(error),
        String((error as Error).cause),
        JSON.stringify((error as { issues?: unknown }).issues ?? null),
      ].join("\n");
      for (const secret of secrets) expect(text).not.toContain(secret.trim());
    }
  });
});
