// Restart mid-warm: a warm fill is cut off after a random number of pages (the consumer's
// upstream fails, the queue redelivers) and resumed by a new Worker instance over the same
// storage (a restarted isolate: nothing in memory survives). Goals: no stored page fetched
// again, no half day archived, every resumed day whole and equal to the truth.
import { createScheduledController } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gunzipSync } from "node:zlib";
import {
  baseEnv,
  DAY_MS,
  daysAgo,
  harness,
  keyed,
  OAUTH2,
  okJson,
} from "../../worker/proxy/support.ts";
import { captureLogs, type LogCapture, reliabilityLine } from "./support.ts";

/** Days per run: a closed day and a matured one (archived by its fill). */
const DAYS = [daysAgo(5), daysAgo(33)];
const SEEDS = 6;

const tally = { cases: 0, duplicates: 0, halfArchived: 0, wrong: 0, pages: 0, started: Date.now() };
let logs: LogCapture;

describe("restart mid-warm", { timeout: 120_000 }, () => {
  beforeAll(() => {
    logs = captureLogs();
  });

  afterAll(() => {
    logs.restore();
    reliabilityLine(logs.print, {
      test: "Restart mid-warm (workerd)",
      cases: tally.cases,
      failures: tally.duplicates + tally.halfArchived + tally.wrong,
      lost: tally.wrong,
      notes:
        `${SEEDS} seeds x ${DAYS.length} warm fills (a closed day, a matured day archived by its ` +
        `fill) of about 15 pages, each cut off after 1 to 14 pages and resumed by a new Worker ` +
        `instance over the same R2 and ledgers; ${tally.pages} pages fetched, ` +
        `${tally.duplicates} fetched twice, ${tally.halfArchived} half days archived, ` +
        `${tally.wrong} days not equal to the truth; ${Date.now() - tally.started} ms`,
    });
  });

  for (let seed = 1; seed <= SEEDS; seed++) {
    it(`a warm fill cut off and resumed by a new instance fetches no page twice (seed ${seed})`, async () => {
      const first = harness({ sandbox: { volume: 1500 }, env: { FILL_PAGE_SIZE: "100" } });
      await first.worker.scheduled(createScheduledController(), first.env);
      const jobs = first.fills.filter((j) => j.app === "prmsg" && DAYS.includes(j.day));
      first.fills.length = 0;
      const after = first.env.STORE_PREFIX!;
      const second = harness({
        sandbox: { volume: 1500 },
        env: { FILL_PAGE_SIZE: "100", STORE_PREFIX: after },
      });
      for (const [i, job] of jobs.entries()) {
        tally.cases++;
        const cut = 1 + ((seed * 7 + i * 5) % 14);
        let served = 0;
        const fetchOnce = first.sandbox.fetch.bind(first.sandbox);
        first.sandbox.fetch = async (request) => {
          const url = request instanceof Request ? request.url : String(request);
          if (/\/transactions\//.test(url) && ++served > cut) first.network.down = true;
          return await fetchOnce(request);
        };
        first.fills.push(job);
        await first.drainFills(1);
        first.network.down = false;
        first.sandbox.fetch = fetchOnce;
        const archived = await baseEnv.STORE.head(
          `${after}archive/${OAUTH2.accountId}/prmsg/${
            new Date(job.day).toISOString().slice(0, 10).replaceAll("-", "/")
          }/day.json`,
        );
        if (archived !== null) tally.halfArchived++;
        // The queue redelivers the message: to the restarted instance.
        second.fills.push(...first.fills.splice(0));
        await second.drainFills();
      }
      const pages = [...first.reportingCalls(), ...second.reportingCalls()]
        .filter((r) => r.status === 200 && r.url.pathname.endsWith("/transactions/"))
        .map((r) =>
          `${r.url.searchParams.get("attemptedStartTime")} ${
            r.url.searchParams.get("offset") ?? "0"
          }`
        );
      tally.pages += pages.length;
      tally.duplicates += pages.length - new Set(pages).size;
      for (const day of DAYS) {
        const truth = second.oracle.transactions({
          accountId: OAUTH2.accountId,
          app: "prmsg",
          from: day,
          to: day + DAY_MS,
        });
        const iso = new Date(day).toISOString().slice(0, 10);
        const next = new Date(day + DAY_MS).toISOString().slice(0, 10);
        const coverage = await okJson(
          await second.call(`/_edge/coverage/${OAUTH2.accountId}/prmsg?from=${iso}&to=${next}`, {
            headers: keyed(OAUTH2.key),
          }),
        );
        const entry = (coverage["days"] as { state: string; transactions?: number }[])[0];
        if (entry?.transactions !== truth.length) tally.wrong++;
        if (entry?.state === "archived") {
          const object = await baseEnv.STORE.get(
            `${after}archive/${OAUTH2.accountId}/prmsg/${
              iso.replaceAll("-", "/")
            }/transactions.ndjson.gz`,
          );
          const lines = gunzipSync(new Uint8Array(await object!.arrayBuffer())).toString("utf8")
            .split("\n").filter((l) => l !== "");
          if (lines.length !== truth.length) tally.wrong++;
        }
      }
      expect({ duplicates: tally.duplicates, halfArchived: tally.halfArchived, wrong: tally.wrong })
        .toEqual({ duplicates: 0, halfArchived: 0, wrong: 0 });
    });
  }
});
