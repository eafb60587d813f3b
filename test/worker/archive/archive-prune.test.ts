// ARCHIVE_DAYS bounds the archive's storage: each cron run deletes the objects of the archived
// days past it and leaves the days inside it untouched; unset, nothing is ever deleted. The
// sweep makes bounded steps, resumes where the last run stopped, never leaves a half-deleted
// day with its manifest, and rests until the next UTC day once done.
import { createScheduledController } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { type ArchiveFile, archiveKey } from "../../../worker/archive/archive-ref.ts";
import { pruneArchive } from "../../../worker/archive/archive-prune.ts";
import type { Env } from "../../../worker/env.ts";
import { settingsOf } from "../../../worker/settings.ts";
import {
  baseEnv,
  DAY_MS,
  daysAgo,
  type Harness,
  harness,
  OAUTH2,
  quietLogs,
  T0,
} from "../proxy/support.ts";

quietLogs();

const controller = () => createScheduledController({ cron: "*/15 * * * *" });
const FILES: ArchiveFile[] = [
  "analytics.json",
  "day.json",
  "rollup.json",
  "transactions.ndjson.gz",
];

/** Every archive object of the harness: key and etag. */
async function archived(h: Harness): Promise<Map<string, string>> {
  const listed = await baseEnv.STORE.list({ prefix: `${h.env.STORE_PREFIX}archive/` });
  expect(listed.truncated).toBe(false);
  return new Map(listed.objects.map((o) => [o.key, o.etag]));
}

function dayOf(key: string): string {
  return /\/(\d{4})\/(\d{2})\/(\d{2})\//.exec(key)!.slice(1).join("-");
}

function label(day: number): string {
  return new Date(day).toISOString().slice(0, 10);
}

async function warmed(env: Partial<Env>): Promise<Harness> {
  const h = harness({ env });
  await h.worker.scheduled(controller(), h.env);
  await h.drainFills();
  h.fills.length = 0;
  return h;
}

describe("ARCHIVE_DAYS bounds the archive's storage", { timeout: 90_000 }, () => {
  it("scheduled() deletes the archive objects of the days past ARCHIVE_DAYS, and only those", async () => {
    const h = await warmed({ ARCHIVE_DAYS: "40" });
    const before = await archived(h);
    // Four matured days of both apps, four objects each.
    expect(before.size).toBe(32);
    // Six days later, 35 days ago has ended 41 days ago: past the bound; 34 days ago is not.
    h.clock.now += 6 * DAY_MS;
    const report = await h.worker.scheduled(controller(), h.env);
    const after = await archived(h);
    const gone = [...before.keys()].filter((key) => !after.has(key));
    expect(new Set(gone.map(dayOf))).toEqual(new Set([label(daysAgo(35))]));
    expect(gone.length).toBe(8);
    for (const [key, etag] of after) expect(before.get(key), key).toBe(etag);
    expect(new Set([...after.keys()].map(dayOf))).toEqual(
      new Set([32, 33, 34].map((n) => label(daysAgo(n)))),
    );
    expect(report.prune).toMatchObject({ deleted: 8, swept: true });
    // Fired again: nothing more to delete, and no listing before the next UTC day.
    expect((await h.worker.scheduled(controller(), h.env)).prune).toEqual({
      deleted: 0,
      lists: 0,
      swept: true,
    });
    expect(await archived(h)).toEqual(after);
  });

  it("scheduled() with ARCHIVE_DAYS unset deletes nothing, however old the days", async () => {
    const h = await warmed({});
    const before = await archived(h);
    expect(before.size).toBe(32);
    h.clock.now += 800 * DAY_MS;
    const report = await h.worker.scheduled(controller(), h.env);
    expect(report.prune).toEqual({ deleted: 0, lists: 0, swept: false });
    expect(await archived(h)).toEqual(before);
  });

  it("a fill of a day past ARCHIVE_DAYS does not archive it", async () => {
    const h = harness({ env: { ARCHIVE_DAYS: "33" } });
    const from = label(daysAgo(36));
    const to = label(daysAgo(34));
    const response = await h.call(
      `/_edge/admin/backfill/${OAUTH2.accountId}/prmsg?from=${from}&to=${to}`,
      {
        method: "POST",
        headers: { "x-admin-key": "demo-admin-key" },
      },
    );
    expect(response.status).toBe(202);
    expect(await h.drainFills()).toBe(2);
    expect(h.reportingCalls().length).toBeGreaterThan(0);
    expect((await archived(h)).size).toBe(0);
  });

  it("pruneArchive() sweeps in bounded steps from where it stopped, manifests first, then rests until the next day", async () => {
    const env: Env = { ...baseEnv, STORE_PREFIX: `${crypto.randomUUID()}/`, ARCHIVE_DAYS: "10" };
    const settings = settingsOf(env);
    const prefix = env.STORE_PREFIX!;
    // Three accounts; days 11-13 ago have ended more than 10 days ago at T0, 9-10 ago have not.
    const accounts = ["10000001", "10000002", "10000003"];
    const expired = [11, 12, 13].map(daysAgo);
    const kept = [9, 10].map(daysAgo);
    const keys = (days: number[]) =>
      accounts.flatMap((account) =>
        days.flatMap((day) => FILES.map((file) => archiveKey(prefix, account, "prmsg", day, file)))
      );
    const other = `${prefix}tx/v1/10000001/prmsg/current/page`;
    for (const key of [...keys(expired), ...keys(kept), other]) await env.STORE.put(key, "{}");
    const exists = async (key: string) => (await env.STORE.head(key)) !== null;
    let runs = 0;
    let deleted = 0;
    for (;;) {
      const report = await pruneArchive(env, settings, T0, { lists: 1, listLimit: 5 });
      runs++;
      expect(report.lists).toBeLessThanOrEqual(1);
      expect(report.deleted).toBeLessThanOrEqual(5);
      deleted += report.deleted;
      // A day with an object gone has no manifest left: it is never read as archived.
      for (const account of accounts) {
        for (const day of expired) {
          const present = await Promise.all(
            FILES.map((file) => exists(archiveKey(prefix, account, "prmsg", day, file))),
          );
          if (present.includes(false)) expect(present[1], `${account} ${label(day)}`).toBe(false);
        }
      }
      if (report.swept) break;
      expect(runs).toBeLessThan(30);
    }
    expect(runs).toBeGreaterThan(3);
    expect(deleted).toBeLessThanOrEqual(keys(expired).length);
    for (const key of keys(expired)) expect(await exists(key), key).toBe(false);
    for (const key of [...keys(kept), other]) expect(await exists(key), key).toBe(true);
    expect(await pruneArchive(env, settings, T0 + 3_600_000, { lists: 1, listLimit: 5 }))
      .toEqual({ deleted: 0, lists: 0, swept: true });
    // The next day, 10 days ago has ended 11 days ago: the next sweep deletes it.
    const tomorrow = T0 + DAY_MS;
    for (let i = 0; i < 30; i++) {
      if ((await pruneArchive(env, settings, tomorrow, { lists: 1, listLimit: 5 })).swept) break;
    }
    for (const key of keys([daysAgo(10)])) expect(await exists(key), key).toBe(false);
    for (const key of [...keys([daysAgo(9)]), other]) expect(await exists(key), key).toBe(true);
  });
});
