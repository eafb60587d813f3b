import { describe, expect, it } from "vitest";
import { signOAuth1 } from "../../lib/auth/oauth1.ts";
import { jwtExpiresAt } from "../../lib/auth/jwt.ts";
import { isValidationError } from "../../lib/errors/validation-error.ts";
import { parseCampaignReport, parseTransactionsPage } from "../../lib/model/wire-to-responses.ts";
import { createSandbox, DEMO_TENANTS } from "../../lib/sandbox/mod.ts";
import { bearer, DAY, NOW, pullTransactions, reportingUrl } from "./support.ts";

const today = Math.floor(NOW / DAY) * DAY;
const yesterday = { from: today - DAY, to: today };
const txPath = (app = "prmsg", from = yesterday.from, to = yesterday.to) =>
  `app/${app}/transactions/?attemptedStartTime=${from}&attemptedEndTime=${to}`;

describe("createSandbox() identity services", () => {
  const sandbox = createSandbox({ now: () => NOW, volume: 50 });

  it("the Domain API names each tenant's regional hosts", async () => {
    for (const tenant of DEMO_TENANTS) {
      const response = await sandbox.fetch(
        `https://api.liveperson.net/api/account/${tenant.accountId}/service/agentVep/baseURI.json?version=1.0`,
      );
      expect(await response.json()).toEqual({
        service: "agentVep",
        account: tenant.accountId,
        baseURI: `${tenant.region}.agentvep.liveperson.net`,
      });
    }
    const sentinel = await sandbox.fetch(
      "https://api.liveperson.net/api/account/20000002/service/sentinel/baseURI.json?version=1.0",
    );
    expect((await sentinel.json()).baseURI).toBe("lo.sentinel.liveperson.net");
    const unknown = await sandbox.fetch(
      "https://api.liveperson.net/api/account/20000002/service/AGENTVEP/baseURI.json?version=1.0",
    );
    expect(unknown.status).toBe(404);
  });

  it("Sentinel issues one-hour AppJWTs for the right client credentials only", async () => {
    const tenant = DEMO_TENANTS[1]!;
    const tokenUrl =
      `https://lo.sentinel.liveperson.net/sentinel/api/account/${tenant.accountId}/app/token?v=1.0&grant_type=client_credentials`;
    const form = (secret: string) => ({
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_id: tenant.oauth2.clientId, client_secret: secret })
        .toString(),
    });
    const ok = await sandbox.fetch(tokenUrl, form(tenant.oauth2.clientSecret));
    const body = await ok.json();
    expect(body.token_type).toBe("Bearer");
    expect(jwtExpiresAt(body.access_token)).toBe(Math.floor(NOW / 1000) * 1000 + 3_600_000);
    expect((await sandbox.fetch(tokenUrl, form("wrong"))).status).toBe(401);
    const wrongRegion = tokenUrl.replace("lo.sentinel", "va.sentinel");
    expect((await sandbox.fetch(wrongRegion, form(tenant.oauth2.clientSecret))).status).toBe(404);
    expect(sandbox.counters().tokensIssued).toBe(1);
  });
});

describe("createSandbox() authentication", () => {
  it("accepts an AppJWT, an OAuth 1.0a signature and an LE bearer, and rejects others with 401", async () => {
    let clock = NOW;
    const sandbox = createSandbox({ now: () => clock, volume: 50 });
    const tenant = DEMO_TENANTS[0]!;
    const url = reportingUrl(sandbox, tenant.accountId, "current", txPath());
    const tokenResponse = await sandbox.fetch(
      `https://va.sentinel.liveperson.net/sentinel/api/account/${tenant.accountId}/app/token?v=1.0&grant_type=client_credentials`,
      {
        method: "POST",
        body: new URLSearchParams({
          client_id: tenant.oauth2.clientId,
          client_secret: tenant.oauth2.clientSecret,
        }),
      },
    );
    const { access_token: jwt } = await tokenResponse.json();
    expect((await sandbox.fetch(url, { headers: { authorization: `Bearer ${jwt}` } })).status).toBe(
      200,
    );
    expect(
      (await sandbox.fetch(url, { headers: { authorization: `Bearer ${tenant.bearer}` } })).status,
    ).toBe(200);
    const signed = new Request(url);
    signed.headers.set("authorization", await signOAuth1(signed, tenant.oauth1, { now: clock }));
    expect((await sandbox.fetch(signed)).status).toBe(200);

    const replay = new Request(url, {
      headers: { authorization: signed.headers.get("authorization")! },
    });
    expect((await sandbox.fetch(replay)).status).toBe(401);
    expect((await sandbox.fetch(url)).status).toBe(401);
    expect(
      (await sandbox.fetch(url, {
        headers: { authorization: `Bearer ${DEMO_TENANTS[1]!.bearer}` },
      })).status,
    ).toBe(401);

    clock += 3_600_001;
    const expired = await sandbox.fetch(url, { headers: { authorization: `Bearer ${jwt}` } });
    expect(expired.status).toBe(401);
    expect((await expired.json()).message).toBe("jwt expired");
  });

  it("an account called on another region's host fails with 404", async () => {
    const sandbox = createSandbox({ now: () => NOW, volume: 50 });
    const url = `https://sy.cx-reporting.liveperson.net/api/account/10000001/${txPath()}`;
    const response = await sandbox.fetch(url, { headers: bearer(sandbox, "10000001") });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      code: 0,
      message: expect.stringContaining("sy.cx-reporting"),
    });
  });
});

describe("createSandbox() paging", () => {
  it("pages transactions by offset with the documented page object", async () => {
    const sandbox = createSandbox({
      now: () => NOW,
      volume: 2000,
      pageSize: 300,
      rateLimit: Number.POSITIVE_INFINITY,
    });
    const { transactions, pages } = await pullTransactions(sandbox, {
      accountId: "10000001",
      app: "prmsg",
      dialect: "current",
      ...yesterday,
    });
    expect(pages).toBeGreaterThan(5);
    expect(new Set(transactions.map((tx) => tx.transactionId)).size).toBe(transactions.length);
    expect(transactions).toEqual(
      sandbox.transactions({ accountId: "10000001", app: "prmsg", ...yesterday }),
    );

    const url = reportingUrl(sandbox, "10000001", "current", `${txPath()}&offset=600&limit=300`);
    const page = await (await sandbox.fetch(url, { headers: bearer(sandbox, "10000001") })).json();
    expect(page.page).toEqual({
      count: 300,
      previousOffset: 300,
      currentOffset: 600,
      nextOffset: 900,
    });
    const first =
      await (await sandbox.fetch(reportingUrl(sandbox, "10000001", "current", txPath()), {
        headers: bearer(sandbox, "10000001"),
      })).json();
    expect(first.page.previousOffset).toBe(-1);
    expect(first.page.count).toBe(300);
  });

  it("the campaign report pages a prmsg campaign's consumers", async () => {
    const sandbox = createSandbox({
      now: () => NOW,
      volume: 600,
      pageSize: 50,
      rateLimit: Number.POSITIVE_INFINITY,
    });
    const truth = sandbox.transactions({ accountId: "30000003", app: "prmsg", ...yesterday });
    const campaignId = truth[0]!.proactiveCampaignId!;
    const expected = truth.filter((tx) => tx.proactiveCampaignId === campaignId);
    const entries = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const url = reportingUrl(
        sandbox,
        "30000003",
        "current",
        `app/prmsg/campaigns/${campaignId}/?offset=${offset}`,
      );
      const parsed = parseCampaignReport(
        await (await sandbox.fetch(url, { headers: bearer(sandbox, "30000003") })).json(),
        "current",
      );
      entries.push(...parsed.entries);
      offset = parsed.page.nextOffset;
    }
    expect(entries.map((entry) => entry.id)).toEqual(expected.map((tx) => tx.transactionId));
    expect(entries.some((entry) => entry.status === "FAILED" && entry.errorCode !== null)).toBe(
      true,
    );
    const missing = reportingUrl(sandbox, "30000003", "current", "app/prmsg/campaigns/nope/");
    expect((await sandbox.fetch(missing, { headers: bearer(sandbox, "30000003") })).status).toBe(
      404,
    );
  });
});

describe("createSandbox() rate limit and counters", () => {
  it("answers 429 past 10 requests per second per account and API, and counts", async () => {
    let clock = NOW;
    const sandbox = createSandbox({ now: () => clock, volume: 20 });
    const url = reportingUrl(sandbox, "10000001", "current", txPath());
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push((await sandbox.fetch(url, { headers: bearer(sandbox, "10000001") })).status);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.slice(10)).toEqual([429, 429]);
    // Another API of the same account, and another account, have their own budgets.
    const analytics = reportingUrl(
      sandbox,
      "10000001",
      "current",
      "app/prmsg/analytics/?attemptedStartTime=" + yesterday.from + "&attemptedEndTime=" +
        yesterday.to,
    );
    expect((await sandbox.fetch(analytics, { headers: bearer(sandbox, "10000001") })).status).toBe(
      200,
    );
    clock += 1_000;
    expect((await sandbox.fetch(url, { headers: bearer(sandbox, "10000001") })).status).toBe(200);
    const counters = sandbox.counters();
    expect(counters.rateLimited).toBe(2);
    expect(counters.peakPerSecond["10000001:transactions"]).toBe(10);
    expect(counters.byOperation["transactions"]).toBe(13);
    expect(counters.byHost["va.cx-reporting.liveperson.net"]).toBe(14);
    expect(counters.byAccount["10000001"]).toBe(14);
  });

  it("sends Retry-After on 429s only when asked to", async () => {
    const sandbox = createSandbox({ now: () => NOW, volume: 20, rateLimit: 1, retryAfter: true });
    const url = reportingUrl(sandbox, "10000001", "current", txPath());
    await sandbox.fetch(url, { headers: bearer(sandbox, "10000001") });
    const limited = await sandbox.fetch(url, { headers: bearer(sandbox, "10000001") });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(await limited.json()).toMatchObject({ code: 1029, requestTraceId: expect.any(String) });
  });
});

describe("createSandbox() fault injection", () => {
  const run = async (seed: number) => {
    const sandbox = createSandbox({
      now: () => NOW,
      volume: 30,
      rateLimit: Number.POSITIVE_INFINITY,
      faults: { seed, errorRate: 0.3, rateLimitRate: 0.2, truncateRate: 0.1, breakSchemaRate: 0.1 },
    });
    const url = reportingUrl(sandbox, "10000001", "current", txPath());
    const outcomes: string[] = [];
    for (let i = 0; i < 200; i++) {
      const response = await sandbox.fetch(url, { headers: bearer(sandbox, "10000001") });
      const text = await response.text();
      if (response.status !== 200) outcomes.push(String(response.status));
      else {
        try {
          parseTransactionsPage(JSON.parse(text), "current");
          outcomes.push("ok");
        } catch (error) {
          outcomes.push(isValidationError(error) ? "invalid" : "truncated");
        }
      }
    }
    return { outcomes, counters: sandbox.counters() };
  };

  it("injects each fault at about its rate, the same way for the same seed", async () => {
    const a = await run(7);
    const b = await run(7);
    const c = await run(8);
    expect(a.outcomes).toEqual(b.outcomes);
    expect(a.outcomes).not.toEqual(c.outcomes);
    const count = (kind: string) => a.outcomes.filter((o) => o === kind).length;
    expect(count("500")).toBeGreaterThan(40);
    expect(count("500")).toBeLessThan(80);
    expect(count("429")).toBeGreaterThan(20);
    expect(count("truncated")).toBeGreaterThan(8);
    expect(count("invalid")).toBeGreaterThan(8);
    expect(count("ok")).toBeGreaterThan(40);
    expect(a.counters.faults["error"]).toBe(count("500"));
    expect(a.counters.rateLimited).toBe(count("429"));
  });

  it("a hang never answers until the caller aborts", async () => {
    const sandbox = createSandbox({ now: () => NOW, volume: 10, faults: { hangRate: 1 } });
    const controller = new AbortController();
    const url = reportingUrl(sandbox, "10000001", "current", txPath());
    const pending = sandbox.fetch(url, {
      headers: bearer(sandbox, "10000001"),
      signal: controller.signal,
    });
    let settled = false;
    pending.then(() => (settled = true), () => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    controller.abort();
    await expect(pending).rejects.toThrow();
  });

  it("rejects fault rates outside [0, 1]", () => {
    expect(() => createSandbox({ faults: { errorRate: 1.5 } })).toThrow(RangeError);
    expect(() => createSandbox({ faults: { errorRate: 0.6, hangRate: 0.6 } })).toThrow(RangeError);
    expect(() => createSandbox({ pageSize: 10_000 })).toThrow(RangeError);
    expect(() => createSandbox({ rateLimit: 0 })).toThrow(RangeError);
  });
});

describe("createSandbox() data", () => {
  it("is deterministic for a seed and differs across seeds", () => {
    const query = { accountId: "10000001", app: "prmsg" as const, ...yesterday };
    const a = createSandbox({ now: () => NOW, volume: 100 }).transactions(query);
    const b = createSandbox({ now: () => NOW, volume: 100 }).transactions(query);
    const c = createSandbox({ now: () => NOW, volume: 100, seed: 2 }).transactions(query);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it("has realistic volume and funnel shapes per channel", () => {
    const sandbox = createSandbox({ now: () => NOW });
    const from = today - 10 * DAY;
    const txs = sandbox.transactions({ accountId: "10000001", app: "prmsg", from, to: from + DAY });
    expect(txs.length).toBeGreaterThan(1700);
    expect(txs.length).toBeLessThan(2300);
    const sms = txs.filter((tx) => tx.channel === "sms");
    const wa = txs.filter((tx) => tx.channel === "wa");
    expect(sms.length).toBeGreaterThan(0);
    expect(sms.every((tx) => tx.readTime === null)).toBe(true);
    expect(wa.filter((tx) => tx.readTime !== null).length).toBeGreaterThan(wa.length / 3);
    expect(txs.some((tx) => tx.skippedTime !== null)).toBe(true);
    expect(txs.some((tx) => tx.optOutsTime !== null)).toBe(true);
    expect(txs.every((tx) => tx.proactiveCampaignId !== null && tx.ivrNumber === null)).toBe(true);
    for (const tx of txs) {
      if (tx.deliveredTime !== null) expect(tx.sentTime).not.toBeNull();
      if (tx.readTime !== null) expect(tx.readTime).toBeGreaterThan(tx.deliveredTime!);
      if (tx.conversationsClosedTime !== null) {
        expect(tx.conversationsClosedTime).toBeGreaterThan(tx.conversationsCreatedTime!);
      }
      if (tx.failedTime !== null) expect(tx.errorCode).not.toBeNull();
    }
    const c2m = sandbox.transactions({ accountId: "10000001", app: "c2m", from, to: from + DAY });
    expect(c2m.every((tx) => tx.ivrNumber !== null && tx.proactiveCampaignId === null)).toBe(true);
  });
});
