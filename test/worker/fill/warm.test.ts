// Warming by Cron Trigger: scheduled() enqueues the fills of the days that became cacheable,
// settled or matured, for the demo tenant's two apps; overlapping runs and a restart mid-warm
// fetch no stored page twice; warm fills wait in their share of the rate.
import { createScheduledController, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import {
  baseEnv,
  DAY_MS,
  daysAgo,
  type Harness,
  harness,
  keyed,
  OAUTH2,
  okJson,
  quietLogs,
  TODAY,
} from "../proxy/support.ts";

quietLogs();

const controller = () => createScheduledController({ cron: "*/15 * * * *" });

function coverageOf(
  h: Harness,
  app: string,
  from: number,
  to: number,
): Promise<Record<string, unknown>> {
  const query = new URLSearchParams({ from: String(from), to: String(to) });
  return h.call(`/_edge/coverage/${OAUTH2.accountId}/${app}?${query}`, {
    headers: keyed(OAUTH2.key),
  }).then(okJson);
}

function jobsOf(h: Harness): string[] {
  return h.fills.map((job) => `${job.app} ${new Date(job.day).toISOString().slice(0, 10)}`).sort();
}

function labels(app: string, days: number[]): string[] {
  return days.map((day) => `${app} ${new Date(day).toISOString().slice(0, 10)}`);
}

describe("scheduled() warming", { timeout: 60_000 }, () => {
  it("scheduled() enqueues the recent and the just-matured days of both warm apps, once each", async () => {
    const h = harness();
    const report = await h.worker.scheduled(controller(), h.env);
    const recent = [1, 2, 3, 4, 5, 6, 7].map(daysAgo);
    const matured = [32, 33, 34, 35].map(daysAgo);
    expect(jobsOf(h)).toEqual(
      ["prmsg", "c2m"].flatMap((app) => labels(app, [...recent, ...matured])).sort(),
    );
    expect(report.warm.enqueued).toBe(22);
    expect(h.fills.every((job) => job.warm === true && job.tenant === "demo-oauth2")).toBe(true);
    expect(h.reportingCalls()).toEqual([]);
  });

  it("scheduled() stores the days through the queue; coverage then lists them settling, closed and archived", async () => {
    const h = harness();
    await h.worker.scheduled(controller(), h.env);
    await h.drainFills();
    const listed = await coverageOf(h, "prmsg", daysAgo(35), TODAY);
    const states = new Map(
      (listed["days"] as { day: string; state: string }[]).map((d) => [d.day, d.state]),
    );
    const state = (n: number) => states.get(new Date(daysAgo(n)).toISOString().slice(0, 10));
    expect([1, 2, 3].map(state)).toEqual(["settling", "settling", "settling"]);
    expect([4, 5, 6, 7].map(state)).toEqual(["closed", "closed", "closed", "closed"]);
    expect([32, 33, 34, 35].map(state)).toEqual(["archived", "archived", "archived", "archived"]);
    expect([8, 20, 31].map(state)).toEqual(["none", "none", "none"]);
  });

  it("scheduled() enqueues no matured day past ARCHIVE_DAYS: its archive would not be kept", async () => {
    const h = harness({ env: { ARCHIVE_DAYS: "33" } });
    const report = await h.worker.scheduled(controller(), h.env);
    const recent = [1, 2, 3, 4, 5, 6, 7].map(daysAgo);
    const matured = [32, 33].map(daysAgo);
    expect(jobsOf(h)).toEqual(
      ["prmsg", "c2m"].flatMap((app) => labels(app, [...recent, ...matured])).sort(),
    );
    expect(report.warm.enqueued).toBe(18);
  });

  it("scheduled() fired twice, or overlapping a running fill, adds no upstream call", async () => {
    const h = harness();
    await Promise.all([
      h.worker.scheduled(controller(), h.env),
      h.worker.scheduled(controller(), h.env),
    ]);
    expect(h.fills.length).toBe(22);
    await h.drainFills(3);
    const again = await h.worker.scheduled(controller(), h.env);
    expect(again.warm.enqueued).toBe(0);
    await h.drainFills();
    const calls = h.reportingCalls().filter((r) => r.url.pathname.endsWith("/transactions/"));
    // One page a day (volume 50, pages of 1,000): each fetched once.
    expect(calls.length).toBe(22);
    const pages = calls.map((r) =>
      `${r.url.pathname} ${r.url.searchParams.get("attemptedStartTime")}`
    );
    expect(new Set(pages).size).toBe(pages.length);
    expect((await h.worker.scheduled(controller(), h.env)).warm.enqueued).toBe(0);
  });

  it("scheduled() a day later enqueues the new day, the day that settled and the day that matured", async () => {
    const h = harness();
    await h.worker.scheduled(controller(), h.env);
    await h.drainFills();
    h.fills.length = 0;
    h.clock.now += DAY_MS;
    await h.worker.scheduled(controller(), h.env);
    // Relative to the new today: yesterday is new, 4 days ago settled (stored while settling),
    // 32 days ago matured.
    const today = TODAY + DAY_MS;
    expect(jobsOf(h)).toEqual(
      ["prmsg", "c2m"].flatMap((app) =>
        labels(app, [today - DAY_MS, today - 4 * DAY_MS, today - 32 * DAY_MS])
      ).sort(),
    );
  });

  it("a warm fill interrupted mid-day resumes without fetching a stored page again", async () => {
    const h = harness({ sandbox: { volume: 1500 }, env: { FILL_PAGE_SIZE: "100" } });
    await h.worker.scheduled(controller(), h.env);
    const job = h.fills.find((j) => j.app === "prmsg" && j.day === daysAgo(5))!;
    h.fills.length = 0;
    h.fills.push(job);
    let served = 0;
    const fetchOnce = h.sandbox.fetch.bind(h.sandbox);
    h.sandbox.fetch = async (request) => {
      if (
        /\/transactions\//.test(request instanceof Request ? request.url : String(request)) &&
        ++served > 4
      ) {
        h.network.down = true;
      }
      return await fetchOnce(request);
    };
    await h.drainFills(1);
    expect(h.fills.length).toBe(1);
    h.network.down = false;
    h.sandbox.fetch = fetchOnce;
    await h.drainFills();
    const pages = h.reportingCalls()
      .filter((r) => r.status === 200 && r.url.pathname.endsWith("/transactions/"))
      .map((r) => r.url.searchParams.get("offset") ?? "0");
    expect(new Set(pages).size).toBe(pages.length);
    const listed = await coverageOf(h, "prmsg", daysAgo(5), daysAgo(4));
    expect((listed["days"] as { state: string }[])[0]?.state).toBe("closed");
  });

  it("scheduled() logs and counts each target whose storage fails, and goes on to the next", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const h = harness({ env: { STORE: undefined as unknown as R2Bucket } });
    const report = await h.worker.scheduled(controller(), h.env);
    // The recent days are enqueued before the matured days' archive is looked up, per app.
    expect(report.warm).toMatchObject({ failed: 2, enqueued: 14 });
    expect(errors.mock.calls.map(([line]) => JSON.parse(String(line)).failed)).toEqual([
      "warming 10000001/prmsg/current",
      "warming 10000001/c2m/current",
    ]);
  });

  it("a warm fill waits in its own share of the account's schedule before its slot", async () => {
    const h = harness();
    await h.worker.scheduled(controller(), h.env);
    await h.drainFills(1);
    const share = baseEnv.SCHEDULER.get(
      baseEnv.SCHEDULER.idFromName("va|10000001|transactions|share"),
    );
    const nextAt = await runInDurableObject(share, (_, state) => state.storage.kv.get("nextAt"));
    expect(nextAt).toBeGreaterThan(0);
  });
});
