import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { KV_MAX_VALUE_BYTES, WindowStore } from "../../../worker/cache/window-store.ts";
import type { Env } from "../../../worker/env.ts";

// The KV binding from wrangler.toml (`Cloudflare.Env` is not declared for tests).
const { CACHE } = env as unknown as Pick<Env, "CACHE">;

const T0 = Date.parse("2026-11-15T12:00:00Z");
const BODY = { data: [{ day: "2026-11-14", sent: 3 }], page: null };
const FRESHNESS = { freshForMs: 300_000, kvTtlSeconds: 86_700 };
const accept = (): void => {};

/** A store on the test KV with a clock the test moves. */
function storeAt(start = T0): { store: WindowStore; clock: { now: number } } {
  const clock = { now: start };
  return { store: new WindowStore(CACHE, { now: () => clock.now }), clock };
}

/** Writes a raw value as another writer (or a corrupted one) might have. */
async function putRaw(key: string, text: string, metadata?: unknown): Promise<void> {
  await CACHE.put(key, text, metadata === undefined ? {} : { metadata });
}

describe("WindowStore", () => {
  it("WindowStore.get() returns null for an absent key", async () => {
    const { store } = storeAt();
    expect(await store.get("ws|absent", accept)).toBeNull();
  });

  it("WindowStore.put() stores one value: JSON text with times in its metadata", async () => {
    const { store } = storeAt();
    expect(await store.put("ws|shape", BODY, FRESHNESS)).toBe(true);
    const raw = await CACHE.getWithMetadata("ws|shape", "text");
    expect(raw.value).toBe(JSON.stringify(BODY));
    expect(raw.metadata).toEqual({ storedAt: T0, freshUntil: T0 + 300_000, schema: 1 });
  });

  it("WindowStore.get() reads an entry back, fresh until freshUntil", async () => {
    const { store, clock } = storeAt();
    await store.put("ws|fresh", BODY, FRESHNESS);
    const entry = { body: BODY, storedAt: T0, freshUntil: T0 + 300_000 };
    expect(await store.get("ws|fresh", accept)).toEqual({ entry, fresh: true });
    clock.now = T0 + 299_999;
    expect(await store.get("ws|fresh", accept)).toMatchObject({ fresh: true });
    clock.now = T0 + 300_000;
    expect(await store.get("ws|fresh", accept)).toEqual({ entry, fresh: false });
  });

  it("WindowStore.put() sets the KV expiration from kvTtlSeconds, at least 60 s", async () => {
    const { store } = storeAt();
    await store.put("ws|ttl-long", BODY, FRESHNESS);
    await store.put("ws|ttl-short", BODY, { freshForMs: 1_000, kvTtlSeconds: 1.2 });
    const { keys } = await CACHE.list({ prefix: "ws|ttl-" });
    const nowSeconds = Date.now() / 1000;
    const expiresIn = Object.fromEntries(
      keys.map((key) => [key.name, (key.expiration ?? 0) - nowSeconds]),
    );
    expect(expiresIn["ws|ttl-long"]).toBeGreaterThan(86_700 - 5);
    expect(expiresIn["ws|ttl-long"]).toBeLessThanOrEqual(86_700 + 1);
    expect(expiresIn["ws|ttl-short"]).toBeGreaterThan(60 - 5);
    expect(expiresIn["ws|ttl-short"]).toBeLessThanOrEqual(60 + 1);
  });

  it("WindowStore.get() passes the parsed body to validate", async () => {
    const { store } = storeAt();
    await store.put("ws|validate", BODY, FRESHNESS);
    const seen: unknown[] = [];
    await store.get("ws|validate", (body) => seen.push(body));
    expect(seen).toEqual([BODY]);
  });

  it("WindowStore.get() deletes and hides an entry that fails validate", async () => {
    const { store } = storeAt();
    await store.put("ws|invalid", BODY, FRESHNESS);
    const reject = (): void => {
      throw new TypeError("Cannot parse the body as it is not a report");
    };
    expect(await store.get("ws|invalid", reject)).toBeNull();
    expect(await CACHE.get("ws|invalid")).toBeNull();
  });

  it("WindowStore.get() refuses an async validate rather than trust its result", async () => {
    const { store } = storeAt();
    await store.put("ws|async", BODY, FRESHNESS);
    const asyncReject = (): Promise<void> => Promise.reject(new TypeError("invalid"));
    await expect(store.get("ws|async", asyncReject)).rejects.toThrow(
      "Cannot validate a cached window as validate returned a promise",
    );
  });

  it("WindowStore.get() deletes and hides unparsable JSON", async () => {
    const { store } = storeAt();
    await putRaw("ws|garbled", '{"data": [', { storedAt: T0, freshUntil: T0 + 1, schema: 1 });
    expect(await store.get("ws|garbled", accept)).toBeNull();
    expect(await CACHE.get("ws|garbled")).toBeNull();
  });

  it("WindowStore.get() deletes and hides entries with missing or foreign metadata", async () => {
    const { store } = storeAt();
    const cases: Record<string, unknown> = {
      "ws|meta-none": undefined,
      "ws|meta-schema": { storedAt: T0, freshUntil: T0 + 1, schema: 2 },
      "ws|meta-string": { storedAt: T0, freshUntil: String(T0 + 1), schema: 1 },
      "ws|meta-missing": { storedAt: T0, schema: 1 },
      "ws|meta-array": [T0, T0 + 1, 1],
    };
    for (const [key, metadata] of Object.entries(cases)) {
      await putRaw(key, JSON.stringify(BODY), metadata);
      expect(await store.get(key, accept), key).toBeNull();
      expect(await CACHE.get(key), key).toBeNull();
    }
  });

  it("WindowStore.put() replaces an earlier entry", async () => {
    const { store, clock } = storeAt();
    await store.put("ws|replace", { v: 1 }, FRESHNESS);
    clock.now = T0 + 1_000;
    await store.put("ws|replace", { v: 2 }, { freshForMs: 10, kvTtlSeconds: 60 });
    expect(await store.get("ws|replace", accept)).toEqual({
      entry: { body: { v: 2 }, storedAt: T0 + 1_000, freshUntil: T0 + 1_010 },
      fresh: true,
    });
  });

  it("WindowStore.put() skips a body over 25 MiB and leaves the old entry", async () => {
    const { store } = storeAt();
    await store.put("ws|big", BODY, FRESHNESS);
    // JSON adds two quotes: exactly one byte over the limit.
    const tooBig = "x".repeat(KV_MAX_VALUE_BYTES - 1);
    expect(await store.put("ws|big", tooBig, FRESHNESS)).toBe(false);
    expect(await store.get("ws|big", accept)).toMatchObject({ entry: { body: BODY } });
    // Multi-byte text is measured in UTF-8 bytes, not UTF-16 units.
    const wide = "\u00e9".repeat(KV_MAX_VALUE_BYTES / 2);
    expect(await store.put("ws|big-wide", wide, FRESHNESS)).toBe(false);
    expect(await CACHE.get("ws|big-wide")).toBeNull();
  });

  it("WindowStore.put() stores a body of exactly 25 MiB", async () => {
    const { store } = storeAt();
    const largest = "x".repeat(KV_MAX_VALUE_BYTES - 2);
    expect(await store.put("ws|largest", largest, FRESHNESS)).toBe(true);
    const cached = await store.get("ws|largest", accept);
    expect((cached?.entry.body as string).length).toBe(KV_MAX_VALUE_BYTES - 2);
  });

  it("WindowStore hashes keys KV cannot hold, without merging them", async () => {
    const { store } = storeAt();
    const long = "v1|".padEnd(600, "a");
    await store.put(`${long}1`, { n: 1 }, FRESHNESS);
    await store.put(`${long}2`, { n: 2 }, FRESHNESS);
    await store.put("", { n: 3 }, FRESHNESS);
    expect(await store.get(`${long}1`, accept)).toMatchObject({ entry: { body: { n: 1 } } });
    expect(await store.get(`${long}2`, accept)).toMatchObject({ entry: { body: { n: 2 } } });
    expect(await store.get("", accept)).toMatchObject({ entry: { body: { n: 3 } } });
    const { keys } = await CACHE.list({ prefix: "#sha256:" });
    expect(keys).toHaveLength(3);
    for (const { name } of keys) {
      expect(name).toMatch(/^#sha256:[0-9a-f]{64}$/);
      // A caller's raw key equal to a hashed one is hashed again: it never reads that entry.
      expect(await store.get(name, accept)).toBeNull();
    }
  });

  it("WindowStore rejects keys with lone surrogates and bodies that are not JSON", async () => {
    const { store } = storeAt();
    await expect(store.get("ws|\uD800", accept)).rejects.toThrow(
      "Cannot use a cache key as it is not well-formed Unicode",
    );
    await expect(store.put("ws|undefined", undefined, FRESHNESS)).rejects.toThrow(
      "Cannot cache a window as the body is not JSON: undefined",
    );
    await expect(store.put("ws|ttl", BODY, { freshForMs: -1, kvTtlSeconds: 60 })).rejects
      .toThrow(RangeError);
    await expect(store.put("ws|ttl", BODY, { freshForMs: 1, kvTtlSeconds: Number.NaN })).rejects
      .toThrow(RangeError);
    expect(await CACHE.get("ws|ttl")).toBeNull();
  });
});
