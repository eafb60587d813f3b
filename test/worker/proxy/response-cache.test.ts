// Finished answers cached beside the day windows: one KV read on a repeated request.
import { describe, expect, it } from "vitest";
import {
  cacheStatusOf,
  DAY_MS,
  daysAgo,
  directAnswer,
  harness,
  HOUR_MS,
  keyed,
  MINUTE_MS,
  OAUTH2,
  okJson,
  quietLogs,
  reportPath,
} from "./support.ts";

quietLogs();
const headers = keyed(OAUTH2.key);

describe("cached answers", () => {
  it("createApp() answers a repeated transactions page from its cached answer, byte for byte", async () => {
    const h = harness();
    const day = daysAgo(40);
    const path = reportPath(
      "current",
      OAUTH2.accountId,
      "transactions",
      day + HOUR_MS,
      day + 3 * HOUR_MS,
      {
        query: { limit: "7", offset: "7", channels: "sms" },
      },
    );
    const first = await h.call(path, { headers });
    const text = await first.text();
    const keys = (await h.env.CACHE.list()).keys.map((k) => k.name);
    expect(keys.filter((name) => name.includes("transactions-response|"))).toHaveLength(1);
    const second = await h.call(path, { headers });
    expect(cacheStatusOf(second)).toMatch(/; hit; ttl=\d+/);
    expect(await second.text()).toBe(text);
    expect(JSON.parse(text)).toEqual(await directAnswer(h.oracle, "current", path));
    expect(h.reportingCalls()).toHaveLength(1);
  });

  it("createApp() never serves a cached answer whose length does not match, and keeps an open window's for OPEN_TTL_SECONDS only", async () => {
    const h = harness();
    const day = daysAgo(41);
    const path = reportPath("2.0", OAUTH2.accountId, "analytics", day, day + DAY_MS);
    const expected = await okJson(await h.call(path, { headers }));
    const name = (await h.env.CACHE.list()).keys.map((k) => k.name).find((n) =>
      n.includes("accountAnalytics-response|")
    )!;
    const { value, metadata } = await h.env.CACHE.getWithMetadata(name, "text");
    await h.env.CACHE.put(name, value!.slice(0, -10), { metadata });
    const again = await h.call(path, { headers });
    expect(await okJson(again)).toEqual(expected);
    expect(cacheStatusOf(again)).toMatch(/; hit/);

    const today = daysAgo(0);
    const open = reportPath("current", OAUTH2.accountId, "transactions", today, today + HOUR_MS);
    await h.call(open, { headers });
    const keys = (await h.env.CACHE.list()).keys.map((k) => k.name);
    const micro = keys.find((n) =>
      n.includes("transactions-response|") && n.includes(String(today))
    );
    const { metadata: stored } = await h.env.CACHE.getWithMetadata(micro!, "text");
    const { storedAt, freshUntil, detail } = stored as Record<string, unknown>;
    expect([(freshUntil as number) - (storedAt as number), detail]).toEqual([60_000, "open"]);
  });

  it("createApp() keeps a micro-cached answer in KV until it is stale: KV expires at whole seconds", async () => {
    const h = harness({ realClock: true });
    const to = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS;
    const path = reportPath("current", OAUTH2.accountId, "transactions", to - 10 * MINUTE_MS, to);
    const response = await h.call(path, { headers });
    expect(cacheStatusOf(response)).toMatch(/fwd=bypass; detail=(open|too-recent)/);
    const entry = (await h.env.CACHE.list()).keys.find((k) =>
      k.name.includes("transactions-response|") && k.name.includes(String(to))
    )!;
    const { metadata } = await h.env.CACHE.getWithMetadata(entry.name, "text");
    const { freshUntil } = metadata as { freshUntil: number };
    expect(entry.expiration! * 1000).toBeGreaterThanOrEqual(freshUntil);
  });
});
