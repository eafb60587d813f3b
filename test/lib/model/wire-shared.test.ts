import { describe, expect, it } from "vitest";
import {
  isWireCount,
  isWireOffset,
  wireCsatToScore,
  wireTimeToMs,
} from "../../../lib/model/wire-shared.ts";

describe("wireTimeToMs()", () => {
  it("reads ISO-8601 strings with a zone and epoch ms", () => {
    expect(wireTimeToMs("2020-08-26T21:08:12.198Z")).toBe(Date.UTC(2020, 7, 26, 21, 8, 12, 198));
    expect(wireTimeToMs("2020-08-26T23:08:12+02:00")).toBe(Date.UTC(2020, 7, 26, 21, 8, 12));
    expect(wireTimeToMs(1602007811000)).toBe(1602007811000);
    expect(wireTimeToMs(null)).toBeNull();
    expect(wireTimeToMs(undefined)).toBeNull();
  });

  it("returns NaN for anything else", () => {
    for (
      const value of [
        "yesterday",
        "2020-08-26",
        "2020-08-26T21:08:12",
        "2020-13-26T21:08:12Z",
        -1,
        1.5,
        true,
        {},
      ]
    ) {
      expect([value, wireTimeToMs(value)]).toEqual([value, NaN]);
    }
  });
});

describe("wireCsatToScore()", () => {
  it("reads numbers and numeric strings, with 0 and empty as none", () => {
    expect(["2.5", 2.5, "4", "0", 0, "", null, undefined, "0.0"].map(wireCsatToScore))
      .toEqual([2.5, 2.5, 4, null, null, null, null, null, null]);
  });

  it("returns NaN for anything else", () => {
    expect(["abc", "-1", " 3", -1, Infinity, true, []].map(wireCsatToScore))
      .toEqual([NaN, NaN, NaN, NaN, NaN, NaN, NaN]);
  });
});

describe("isWireCount() and isWireOffset()", () => {
  it("accept non-negative integers, and -1 for offsets", () => {
    expect([0, 7, -1, 1.5, "3", NaN].map(isWireCount)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
    expect([0, 7, -1, -2, 1.5].map(isWireOffset)).toEqual([true, true, true, false, false]);
  });
});
