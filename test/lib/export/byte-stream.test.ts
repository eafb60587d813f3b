import { describe, expect, it } from "vitest";
import { toByteStream } from "../../../lib/export/byte-stream.ts";

describe("toByteStream()", () => {
  it("encodes the chunks as UTF-8, in order", async () => {
    const bytes = await new Response(toByteStream(["é,", "東京\r\n"])).arrayBuffer();
    expect(new TextDecoder().decode(bytes)).toBe("é,東京\r\n");
    expect(bytes.byteLength).toBe(2 + 1 + 6 + 2);
  });

  it("pulls lazily and stops the source when the reader cancels", async () => {
    let produced = 0;
    let finished = false;
    async function* source(): AsyncGenerator<string> {
      try {
        for (;;) {
          produced++;
          yield `${produced}\n`;
        }
      } finally {
        finished = true;
      }
    }
    const reader = toByteStream(source()).getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    expect(finished).toBe(true);
    expect(produced).toBeLessThan(5);
  });
});
