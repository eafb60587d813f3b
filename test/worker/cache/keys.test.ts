import { describe, expect, it } from "vitest";
import { cacheKey, type CacheKeyParts } from "../../../worker/cache/keys.ts";

const BASE: CacheKeyParts = {
  accountId: "10000001",
  app: "prmsg",
  operation: "transactions",
  dialect: "current",
  from: 1_793_491_200_000,
  to: 1_793_577_600_000,
};

/** Keys of several part sets, asserting they are pairwise different. */
function expectDistinct(...variants: Partial<CacheKeyParts>[]): void {
  const keys = variants.map((variant) => cacheKey({ ...BASE, ...variant }));
  expect(new Set(keys).size).toBe(keys.length);
}

/** Deterministic PRNG (mulberry32), so the adversarial sweep is reproducible. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe("cacheKey()", () => {
  it("cacheKey() writes the documented layout", () => {
    expect(cacheKey(BASE)).toBe(
      "v1|10000001|prmsg|transactions|current|1793491200000|1793577600000||",
    );
    expect(cacheKey({ ...BASE, filters: { skills: ["b"], channels: ["wa", "sms"] }, page: 0 }))
      .toBe(
        "v1|10000001|prmsg|transactions|current|1793491200000|1793577600000|" +
          "channels=sms,wa;skills=b|0",
      );
  });

  it("cacheKey() keeps separators inside parts from shifting components", () => {
    expectDistinct(
      { accountId: "1|prmsg", app: "x" },
      { accountId: "1", app: "prmsg|x" },
      { accountId: "1%7Cprmsg", app: "x" },
      { accountId: "10000001|prmsg|transactions|current|1|2||" },
    );
    const key = cacheKey({ ...BASE, accountId: "a|b|c", dialect: "2.0|x" });
    expect(key.split("|")).toHaveLength(9);
  });

  it("cacheKey() keeps separators inside filter names and values apart", () => {
    expectDistinct(
      { filters: { channels: ["sms,wa"] } },
      { filters: { channels: ["sms", "wa"] } },
      { filters: { channels: ["sms;skills=wa"] } },
      { filters: { channels: ["sms"], skills: ["wa"] } },
      { filters: { "channels=sms": [] } },
      { filters: { channels: ["sms"] } },
      { filters: { "channels;skills": ["x"] } },
      { filters: { channels: [], skills: ["x"] } },
    );
  });

  it("cacheKey() tells an empty list from an absent filter and from one empty value", () => {
    expect(cacheKey({ ...BASE, filters: {} })).toBe(cacheKey(BASE));
    expectDistinct(
      {},
      { filters: { channels: [] } },
      { filters: { channels: [""] } },
      { filters: { channels: ["", "sms"] } },
      { filters: { channels: ["sms"] } },
      { filters: { skills: [] } },
      { filters: { channels: [], skills: [] } },
    );
  });

  it("cacheKey() sorts and deduplicates filters", () => {
    expect(cacheKey({ ...BASE, filters: { skills: ["b", "a", "a"], channels: ["wa", "sms"] } }))
      .toBe(cacheKey({ ...BASE, filters: { channels: ["sms", "wa"], skills: ["a", "b"] } }));
    expect(cacheKey({ ...BASE, filters: { channels: ["", ""] } })).toBe(
      cacheKey({ ...BASE, filters: { channels: [""] } }),
    );
  });

  it("cacheKey() keeps Unicode forms apart and rejects lone surrogates", () => {
    expectDistinct(
      { accountId: "caf\u00e9" },
      { accountId: "cafe\u0301" },
      { accountId: "caf%C3%A9" },
      { filters: { skills: ["\u{1F600}"] } },
      { filters: { skills: ["\uFFFD"] } },
    );
    expect(() => cacheKey({ ...BASE, accountId: "a\uD800" })).toThrow(
      'Cannot build a cache key as accountId is not well-formed Unicode: "a\\ud800"',
    );
    expect(() => cacheKey({ ...BASE, filters: { skills: ["\uDC00"] } })).toThrow(TypeError);
  });

  it("cacheKey() tells every other part apart", () => {
    expectDistinct(
      {},
      { app: "c2m" },
      { operation: "accountAnalytics" },
      { dialect: "2.0" },
      { from: BASE.from + 1 },
      { to: BASE.to + 1 },
      { page: 0 },
      { page: 100 },
      { accountId: "" },
      { app: "" },
    );
    expect(cacheKey({ ...BASE, from: -0 })).toBe(cacheKey({ ...BASE, from: 0 }));
  });

  it("cacheKey() rejects parts that are not what the types say", () => {
    expect(() => cacheKey({ ...BASE, page: -1 })).toThrow(
      "Cannot build a cache key as page is not a non-negative safe integer: -1",
    );
    expect(() => cacheKey({ ...BASE, page: 1.5 })).toThrow(TypeError);
    expect(() => cacheKey({ ...BASE, from: Number.NaN })).toThrow(
      "Cannot build a cache key as from is not a safe integer: NaN",
    );
    expect(() => cacheKey({ ...BASE, accountId: 1 as unknown as string })).toThrow(TypeError);
    expect(() => cacheKey({ ...BASE, filters: { "": [] } })).toThrow(
      'Cannot build a cache key as a filter name is empty: ""',
    );
    expect(() => cacheKey({ ...BASE, filters: { skills: "a" as unknown as string[] } }))
      .toThrow('Cannot build a cache key as filter "skills" is not a list of strings');
    expect(() => cacheKey({ ...BASE, filters: { skills: [1] as unknown as string[] } }))
      .toThrow(TypeError);
  });

  it("cacheKey() gives different keys to every different request in an adversarial sweep", () => {
    const next = random(20261115);
    const alphabet = ["", "|", ";", "=", ",", "%", "%7C", "7C", "a", "\u00e9", "\u{1F600}", " "];
    const text = (): string =>
      Array.from(
        { length: Math.floor(next() * 3) },
        () => alphabet[Math.floor(next() * alphabet.length)],
      ).join("");
    const seen = new Map<string, string>();
    const keyOf = new Map<string, string>();
    for (let i = 0; i < 3_000; i++) {
      const filters: Record<string, string[]> | undefined = next() < 0.3 ? undefined : {};
      if (filters !== undefined) {
        for (let n = Math.floor(next() * 3); n > 0; n--) {
          const name = text() || "n";
          filters[name] = Array.from({ length: Math.floor(next() * 3) }, text);
        }
      }
      const parts: CacheKeyParts = {
        accountId: text(),
        app: text(),
        operation: text(),
        dialect: text(),
        from: Math.floor(next() * 3),
        to: Math.floor(next() * 3),
        ...(filters === undefined ? {} : { filters }),
        ...(next() < 0.5 ? {} : { page: Math.floor(next() * 2) }),
      };
      // The request's meaning: filters canonical (sorted, deduplicated; {} same as absent).
      const canonicalFilters = Object.entries(filters ?? {})
        .map(([name, values]) => [name, [...new Set(values)].sort()] as const)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const meaning = JSON.stringify([
        parts.accountId,
        parts.app,
        parts.operation,
        parts.dialect,
        parts.from,
        parts.to,
        canonicalFilters,
        parts.page ?? null,
      ]);
      const key = cacheKey(parts);
      const previous = seen.get(key);
      if (previous !== undefined) expect(previous).toBe(meaning);
      seen.set(key, meaning);
      // ...and the same meaning always gets the same key.
      expect(keyOf.get(meaning) ?? key).toBe(key);
      keyOf.set(meaning, key);
    }
    // The sweep really produced many requests sharing nothing but their meaning.
    expect(new Set(seen.values()).size).toBe(seen.size);
    expect(seen.size).toBeGreaterThan(2_500);
  });
});
