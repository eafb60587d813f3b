// /_edge/funnel checks, filters and groups with the library's funnel code (lib/client/funnel-plan.ts):
// for the same range, grouping and filters it answers what ReportingClient.funnel computes from
// the sandbox directly, and refuses what the library refuses, with the library's messages.
import { describe, expect, it } from "vitest";
import { ReportingClient } from "../../../lib/client/reporting-client.ts";
import type { FunnelQuery } from "../../../lib/client/funnel-report.ts";
import { DEMO_TENANTS } from "../../../lib/sandbox/tenants.ts";
import {
  DAY_MS,
  daysAgo,
  expectLpError,
  type Harness,
  harness,
  keyed,
  OAUTH2,
  okJson,
  quietLogs,
  T0,
} from "./support.ts";

quietLogs();

const headers = keyed(OAUTH2.key);

function libraryOf(h: Harness): ReportingClient {
  const tenant = DEMO_TENANTS.find((t) => t.accountId === OAUTH2.accountId)!;
  return new ReportingClient({
    accountId: tenant.accountId,
    app: "prmsg",
    auth: { kind: "bearer", token: tenant.bearer },
    region: tenant.region,
    fetch: h.oracle.fetch,
    now: () => h.clock.now,
    rateLimit: 1_000,
  });
}

function funnelPath(from: number, lastDay: number, query: Record<string, string>): string {
  const params = new URLSearchParams({ from: String(from), to: String(lastDay), ...query });
  return `/_edge/funnel/${OAUTH2.accountId}/prmsg?${params}`;
}

describe("/_edge/funnel on the library's funnel code", () => {
  const from = daysAgo(12);
  const to = daysAgo(9);
  const cases: { name: string; query: Record<string, string>; library: Partial<FunnelQuery> }[] = [
    {
      name: "channels and skills by channel",
      query: { groupBy: "channel", channels: "SMS,wa", skills: "billing,sales" },
      library: { groupBy: ["channel"], channels: ["SMS", "wa"], skills: ["billing", "sales"] },
    },
    {
      name: "one channel by day and skill",
      query: { groupBy: "day,skill", channels: "wa" },
      library: { groupBy: ["day", "skill"], channels: ["wa"] },
    },
    {
      name: "one skill, one group",
      query: { skills: "billing" },
      library: { skills: ["billing"] },
    },
    {
      name: "one channel by campaign",
      query: { groupBy: "campaign", channels: "sms" },
      library: { groupBy: "campaign", channels: ["sms"] },
    },
    {
      name: "skills by failure category",
      query: { groupBy: "failureCategory", skills: "billing" },
      library: { groupBy: "failureCategory", skills: ["billing"] },
    },
  ];

  for (const { name, query, library } of cases) {
    it(`/_edge/funnel with ${name} equals ReportingClient.funnel`, async () => {
      const h = harness();
      const body = await okJson(await h.call(funnelPath(from, to - 1, query), { headers }));
      const expected = await libraryOf(h).funnel({ from, to, ...library });
      expect(expected.length).toBeGreaterThan(0);
      expect(body["groups"]).toEqual(expected);
      const all = await libraryOf(h).funnel({ from, to, groupBy: library.groupBy ?? [] });
      const attempted = (groups: { totals: { attempted: number } }[]) =>
        groups.reduce((sum, g) => sum + g.totals.attempted, 0);
      // The filters keep part of the range, never all of it.
      expect(attempted(expected)).toBeLessThan(attempted(all));
      expect(attempted(expected)).toBeGreaterThan(0);
    });
  }

  it("/_edge/funnel refuses what planFunnel refuses, with its messages", async () => {
    const h = harness();
    const refusals: [Record<string, string>, string][] = [
      [
        { groupBy: "campaign,channel" },
        "Cannot group a funnel by campaign together with other dimensions: campaign, channel",
      ],
      [{ groupBy: "colour" }, 'Cannot group a funnel by an unknown dimension: "colour"'],
      [
        { channels: "fax" },
        'Cannot filter by channel as it is not sms, wa or inapp: "fax"',
      ],
    ];
    for (const [query, message] of refusals) {
      const response = await h.call(funnelPath(from, to - 1, query), { headers });
      expect((await expectLpError(response, 400)).message).toBe(message);
    }
    const old = T0 - 500 * DAY_MS;
    const response = await h.call(funnelPath(old, old + DAY_MS, {}), { headers });
    expect((await expectLpError(response, 400)).message).toMatch(
      /^Cannot query account analytics as the start is older than the 13-month retention: /,
    );
    expect(h.reportingCalls()).toHaveLength(0);
  });

  it("/_edge/funnel filters a per-transaction grouping over at most 31 days", async () => {
    const h = harness();
    const start = daysAgo(40);
    const response = await h.call(
      funnelPath(start, start + 32 * DAY_MS, { groupBy: "handoff", channels: "sms" }),
      { headers },
    );
    expect((await expectLpError(response, 400)).message).toMatch(
      /^Cannot filter a funnel grouped by handoff over more than 31 days: /,
    );
    expect(h.reportingCalls()).toHaveLength(0);
  });
});
