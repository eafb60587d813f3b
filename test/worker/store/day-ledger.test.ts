// The DAYS Durable Object's partial rollups: each page of a generation's chain counted once,
// pages off the chain, dropped or of another generation never, pages without one listed.
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { finishRollup, newRollup, type Rollup } from "../../../lib/funnel/rollup.ts";
import type { Env } from "../../../worker/env.ts";
import type { DayLedger, PageMeta } from "../../../worker/store/day-ledger.ts";

const DAYS = (env as unknown as Env).DAYS;
const T = 1_790_000_000_000;

function ledger(): DurableObjectStub<DayLedger> {
  return DAYS.getByName(`test-${crypto.randomUUID()}`);
}

function meta(offset: number, next: number | null): PageMeta {
  return { offset, next, count: 1, untimed: 0, storedAt: T, firstTime: T, lastTime: T };
}

/** A partial of `transactions` transactions: powers of two tell which partials were summed. */
function partial(transactions: number): Rollup {
  return { ...finishRollup(newRollup()), transactions };
}

async function commit(
  stub: DurableObjectStub<DayLedger>,
  generation: number,
  page: PageMeta,
  transactions?: number,
): Promise<boolean> {
  return await stub.commit({
    generation,
    page,
    ...(transactions === undefined ? {} : { partial: partial(transactions) }),
    freshForMs: 60_000,
    keepMs: 60_000,
  });
}

describe("DayLedger", () => {
  it("DayLedger.chainRollup() sums the partial of each page of the chain once", async () => {
    const stub = ledger();
    const { generation } = await stub.begin(null);
    await commit(stub, generation, meta(0, 100), 1);
    await commit(stub, generation, meta(100, 200), 2);
    await commit(stub, generation, meta(200, null), 4);
    // A lane's guess past the end: stored, but off the chain.
    await commit(stub, generation, meta(300, null), 8);
    // Recorded twice: the first record stands.
    expect(await commit(stub, generation, meta(100, 200), 16)).toBe(true);
    const { rollup, missing } = await stub.chainRollup(generation);
    expect(rollup.transactions).toBe(7);
    expect(missing).toEqual([]);
  });

  it("DayLedger.chainRollup() lists the pages without a partial; a dropped page takes its partial with it", async () => {
    const stub = ledger();
    const { generation } = await stub.begin(null);
    await commit(stub, generation, meta(0, 100), 1);
    // Stored before partials, or one too big for a value.
    await commit(stub, generation, meta(100, 200));
    await commit(stub, generation, meta(200, null), 4);
    expect(await stub.chainRollup(generation)).toMatchObject({
      rollup: { transactions: 5 },
      missing: [100],
    });
    await stub.drop(generation, 200);
    expect(await stub.nextMissing(generation)).toEqual({ done: false, offset: 200 });
    // Fetched again and recorded without a partial: read back from R2, never the old one.
    await commit(stub, generation, meta(200, null));
    expect(await stub.chainRollup(generation)).toMatchObject({
      rollup: { transactions: 1 },
      missing: [100, 200],
    });
  });

  it("DayLedger.chainRollup() counts only its generation's partials; finish() deletes the previous one's", async () => {
    const stub = ledger();
    const first = (await stub.begin(null)).generation;
    await commit(stub, first, meta(0, 100), 1);
    await commit(stub, first, meta(100, null), 2);
    expect((await stub.finish(first)).complete?.generation).toBe(first);
    const second = (await stub.begin(first)).generation;
    expect(second).not.toBe(first);
    await commit(stub, second, meta(0, 100), 4);
    await commit(stub, second, meta(100, null), 8);
    expect((await stub.chainRollup(second)).rollup.transactions).toBe(12);
    expect((await stub.finish(second)).previous).toBe(first);
    const keys = await runInDurableObject(
      stub,
      (_instance: DayLedger, state) => [...state.storage.kv.list()].map(([key]) => key),
    );
    expect(keys.filter((key) => key.startsWith(`r:${first}:`))).toEqual([]);
    expect(keys.filter((key) => key.startsWith(`r:${second}:`)).sort()).toEqual([
      `r:${second}:0`,
      `r:${second}:100`,
    ]);
  });
});
