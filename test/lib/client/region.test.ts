import { describe, expect, it } from "vitest";
import { DOMAIN_API_URL, DomainResolver, regionOfHost } from "../../../lib/client/region.ts";
import { requestJson } from "../../../lib/client/request-json.ts";
import { SharedFlight } from "../../../lib/client/shared-flight.ts";
import type { FetchLike } from "../../../lib/client/types.ts";
import {
  isNetworkError,
  isNotFoundError,
  isServerError,
  isValidationError,
} from "../../../lib/errors/mod.ts";
import { createSandbox } from "../../../lib/sandbox/mod.ts";

const NOW = Date.UTC(2026, 4, 15, 12);

function setup(accountId = "10000001") {
  const clock = { now: NOW };
  const now = (): number => clock.now;
  const sandbox = createSandbox({ now, volume: 5 });
  const resolver = new DomainResolver({ accountId, fetch: () => sandbox.fetch, now });
  const domainRequests = (): number => sandbox.counters().byOperation["domain"] ?? 0;
  return { clock, now, sandbox, resolver, domainRequests };
}

/** A fetch whose responses the test releases by hand, recording each request. */
function manualFetch() {
  const pending: { request: Request; resolve: (response: Response) => void }[] = [];
  const fetch: FetchLike = (request) =>
    new Promise<Response>((resolve, reject) => {
      pending.push({ request, resolve });
      request.signal.addEventListener("abort", () => reject(request.signal.reason), {
        once: true,
      });
    });
  return { fetch, pending };
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
}

describe("DomainResolver", () => {
  it("DomainResolver.baseUri() returns the host the Domain API names for a service", async () => {
    const { resolver } = setup("20000002");
    expect(await resolver.baseUri("sentinel")).toBe("lo.sentinel.liveperson.net");
    expect(await resolver.baseUri("agentVep")).toBe("lo.agentvep.liveperson.net");
  });

  it("DomainResolver.baseUri() asks the documented CSDS URL", async () => {
    const seen: string[] = [];
    const { sandbox } = setup();
    const resolver = new DomainResolver({
      accountId: "30000003",
      fetch: () => (request) => {
        seen.push(`${request.method} ${request.url}`);
        return sandbox.fetch(request);
      },
    });
    await resolver.baseUri("sentinel");
    expect(seen).toEqual([
      `GET ${DOMAIN_API_URL}/api/account/30000003/service/sentinel/baseURI.json?version=1.0`,
    ]);
  });

  it("DomainResolver.region() maps the agentVep prefix of each demo tenant", async () => {
    const regions = await Promise.all(
      ["10000001", "20000002", "30000003"].map((id) => setup(id).resolver.region()),
    );
    expect(regions).toEqual(["va", "lo", "sy"]);
  });

  it("DomainResolver.region() shares one Domain API request among concurrent callers", async () => {
    const { resolver, domainRequests } = setup();
    const results = await Promise.all([
      ...Array.from({ length: 8 }, () => resolver.region()),
      resolver.baseUri("agentVep"),
    ]);
    expect(results).toEqual([...Array(8).fill("va"), "va.agentvep.liveperson.net"]);
    expect(domainRequests()).toBe(1);
    await resolver.baseUri("sentinel");
    expect(domainRequests()).toBe(2); // another service is another lookup
  });

  it("DomainResolver.baseUri() keeps a host for ttlMs, then asks again", async () => {
    const { clock, resolver, domainRequests } = setup();
    await resolver.region();
    clock.now += 600_000 - 1;
    await resolver.region();
    expect(domainRequests()).toBe(1);
    clock.now += 1;
    await resolver.region();
    expect(domainRequests()).toBe(2);
  });

  it("DomainResolver.baseUri() honours a custom ttlMs", async () => {
    const { now, sandbox, clock, domainRequests } = setup();
    const resolver = new DomainResolver({
      accountId: "10000001",
      fetch: () => sandbox.fetch,
      now,
      ttlMs: 1_000,
    });
    await resolver.region();
    clock.now += 1_000;
    await resolver.region();
    expect(domainRequests()).toBe(2);
  });

  it("DomainResolver.baseUri() does not cache a failure", async () => {
    const { sandbox, now } = setup();
    let calls = 0;
    const resolver = new DomainResolver({
      accountId: "10000001",
      now,
      fetch: () => (request) => {
        calls += 1;
        return calls === 1
          ? Promise.resolve(json({ code: 0, requestTraceId: "t", message: "down" }, 503))
          : sandbox.fetch(request);
      },
    });
    const failure = await resolver.region().catch((error: unknown) => error);
    expect(isServerError(failure)).toBe(true);
    expect((failure as Error).message).toContain("503");
    expect(await resolver.region()).toBe("va");
    expect(calls).toBe(2);
  });

  it("DomainResolver.baseUri() resolves fetch per request, never at construction", async () => {
    const { sandbox, clock, now } = setup();
    const used: string[] = [];
    let current: FetchLike = (request) => {
      used.push("first");
      return sandbox.fetch(request);
    };
    const resolver = new DomainResolver({ accountId: "10000001", now, fetch: () => current });
    await resolver.region();
    current = (request) => {
      used.push("second");
      return sandbox.fetch(request);
    };
    clock.now += 600_000;
    await resolver.region();
    expect(used).toEqual(["first", "second"]);
  });

  it("DomainResolver.region() fails clearly on an unknown baseURI prefix", async () => {
    const resolver = new DomainResolver({
      accountId: "10000001",
      fetch: () => () => Promise.resolve(json({ baseURI: "qa.agentvep.liveperson.net" })),
    });
    const failure = await resolver.region().catch((error: unknown) => error);
    expect(isValidationError(failure)).toBe(true);
    expect((failure as Error).message).toBe(
      'Cannot determine the region as the agentVep baseURI has an unknown prefix: "qa.agentvep.liveperson.net"',
    );
  });

  it("DomainResolver.baseUri() rejects an answer that is not a host", async () => {
    const cases: [unknown, string][] = [
      [{ baseURI: "https://evil.example/x" }, 'baseURI is not a host: "https://evil.example/x"'],
      [{ baseURI: 42 }, "baseURI is not a host: 42"],
      [{ service: "agentVep" }, "baseURI is missing"],
      [null, "baseURI is missing"],
    ];
    for (const [body, why] of cases) {
      const resolver = new DomainResolver({
        accountId: "10000001",
        fetch: () => () => Promise.resolve(json(body)),
      });
      const failure = await resolver.baseUri("agentVep").catch((error: unknown) => error);
      expect(isValidationError(failure)).toBe(true);
      expect((failure as Error).message).toBe(`Cannot parse the Domain API response as ${why}`);
    }
  });

  it("DomainResolver.baseUri() turns a 404 for an unknown service into NotFoundError", async () => {
    const { resolver } = setup();
    const failure = await resolver.baseUri("noSuchService").catch((error: unknown) => error);
    expect(isNotFoundError(failure)).toBe(true);
  });

  it("DomainResolver.baseUri() rejects for one caller whose signal aborts, not the others", async () => {
    const { fetch, pending } = manualFetch();
    const resolver = new DomainResolver({ accountId: "1", fetch: () => fetch });
    const controller = new AbortController();
    const leaving = resolver.baseUri("agentVep", controller.signal);
    const staying = resolver.baseUri("agentVep");
    controller.abort(new Error("caller gave up"));
    await expect(leaving).rejects.toThrow("caller gave up");
    expect(pending).toHaveLength(1);
    expect(pending[0]?.request.signal.aborted).toBe(false);
    pending[0]?.resolve(json({ baseURI: "sy.agentvep.liveperson.net" }));
    expect(await staying).toBe("sy.agentvep.liveperson.net");
  });

  it("DomainResolver.baseUri() aborts the shared request once every caller gave up", async () => {
    const { fetch, pending } = manualFetch();
    const resolver = new DomainResolver({ accountId: "1", fetch: () => fetch });
    const a = new AbortController();
    const b = new AbortController();
    const first = resolver.baseUri("agentVep", a.signal).catch((error: unknown) => error);
    const second = resolver.baseUri("agentVep", b.signal).catch((error: unknown) => error);
    a.abort(new Error("a"));
    expect(pending[0]?.request.signal.aborted).toBe(false);
    b.abort(new Error("b"));
    expect(pending[0]?.request.signal.aborted).toBe(true);
    expect([(await first as Error).message, (await second as Error).message]).toEqual(["a", "b"]);
    const third = resolver.baseUri("agentVep");
    expect(pending).toHaveLength(2); // a new request, not the abandoned one
    pending[1]?.resolve(json({ baseURI: "va.agentvep.liveperson.net" }));
    expect(await third).toBe("va.agentvep.liveperson.net");
  });

  it("DomainResolver.baseUri() starts nothing for an already aborted signal", async () => {
    const { fetch, pending } = manualFetch();
    const resolver = new DomainResolver({ accountId: "1", fetch: () => fetch });
    await expect(resolver.baseUri("agentVep", AbortSignal.abort(new Error("early")))).rejects
      .toThrow("early");
    expect(pending).toHaveLength(0);
  });

  it("new DomainResolver() rejects bad options", () => {
    const fetch = (): FetchLike => () => Promise.resolve(json({}));
    expect(() => new DomainResolver({ accountId: " ", fetch })).toThrow(TypeError);
    expect(() => new DomainResolver({ accountId: "1", fetch, ttlMs: -1 })).toThrow(RangeError);
    expect(() => new DomainResolver({ accountId: "1", fetch, domainApiUrl: "api.liveperson.net" }))
      .toThrow(/domainApiUrl is not an http\(s\) URL/);
  });
});

describe("regionOfHost()", () => {
  it("regionOfHost() reads the first label, ignoring case", () => {
    expect(regionOfHost("LO.sentinel.liveperson.net")).toBe("lo");
    expect(regionOfHost("sy.agentvep.liveperson.net")).toBe("sy");
  });

  it("regionOfHost() throws a ValidationError for another prefix", () => {
    expect(() => regionOfHost("z1.fs.liveperson.com", "sentinel")).toThrow(
      'Cannot determine the region as the sentinel baseURI has an unknown prefix: "z1.fs.liveperson.com"',
    );
  });
});

describe("requestJson()", () => {
  it("requestJson() wraps a fetch rejection in a NetworkError", async () => {
    const failure = await requestJson(
      () => Promise.reject(new TypeError("fetch failed")),
      new Request("https://api.liveperson.net/x"),
      "the answer",
    ).catch((error: unknown) => error);
    expect(isNetworkError(failure)).toBe(true);
    expect((failure as Error).message).toContain("GET https://api.liveperson.net/x (fetch failed)");
  });

  it("requestJson() refuses a 2xx body that is not JSON", async () => {
    const failure = await requestJson(
      () => Promise.resolve(new Response("<html>")),
      new Request("https://api.liveperson.net/x"),
      "the answer",
    ).catch((error: unknown) => error);
    expect(isValidationError(failure)).toBe(true);
    expect((failure as Error).message).toBe(
      "Cannot parse the answer as it is not JSON: https://api.liveperson.net/x",
    );
  });
});

describe("SharedFlight", () => {
  it("SharedFlight runs once and gives every caller the same result", async () => {
    let runs = 0;
    const flight = new SharedFlight(() => Promise.resolve(++runs));
    expect(await Promise.all([flight.join(), flight.join(new AbortController().signal)]))
      .toEqual([1, 1]);
    expect(runs).toBe(1);
    expect(flight.abandoned).toBe(false);
  });

  it("SharedFlight turns a synchronous throw into a rejection", async () => {
    const flight = new SharedFlight<number>(() => {
      throw new Error("boom");
    });
    await expect(flight.join()).rejects.toThrow("boom");
  });
});
