import { describe, expect, it } from "vitest";
import { CACHE_NAME, type CacheForward, cacheStatus } from "../../../worker/cache/cache-status.ts";

describe("cacheStatus()", () => {
  it("cacheStatus() writes the contract's examples", () => {
    expect(cacheStatus({ hit: true, ttl: 5400 })).toBe("lp-reporting-edge; hit; ttl=5400");
    expect(cacheStatus({ fwd: "miss", stored: true, ttl: 300 })).toBe(
      "lp-reporting-edge; fwd=miss; stored; ttl=300",
    );
    expect(cacheStatus({ fwd: "miss", collapsed: true })).toBe(
      "lp-reporting-edge; fwd=miss; collapsed",
    );
    expect(cacheStatus({ fwd: "stale", detail: "upstream-503" })).toBe(
      "lp-reporting-edge; fwd=stale; detail=upstream-503",
    );
    expect(cacheStatus({ fwd: "bypass", detail: "too-recent" })).toBe(
      "lp-reporting-edge; fwd=bypass; detail=too-recent",
    );
  });

  it("cacheStatus() starts with the cache name and omits false booleans", () => {
    expect(CACHE_NAME).toBe("lp-reporting-edge");
    expect(cacheStatus({})).toBe("lp-reporting-edge");
    expect(cacheStatus({ hit: false, fwd: "miss", stored: false, collapsed: false })).toBe(
      "lp-reporting-edge; fwd=miss",
    );
  });

  it("cacheStatus() accepts every RFC 9211 fwd value and no other", () => {
    const values: CacheForward[] = [
      "bypass",
      "method",
      "uri-miss",
      "vary-miss",
      "miss",
      "request",
      "stale",
      "partial",
    ];
    for (const fwd of values) expect(cacheStatus({ fwd })).toBe(`lp-reporting-edge; fwd=${fwd}`);
    expect(() => cacheStatus({ fwd: "hit" as CacheForward })).toThrow(
      "Cannot write Cache-Status as fwd is not an RFC 9211 value: hit",
    );
  });

  it("cacheStatus() writes ttl as whole seconds, negative when stale", () => {
    expect(cacheStatus({ hit: true, ttl: 299.9 })).toBe("lp-reporting-edge; hit; ttl=299");
    expect(cacheStatus({ fwd: "stale", ttl: -0.5 })).toBe("lp-reporting-edge; fwd=stale; ttl=-1");
    expect(cacheStatus({ hit: true, ttl: -0 })).toBe("lp-reporting-edge; hit; ttl=0");
    expect(() => cacheStatus({ hit: true, ttl: Number.NaN })).toThrow(TypeError);
    expect(() => cacheStatus({ hit: true, ttl: 1e15 })).toThrow(TypeError);
  });

  it("cacheStatus() writes detail as a token when it can, else a quoted string", () => {
    expect(cacheStatus({ fwd: "bypass", detail: "a:b/c*" })).toBe(
      "lp-reporting-edge; fwd=bypass; detail=a:b/c*",
    );
    expect(cacheStatus({ fwd: "bypass", detail: "503" })).toBe(
      'lp-reporting-edge; fwd=bypass; detail="503"',
    );
    expect(cacheStatus({ fwd: "bypass", detail: 'too "recent" \\ here' })).toBe(
      'lp-reporting-edge; fwd=bypass; detail="too \\"recent\\" \\\\ here"',
    );
    expect(cacheStatus({ fwd: "bypass", detail: "" })).toBe(
      'lp-reporting-edge; fwd=bypass; detail=""',
    );
    expect(() => cacheStatus({ fwd: "bypass", detail: "caf\u00e9" })).toThrow(
      'Cannot write Cache-Status as detail is not printable ASCII: "café"',
    );
    expect(() => cacheStatus({ fwd: "bypass", detail: "a\r\nSet-Cookie: x" })).toThrow(TypeError);
  });

  it("cacheStatus() refuses combinations RFC 9211 rules out", () => {
    expect(() => cacheStatus({ hit: true, fwd: "miss" })).toThrow(
      "Cannot write Cache-Status as hit excludes fwd: miss",
    );
    expect(() => cacheStatus({ stored: true })).toThrow(
      "Cannot write Cache-Status as stored needs fwd: undefined",
    );
    expect(() => cacheStatus({ hit: true, collapsed: true })).toThrow(TypeError);
  });

  it("cacheStatus() output is a valid header value", () => {
    const value = cacheStatus({ fwd: "stale", ttl: -30, detail: "upstream 503" });
    expect(new Headers({ "Cache-Status": value }).get("Cache-Status")).toBe(value);
  });
});
