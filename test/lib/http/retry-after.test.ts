import { describe, expect, it } from "vitest";
import { parseRetryAfter, retryAfterFromHeaders } from "../../../lib/http/retry-after.ts";

// Sunday, 1 November 2026 00:00:00 UTC.
const NOW = Date.UTC(2026, 10, 1, 0, 0, 0);

describe("parseRetryAfter()", () => {
  it("parseRetryAfter() reads delay-seconds as milliseconds", () => {
    expect(parseRetryAfter("0", NOW)).toBe(0);
    expect(parseRetryAfter("2", NOW)).toBe(2000);
    expect(parseRetryAfter("120", NOW)).toBe(120_000);
    expect(parseRetryAfter(" 7 ", NOW)).toBe(7000);
  });

  it("parseRetryAfter() reads decimal seconds", () => {
    expect(parseRetryAfter("1.5", NOW)).toBe(1500);
    expect(parseRetryAfter("1.1", NOW)).toBe(1100);
    expect(parseRetryAfter("0.25", NOW)).toBe(250);
  });

  it("parseRetryAfter() reads an IMF-fixdate relative to now", () => {
    expect(parseRetryAfter("Sun, 01 Nov 2026 00:00:05 GMT", NOW)).toBe(5000);
    expect(parseRetryAfter("Sun, 01 Nov 2026 01:02:03 GMT", NOW)).toBe(3_723_000);
  });

  it("parseRetryAfter() reads the obsolete RFC 850 form with a two-digit year", () => {
    expect(parseRetryAfter("Sunday, 01-Nov-26 00:00:10 GMT", NOW)).toBe(10_000);
  });

  it("parseRetryAfter() maps an RFC 850 year over 50 years ahead to the previous century", () => {
    // "99" would be 2099 (73 years ahead), so it means 1999: in the past.
    expect(parseRetryAfter("Friday, 01-Jan-99 00:00:00 GMT", NOW)).toBe(0);
    // "70" would be 2070 (44 years ahead): kept in this century.
    const ms = parseRetryAfter("Wednesday, 01-Jan-70 00:00:00 GMT", NOW);
    expect(ms).toBe(Date.UTC(2070, 0, 1) - NOW);
  });

  it("parseRetryAfter() reads the asctime form, with a space-padded day", () => {
    expect(parseRetryAfter("Sun Nov  1 00:00:30 2026", NOW)).toBe(30_000);
    expect(parseRetryAfter("Mon Nov 02 00:00:00 2026", NOW)).toBe(86_400_000);
  });

  it("parseRetryAfter() accepts dates in any letter case", () => {
    expect(parseRetryAfter("sun, 01 NOV 2026 00:00:05 gmt", NOW)).toBe(5000);
  });

  it("parseRetryAfter() returns 0 for a date in the past", () => {
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:00 GMT", NOW)).toBe(0);
    expect(parseRetryAfter("Sat, 31 Oct 2026 23:59:59 GMT", NOW)).toBe(0);
  });

  it("parseRetryAfter() counts a leap second", () => {
    expect(parseRetryAfter("Sun, 01 Nov 2026 00:00:60 GMT", NOW)).toBe(60_000);
  });

  it("parseRetryAfter() returns undefined for a missing or malformed value", () => {
    for (
      const value of [
        null,
        "",
        "   ",
        "-1",
        "+5",
        "1e3",
        "soon",
        "5s",
        "1.",
        ".5",
        "Infinity",
        "9".repeat(400),
        "2026-11-01T00:00:05Z",
        "Sun, 01 Nov 2026 00:00:05 UTC",
        "Sun, 1 Nov 2026 00:00:05 GMT",
        "Sun, 31 Feb 2026 00:00:05 GMT",
        "Sun, 00 Nov 2026 00:00:05 GMT",
        "Sun, 01 Nov 2026 24:00:00 GMT",
        "Sun, 01 Nov 2026 00:60:00 GMT",
        "Sun, 01 Nov 2026 00:00:61 GMT",
        "Sun, 01 Foo 2026 00:00:05 GMT",
      ]
    ) {
      expect(parseRetryAfter(value, NOW), String(value)).toBeUndefined();
    }
  });

  it("parseRetryAfter() accepts 29 February only in a leap year", () => {
    const leapNow = Date.UTC(2028, 1, 28);
    expect(parseRetryAfter("Tue, 29 Feb 2028 00:00:00 GMT", leapNow)).toBe(86_400_000);
    expect(parseRetryAfter("Sun, 29 Feb 2026 00:00:00 GMT", NOW)).toBeUndefined();
  });
});

describe("retryAfterFromHeaders()", () => {
  it("retryAfterFromHeaders() prefers retry-after-ms over retry-after", () => {
    const headers = new Headers({ "retry-after-ms": "250", "retry-after": "3" });
    expect(retryAfterFromHeaders(headers, NOW)).toBe(250);
  });

  it("retryAfterFromHeaders() reads x-ms-retry-after-ms", () => {
    const headers = new Headers({ "x-ms-retry-after-ms": "1500.4", "retry-after": "3" });
    expect(retryAfterFromHeaders(headers, NOW)).toBe(1500);
  });

  it("retryAfterFromHeaders() reads retry-after seconds and dates", () => {
    expect(retryAfterFromHeaders(new Headers({ "Retry-After": "3" }), NOW)).toBe(3000);
    const date = new Headers({ "retry-after": "Sun, 01 Nov 2026 00:01:00 GMT" });
    expect(retryAfterFromHeaders(date, NOW)).toBe(60_000);
  });

  it("retryAfterFromHeaders() skips a malformed millisecond header", () => {
    const headers = new Headers({ "retry-after-ms": "soon", "retry-after": "4" });
    expect(retryAfterFromHeaders(headers, NOW)).toBe(4000);
  });

  it("retryAfterFromHeaders() returns undefined without a usable header", () => {
    expect(retryAfterFromHeaders(new Headers(), NOW)).toBeUndefined();
    expect(retryAfterFromHeaders(new Headers({ "retry-after": "later" }), NOW)).toBeUndefined();
  });
});
