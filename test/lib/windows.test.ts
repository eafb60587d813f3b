import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assertEpochMs,
  checkRange,
  DAY_MS,
  formatRange,
  formatTransactionDay,
  formatUtcDay,
  HOUR_MS,
  maxWindowMs,
  MINUTE_MS,
  parseDay,
  retentionStart,
  splitWindows,
  startOfUtcDay,
  toEpochMs,
} from "../../lib/windows.ts";

const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad fixture ${iso}`);
  return ms;
};
const NOV_1 = at("2026-11-01T00:00:00.000Z");
const NOW = at("2026-11-20T12:00:00.000Z");
const MAX = at("9999-12-31T23:59:59.999Z");

describe("constants", () => {
  it("MINUTE_MS, HOUR_MS and DAY_MS are one minute, hour and day", () => {
    expect(MINUTE_MS).toBe(60 * 1000);
    expect(HOUR_MS).toBe(60 * MINUTE_MS);
    expect(DAY_MS).toBe(24 * HOUR_MS);
  });
});

describe("maxWindowMs()", () => {
  it("maxWindowMs() limits transactions to 24 hours in both dialects", () => {
    expect(maxWindowMs("transactions", "current")).toBe(86_400_000);
    expect(maxWindowMs("transactions", "2.0")).toBe(86_400_000);
  });

  it("maxWindowMs() allows 60 days of account analytics now but 24 hours in 2.0", () => {
    expect(maxWindowMs("accountAnalytics", "current")).toBe(60 * 86_400_000);
    expect(maxWindowMs("accountAnalytics", "2.0")).toBe(86_400_000);
  });

  it("maxWindowMs() returns null for the campaign operations", () => {
    for (const dialect of ["current", "2.0"] as const) {
      expect(maxWindowMs("campaignReport", dialect)).toBeNull();
      expect(maxWindowMs("campaignAnalytics", dialect)).toBeNull();
    }
  });

  it("maxWindowMs() throws TypeError for an unknown operation or dialect", () => {
    expect(() => maxWindowMs("nope" as never, "current")).toThrow(TypeError);
    expect(() => maxWindowMs("transactions", "3.0" as never)).toThrow(
      'Cannot look up a window limit as the dialect is unknown: "3.0"',
    );
  });
});

describe("retentionStart()", () => {
  it("retentionStart() goes 13 calendar months back to midnight UTC", () => {
    expect(retentionStart(at("2026-11-15T13:45:00Z"))).toBe(at("2025-10-15T00:00:00Z"));
  });

  it("retentionStart() clamps the day to the target month's length", () => {
    expect(retentionStart(at("2026-03-31T10:00:00Z"))).toBe(at("2025-02-28T00:00:00Z"));
    expect(retentionStart(at("2025-03-31T10:00:00Z"))).toBe(at("2024-02-29T00:00:00Z"));
    expect(retentionStart(at("2026-12-31T00:00:00Z"), 1)).toBe(at("2026-11-30T00:00:00Z"));
  });

  it("retentionStart() crosses year boundaries and honours custom months", () => {
    expect(retentionStart(at("2026-01-10T00:00:00Z"), 1)).toBe(at("2025-12-10T00:00:00Z"));
    expect(retentionStart(at("2026-01-10T05:00:00Z"), 0)).toBe(at("2026-01-10T00:00:00Z"));
    expect(retentionStart(at("2026-01-10T00:00:00Z"), 25)).toBe(at("2023-12-10T00:00:00Z"));
  });

  it("retentionStart() rejects bad months and bad now", () => {
    expect(() => retentionStart(NOW, -1)).toThrow(RangeError);
    expect(() => retentionStart(NOW, 1.5)).toThrow(RangeError);
    expect(() => retentionStart(Number.NaN)).toThrow(TypeError);
  });

  it("retentionStart() is a midnight at most `months` months and at least months+1 back", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.nat(40), (now, months) => {
        const start = retentionStart(now, months);
        expect(startOfUtcDay(start)).toBe(start);
        const a = new Date(now);
        const b = new Date(start);
        const monthsBack = (a.getUTCFullYear() - b.getUTCFullYear()) * 12 + a.getUTCMonth() -
          b.getUTCMonth();
        expect(monthsBack).toBe(months);
        expect(b.getUTCDate()).toBeLessThanOrEqual(a.getUTCDate());
      }),
    );
  });
});

describe("assertEpochMs()", () => {
  it("assertEpochMs() returns valid values", () => {
    expect(assertEpochMs(0, "t")).toBe(0);
    expect(assertEpochMs(NOV_1, "t")).toBe(NOV_1);
    expect(assertEpochMs(MAX, "t")).toBe(MAX);
  });

  it("assertEpochMs() throws TypeError for non-numbers, non-finite and fractions", () => {
    expect(() => assertEpochMs("1", "from")).toThrow('Cannot use from as it is not a number: "1"');
    expect(() => assertEpochMs(null, "from")).toThrow(TypeError);
    expect(() => assertEpochMs(Number.POSITIVE_INFINITY, "from")).toThrow(TypeError);
    expect(() => assertEpochMs(Number.NaN, "from")).toThrow(TypeError);
    expect(() => assertEpochMs(1.5, "from")).toThrow(TypeError);
    expect(() => assertEpochMs(Object.create(null), "from")).toThrow(TypeError);
  });

  it("assertEpochMs() throws RangeError for negatives and beyond year 9999", () => {
    expect(() => assertEpochMs(-1, "to")).toThrow("Cannot use to as it is negative: -1");
    expect(() => assertEpochMs(MAX + 1, "to")).toThrow(RangeError);
  });
});

describe("toEpochMs()", () => {
  it("toEpochMs() accepts Date, epoch ms and digit strings", () => {
    expect(toEpochMs(new Date(NOV_1), "from")).toBe(NOV_1);
    expect(toEpochMs(NOV_1, "from")).toBe(NOV_1);
    expect(toEpochMs(String(NOV_1), "from")).toBe(NOV_1);
  });

  it("toEpochMs() reads ISO dates, date-times and offsets", () => {
    expect(toEpochMs("2026-11-01", "from")).toBe(NOV_1);
    expect(toEpochMs("2026-11-01T00:00:00.000Z", "from")).toBe(NOV_1);
    expect(toEpochMs("2026-11-01T02:30+02:30", "from")).toBe(NOV_1);
    expect(toEpochMs("2026-10-31T19:00:00-0500", "from")).toBe(NOV_1);
    expect(toEpochMs("2026-11-01t00:00:01.5z", "from")).toBe(NOV_1 + 1500);
    expect(toEpochMs("2026-11-01T00:00:00.1239Z", "from")).toBe(NOV_1 + 123);
  });

  it("toEpochMs() reads a date-time without offset as UTC", () => {
    expect(toEpochMs("2026-11-01T06:00", "from")).toBe(NOV_1 + 6 * HOUR_MS);
    expect(toEpochMs("2026-11-01 06:00:00", "from")).toBe(NOV_1 + 6 * HOUR_MS);
  });

  it("toEpochMs() throws TypeError for invalid input", () => {
    for (
      const bad of [
        "",
        "yesterday",
        "2026-02-30",
        "2026-13-01",
        "2026-11-01T24:00Z",
        "2026-11-01T10:60Z",
        "2026-11-01T10:00+24:00",
        "2026-11-1",
        "1.5",
      ]
    ) {
      expect(() => toEpochMs(bad, "from"), bad).toThrow(TypeError);
    }
    expect(() => toEpochMs(new Date(Number.NaN), "from")).toThrow(
      "Cannot use from as it is an invalid Date: NaN",
    );
    expect(() => toEpochMs("x", "to")).toThrow(
      'Cannot use to as it is not an ISO-8601 date or epoch milliseconds: "x"',
    );
    expect(() => toEpochMs(null as never, "to")).toThrow(TypeError);
  });

  it("toEpochMs() throws RangeError before 1970", () => {
    expect(() => toEpochMs("1969-12-31T23:59:59Z", "from")).toThrow(RangeError);
  });

  it("toEpochMs() round-trips toISOString()", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX }), (ms) => {
        expect(toEpochMs(new Date(ms).toISOString(), "t")).toBe(ms);
      }),
    );
  });
});

describe("days", () => {
  it("startOfUtcDay() floors to midnight UTC", () => {
    expect(startOfUtcDay(NOV_1 + DAY_MS - 1)).toBe(NOV_1);
    expect(startOfUtcDay(NOV_1)).toBe(NOV_1);
  });

  it("formatUtcDay() and formatTransactionDay() print both day forms", () => {
    expect(formatUtcDay(NOV_1 + 23 * HOUR_MS)).toBe("2026-11-01");
    expect(formatTransactionDay(at("2021-12-11T08:00:00Z"))).toBe("12-11-2021");
    expect(() => formatUtcDay(-1)).toThrow(RangeError);
  });

  it("parseDay() accepts YYYY-MM-DD and MM-DD-YYYY", () => {
    expect(parseDay("2026-11-01")).toBe(NOV_1);
    expect(parseDay("11-01-2026")).toBe(NOV_1);
    expect(parseDay("02-29-2024")).toBe(at("2024-02-29T00:00:00Z"));
  });

  it("parseDay() throws TypeError for other text and impossible days", () => {
    for (const bad of ["2026/11/01", "02-29-2025", "2026-11-31", "13-01-2026", "1-1-2026"]) {
      expect(() => parseDay(bad), bad).toThrow(TypeError);
    }
    expect(() => parseDay("x")).toThrow(
      'Cannot parse the day as it is not a YYYY-MM-DD or MM-DD-YYYY date: "x"',
    );
  });

  it("parseDay() inverts formatUtcDay() and formatTransactionDay()", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX }), (ms) => {
        const midnight = startOfUtcDay(ms);
        expect(parseDay(formatUtcDay(ms))).toBe(midnight);
        expect(parseDay(formatTransactionDay(ms))).toBe(midnight);
      }),
    );
  });
});

describe("formatRange()", () => {
  it("formatRange() joins two ISO instants with ..", () => {
    expect(formatRange(NOV_1, NOV_1 + 2 * DAY_MS)).toBe(
      "2026-11-01T00:00:00.000Z..2026-11-03T00:00:00.000Z",
    );
  });

  it("formatRange() prints invalid instants as given", () => {
    expect(formatRange(Number.NaN, NOV_1)).toBe("NaN..2026-11-01T00:00:00.000Z");
  });
});

/** Checks the splitWindows() contract; returns the interior boundaries. */
function expectPartition(
  windows: { from: number; to: number }[],
  from: number,
  to: number,
  span: number,
): number[] {
  if (from === to) {
    expect(windows).toEqual([]);
    return [];
  }
  expect(windows[0]?.from).toBe(from);
  expect(windows.at(-1)?.to).toBe(to);
  for (let i = 0; i < windows.length; i++) {
    const w = windows[i]!;
    expect(w.to).toBeGreaterThan(w.from);
    expect(w.to - w.from).toBeLessThanOrEqual(span);
    if (i > 0) expect(w.from).toBe(windows[i - 1]!.to);
  }
  return windows.slice(1).map((w) => w.from);
}

describe("splitWindows()", () => {
  it("splitWindows() cuts fixed spans from the start when not aligned", () => {
    expect(splitWindows(NOV_1 + HOUR_MS, NOV_1 + 2 * DAY_MS + 2 * HOUR_MS, DAY_MS)).toEqual([
      { from: NOV_1 + HOUR_MS, to: NOV_1 + DAY_MS + HOUR_MS },
      { from: NOV_1 + DAY_MS + HOUR_MS, to: NOV_1 + 2 * DAY_MS + HOUR_MS },
      { from: NOV_1 + 2 * DAY_MS + HOUR_MS, to: NOV_1 + 2 * DAY_MS + 2 * HOUR_MS },
    ]);
  });

  it("splitWindows() aligns windows to UTC midnight", () => {
    expect(
      splitWindows(NOV_1 + 6 * HOUR_MS, NOV_1 + 2 * DAY_MS + HOUR_MS, DAY_MS, {
        alignToUtcDay: true,
      }),
    ).toEqual([
      { from: NOV_1 + 6 * HOUR_MS, to: NOV_1 + DAY_MS },
      { from: NOV_1 + DAY_MS, to: NOV_1 + 2 * DAY_MS },
      { from: NOV_1 + 2 * DAY_MS, to: NOV_1 + 2 * DAY_MS + HOUR_MS },
    ]);
  });

  it("splitWindows() steps multiples of a sub-day span from each midnight", () => {
    const windows = splitWindows(NOV_1 + 20 * HOUR_MS, NOV_1 + DAY_MS + 8 * HOUR_MS, 7 * HOUR_MS, {
      alignToUtcDay: true,
    });
    expect(windows.map((w) => (w.to - NOV_1) / HOUR_MS)).toEqual([21, 24, 31, 32]);
  });

  it("splitWindows() ends long aligned spans on the latest midnight they reach", () => {
    const windows = splitWindows(NOV_1 + 12 * HOUR_MS, NOV_1 + 5 * DAY_MS, 36 * HOUR_MS, {
      alignToUtcDay: true,
    });
    expect(windows.map((w) => (w.to - NOV_1) / DAY_MS)).toEqual([2, 3, 4, 5]);
    const sixty = splitWindows(NOV_1 + HOUR_MS, NOV_1 + 100 * DAY_MS, 60 * DAY_MS, {
      alignToUtcDay: true,
    });
    expect(sixty).toEqual([
      { from: NOV_1 + HOUR_MS, to: NOV_1 + 60 * DAY_MS },
      { from: NOV_1 + 60 * DAY_MS, to: NOV_1 + 100 * DAY_MS },
    ]);
  });

  it("splitWindows() returns [] for an empty range", () => {
    expect(splitWindows(NOV_1, NOV_1, DAY_MS)).toEqual([]);
  });

  it("splitWindows() rejects bad bounds and spans", () => {
    expect(() => splitWindows(NOV_1 + 1, NOV_1, DAY_MS)).toThrow(
      "Cannot split windows as the end is before the start: 2026-11-01T00:00:00.001Z..2026-11-01T00:00:00.000Z",
    );
    expect(() => splitWindows(NOV_1, NOV_1 + DAY_MS, 0)).toThrow(RangeError);
    expect(() => splitWindows(NOV_1, NOV_1 + DAY_MS, 1.5)).toThrow(RangeError);
    expect(() => splitWindows(Number.NaN, NOV_1, DAY_MS)).toThrow(TypeError);
    expect(() => splitWindows(0, NOV_1, 1000)).toThrow(/more than 100000/);
  });

  it("splitWindows() partitions any range into windows within the span", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_102_444_800_000 }),
        fc.integer({ min: 0, max: 90 * DAY_MS }),
        fc.integer({ min: HOUR_MS, max: 70 * DAY_MS }),
        fc.boolean(),
        (from, length, span, alignToUtcDay) => {
          const to = from + length;
          const windows = splitWindows(from, to, span, { alignToUtcDay });
          const boundaries = expectPartition(windows, from, to, span);
          if (alignToUtcDay) {
            for (const b of boundaries) {
              if (span >= DAY_MS) expect(b % DAY_MS).toBe(0);
              else expect((b % DAY_MS) % span).toBe(0);
            }
          } else {
            expect(windows.length).toBe(Math.ceil(length / span));
          }
        },
      ),
    );
  });

  it("splitWindows() uses whole aligned days when the span is a multiple of a day", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40_000 }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 60 }),
        (startDay, days, spanDays) => {
          const from = startDay * DAY_MS;
          const windows = splitWindows(from, from + days * DAY_MS, spanDays * DAY_MS, {
            alignToUtcDay: true,
          });
          expect(windows.length).toBe(Math.ceil(days / spanDays));
        },
      ),
    );
  });
});

describe("checkRange()", () => {
  const base = { operation: "transactions", dialect: "current", now: NOW } as const;

  it("checkRange() returns the range as epoch ms", () => {
    expect(checkRange({ ...base, from: "2026-11-01", to: new Date(NOV_1 + DAY_MS) })).toEqual({
      from: NOV_1,
      to: NOV_1 + DAY_MS,
    });
  });

  it("checkRange() throws when the transactions window exceeds 24 hours", () => {
    expect(() => checkRange({ ...base, from: NOV_1, to: NOV_1 + 2 * DAY_MS })).toThrow(
      new RangeError(
        "Cannot query transactions as the window exceeds 24 hours: 2026-11-01T00:00:00.000Z..2026-11-03T00:00:00.000Z",
      ),
    );
    expect(() => checkRange({ ...base, from: NOV_1, to: NOV_1 + DAY_MS + 1 })).toThrow(RangeError);
  });

  it("checkRange() allows 60 days of account analytics in the current dialect only", () => {
    const range = { from: NOV_1 - 59 * DAY_MS, to: NOV_1 + DAY_MS };
    const analytics = { ...base, operation: "accountAnalytics", ...range } as const;
    expect(checkRange(analytics)).toEqual(range);
    expect(() => checkRange({ ...analytics, to: range.to + 1 })).toThrow(
      "Cannot query account analytics as the window exceeds 60 days: ",
    );
    expect(() => checkRange({ ...analytics, dialect: "2.0" })).toThrow(
      "Cannot query account analytics as the window exceeds 24 hours: ",
    );
  });

  it("checkRange() puts no window limit on campaign operations", () => {
    const range = { from: NOV_1 - 300 * DAY_MS, to: NOV_1 };
    expect(checkRange({ ...base, operation: "campaignReport", ...range })).toEqual(range);
    expect(checkRange({ ...base, operation: "campaignAnalytics", ...range })).toEqual(range);
  });

  it("checkRange() throws when the end is not after the start", () => {
    expect(() => checkRange({ ...base, from: NOV_1, to: NOV_1 })).toThrow(
      new RangeError(
        "Cannot query transactions as the end is not after the start: 2026-11-01T00:00:00.000Z..2026-11-01T00:00:00.000Z",
      ),
    );
  });

  it("checkRange() throws when the start is older than the retention", () => {
    const edge = at("2025-10-20T00:00:00Z"); // NOW minus 13 months, at midnight
    expect(checkRange({ ...base, from: edge, to: edge + HOUR_MS })).toEqual({
      from: edge,
      to: edge + HOUR_MS,
    });
    expect(() => checkRange({ ...base, from: edge - 1, to: edge + HOUR_MS })).toThrow(
      new RangeError(
        "Cannot query transactions as the start is older than the 13-month retention: 2025-10-19T23:59:59.999Z..2025-10-20T01:00:00.000Z",
      ),
    );
    const oct19 = at("2026-10-19T00:00:00Z");
    expect(() => checkRange({ ...base, retentionMonths: 1, from: oct19, to: oct19 + HOUR_MS }))
      .toThrow("as the start is older than the 1-month retention");
    expect(
      checkRange({ ...base, retentionMonths: 1, from: oct19 + DAY_MS, to: NOV_1 - 11 * DAY_MS }),
    )
      .toEqual({ from: oct19 + DAY_MS, to: NOV_1 - 11 * DAY_MS });
  });

  it("checkRange() throws TypeError for unreadable instants", () => {
    expect(() => checkRange({ ...base, from: "soon", to: NOV_1 })).toThrow(TypeError);
    expect(() => checkRange({ ...base, from: NOV_1, to: NOV_1 + 1, now: Number.NaN })).toThrow(
      TypeError,
    );
  });

  it("checkRange() accepts a range longer than one window with anyLength, and still checks the rest", () => {
    const now = Date.UTC(2026, 10, 27);
    const from = now - 90 * DAY_MS;
    expect(() => checkRange({ operation: "transactions", dialect: "current", from, to: now, now }))
      .toThrow(RangeError);
    expect(
      checkRange({
        operation: "transactions",
        dialect: "current",
        from,
        to: now,
        now,
        anyLength: true,
      }),
    )
      .toEqual({ from, to: now });
    expect(() =>
      checkRange({
        operation: "transactions",
        dialect: "current",
        from: now,
        to: from,
        now,
        anyLength: true,
      })
    )
      .toThrow("the end is not after the start");
  });
});
