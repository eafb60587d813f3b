import { describe, expect, it } from "vitest";
import { encodeBase64Url } from "../../../lib/auth/jwt.ts";
import { AppJwtCache, type AppJwtCacheOptions } from "../../../lib/client/app-jwt-cache.ts";
import type { FetchLike } from "../../../lib/client/types.ts";
import { isServerError, isUnauthorizedError, isValidationError } from "../../../lib/errors/mod.ts";
import { createSandbox, DEMO_TENANTS } from "../../../lib/sandbox/mod.ts";

const NOW = Date.UTC(2026, 4, 15, 12);
const TENANT = DEMO_TENANTS[0]!;
const SENTINEL = "https://va.sentinel.liveperson.net";

function setup(overrides: Partial<AppJwtCacheOptions> = {}) {
  const clock = { now: NOW };
  const now = (): number => clock.now;
  const sandbox = createSandbox({ now, volume: 5 });
  const cache = new AppJwtCache({
    accountId: TENANT.accountId,
    ...TENANT.oauth2,
    sentinelUrl: () => Promise.resolve(SENTINEL),
    fetch: () => sandbox.fetch,
    now,
    ...overrides,
  });
  const issued = (): number => sandbox.counters().tokensIssued;
  return { clock, now, sandbox, cache, issued };
}

/** Whether the sandbox accepts `token` for a reporting request. */
async function accepted(
  sandbox: ReturnType<typeof createSandbox>,
  token: string,
): Promise<number> {
  const url = `${sandbox.baseUrl(TENANT.accountId)}/api/account/${TENANT.accountId}/app/prmsg/` +
    `analytics/?attemptedStartTime=${NOW - 3_600_000}&attemptedEndTime=${NOW}`;
  const response = await sandbox.fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return response.status;
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
}

function unsignedJwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown): string =>
    encodeBase64Url(new TextEncoder().encode(JSON.stringify(value)));
  return `${encode({ alg: "none" })}.${encode(claims)}.sig`;
}

describe("AppJwtCache", () => {
  it("AppJwtCache.token() makes one token request for many concurrent and sequential calls", async () => {
    const { sandbox, cache, issued, clock } = setup();
    const concurrent = await Promise.all(Array.from({ length: 20 }, () => cache.token()));
    const sequential: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock.now += 60_000;
      sequential.push(await cache.token());
    }
    expect(new Set([...concurrent, ...sequential]).size).toBe(1);
    expect(cache.fetches).toBe(1);
    expect(issued()).toBe(1);
    expect(await accepted(sandbox, concurrent[0]!)).toBe(200);
  });

  it("AppJwtCache.token() posts the documented client-credentials request", async () => {
    const { sandbox, now } = setup();
    const seen: Request[] = [];
    const cache = new AppJwtCache({
      accountId: TENANT.accountId,
      ...TENANT.oauth2,
      sentinelUrl: () => Promise.resolve(`${SENTINEL}/`),
      fetch: () => (request) => {
        seen.push(request.clone());
        return sandbox.fetch(request);
      },
      now,
    });
    await cache.token();
    const [request] = seen;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe(
      `${SENTINEL}/sentinel/api/account/${TENANT.accountId}/app/token?v=1.0&grant_type=client_credentials`,
    );
    expect(request?.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(new URLSearchParams(await request!.text()))).toEqual({
      client_id: TENANT.oauth2.clientId,
      client_secret: TENANT.oauth2.clientSecret,
    });
  });

  it("AppJwtCache.token() refreshes refreshBeforeMs before exp", async () => {
    const { cache, clock, issued, sandbox } = setup();
    const first = await cache.token();
    // The sandbox's AppJWT lives one hour; the default refresh is 5 minutes before.
    clock.now = NOW + 3_300_000 - 1;
    expect(await cache.token()).toBe(first);
    clock.now = NOW + 3_300_000;
    const second = await cache.token();
    expect(second).not.toBe(first);
    expect(issued()).toBe(2);
    expect(await accepted(sandbox, second)).toBe(200);
  });

  it("AppJwtCache.token() honours a custom refreshBeforeMs", async () => {
    const { cache, clock } = setup({ refreshBeforeMs: 60_000 });
    await cache.token();
    clock.now = NOW + 3_540_000 - 1;
    await cache.token();
    expect(cache.fetches).toBe(1);
    clock.now = NOW + 3_540_000;
    await cache.token();
    expect(cache.fetches).toBe(2);
  });

  it("AppJwtCache.token() counts a token's lifetime on the local clock when Sentinel's differs", async () => {
    const { sandbox } = setup();
    const clock = { now: NOW - 2 * 3_600_000 }; // two hours behind Sentinel
    const cache = new AppJwtCache({
      accountId: TENANT.accountId,
      ...TENANT.oauth2,
      sentinelUrl: () => Promise.resolve(SENTINEL),
      fetch: () => sandbox.fetch,
      now: () => clock.now,
    });
    await cache.token();
    clock.now += 3_300_000 - 1;
    await cache.token();
    expect(cache.fetches).toBe(1);
    clock.now += 1;
    await cache.token();
    expect(cache.fetches).toBe(2);
  });

  it("AppJwtCache.token() keeps a token without iat until exp - refreshBeforeMs", async () => {
    const clock = { now: NOW };
    const token = unsignedJwt({ exp: (NOW + 600_000) / 1000 });
    const cache = new AppJwtCache({
      accountId: "1",
      clientId: "c",
      clientSecret: "s",
      sentinelUrl: () => Promise.resolve(SENTINEL),
      fetch: () => () => Promise.resolve(json({ access_token: token, token_type: "Bearer" })),
      now: () => clock.now,
    });
    await cache.token();
    clock.now = NOW + 300_000 - 1;
    await cache.token();
    expect(cache.fetches).toBe(1);
    clock.now = NOW + 300_000;
    await cache.token();
    expect(cache.fetches).toBe(2);
  });

  it("AppJwtCache.token() keeps an opaque token for LivePerson's one hour", async () => {
    const clock = { now: NOW };
    const cache = new AppJwtCache({
      accountId: "1",
      clientId: "c",
      clientSecret: "s",
      sentinelUrl: () => Promise.resolve(SENTINEL),
      fetch: () => () => Promise.resolve(json({ access_token: "opaque-token" })),
      now: () => clock.now,
    });
    expect(await cache.token()).toBe("opaque-token");
    clock.now = NOW + 3_300_000 - 1;
    await cache.token();
    expect(cache.fetches).toBe(1);
    clock.now = NOW + 3_300_000;
    await cache.token();
    expect(cache.fetches).toBe(2);
  });

  it("AppJwtCache.invalidate() drops the token so the next call fetches once more", async () => {
    const { cache, clock, issued } = setup();
    const first = await cache.token();
    clock.now += 1_000; // a new iat, so a different token
    expect(cache.invalidate(first)).toBe(true);
    const [second, again] = await Promise.all([cache.token(), cache.token()]);
    expect(second).not.toBe(first);
    expect(again).toBe(second);
    expect(issued()).toBe(2);
    expect(cache.invalidate(first)).toBe(true); // a concurrent request refused with the old one
    expect(await cache.token()).toBe(second);
    expect(issued()).toBe(2);
  });

  it("AppJwtCache.invalidate() says a retry won't help when the replacement is refused too", async () => {
    const { cache, clock } = setup();
    const first = await cache.token();
    expect(cache.invalidate(first)).toBe(true);
    clock.now += 1_000;
    const second = await cache.token();
    expect(cache.invalidate(second)).toBe(false);
    expect(cache.invalidate(second)).toBe(false);
    expect(cache.fetches).toBe(2);
  });

  it("AppJwtCache.invalidate() ignores a token that is not the cached one", async () => {
    const { cache } = setup();
    const token = await cache.token();
    expect(cache.invalidate("some-other-token")).toBe(true);
    expect(await cache.token()).toBe(token);
    expect(cache.fetches).toBe(1);
  });

  it("AppJwtCache.token() does not cache a failed token request", async () => {
    const { sandbox, now } = setup();
    let calls = 0;
    const cache = new AppJwtCache({
      accountId: TENANT.accountId,
      ...TENANT.oauth2,
      sentinelUrl: () => Promise.resolve(SENTINEL),
      fetch: () => (request) =>
        ++calls === 1
          ? Promise.resolve(json({ code: 5000, requestTraceId: "t", message: "down" }, 500))
          : sandbox.fetch(request),
      now,
    });
    const failures = await Promise.all(
      [cache.token(), cache.token()].map((p) => p.catch((error: unknown) => error)),
    );
    expect(failures.every(isServerError)).toBe(true);
    expect(calls).toBe(1); // the concurrent callers shared the failed request
    expect(await cache.token()).toMatch(/^ey/);
    expect(cache.fetches).toBe(2);
  });

  it("AppJwtCache.token() rejects wrong client credentials with UnauthorizedError", async () => {
    const { cache } = setup({ clientSecret: "wrong-secret-value" });
    const failure = await cache.token().catch((error: unknown) => error);
    expect(isUnauthorizedError(failure)).toBe(true);
    expect(JSON.stringify(failure) + String(failure) + (failure as Error).stack).not.toContain(
      "wrong-secret-value",
    );
  });

  it("AppJwtCache.token() rejects an answer without an access_token, quoting nothing", async () => {
    for (const body of [{ token_type: "Bearer" }, { access_token: "secret token\n" }]) {
      const { cache } = setup({ fetch: () => () => Promise.resolve(json(body)) });
      const failure = await cache.token().catch((error: unknown) => error);
      expect(isValidationError(failure)).toBe(true);
      expect((failure as Error).message).toBe(
        "Cannot parse the Sentinel token response as access_token is not a token",
      );
      expect(JSON.stringify((failure as { issues: unknown }).issues)).not.toContain("secret");
    }
  });

  it("AppJwtCache.token() resolves sentinelUrl and fetch per token request", async () => {
    const { sandbox, clock, now } = setup();
    const hosts: string[] = [];
    let current: FetchLike = sandbox.fetch;
    let lookups = 0;
    const cache = new AppJwtCache({
      accountId: TENANT.accountId,
      ...TENANT.oauth2,
      sentinelUrl: () => Promise.resolve((++lookups, SENTINEL)),
      fetch: () => current,
      now,
    });
    await cache.token();
    current = (request) => {
      hosts.push(new URL(request.url).host);
      return sandbox.fetch(request);
    };
    clock.now += 3_600_000;
    await cache.token();
    expect(hosts).toEqual(["va.sentinel.liveperson.net"]);
    expect(lookups).toBe(2);
  });

  it("AppJwtCache.token() refuses a Sentinel URL that is not http(s)", async () => {
    const { cache } = setup({ sentinelUrl: () => Promise.resolve("va.sentinel.liveperson.net") });
    await expect(cache.token()).rejects.toThrow(
      "Cannot request an AppJWT as the Sentinel URL is not an http(s) URL: va.sentinel.liveperson.net",
    );
    expect(cache.fetches).toBe(1);
  });

  it("AppJwtCache.token() aborts the token request when its only caller gives up", async () => {
    const requests: Request[] = [];
    let started = (): void => {};
    const fetchCalled = new Promise<void>((resolve) => (started = resolve));
    const { cache, sandbox } = setup({
      fetch: () => (request) => {
        requests.push(request);
        started();
        return new Promise<Response>((_, reject) =>
          request.signal.addEventListener("abort", () => reject(request.signal.reason))
        );
      },
    });
    const controller = new AbortController();
    const waiting = cache.token(controller.signal);
    await fetchCalled;
    expect(requests[0]?.signal.aborted).toBe(false);
    controller.abort(new Error("gave up"));
    await expect(waiting).rejects.toThrow("gave up");
    expect(requests[0]?.signal.aborted).toBe(true);
    await expect(cache.token(AbortSignal.abort(new Error("early")))).rejects.toThrow("early");
    expect(cache.fetches).toBe(1);
    expect(sandbox.counters().tokensIssued).toBe(0);
  });

  it("new AppJwtCache() rejects missing credentials without quoting them", () => {
    const base = {
      accountId: "1",
      clientId: "client",
      clientSecret: "top-secret",
      sentinelUrl: () => Promise.resolve(SENTINEL),
      fetch: (): FetchLike => () => Promise.resolve(json({})),
    };
    expect(() => new AppJwtCache({ ...base, clientSecret: " " })).toThrow(
      "Cannot create an AppJwtCache as clientSecret is missing or empty",
    );
    expect(() => new AppJwtCache({ ...base, clientId: "" })).toThrow(TypeError);
    expect(() => new AppJwtCache({ ...base, refreshBeforeMs: Number.NaN })).toThrow(RangeError);
  });
});
