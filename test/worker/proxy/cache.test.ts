// KV caching: Cache-Status values, what is stored, and filters answered from cached data.
import { describe, expect, it } from "vitest";
import {
  parseAnalyticsResponse,
  parseTransactionsPage,
} from "../../../lib/model/wire-to-responses.ts";
import { cacheKey } from "../../../worker/cache/keys.ts";
import {
  baseEnv,
  cacheStatusOf,
  DAY_MS,
  daysAgo,
  directAnswer,
  expectLpError,
  harness,
  keyed,
  MINUTE_MS,
  OAUTH2,
  okJson,
  quietLogs,
  reportPath,
  T0,
  TODAY,
} from "./support.ts";

quietLogs();

const headers = keyed(OAUTH2.key);
const CACHE_NAME = "lp-reporting-edge";

describe("Cache-Status", () => {
  it("createApp() stores a matured day on a miss and serves it as a hit with its ttl", async () => {
    const h = harness();
    const path = reportPath("current", OAUTH2.accountId, "analytics", daysAgo(70), daysAgo(69));
    const miss = await h.call(path, { headers });
    const missBody = await okJson(miss);
    expect(cacheStatusOf(miss)).toMatch(
      new RegExp(`^${CACHE_NAME}; fwd=miss; stored; ttl=\\d{7,}$`),
    );
    const hit = await h.call(path, { headers });
    expect(await okJson(hit)).toEqual(missBody);
    expect(cacheStatusOf(hit)).toMatch(new RegExp(`^${CACHE_NAME}; hit; ttl=\\d{7,}$`));
    expect(h.reportingCalls().length).toBe(1);
  });

  it("createApp() answers the same for transactions: miss and stored, then hit", async () => {
    const h = harness();
    const path = reportPath("2.0", OAUTH2.accountId, "transactions", daysAgo(71), daysAgo(70));
    const miss = await h.call(path, { headers });
    expect(cacheStatusOf(miss)).toMatch(/^lp-reporting-edge; fwd=miss; stored; ttl=\d+$/);
    const hit = await h.call(path, { headers });
    expect(cacheStatusOf(hit)).toMatch(/^lp-reporting-edge; hit; ttl=\d+$/);
    expect(await hit.json()).toEqual(await miss.json());
    expect(h.reportingCalls().length).toBe(1);
  });

  it("createApp() relays today's window, micro-caches the answer for OPEN_TTL_SECONDS and stores no day", async () => {
    const h = harness({ start: T0 + 7 * MINUTE_MS });
    for (const operation of ["analytics", "transactions"] as const) {
      const path = reportPath("current", OAUTH2.accountId, operation, TODAY, TODAY + DAY_MS);
      const first = await h.call(path, { headers });
      const body = await okJson(first);
      expect(cacheStatusOf(first)).toBe("lp-reporting-edge; fwd=bypass; detail=open");
      h.clock.now += 30_000;
      const second = await h.call(path, { headers });
      expect(await okJson(second)).toEqual(body);
      expect(cacheStatusOf(second)).toBe("lp-reporting-edge; hit; ttl=30; detail=open");
      h.clock.now += 31_000;
      const third = await h.call(path, { headers });
      await okJson(third);
      expect(cacheStatusOf(third)).toBe("lp-reporting-edge; fwd=bypass; detail=open");
      h.clock.now -= 61_000;
    }
    expect(h.reportingCalls().length).toBe(4);
    const stored = await h.env.CACHE.list({ prefix: `v1|${OAUTH2.accountId}|` });
    // Only the micro-cached answers: no day window.
    expect(
      stored.keys.map((k) => k.name).filter((k) =>
        k.includes(`|${TODAY}|`) && !k.includes("-response|")
      ),
    ).toEqual([]);
    expect((await h.env.STORE.list({ prefix: h.env.STORE_PREFIX ?? "" })).objects).toEqual([]);
  });

  it("createApp() relays a window that ended less than 20 minutes ago, micro-cached", async () => {
    const day = daysAgo(3);
    const h = harness({ start: day + DAY_MS + 10 * MINUTE_MS });
    const path = reportPath("current", OAUTH2.accountId, "analytics", day, day + DAY_MS);
    const first = await h.call(path, { headers });
    await okJson(first);
    expect(cacheStatusOf(first)).toBe("lp-reporting-edge; fwd=bypass; detail=too-recent");
    const second = await h.call(path, { headers });
    await okJson(second);
    expect(cacheStatusOf(second)).toBe("lp-reporting-edge; hit; ttl=60; detail=too-recent");
    expect(h.reportingCalls().length).toBe(1);
  });

  it("createApp() fetches only the missing days of a longer analytics window", async () => {
    const h = harness();
    const from = daysAgo(40);
    await okJson(
      await h.call(
        reportPath("current", OAUTH2.accountId, "analytics", from + DAY_MS, from + 2 * DAY_MS),
        {
          headers,
        },
      ),
    );
    const path = reportPath("current", OAUTH2.accountId, "analytics", from, from + 4 * DAY_MS);
    const mixed = await h.call(path, { headers });
    expect(cacheStatusOf(mixed)).toMatch(/^lp-reporting-edge; fwd=miss; stored; ttl=\d+$/);
    expect(await okJson(mixed)).toEqual(await directAnswer(h.oracle, "current", path));
    const calls = h.reportingCalls().slice(1).map((r) => [
      Number(r.url.searchParams.get("attemptedStartTime")),
      Number(r.url.searchParams.get("attemptedEndTime")),
    ]);
    expect(calls.sort()).toEqual([[from, from + DAY_MS], [from + 2 * DAY_MS, from + 4 * DAY_MS]]);
    const hit = await h.call(path, { headers });
    expect(cacheStatusOf(hit)).toMatch(/^lp-reporting-edge; hit; ttl=\d+$/);
    expect(h.reportingCalls().length).toBe(3);
  });

  it("createApp() stores successful bodies only: nothing after an upstream error", async () => {
    const h = harness({ sandbox: { faults: { errorRate: 1 } } });
    const day = daysAgo(33);
    const path = reportPath("current", OAUTH2.accountId, "analytics", day, day + DAY_MS);
    await expectLpError(await h.call(path, { headers }), 500);
    const stored = await h.env.CACHE.list({ prefix: `v1|${OAUTH2.accountId}|prmsg|` });
    expect(stored.keys.filter((k) => k.name.includes(`|${day}|`))).toEqual([]);
  });

  it("createApp() never stores or serves a truncated or schema-breaking upstream body", async () => {
    for (const faults of [{ truncateRate: 1 }, { breakSchemaRate: 1 }]) {
      const h = harness({ sandbox: { faults } });
      const day = daysAgo("truncateRate" in faults ? 34 : 35);
      const path = reportPath("current", OAUTH2.accountId, "transactions", day, day + DAY_MS);
      const response = await h.call(path, { headers });
      await expectLpError(response, 502);
      h.sandbox.setFaults(undefined);
      const good = await h.call(path, { headers });
      expect(cacheStatusOf(good)).toMatch(/fwd=miss; stored/);
      expect(await okJson(good)).toEqual(await directAnswer(h.oracle, "current", path));
    }
  });
});

describe("a failing KV", () => {
  /** The test KV, with `put` or `get` failing as KV does under load (429) or an outage. */
  function failingKv(method: "put" | "getWithMetadata"): KVNamespace {
    const kv = baseEnv.CACHE;
    return new Proxy(kv, {
      get(target, property) {
        if (property === method) {
          return () => Promise.reject(new Error(`KV ${method} failed: 429 Too Many Requests`));
        }
        const value = Reflect.get(target, property) as unknown;
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  }

  for (const method of ["put", "getWithMetadata"] as const) {
    for (const operation of ["analytics", "transactions"] as const) {
      it(`createApp() still answers ${operation} from the upstream when KV ${method} fails`, async () => {
        const h = harness({ env: { CACHE: failingKv(method) } });
        const day = daysAgo(method === "put" ? 44 : 45);
        const path = reportPath("current", OAUTH2.accountId, operation, day, day + DAY_MS);
        const response = await h.call(path, { headers });
        const text = await response.text();
        expect(response.status, text).toBe(200);
        expect(JSON.parse(text)).toEqual(await directAnswer(h.oracle, "current", path));
        // Transactions days live in R2, not KV: only the answer's KV write fails for them.
        const notStored = method === "put" && operation === "analytics";
        expect(cacheStatusOf(response)).not.toMatch(notStored ? /stored|hit/ : /hit/);
      });
    }
  }

  it("createApp() never serves a corrupted KV entry: it asks the upstream instead", async () => {
    const h = harness();
    const day = daysAgo(46);
    const key = cacheKey({
      accountId: OAUTH2.accountId,
      app: "prmsg",
      operation: "accountAnalytics",
      dialect: "current",
      from: day,
      to: day + DAY_MS,
    });
    const metadata = { storedAt: T0, freshUntil: T0 + 365 * DAY_MS, schema: 1 };
    const path = reportPath("current", OAUTH2.accountId, "analytics", day, day + DAY_MS);
    for (const corrupted of ['{"analytics": "lots"}', '{"truncated', "null"]) {
      // The finished answers cached beside the day would be served first: drop them.
      const { keys } = await h.env.CACHE.list();
      for (const { name } of keys) if (name.includes("-response|")) await h.env.CACHE.delete(name);
      await h.env.CACHE.put(key, corrupted, { metadata });
      const response = await h.call(path, { headers });
      expect(cacheStatusOf(response)).toMatch(/fwd=miss; stored/);
      expect(await okJson(response)).toEqual(await directAnswer(h.oracle, "current", path));
    }
    expect(h.reportingCalls().length).toBe(3);
  });
});

describe("filtered queries from cached data", () => {
  it("createApp() answers analytics channel and skill filters (POST body and query) from the cached day", async () => {
    const h = harness();
    const day = daysAgo(36);
    for (const dialect of ["current", "2.0"] as const) {
      const path = reportPath(dialect, OAUTH2.accountId, "analytics", day, day + DAY_MS);
      const all = parseAnalyticsResponse(await okJson(await h.call(path, { headers })), dialect);
      const before = h.reportingCalls().length;
      const skill = all.rows[0]!.skill;
      const requests: [string, RequestInit][] = [
        [path, { method: "POST", body: JSON.stringify({ filters: { channels: ["sms"] } }) }],
        [path, { method: "POST", body: JSON.stringify({ filters: { skills: [skill] } }) }],
        [path, {
          method: "POST",
          body: JSON.stringify({ filters: { channels: ["SMS", "wa"], skills: [skill] } }),
        }],
        [`${path}&channels=wa`, {}],
        [`${path}&channels=sms,inapp&skills=${encodeURIComponent(skill)}`, {}],
      ];
      for (const [filteredPath, init] of requests) {
        const response = await h.call(filteredPath, {
          ...init,
          headers: { ...headers, "content-type": "application/json" },
        });
        expect(cacheStatusOf(response)).toMatch(/; hit; /);
        const proxied = parseAnalyticsResponse(await okJson(response), dialect);
        const direct = parseAnalyticsResponse(
          await directAnswer(h.oracle, dialect, filteredPath, {
            ...init,
            headers: { "content-type": "application/json" },
          }),
          dialect,
        );
        expect(proxied.rows).toEqual(direct.rows);
        expect(proxied.rows.length).toBeGreaterThan(0);
        expect(proxied.rows.length).toBeLessThan(all.rows.length);
      }
      expect(h.reportingCalls().length).toBe(before);
    }
  });

  it("createApp() answers transactions filters (POST body and query) from the cached day", async () => {
    const h = harness();
    const day = daysAgo(37);
    const path = reportPath("current", OAUTH2.accountId, "transactions", day, day + DAY_MS);
    const all = parseTransactionsPage(await okJson(await h.call(path, { headers })), "current");
    const before = h.reportingCalls().length;
    const skill = all.transactions[0]!.skill!;
    const handoff = all.transactions[0]!.handOffId!;
    const requests: [string, RequestInit][] = [
      [path, { method: "POST", body: JSON.stringify({ channels: ["sms"] }) }],
      [path, {
        method: "POST",
        body: JSON.stringify({ skills: [skill], channels: ["wa", "sms"] }),
      }],
      [path, { method: "POST", body: JSON.stringify({ messagestatus: ["DELIVERED", "READ"] }) }],
      [path, { method: "POST", body: JSON.stringify({ handoffids: [handoff] }) }],
      [`${path}&channels=wa`, {}],
      [`${path}&skills=${encodeURIComponent(skill)}&limit=5&offset=2`, {}],
      [`${path}&messagestatus=FAILED`, {}],
    ];
    for (const [filteredPath, init] of requests) {
      const response = await h.call(filteredPath, { ...init, headers });
      expect(cacheStatusOf(response)).toMatch(/; hit; /);
      const proxied = parseTransactionsPage(await okJson(response), "current");
      const direct = parseTransactionsPage(
        await directAnswer(h.oracle, "current", filteredPath, init),
        "current",
      );
      const label = `${filteredPath} ${String(init.body ?? "")}`;
      expect(proxied.transactions.map((tx) => tx.transactionId), label).toEqual(
        direct.transactions.map((tx) => tx.transactionId),
      );
      expect(proxied.transactions).toEqual(direct.transactions);
      expect(proxied.page).toEqual(direct.page);
      expect(proxied.transactions.length).toBeGreaterThan(0);
      expect(proxied.transactions.length).toBeLessThan(all.transactions.length);
    }
    expect(h.reportingCalls().length).toBe(before);
  });

  it("createApp() matches messagestatus case-insensitively in a POST body, as in the query and upstream", async () => {
    const h = harness();
    const day = daysAgo(41);
    const path = reportPath("current", OAUTH2.accountId, "transactions", day, day + DAY_MS);
    await okJson(await h.call(path, { headers }));
    const init = { method: "POST", body: JSON.stringify({ messagestatus: ["read"] }) };
    const viaBody = parseTransactionsPage(
      await okJson(await h.call(path, { ...init, headers })),
      "current",
    );
    const viaQuery = parseTransactionsPage(
      await okJson(await h.call(`${path}&messagestatus=read`, { headers })),
      "current",
    );
    const direct = parseTransactionsPage(
      await directAnswer(h.oracle, "current", path, init),
      "current",
    );
    expect(viaQuery.transactions).toEqual(direct.transactions);
    expect(direct.transactions.length).toBeGreaterThan(0);
    expect(viaBody.transactions).toEqual(direct.transactions);
  });

  it("createApp() answers 2.0 transactions filters from the cached day", async () => {
    const h = harness();
    const day = daysAgo(38);
    const path = reportPath("2.0", OAUTH2.accountId, "transactions", day, day + DAY_MS);
    await okJson(await h.call(path, { headers }));
    const before = h.reportingCalls().length;
    const init = { method: "POST", body: JSON.stringify({ channels: ["SMS"] }) };
    const response = await h.call(path, { ...init, headers });
    const proxied = parseTransactionsPage(await okJson(response), "2.0");
    const direct = parseTransactionsPage(await directAnswer(h.oracle, "2.0", path, init), "2.0");
    expect(proxied.transactions).toEqual(direct.transactions);
    expect(proxied.transactions.every((tx) => tx.channel === "sms")).toBe(true);
    expect(h.reportingCalls().length).toBe(before);
  });

  for (const filters of [{ handoffids: ["H-none"] }, { source: ["API"] }]) {
    it(`createApp() never answers the analytics filter ${Object.keys(filters)[0]} with unfiltered rows`, async () => {
      const h = harness();
      const day = daysAgo("source" in filters ? 42 : 43);
      const path = reportPath("current", OAUTH2.accountId, "analytics", day, day + DAY_MS);
      const all = await okJson(await h.call(path, { headers }));
      const response = await h.call(path, {
        method: "POST",
        headers,
        body: JSON.stringify({ filters }),
      });
      // Either answered faithfully (filtered) or refused; never the unfiltered rows.
      if (response.status === 200) {
        const body = await response.json() as Record<string, unknown>;
        expect(body["analytics"]).not.toEqual(all["analytics"]);
      } else {
        await expectLpError(response, 400);
      }
    });
  }
});
