// The NONCES Durable Object: one atomic claim per nonce, rows kept until their expiry.
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Env } from "../../../worker/env.ts";
import { nonceKey, type NonceLedger, nonceLedgerName } from "../../../worker/auth/nonce-ledger.ts";

const NONCES = (env as unknown as Env).NONCES;
const T = 1_790_000_000_000;

describe("NonceLedger", () => {
  it("NonceLedger.claim() accepts a nonce once, also under concurrent claims", async () => {
    const ledger = NONCES.getByName(`test-${crypto.randomUUID()}`);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => ledger.claim("k1", T + 300_000, T)),
    );
    expect(results.filter((fresh) => fresh)).toHaveLength(1);
    expect(await ledger.claim("k2", T + 300_000, T)).toBe(true);
  });

  it("NonceLedger.claim() forgets a nonce once its expiry has passed, and deletes expired rows", async () => {
    const stub = NONCES.getByName(`test-${crypto.randomUUID()}`);
    expect(await stub.claim("old", T + 1_000, T)).toBe(true);
    expect(await stub.claim("other", T + 5_000, T)).toBe(true);
    expect(await stub.claim("old", T + 1_000, T + 999)).toBe(false);
    expect(await stub.claim("new", T + 10_000, T + 1_000)).toBe(true);
    const keys = await runInDurableObject(
      stub,
      (_instance: NonceLedger, state) =>
        state.storage.sql.exec<{ key: string }>("SELECT key FROM nonces ORDER BY key").toArray()
          .map((row) => row.key),
    );
    expect(keys).toEqual(["new", "other"]);
    expect(await stub.claim("old", T + 2_000, T + 1_000)).toBe(true);
  });

  it("nonceLedgerName() and nonceKey() are digests that keep inputs apart and hold no secret", async () => {
    const name = await nonceLedgerName("sandbox-app-key-20000002");
    expect(name).toMatch(/^oauth1\|[0-9a-f]{64}$/);
    expect(await nonceKey("a", "bc", "n")).not.toBe(await nonceKey("ab", "c", "n"));
    expect(await nonceKey("tok", "1", "n")).toMatch(/^[0-9a-f]{64}$/);
  });
});
