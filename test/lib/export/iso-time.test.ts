import { describe, expect, it } from "vitest";
import { isoTime } from "../../../lib/export/iso-time.ts";

describe("isoTime()", () => {
  it("writes exactly what Date#toISOString writes, across days, years and edge times", () => {
    const times = [
      0,
      1,
      999,
      Date.UTC(2026, 10, 1, 8, 30),
      Date.UTC(2026, 10, 1, 23, 59, 59, 999),
      Date.UTC(2026, 10, 2),
      Date.UTC(2024, 1, 29, 12, 0, 0, 5),
      Date.UTC(1999, 11, 31, 23, 59, 59, 90),
      253_402_300_799_999,
      253_402_300_800_000,
      -1,
      Date.UTC(2026, 10, 1, 8, 30),
    ];
    for (const ms of times) expect([ms, isoTime(ms)]).toEqual([ms, new Date(ms).toISOString()]);
  });

  it("keeps null as null and refuses an invalid time", () => {
    expect(isoTime(null)).toBeNull();
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
  });
});
