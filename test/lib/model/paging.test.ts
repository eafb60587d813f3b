import { describe, expect, it } from "vitest";
import { pageAt } from "../../../lib/model/paging.ts";

describe("pageAt()", () => {
  it("pageAt() gives the first, a middle, the last and a past-the-end page of 25 rows by 10", () => {
    expect(pageAt(0, 10, 25)).toEqual({
      start: 0,
      end: 10,
      page: { count: 10, previousOffset: null, currentOffset: 0, nextOffset: 10 },
    });
    expect(pageAt(10, 10, 25).page).toEqual({
      count: 10,
      previousOffset: 0,
      currentOffset: 10,
      nextOffset: 20,
    });
    expect(pageAt(20, 10, 25)).toEqual({
      start: 20,
      end: 25,
      page: { count: 5, previousOffset: 10, currentOffset: 20, nextOffset: null },
    });
    expect(pageAt(40, 10, 25)).toEqual({
      start: 25,
      end: 25,
      page: { count: 0, previousOffset: 30, currentOffset: 40, nextOffset: null },
    });
  });
});
