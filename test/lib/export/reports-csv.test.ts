import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import {
  ANALYTICS_FIELDS,
  analyticsToCsv,
  computeFunnel,
  CONSUMER_REPORT_CSV_COLUMNS,
  funnelToCsv,
  OPT_OUT_CSV_COLUMNS,
  toCsv,
} from "../../../lib/mod.ts";
import type { AnalyticsRow, FunnelGroup } from "../../../lib/mod.ts";

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let text = "";
  for await (const chunk of chunks) text += chunk;
  return text;
}

const row: AnalyticsRow = {
  day: "2026-11-01",
  channel: "sms",
  skill: "billing, EU",
  attempted: 100,
  eligible: 95,
  skipped: 2,
  sent: 90,
  failed: 6,
  delivered: 84,
  read: 0,
  conversationsCreated: 20,
  conversationsClosed: 18,
  csat: null,
};

describe("analyticsToCsv()", () => {
  it("writes one column per field in ANALYTICS_FIELDS order, absent fields empty", async () => {
    const text = await collect(analyticsToCsv([row, { ...row, optOuts: 3, csat: 4.2 }]));
    const records: string[][] = parse(text, { record_delimiter: "\r\n" });
    expect(records[0]).toEqual(ANALYTICS_FIELDS);
    expect(records[1]).toEqual([
      "2026-11-01",
      "sms",
      "billing, EU",
      "100",
      "95",
      "2",
      "90",
      "6",
      "84",
      "0",
      "20",
      "18",
      "",
      "",
      "",
    ]);
    expect(records[2]?.slice(-3)).toEqual(["3", "", "4.2"]);
  });
});

describe("funnelToCsv()", () => {
  it("writes the key dimensions, totals and rates; not-applicable rates are empty", async () => {
    const groups: FunnelGroup[] = [
      { key: { channel: "sms" }, totals: row, funnel: computeFunnel(row, { channel: "sms" }) },
      {
        key: { channel: "wa" },
        totals: { ...row, read: 42 },
        funnel: computeFunnel({ ...row, read: 42 }, { channel: "wa" }),
      },
    ];
    const text = await collect(funnelToCsv(groups));
    const records: Record<string, string>[] = parse(text, {
      columns: true,
      record_delimiter: "\r\n",
    });
    expect(Object.keys(records[0]!).slice(0, 3)).toEqual(["channel", "attempted", "eligible"]);
    expect(records.map((r) => r.channel)).toEqual(["sms", "wa"]);
    expect(records[0]!.eligibleFromPrevious).toBe("0.95");
    expect(records[0]!.readFromPrevious).toBe("");
    expect(records[1]!.readFromPrevious).toBe(String(42 / 84));
    expect(records[1]!.conversationsClosedFromStart).toBe(String(18 / 100));
  });
});

describe("CONSUMER_REPORT_CSV_COLUMNS and OPT_OUT_CSV_COLUMNS", () => {
  it("write a campaign entry and an opt-out, times in ISO 8601 UTC", async () => {
    const entry = {
      id: "1",
      consumerId: "c",
      status: "FAILED",
      errorSource: "twilio",
      errorCode: "30003",
      errorMessage: 'Unreachable, "handset"',
      conversationId: null,
    };
    expect(await collect(toCsv([entry], CONSUMER_REPORT_CSV_COLUMNS))).toBe(
      "id,consumerId,status,errorSource,errorCode,errorMessage,conversationId\r\n" +
        '1,c,FAILED,twilio,30003,"Unreachable, ""handset""",\r\n',
    );
    const optOut = { consumerId: null, channel: "sms", optOutTime: Date.UTC(2026, 0, 2) };
    expect(await collect(toCsv([optOut], OPT_OUT_CSV_COLUMNS))).toBe(
      "consumerId,channel,optOutTime\r\n,sms,2026-01-02T00:00:00.000Z\r\n",
    );
  });
});
