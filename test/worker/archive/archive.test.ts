// The archive: a warmed day carried past LivePerson's 13-month retention by a fake clock is
// refused by the sandbox (400) and served by the proxy from the archive, equal to the answers
// it gave while the day was in retention; a day never archived still gets the 400; an
// independent reader (node:zlib) finds one JSON line per transaction of the day.
import { gunzipSync } from "node:zlib";
import { createScheduledController } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DEMO_TENANTS } from "../../../lib/sandbox/tenants.ts";
import { reportingHost } from "../../../lib/hosts.ts";
import type { Dialect } from "../../../lib/model/canonical.ts";
import { putGzip } from "../../../worker/archive/gzip-upload.ts";
import {
  baseEnv,
  cacheStatusOf,
  DAY_MS,
  daysAgo,
  expectLpError,
  type Harness,
  harness,
  keyed,
  OAUTH2,
  okJson,
  quietLogs,
  reportPath,
} from "../proxy/support.ts";

quietLogs();

const headers = keyed(OAUTH2.key);
/** A day that matures (and is archived) on the first warming run. */
const DAY = daysAgo(33);
/** A day 13 months and a few days later: DAY is then older than the retention. */
const LATER = Date.UTC(2027, 10, 25, 12);

async function warmed(env: Partial<Harness["env"]> = {}): Promise<Harness> {
  const h = harness({ env });
  await h.worker.scheduled(createScheduledController(), h.env);
  await h.drainFills();
  return h;
}

/** The answers a client gets for DAY: transactions and analytics in both dialects, funnels. */
function paths(): Record<string, string> {
  const paths: Record<string, string> = {};
  for (const dialect of ["current", "2.0"] as Dialect[]) {
    paths[`transactions ${dialect}`] = reportPath(
      dialect,
      OAUTH2.accountId,
      "transactions",
      DAY,
      DAY + DAY_MS,
    );
    paths[`transactions page ${dialect}`] = reportPath(
      dialect,
      OAUTH2.accountId,
      "transactions",
      DAY + 6 * 3_600_000,
      DAY + 18 * 3_600_000,
      { query: { offset: "10", limit: "7", channels: "sms" } },
    );
    paths[`analytics ${dialect}`] = reportPath(
      dialect,
      OAUTH2.accountId,
      "analytics",
      DAY,
      DAY + DAY_MS,
    );
  }
  const day = new Date(DAY).toISOString().slice(0, 10);
  const next = new Date(DAY + DAY_MS).toISOString().slice(0, 10);
  for (const groupBy of ["campaign", "failureCategory", "day,channel", "skill"]) {
    paths[`funnel ${groupBy}`] =
      `/_edge/funnel/${OAUTH2.accountId}/prmsg?from=${day}&to=${next}&groupBy=${groupBy}`;
  }
  return paths;
}

async function sandboxStatus(h: Harness, dialect: Dialect, path: string): Promise<number> {
  const tenant = DEMO_TENANTS[0]!;
  const response = await h.sandbox.fetch(
    new Request(`https://${reportingHost(tenant.region, dialect)}${path}`, {
      headers: { authorization: `Bearer ${tenant.bearer}` },
    }),
  );
  return response.status;
}

describe("archive", { timeout: 90_000 }, () => {
  it("a warmed day past the 13-month retention is served from the archive, equal to the answers before", async () => {
    const h = await warmed();
    const before: Record<string, unknown> = {};
    for (const [name, path] of Object.entries(paths())) {
      before[name] = await okJson(await h.call(path, { headers }));
    }
    h.clock.now = LATER;
    for (const dialect of ["current", "2.0"] as Dialect[]) {
      expect(await sandboxStatus(h, dialect, paths()[`transactions ${dialect}`]!)).toBe(400);
    }
    const calls = h.reportingCalls().length;
    for (const [name, path] of Object.entries(paths())) {
      const response = await h.call(path, { headers });
      expect(await okJson(response), name).toEqual(before[name]);
      expect(cacheStatusOf(response), name).toMatch(/; hit; detail=archive$/);
    }
    expect(h.reportingCalls().length).toBe(calls);
    const day = new Date(DAY).toISOString().slice(0, 10);
    const next = new Date(DAY + DAY_MS).toISOString().slice(0, 10);
    const coverage = await okJson(
      await h.call(`/_edge/coverage/${OAUTH2.accountId}/prmsg?from=${day}&to=${next}`, { headers }),
    );
    const truth = h.oracle.transactions({
      accountId: OAUTH2.accountId,
      app: "prmsg",
      from: DAY,
      to: DAY + DAY_MS,
    });
    expect(coverage["days"]).toEqual([
      { day, state: "archived", maturing: false, transactions: truth.length },
    ]);
  });

  it("a day never archived, or past ARCHIVE_DAYS, still gets LivePerson's 400", async () => {
    const h = await warmed({ ARCHIVE_DAYS: "400" });
    h.clock.now = LATER;
    const calls = h.reportingCalls().length;
    const never = daysAgo(20);
    await expectLpError(
      await h.call(reportPath("current", OAUTH2.accountId, "transactions", never, never + DAY_MS), {
        headers,
      }),
      400,
    );
    for (const path of Object.values(paths())) {
      const response = await h.call(path, { headers });
      const body = await expectLpError(response, 400);
      expect(body.message).toMatch(/older than the 13-month retention/);
    }
    expect(h.reportingCalls().length).toBe(calls);
  });

  it("archive objects read back with gunzip: one JSON transaction a line, as many as the day has", async () => {
    const h = await warmed();
    const prefix = `${h.env.STORE_PREFIX}archive/${OAUTH2.accountId}/`;
    const listed = await baseEnv.STORE.list({ prefix });
    const files = listed.objects.map((o) => o.key).filter((k) =>
      k.endsWith("/transactions.ndjson.gz")
    );
    // Both apps, the four days that matured.
    expect(files.length).toBe(8);
    for (const key of files) {
      const [, app, year, month, date] = /\/(prmsg|c2m)\/(\d{4})\/(\d{2})\/(\d{2})\//.exec(key)!;
      const day = Date.UTC(Number(year), Number(month) - 1, Number(date));
      const object = await baseEnv.STORE.get(key);
      const text = gunzipSync(new Uint8Array(await object!.arrayBuffer())).toString("utf8");
      const lines = text.split("\n").filter((line) => line !== "");
      const truth = h.oracle.transactions({
        accountId: OAUTH2.accountId,
        app: app as "prmsg",
        from: day,
        to: day + DAY_MS,
      });
      expect(lines.length, key).toBe(truth.length);
      expect(
        lines.map((line) => (JSON.parse(line) as { transactionId: string }).transactionId).sort(),
      )
        .toEqual(truth.map((tx) => tx.transactionId).sort());
      const manifest =
        await (await baseEnv.STORE.get(key.replace("transactions.ndjson.gz", "day.json")))!.json();
      expect(manifest).toMatchObject({
        schema: 1,
        app,
        transactions: truth.length,
        bytes: object!.size,
      });
    }
  });

  it("putGzip() uploads in equal parts when the output exceeds one part, read back whole", async () => {
    const key = `${crypto.randomUUID()}/big.ndjson.gz`;
    const random = () => crypto.getRandomValues(new Uint8Array(3000)).join(",");
    async function* lines(): AsyncGenerator<string> {
      for (let i = 0; i < 4000; i++) yield `${JSON.stringify({ i, random: random() })}\n`;
    }
    const bytes = await putGzip(baseEnv.STORE, key, lines(), { contentType: "application/gzip" });
    expect(bytes).toBeGreaterThan(5 * 1024 * 1024);
    const object = await baseEnv.STORE.get(key);
    expect(object!.size).toBe(bytes);
    const text = gunzipSync(new Uint8Array(await object!.arrayBuffer())).toString("utf8");
    expect(text.split("\n").filter((l) => l !== "").length).toBe(4000);
  });
});
