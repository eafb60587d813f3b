import { describe, expect, it } from "vitest";
import type { Env } from "../../../worker/env.ts";
import { settingsOf } from "../../../worker/settings.ts";
import { sandboxOptionsOf } from "../../../worker/upstream/sandbox-options.ts";
import {
  embeddedSandbox,
  SANDBOX_COUNTERS_URL,
  sandboxCounters,
  upstreamFetch,
} from "../../../worker/upstream/upstream-fetch.ts";

const envWith = (vars: Partial<Env>): Env => vars as Env;
const DAY = 86_400_000;

describe("sandboxOptionsOf()", () => {
  it("reads SANDBOX_VOLUME, SANDBOX_PAGE_SIZE and SANDBOX_LATENCY_MS, leaving unset ones out", () => {
    expect(sandboxOptionsOf(envWith({}))).toEqual({});
    expect(
      sandboxOptionsOf(envWith({
        SANDBOX_VOLUME: "1000000",
        SANDBOX_PAGE_SIZE: "9999",
        SANDBOX_LATENCY_MS: "250",
        SANDBOX_REPLY_LOOKBACK_DAYS: "2",
        SANDBOX_DAY_TIME_ZONE: "America/New_York",
      })),
    ).toEqual({
      volume: 1_000_000,
      pageSize: 9999,
      faults: { latencyMs: 250 },
      replyLookbackDays: 2,
      dayTimeZone: "America/New_York",
    });
  });

  it.each([
    ["SANDBOX_VOLUME", "0"],
    ["SANDBOX_VOLUME", "1000001"],
    ["SANDBOX_VOLUME", "lots"],
    ["SANDBOX_PAGE_SIZE", "10000"],
    ["SANDBOX_PAGE_SIZE", "2.5"],
    ["SANDBOX_LATENCY_MS", "-1"],
    ["SANDBOX_REPLY_LOOKBACK_DAYS", "400"],
  ])("rejects %s=%s with a RangeError naming the variable", (name, value) => {
    expect(() => sandboxOptionsOf(envWith({ [name]: value }))).toThrow(
      new RegExp(`^${name} is not an integer from \\d+ to \\d+: "${value.replace(".", "\\.")}"$`),
    );
    expect(() => settingsOf(envWith({ [name]: value }))).toThrow(RangeError);
  });
});

it("sandboxOptionsOf() rejects an unknown SANDBOX_DAY_TIME_ZONE with a RangeError naming it", () => {
  expect(() => sandboxOptionsOf(envWith({ SANDBOX_DAY_TIME_ZONE: "Mars/Olympus" }))).toThrow(
    'SANDBOX_DAY_TIME_ZONE is not an IANA time zone: "Mars/Olympus"',
  );
});

describe("embeddedSandbox()", () => {
  it("serves the volume the vars ask for, and keeps one sandbox while they stay the same", () => {
    const now = Date.now();
    const query = {
      accountId: "10000001",
      app: "prmsg" as const,
      from: now - 3 * DAY,
      to: now - 2 * DAY,
    };
    const small = embeddedSandbox(settingsOf(envWith({ SANDBOX_VOLUME: "100" })).sandbox);
    expect(small.transactionCount(query)).toBeLessThan(200);
    const large = embeddedSandbox(settingsOf(envWith({ SANDBOX_VOLUME: "1000000" })).sandbox);
    expect(large.transactionCount(query)).toBeGreaterThan(800_000);
    expect(embeddedSandbox({ volume: 1_000_000 })).toBe(large);
    expect(embeddedSandbox()).toBe(large);
  });
});

describe("upstreamFetch() and sandboxCounters()", () => {
  it("use the sandbox Worker bound as SANDBOX when there is one, else the embedded sandbox", async () => {
    const seen: string[] = [];
    const SANDBOX = {
      fetch: (input: RequestInfo | URL) => {
        const url = input instanceof Request ? input.url : String(input);
        seen.push(url);
        return Promise.resolve(Response.json({ requests: 7, url }));
      },
    } as Fetcher;
    const settings = settingsOf(envWith({}));
    const url = "https://va.cx-reporting.liveperson.net/account/10000001/app/prmsg/analytics/";
    const bound = await upstreamFetch(settings, { SANDBOX })(new Request(url));
    expect(await bound.json()).toEqual({ requests: 7, url });
    expect(await sandboxCounters({ SANDBOX })).toEqual({ requests: 7, url: SANDBOX_COUNTERS_URL });
    expect(seen).toEqual([url, SANDBOX_COUNTERS_URL]);
    // Unbound: the embedded sandbox answers, and counts it.
    const before = (await sandboxCounters({})).requests;
    await upstreamFetch(settings, {})(new Request(url));
    expect((await sandboxCounters({})).requests).toBe(before + 1);
    expect(seen).toHaveLength(2);
  });
});
