// The client's behaviour against the sandbox: one file, run unchanged by vitest in Node,
// by vitest inside workerd and by `deno test` (see the runners beside each test tree).
import { ReportingClient, signOAuth1 } from "../../lib/mod.ts";
import type { AnalyticsRow } from "../../lib/mod.ts";
import { createSandbox } from "../../lib/sandbox/mod.ts";
import type { SandboxOptions } from "../../lib/sandbox/mod.ts";
import type { ReportingClientOptions } from "../../lib/client/options.ts";
import { assert, assertEqual, rejection, thrown } from "./assert.ts";

const NOW = Date.UTC(2026, 10, 27, 12);
const DAY = 86_400_000;
const TODAY = Math.floor(NOW / DAY) * DAY;
const FAST = { attempts: 3, baseDelayMs: 1, maxDelayMs: 4, rateLimitDelayMs: 1 };

function setup(
  sandboxOptions: SandboxOptions = {},
  clientOptions: Partial<ReportingClientOptions> = {},
) {
  const now = () => NOW;
  const sandbox = createSandbox({
    now,
    volume: 30,
    rateLimit: Number.POSITIVE_INFINITY,
    ...sandboxOptions,
  });
  const tenant = sandbox.tenants[0]!;
  const client = new ReportingClient({
    accountId: tenant.accountId,
    app: "prmsg",
    auth: { kind: "bearer", token: tenant.bearer },
    region: tenant.region,
    fetch: sandbox.fetch,
    now,
    rateLimit: 1_000,
    retry: FAST,
    ...clientOptions,
  });
  return { sandbox, tenant, client };
}

const withoutOptCounts = ({ optOuts: _o, optIns: _i, ...row }: AnalyticsRow) => row;

/** Each case: a name and a body that throws on failure. */
export const clientBehaviour: { name: string; run: () => void | Promise<void> }[] = [
  {
    name:
      "accountAnalytics() over 90 days gives identical rows in the 2.0 (24-hour) and current (60-day) dialects",
    async run() {
      const from = TODAY - 90 * DAY;
      const legacy = setup({}, { dialect: "2.0" });
      const current = setup();
      const a = await legacy.client.accountAnalytics({ from, to: TODAY });
      const b = await current.client.accountAnalytics({
        from: new Date(from),
        to: new Date(TODAY).toISOString(),
      });
      assertEqual(new Set(a.map((row) => row.day)).size, 90, "one day per window");
      assertEqual(a.map(withoutOptCounts), b, "rows differ between dialects");
      assertEqual(legacy.sandbox.counters().byOperation["accountAnalytics"], 90, "2.0 requests");
      assertEqual(
        current.sandbox.counters().byOperation["accountAnalytics"],
        2,
        "current requests",
      );
      const truth = current.sandbox.analytics({
        accountId: current.tenant.accountId,
        app: "prmsg",
        from,
        to: TODAY,
      });
      assertEqual(b, truth.map(withoutOptCounts), "rows differ from the sandbox's truth");
    },
  },
  {
    name: "transactions() pages through a day of more than 5 pages and equals the truth",
    async run() {
      const { sandbox, client, tenant } = setup({ volume: 900, pageSize: 120 });
      const from = TODAY - 2 * DAY;
      const rows = await client.transactions({ from, to: from + DAY }).toArray();
      const truth = sandbox.transactions({
        accountId: tenant.accountId,
        app: "prmsg",
        from,
        to: from + DAY,
      });
      assert(sandbox.counters().byOperation["transactions"]! > 5, "more than 5 pages");
      assertEqual(rows, truth, "transactions differ from the truth");
      assertEqual(
        (await client.transactions({ from, to: from + DAY }).toArray({ limit: 7 })).length,
        7,
        "limit",
      );
    },
  },
  {
    name: "transactions() completes a 429 storm (50 % 429s) with exact totals",
    async run() {
      const { sandbox, client, tenant } = setup(
        { volume: 300, pageSize: 30, faults: { rateLimitRate: 0.5, seed: 3 } },
        { retry: { ...FAST, rateLimitRetries: 60 } },
      );
      const from = TODAY - 5 * DAY;
      const rows = await client.transactions({ from, to: TODAY - DAY }).toArray();
      const truth = sandbox.transactions({
        accountId: tenant.accountId,
        app: "prmsg",
        from,
        to: TODAY - DAY,
      });
      assertEqual(rows.length, truth.length, "row count");
      assertEqual(rows, truth, "transactions differ from the truth");
      assert(
        sandbox.counters().rateLimited > 20,
        `the storm happened (${sandbox.counters().rateLimited} 429s)`,
      );
    },
  },
  {
    name: "transactions() retries 500s and truncated bodies and still returns the truth",
    async run() {
      const { sandbox, client, tenant } = setup(
        {
          volume: 100,
          pageSize: 40,
          faults: { errorRate: 0.2, truncateRate: 0.1, breakSchemaRate: 0.05, seed: 5 },
        },
        { retry: { ...FAST, attempts: 12 } },
      );
      const from = TODAY - 4 * DAY;
      const rows = await client.transactions({ from, to: TODAY - DAY }).toArray();
      assertEqual(
        rows,
        sandbox.transactions({ accountId: tenant.accountId, app: "prmsg", from, to: TODAY - DAY }),
        "truth",
      );
      assert((sandbox.counters().faults["error"] ?? 0) > 0, "500s were injected");
    },
  },
  {
    name: "oauth2: one AppJWT serves many calls and is fetched again after it expires",
    async run() {
      const { sandbox, tenant } = setup();
      const client = new ReportingClient({
        accountId: tenant.accountId,
        app: "c2m",
        auth: { kind: "oauth2", ...tenant.oauth2 },
        fetch: sandbox.fetch,
        now: () => NOW,
        retry: FAST,
        rateLimit: 1_000,
      });
      await Promise.all(
        [0, 1, 2, 3].map((i) =>
          client.accountAnalytics({ from: TODAY - (i + 1) * DAY, to: TODAY - i * DAY })
        ),
      );
      assertEqual(sandbox.counters().tokensIssued, 1, "one token for many calls");
      assertEqual(sandbox.counters().byOperation["domain"], 1, "region discovered once");
      await client.transactions({ from: TODAY - DAY, to: TODAY }).toArray();
      assertEqual(sandbox.counters().tokensIssued, 1, "still one token");
    },
  },
  {
    name: "oauth2: a token is refreshed after its expiry with a fake clock",
    async run() {
      let clock = NOW;
      const sandbox = createSandbox({ now: () => clock, volume: 10 });
      const tenant = sandbox.tenants[1]!;
      const client = new ReportingClient({
        accountId: tenant.accountId,
        app: "prmsg",
        auth: { kind: "oauth2", ...tenant.oauth2 },
        fetch: sandbox.fetch,
        now: () => clock,
        retry: FAST,
      });
      await client.accountAnalytics({ from: TODAY - DAY, to: TODAY });
      clock += 2 * 3_600_000;
      await client.accountAnalytics({ from: TODAY - DAY, to: TODAY });
      assertEqual(sandbox.counters().tokensIssued, 2, "a fresh token after expiry");
      assertEqual(
        sandbox.counters().byOperation["accountAnalytics"],
        2,
        "one request per call, no 401",
      );
    },
  },
  {
    name: "oauth1: each attempt is signed afresh and verified by the sandbox",
    async run() {
      const { sandbox, tenant } = setup({ faults: { errorRate: 0.5, seed: 9 } });
      const client = new ReportingClient({
        accountId: tenant.accountId,
        app: "prmsg",
        auth: { kind: "oauth1", ...tenant.oauth1 },
        region: tenant.region,
        fetch: sandbox.fetch,
        now: () => NOW,
        retry: { ...FAST, attempts: 10 },
      });
      const rows = await client.accountAnalytics({
        from: TODAY - 10 * DAY,
        to: TODAY,
        channels: ["SMS", "wa"],
      });
      assert(rows.length > 0 && rows.every((row) => row.channel !== "inapp"), "filtered rows");
      assert(
        (sandbox.counters().faults["error"] ?? 0) > 0,
        "retries happened, each with a fresh nonce",
      );
    },
  },
  {
    name: "signOAuth1() matches the OAuth Core 1.0 example",
    async run() {
      const request = new Request(
        "http://photos.example.net/photos?file=vacation.jpg&size=original",
      );
      const header = await signOAuth1(request, {
        consumerKey: "dpf43f3p2l4k3l03",
        consumerSecret: "kd94hf93k423kf44",
        token: "nnch734d00sl2jdk",
        tokenSecret: "pfkkdhi9sl3r4s00",
      }, { nonce: "kllo9940pd9333jh", timestamp: 1191242096 });
      assert(header.includes('oauth_signature="tR3%2BTy81lMeYAr%2FFid0kMTYa%2FWM%3D"'), header);
    },
  },
  {
    name: "cancelling mid-range stops every window and page",
    async run() {
      const controller = new AbortController();
      let windowsDone = 0;
      const { sandbox, client } = setup({ volume: 50, faults: { latencyMs: 5 } }, {
        concurrency: 3,
        onProgress: (progress) => {
          windowsDone = progress.windowsDone;
          if (progress.windowsDone === 2) controller.abort(new Error("stop"));
        },
      });
      const error = await rejection(
        client.transactions({ from: TODAY - 30 * DAY, to: TODAY, signal: controller.signal })
          .toArray(),
      );
      assertEqual((error as Error).message, "stop", "the caller's reason");
      const sent = sandbox.counters().byOperation["transactions"]!;
      assert(sent < 10, `stopped early (${sent} requests)`);
      await new Promise((resolve) => setTimeout(resolve, 30));
      assertEqual(
        sandbox.counters().byOperation["transactions"],
        sent,
        "nothing sent after cancelling",
      );
      assert(windowsDone >= 2, "progress was reported");
    },
  },
  {
    name: "bad arguments are a TypeError or RangeError before any request",
    async run() {
      const { sandbox, client } = setup();
      const checks: [string, () => unknown, string][] = [
        ["to <= from", () => client.transactions({ from: TODAY, to: TODAY }), "RangeError"],
        [
          "beyond retention",
          () => client.transactions({ from: TODAY - 500 * DAY, to: TODAY }),
          "RangeError",
        ],
        ["non-finite", () => client.transactions({ from: Number.NaN, to: TODAY }), "TypeError"],
        ["bad ISO", () => client.transactions({ from: "yesterday", to: TODAY }), "TypeError"],
        [
          "unknown channel",
          () => client.transactions({ from: TODAY - DAY, to: TODAY, channels: ["fax"] }),
          "TypeError",
        ],
        ["empty campaign", () => client.campaignReport(""), "TypeError"],
      ];
      for (const [name, call, kind] of checks) {
        assertEqual((thrown(call) as Error).name, kind, name);
      }
      const analytics = await rejection(client.accountAnalytics({ from: TODAY, to: TODAY - DAY }));
      assertEqual((analytics as Error).name, "RangeError", "analytics range");
      const funnel = await rejection(
        client.funnel({ from: TODAY - DAY, to: TODAY, groupBy: ["colour" as "day"] }),
      );
      assertEqual((funnel as Error).name, "TypeError", "funnel grouping");
      assertEqual(sandbox.counters().requests, 0, "no request was sent");
    },
  },
  {
    name: "bad options are a TypeError or RangeError at construction",
    run() {
      const base = {
        accountId: "10000001",
        app: "prmsg" as const,
        auth: { kind: "bearer" as const, token: "t" },
      };
      assertEqual(
        (thrown(() => new ReportingClient({ ...base, app: "xyz" as "prmsg" })) as Error).name,
        "TypeError",
        "app",
      );
      assertEqual(
        (thrown(() => new ReportingClient({ ...base, region: "eu" as "va" })) as Error).name,
        "TypeError",
        "region",
      );
      assertEqual(
        (thrown(() =>
          new ReportingClient({ ...base, auth: { kind: "bearer", token: "" } })
        ) as Error).name,
        "TypeError",
        "token",
      );
      assertEqual(
        (thrown(() => new ReportingClient({ ...base, rateLimit: 0 })) as Error).name,
        "RangeError",
        "rateLimit",
      );
      assertEqual(
        (thrown(() => new ReportingClient({ ...base, concurrency: -1 })) as Error).name,
        "RangeError",
        "concurrency",
      );
    },
  },
  {
    name: "a 4xx is not retried and escapes as a typed, redacted error",
    async run() {
      const { sandbox, tenant } = setup();
      const client = new ReportingClient({
        accountId: tenant.accountId,
        app: "prmsg",
        auth: { kind: "bearer", token: "not-the-token" },
        region: tenant.region,
        fetch: sandbox.fetch,
        now: () => NOW,
        retry: FAST,
      });
      const error = await rejection(
        client.accountAnalytics({ from: TODAY - DAY, to: TODAY }),
      ) as Record<string, unknown>;
      assertEqual(error["name"], "UnauthorizedError", "typed");
      assertEqual(error["status"], 401, "status");
      assertEqual(error["code"], 1100, "LivePerson code");
      assert(typeof error["requestTraceId"] === "string", "trace id");
      assert(
        !JSON.stringify(error).includes("not-the-token") &&
          !String(error["message"]).includes("not-the-token"),
        "redacted",
      );
      assertEqual(sandbox.counters().requests, 1, "not retried");
    },
  },
  {
    name: "a hanging upstream times out into a TimeoutError after the retries",
    async run() {
      const { sandbox, client } = setup({ faults: { hangRate: 1 } }, {
        timeoutMs: 20,
        retry: { ...FAST, attempts: 2 },
      });
      const error = await rejection(
        client.accountAnalytics({ from: TODAY - DAY, to: TODAY }),
      ) as Error;
      assertEqual(error.name, "TimeoutError", "typed timeout");
      assertEqual(sandbox.counters().requests, 2, "two attempts");
    },
  },
  {
    name: "funnel() groups by campaign from transactions and by channel from analytics",
    async run() {
      const { client, sandbox, tenant } = setup({ volume: 200 });
      const from = TODAY - 3 * DAY;
      const byCampaign = await client.funnel({ from, to: TODAY, groupBy: "campaign" });
      const truth = sandbox.transactions({
        accountId: tenant.accountId,
        app: "prmsg",
        from,
        to: TODAY,
      });
      assertEqual(
        byCampaign.length,
        new Set(truth.map((tx) => tx.proactiveCampaignId)).size,
        "one group per campaign",
      );
      assertEqual(
        byCampaign.reduce((sum, group) => sum + group.totals.attempted, 0),
        truth.length,
        "every transaction",
      );
      const byChannel = await client.funnel({ from, to: TODAY, groupBy: ["channel"] });
      const sms = byChannel.find((group) => group.key.channel === "sms")!;
      assertEqual(
        sms.funnel.stages.find((stage) => stage.stage === "read")?.fromPrevious,
        "not-applicable",
        "SMS reads",
      );
      const optOuts = await client.optOuts({ from, to: TODAY }).toArray();
      assertEqual(optOuts.length, truth.filter((tx) => tx.optOutsTime !== null).length, "opt-outs");
    },
  },
  {
    name: "onProgress reports every window, the rows and the requests",
    async run() {
      const seen: { windowsDone: number; windowsTotal: number; rows: number; requests: number }[] =
        [];
      const { client } = setup({ volume: 40 }, { onProgress: (p) => seen.push(p) });
      const rows = await client.transactions({ from: TODAY - 3 * DAY, to: TODAY }).toArray();
      const last = seen.at(-1)!;
      assertEqual(
        [last.windowsDone, last.windowsTotal, last.rows],
        [3, 3, rows.length],
        "final progress",
      );
      assert(last.requests >= 3, "requests counted");
    },
  },
];
