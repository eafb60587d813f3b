// Drop-in routes: the proxy answers LivePerson's paths in both dialects with the sandbox's JSON.
import { describe, expect, it } from "vitest";
import {
  parseAnalyticsResponse,
  parseCampaignReport,
  parseTransactionsPage,
} from "../../../lib/model/wire-to-responses.ts";
import type { Dialect } from "../../../lib/model/canonical.ts";
import {
  DAY_MS,
  daysAgo,
  directAnswer,
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
  T0,
} from "./support.ts";

quietLogs();

const DIALECTS: readonly Dialect[] = ["current", "2.0"];

describe("drop-in analytics", () => {
  for (const dialect of DIALECTS) {
    it(`createApp() answers ${dialect} analytics with and without a trailing slash as the sandbox does`, async () => {
      const h = harness();
      const from = daysAgo(dialect === "current" ? 10 : 11);
      for (const slash of [true, false]) {
        const path = reportPath(dialect, OAUTH2.accountId, "analytics", from, from + DAY_MS, {
          slash,
        });
        const proxied = await okJson(await h.call(path, { headers: keyed(OAUTH2.key) }));
        const direct = await directAnswer(h.oracle, dialect, path);
        expect(parseAnalyticsResponse(proxied, dialect)).toEqual(
          parseAnalyticsResponse(direct, dialect),
        );
        expect(proxied).toEqual(direct);
        expect((proxied["analytics"] as unknown[]).length).toBeGreaterThan(0);
      }
    });
  }

  it("createApp() answers a 7-day current analytics window as the sandbox does", async () => {
    const h = harness();
    const from = daysAgo(20);
    const path = reportPath("current", OAUTH2.accountId, "analytics", from, from + 7 * DAY_MS);
    const proxied = await okJson(await h.call(path, { headers: keyed(OAUTH2.key) }));
    const direct = await directAnswer(h.oracle, "current", path);
    expect(parseAnalyticsResponse(proxied, "current")).toEqual(
      parseAnalyticsResponse(direct, "current"),
    );
    const days = new Set(parseAnalyticsResponse(proxied, "current").rows.map((row) => row.day));
    expect(days.size).toBe(7);
  });

  it("createApp() answers a window that is not whole days as the sandbox does", async () => {
    const h = harness();
    const from = daysAgo(9) + 5 * HOUR_MS + 123;
    const path = reportPath("current", OAUTH2.accountId, "analytics", from, from + 30 * HOUR_MS);
    const response = await h.call(path, { headers: keyed(OAUTH2.key) });
    expect(response.headers.get("cache-status")).toMatch(/fwd=bypass/);
    const proxied = await okJson(response);
    const direct = await directAnswer(h.oracle, "current", path);
    expect(parseAnalyticsResponse(proxied, "current")).toEqual(
      parseAnalyticsResponse(direct, "current"),
    );
  });

  it("createApp() answers an analytics POST without a body as the GET", async () => {
    const h = harness();
    const from = daysAgo(12);
    const path = reportPath("current", OAUTH2.accountId, "analytics", from, from + DAY_MS);
    const get = await okJson(await h.call(path, { headers: keyed(OAUTH2.key) }));
    const post = await okJson(await h.call(path, { method: "POST", headers: keyed(OAUTH2.key) }));
    expect(post).toEqual(get);
  });
});

describe("drop-in transactions", () => {
  for (const dialect of DIALECTS) {
    it(`createApp() answers ${dialect} transactions with and without a trailing slash as the sandbox does`, async () => {
      const h = harness();
      const from = daysAgo(dialect === "current" ? 13 : 14);
      for (const slash of [true, false]) {
        const path = reportPath(dialect, OAUTH1.accountId, "transactions", from, from + DAY_MS, {
          slash,
        });
        const proxied = await okJson(await h.call(path, { headers: keyed(OAUTH1.key) }));
        const direct = await directAnswer(h.oracle, dialect, path);
        expect(parseTransactionsPage(proxied, dialect)).toEqual(
          parseTransactionsPage(direct, dialect),
        );
        expect(parseTransactionsPage(proxied, dialect).transactions.length).toBeGreaterThan(0);
      }
    });
  }

  it("createApp() pages transactions by offset and limit as the sandbox does", async () => {
    const h = harness();
    const from = daysAgo(15);
    for (const query of [{ limit: "7" }, { offset: "7", limit: "7" }, { offset: "49" }]) {
      const path = reportPath("current", OAUTH2.accountId, "transactions", from, from + DAY_MS, {
        query,
      });
      const proxied = await okJson(await h.call(path, { headers: keyed(OAUTH2.key) }));
      const direct = await directAnswer(h.oracle, "current", path);
      expect(parseTransactionsPage(proxied, "current")).toEqual(
        parseTransactionsPage(direct, "current"),
      );
    }
  });

  it("createApp() answers a 24 h transactions window across midnight as the sandbox does", async () => {
    const h = harness();
    const from = daysAgo(16) + 12 * HOUR_MS;
    const path = reportPath("2.0", OAUTH2.accountId, "transactions", from, from + DAY_MS);
    const proxied = await okJson(await h.call(path, { headers: keyed(OAUTH2.key) }));
    const direct = await directAnswer(h.oracle, "2.0", path);
    expect(parseTransactionsPage(proxied, "2.0")).toEqual(parseTransactionsPage(direct, "2.0"));
  });
});

describe("drop-in campaigns", () => {
  for (const dialect of DIALECTS) {
    it(`createApp() relays the ${dialect} campaign report and campaign analytics as the sandbox answers them`, async () => {
      const h = harness();
      const day = daysAgo(6);
      const campaignId = `${new Date(day).toISOString().slice(0, 10).replaceAll("-", "")}1`;
      const prefix = dialect === "current" ? "/api" : "";
      const base = `${prefix}/account/${OAUTH2.accountId}/app/prmsg/campaigns/${campaignId}`;
      for (const path of [`${base}/`, base]) {
        const proxied = await okJson(await h.call(path, { headers: keyed(OAUTH2.key) }));
        const direct = await directAnswer(h.oracle, dialect, `${base}/`);
        expect(parseCampaignReport(proxied, dialect)).toEqual(
          parseCampaignReport(direct, dialect),
        );
        expect(parseCampaignReport(proxied, dialect).entries.length).toBeGreaterThan(0);
      }
      for (const path of [`${base}/analytics/`, `${base}/analytics`]) {
        const response = await h.call(path, { headers: keyed(OAUTH2.key) });
        expect(response.headers.get("cache-status")).toMatch(/fwd=bypass/);
        const proxied = await okJson(response);
        const direct = await directAnswer(h.oracle, dialect, `${base}/analytics/`);
        expect(parseAnalyticsResponse(proxied, dialect)).toEqual(
          parseAnalyticsResponse(direct, dialect),
        );
      }
    });
  }

  it("createApp() pages the campaign report by offset and limit as the sandbox does", async () => {
    const h = harness();
    const day = daysAgo(7);
    const campaignId = `${new Date(day).toISOString().slice(0, 10).replaceAll("-", "")}2`;
    const base = `/api/account/${OAUTH2.accountId}/app/prmsg/campaigns/${campaignId}/`;
    for (const query of ["?limit=3", "?offset=3&limit=3", "?offset=2"]) {
      const proxied = await okJson(await h.call(`${base}${query}`, { headers: keyed(OAUTH2.key) }));
      const direct = await directAnswer(h.oracle, "current", `${base}${query}`);
      expect(parseCampaignReport(proxied, "current"), query).toEqual(
        parseCampaignReport(direct, "current"),
      );
    }
  });

  it("createApp() relays a c2m campaign path as the upstream answers it, never as prmsg data", async () => {
    const h = harness();
    const day = daysAgo(6);
    const campaignId = `${new Date(day).toISOString().slice(0, 10).replaceAll("-", "")}1`;
    for (const tail of ["", "analytics/"]) {
      const path = `/api/account/${OAUTH2.accountId}/app/c2m/campaigns/${campaignId}/${tail}`;
      const response = await h.call(path, { headers: keyed(OAUTH2.key) });
      const text = await response.text();
      // The sandbox has no c2m campaigns: it answers 404, and so must the proxy.
      expect(response.status, text).toBe(404);
      expect(text).not.toContain('"app":"prmsg"');
    }
  });

  it("createApp() relays the upstream's 404 for an unknown campaign in LivePerson's shape", async () => {
    const h = harness();
    const response = await h.call(
      `/api/account/${OAUTH2.accountId}/app/prmsg/campaigns/199001011/`,
      { headers: keyed(OAUTH2.key) },
    );
    expect(response.status).toBe(404);
    const body = await response.json() as Record<string, unknown>;
    expect(body["message"]).toMatch(/^Campaign not found/);
    expect(body["requestTraceId"]).toBe(response.headers.get("x-request-trace-id"));
  });
});

describe("regions", () => {
  it("createApp() sends each account to its region's host in the dialect of the path", async () => {
    const h = harness();
    const from = daysAgo(8);
    const hosts = new Set<string>();
    for (const dialect of DIALECTS) {
      for (
        const [tenant, headers] of [
          [OAUTH2, keyed(OAUTH2.key)],
          [OAUTH1, keyed(OAUTH1.key, "x-api-key")],
          [PASSTHROUGH, passthrough()],
        ] as const
      ) {
        const before = h.reportingCalls().length;
        const path = reportPath(dialect, tenant.accountId, "analytics", from, from + DAY_MS);
        await okJson(await h.call(path, { headers }));
        const calls = h.reportingCalls().slice(before);
        expect(calls.length).toBe(1);
        hosts.add(`${tenant.accountId}@${calls[0]!.url.hostname}${calls[0]!.url.pathname}`);
      }
    }
    expect([...hosts].sort()).toEqual([
      "10000001@va.connect-to-messaging.liveperson.net/account/10000001/app/prmsg/analytics/",
      "10000001@va.cx-reporting.liveperson.net/api/account/10000001/app/prmsg/analytics/",
      "20000002@lo.connect-to-messaging.liveperson.net/account/20000002/app/prmsg/analytics/",
      "20000002@lo.cx-reporting.liveperson.net/api/account/20000002/app/prmsg/analytics/",
      "30000003@sy.connect-to-messaging.liveperson.net/account/30000003/app/prmsg/analytics/",
      "30000003@sy.cx-reporting.liveperson.net/api/account/30000003/app/prmsg/analytics/",
    ]);
  });

  it("createApp() finds an unconfigured account's region with the Domain API, once", async () => {
    const h = harness({ env: { ACCOUNT_REGIONS: "{}" } });
    for (const n of [30, 31]) {
      const from = daysAgo(n);
      const path = reportPath("current", OAUTH1.accountId, "analytics", from, from + DAY_MS);
      await okJson(await h.call(path, { headers: keyed(OAUTH1.key) }));
    }
    const domain = h.upstream.filter((r) => r.url.hostname === "api.liveperson.net");
    expect(domain.length).toBeGreaterThanOrEqual(1);
    expect(domain.length).toBeLessThanOrEqual(2);
    expect(h.reportingCalls().map((r) => r.url.hostname)).toEqual([
      "lo.cx-reporting.liveperson.net",
      "lo.cx-reporting.liveperson.net",
    ]);
  });
});

describe("the proxy's own routes", () => {
  it("createApp() answers GET /_edge/health", async () => {
    const h = harness();
    const response = await h.call("/_edge/health");
    expect(await okJson(response)).toEqual({ status: "ok", upstream: "sandbox" });
    expect(response.headers.get("x-request-trace-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("createApp() computes a funnel over closed days from the same rows as analytics", async () => {
    const h = harness();
    const from = daysAgo(25);
    const to = daysAgo(22);
    const response = await h.call(
      `/_edge/funnel/${OAUTH2.accountId}/prmsg?from=${from}&to=${to - 1}&groupBy=channel`,
      { headers: keyed(OAUTH2.key) },
    );
    const body = await okJson(response);
    const truth = h.oracle.analytics({ accountId: OAUTH2.accountId, app: "prmsg", from, to });
    const groups = body["groups"] as { key: { channel: string }; totals: { sent: number } }[];
    expect(groups.length).toBeGreaterThan(0);
    for (const group of groups) {
      const sent = truth.filter((row) => row.channel === group.key.channel)
        .reduce((sum, row) => sum + row.sent, 0);
      expect(group.totals.sent).toBe(sent);
    }
    expect(groups.reduce((sum, g) => sum + g.totals.sent, 0)).toBe(
      truth.reduce((sum, row) => sum + row.sent, 0),
    );
    // The funnel's days are now cached: the same range again makes no upstream call.
    const before = h.reportingCalls().length;
    await okJson(
      await h.call(
        `/api/account/${OAUTH2.accountId}/app/prmsg/analytics/?${new URLSearchParams({
          attemptedStartTime: String(from),
          attemptedEndTime: String(to),
        })}`,
        { headers: keyed(OAUTH2.key) },
      ),
    );
    expect(h.reportingCalls().length).toBe(before);
    expect(T0).toBeGreaterThan(to);
  });
});
