import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvField, csvLine, csvTransform, toCsv } from "../../../lib/export/csv.ts";

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

describe("csvField()", () => {
  it("quotes fields with commas, quotes, CR or LF and doubles inner quotes (RFC 4180 §2)", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("line\nbreak")).toBe('"line\nbreak"');
    expect(csvField("carriage\rreturn")).toBe('"carriage\rreturn"');
    expect(csvField("café 日本")).toBe("café 日本");
  });

  it("writes null and undefined as empty fields and numbers as given", () => {
    expect([csvField(null), csvField(undefined), csvField(0), csvField(4.5)]).toEqual([
      "",
      "",
      "0",
      "4.5",
    ]);
  });
});

describe("csvLine()", () => {
  it("joins fields with commas and ends the record in CRLF", () => {
    expect(csvLine(["a", null, 'x"y', 3])).toBe('a,,"x""y",3\r\n');
  });
});

describe("toCsv()", () => {
  const columns = [
    { name: "id", value: (row: { id: number; note: string }) => row.id },
    { name: "note", value: (row: { id: number; note: string }) => row.note },
  ];

  it("writes the header row then one whole line per row, from an async source", async () => {
    async function* rows(): AsyncGenerator<{ id: number; note: string }> {
      yield { id: 1, note: "a,b" };
      yield { id: 2, note: "ü" };
    }
    const chunks: string[] = [];
    for await (const chunk of toCsv(rows(), columns)) chunks.push(chunk);
    expect(chunks).toEqual(["id,note\r\n", '1,"a,b"\r\n', "2,ü\r\n"]);
  });

  it("leaves the header out when asked", async () => {
    expect(await collect(toCsv([{ id: 7, note: "" }], columns, { header: false }))).toBe(
      "7,\r\n",
    );
  });

  it("round-trips awkward text through csv-parse", async () => {
    const notes = ['he said "no", twice', "multi\r\nline\nmixed", "naïve — 東京 🚀", ",", '"'];
    const text = await collect(toCsv(notes.map((note, id) => ({ id, note })), columns));
    const records: string[][] = parse(text, { record_delimiter: "\r\n" });
    expect(records).toEqual([["id", "note"], ...notes.map((note, id) => [String(id), note])]);
  });
});

describe("csvTransform()", () => {
  it("turns a stream of rows into header and lines", async () => {
    const columns = [{ name: "n", value: (row: { n: number }) => row.n }];
    const lines = streamOf([{ n: 1 }, { n: 2 }]).pipeThrough(csvTransform(columns));
    expect(await readAll(lines)).toBe("n\r\n1\r\n2\r\n");
  });
});
