import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import {
  TRANSACTION_CSV_COLUMNS,
  TRANSACTION_FIELDS,
  transactionsCsvTransform,
  transactionsNdjsonTransform,
  transactionsToCsv,
  transactionsToNdjson,
  transactionToNdjson,
} from "../../../lib/mod.ts";
import type { Transaction } from "../../../lib/mod.ts";

const base: Transaction = {
  transactionId: "tx-1",
  channel: "wa",
  skill: "billing",
  consumerId: "c-1",
  conversationId: null,
  proactiveCampaignId: "42",
  handOffId: null,
  ivrNumber: null,
  initialSkill: null,
  initialChannel: null,
  attemptedTime: Date.UTC(2026, 10, 1, 8, 30),
  eligibleTime: Date.UTC(2026, 10, 1, 8, 30, 1),
  skippedTime: null,
  cancelledTime: null,
  inviteTime: null,
  sentTime: Date.UTC(2026, 10, 1, 8, 30, 2, 5),
  deliveredTime: null,
  readTime: null,
  failedTime: null,
  conversationsCreatedTime: null,
  conversationsClosedTime: null,
  optInsTime: null,
  optOutsTime: null,
  csat: 4.5,
  errorSource: null,
  errorCode: null,
  errorMessage: null,
};

const awkward: Transaction[] = [
  base,
  {
    ...base,
    transactionId: "tx-2",
    skill: 'sales, "tier 1"',
    errorMessage: "Gateway said:\r\nrejected, retry later",
    errorCode: "E\n42",
    consumerId: "Zoë Ångström 東京 🚀",
    csat: null,
  },
];

function streamOf<T>(items: readonly T[]): ReadableStream<T> {
  return new ReadableStream<T>({
    start(controller) {
      for (const item of items) controller.enqueue(item);
      controller.close();
    },
  });
}

async function readAll(stream: ReadableStream<string>): Promise<string> {
  const reader = stream.getReader();
  let text = "";
  for (let next = await reader.read(); !next.done; next = await reader.read()) text += next.value;
  return text;
}

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let text = "";
  for await (const chunk of chunks) text += chunk;
  return text;
}

describe("TRANSACTION_FIELDS", () => {
  it("lists every canonical transaction field once, transactionId first", () => {
    expect(TRANSACTION_FIELDS[0]).toBe("transactionId");
    expect(new Set(TRANSACTION_FIELDS).size).toBe(TRANSACTION_FIELDS.length);
    expect([...TRANSACTION_FIELDS].sort()).toEqual(Object.keys(base).sort());
    expect(TRANSACTION_CSV_COLUMNS.map((column) => column.name)).toEqual(TRANSACTION_FIELDS);
  });
});

describe("transactionsToCsv()", () => {
  it("writes a header row, CRLF records, ISO 8601 UTC times and empty nulls", async () => {
    const text = await collect(transactionsToCsv([base]));
    const [header, row, end] = text.split("\r\n");
    expect(header).toBe(TRANSACTION_FIELDS.join(","));
    expect(end).toBe("");
    const cells = row!.split(",");
    const at = (field: keyof Transaction): string | undefined =>
      cells[TRANSACTION_FIELDS.indexOf(field)];
    expect(at("attemptedTime")).toBe("2026-11-01T08:30:00.000Z");
    expect(at("sentTime")).toBe("2026-11-01T08:30:02.005Z");
    expect(at("deliveredTime")).toBe("");
    expect(at("csat")).toBe("4.5");
    expect(at("channel")).toBe("wa");
  });

  it("round-trips quotes, commas, newlines and non-ASCII through csv-parse", async () => {
    const text = await collect(transactionsToCsv(awkward));
    const records: Record<string, string>[] = parse(text, {
      columns: true,
      record_delimiter: "\r\n",
    });
    expect(records).toHaveLength(2);
    for (const [index, tx] of awkward.entries()) {
      const record = records[index]!;
      expect(Object.keys(record)).toEqual(TRANSACTION_FIELDS);
      for (const field of TRANSACTION_FIELDS) {
        const value = tx[field];
        const expected = value === null
          ? ""
          : field.endsWith("Time")
          ? new Date(value as number).toISOString()
          : String(value);
        expect([field, record[field]]).toEqual([field, expected]);
      }
    }
  });

  it("gives the same text through the TransformStream", async () => {
    const streamed = streamOf(awkward).pipeThrough(transactionsCsvTransform());
    expect(await readAll(streamed)).toBe(await collect(transactionsToCsv(awkward)));
  });
});

describe("transactionsToNdjson()", () => {
  it("writes one canonical transaction per line, fields in column order", async () => {
    const text = await collect(transactionsToNdjson(awkward));
    const lines = text.split("\n");
    expect(lines.at(-1)).toBe("");
    const parsed = lines.slice(0, -1).map((line) => JSON.parse(line) as Transaction);
    expect(parsed).toEqual(awkward);
    expect(Object.keys(parsed[0]!)).toEqual(TRANSACTION_FIELDS);
    expect(transactionToNdjson(base)).toBe(lines[0] + "\n");
  });

  it("gives the same text through the TransformStream", async () => {
    const streamed = streamOf(awkward).pipeThrough(transactionsNdjsonTransform());
    expect(await readAll(streamed)).toBe(await collect(transactionsToNdjson(awkward)));
  });
});
