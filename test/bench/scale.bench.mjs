// npm run bench:scale — the proxy at enterprise volume, through `wrangler dev` as `npm start` runs
// it, with the embedded sandbox at SANDBOX_VOLUME transactions a day, 100 ms latency, pages of
// 1,000 and 10 requests/s (its defaults otherwise). Ratios are measured within one run.
// Part A (SCALE_VOLUME, default 1,000,000 a day): page 1 of a day not yet stored against the same
// page straight from the sandbox (/_edge/sandbox/direct), the upstream calls of paging through a
// day once and then with 10 concurrent clients, the whole-day fill against the rate-limit bound,
// 0 upstream calls for pages and filters of the stored day, and the peak memory: the Worker
// isolate's V8 heap read through its inspector (Runtime.getHeapUsage), and workerd's RSS. With
// SCALE_SANDBOX=worker, Part A runs under miniflare with the sandbox in a Worker of its own
// (test/bench/separate-sandbox.mjs), so that heap is the proxy's own.
// Part B (2,000 a day, so 13 months fill in minutes; a rollup's size does not grow with volume):
// /_edge/funnel by campaign over 13 months, warm; 100 pollers of today's window for POLL_SECONDS.
// Part C (`npm run bench:export`, 100,000 a day): an NDJSON export of EXPORT_DAYS (default 30)
// closed days not yet stored — its first bytes against one upstream page straight from the
// sandbox, its rows, bytes and upstream calls, and the workerd RSS sampled every 100 ms while
// it streams (the client counts bytes and lines and keeps nothing).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import WebSocket from "ws";
import { startSeparated } from "./separate-sandbox.mjs";
import {
  cleanup,
  DAY_MS,
  freePort,
  liveMembers,
  sleep,
  startServer,
  tempDir,
} from "../reliability/server/harness.mjs";

const VOLUME = Number(process.env.SCALE_VOLUME ?? 1_000_000);
/** `worker`: Part A runs the sandbox in a Worker of its own (test/bench/separate-sandbox.mjs). */
const SEPARATE = process.env.SCALE_SANDBOX === "worker";
/** `live`: Part A's heap samples are taken after a forced garbage collection (see heapWatch). */
const LIVE_HEAP = process.env.SCALE_HEAP === "live";
const POLL_SECONDS = Number(process.env.POLL_SECONDS ?? 180);
const EXPORT_DAYS = Number(process.env.EXPORT_DAYS ?? 30);
const EXPORT_VOLUME = 100_000;
const PAGE = 1000;
const RATE = 10;
const ACCOUNT = "10000001";
const KEY = { authorization: "Bearer demo-key-10000001" };
const BEARER = { authorization: "Bearer sandbox-le-bearer-10000001" };
const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
const closed = (n) => today - n * DAY_MS;

const txPath = (day, query) =>
  `/api/account/${ACCOUNT}/app/prmsg/transactions/?${new URLSearchParams({
    attemptedStartTime: String(day),
    attemptedEndTime: String(day + DAY_MS),
    ...query,
  })}`;

/** Connections the server closed as a request was sent on them, each asked again once. */
let closedConnections = 0;

/**
 * `fetch`, asking once more on a new connection when the server closed the reused one as the
 * request went out (workerd does so now and then on a long-lived keep-alive connection; the
 * request never reached the Worker). Counted and reported at the end.
 */
async function get(url, init) {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (error?.cause?.code !== "UND_ERR_SOCKET") throw error;
    closedConnections++;
    return await fetch(url, init);
  }
}

async function timed(url, headers) {
  const started = performance.now();
  const response = await get(url, { headers });
  const text = await response.text();
  if (!response.ok) throw new Error(`${response.status} ${url}: ${text.slice(0, 300)}`);
  return { ms: performance.now() - started, body: JSON.parse(text), headers: response.headers };
}

/** Waits until the proxy holds `day` whole (its coverage says so; no upstream call). */
async function stored(base, day, limitMs = 30 * 60_000) {
  const started = performance.now();
  const path = `${base}/_edge/coverage/${ACCOUNT}/prmsg?from=${day}&to=${day + DAY_MS}`;
  while (performance.now() - started < limitMs) {
    const { days } = await (await get(path, { headers: KEY })).json();
    if (days[0].state === "closed" || days[0].state === "settling") return;
    await sleep(250);
  }
  throw new Error(`Day ${day} was not stored in ${limitMs} ms`);
}

async function upstreamTransactions(base) {
  const counters = await (await get(`${base}/_edge/sandbox/counters`)).json();
  return counters.byOperation.transactions ?? 0;
}

/** Samples the peak resident memory of the server's workerd processes (`last`: the latest sample). */
function rssWatch(pgid) {
  let peak = 0;
  let last = 0;
  const sample = () => {
    last = 0;
    for (const pid of liveMembers(pgid)) {
      try {
        const status = readFileSync(`/proc/${pid}/status`, "utf8");
        if (!/^Name:\s+workerd/m.test(status)) continue;
        const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
        last = Math.max(last, kb * 1024);
        peak = Math.max(peak, last);
      } catch {
        // Gone.
      }
    }
  };
  sample();
  const timer = setInterval(sample, 100);
  return {
    stop: () => (clearInterval(timer), sample(), peak),
    now: () => (sample(), peak),
    last: () => (sample(), last),
  };
}

/**
 * Samples the Worker isolate's V8 heap through its inspector: the peak of the heap in use and
 * of the heap V8 holds, every 50 ms. With `live`, each sample first has V8 collect garbage
 * (`HeapProfiler.collectGarbage`) every 250 ms, so the heap in use is what is still reachable:
 * the live set an isolate under a memory limit must hold (V8 without pressure lets garbage pile
 * up long before it collects). The forced collections slow the isolate: such a run measures
 * memory, not speed. Locally the isolate also runs the Durable Objects (and, but with
 * SCALE_SANDBOX=worker, the embedded sandbox): an upper bound of the Worker's own.
 */
async function heapWatch(inspectorPort, name, { live = false } = {}) {
  const targets = await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json();
  const target = name === undefined
    ? targets[0]
    : targets.find((t) => `${t.title} ${t.url}`.includes(name));
  if (target === undefined) {
    throw new Error(`No inspector target ${name}: ${JSON.stringify(targets)}`);
  }
  // ws: Node 20's own WebSocket (--experimental-websocket) is refused by wrangler's inspector.
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.addEventListener("open", resolve, { once: true });
    socket.addEventListener("error", reject, { once: true });
  });
  const peak = { used: 0, total: 0 };
  const waiting = new Map();
  let id = 0;
  socket.addEventListener("message", ({ data }) => {
    const message = JSON.parse(String(data));
    waiting.get(message.id)?.(message.result);
    waiting.delete(message.id);
  });
  const send = (method) =>
    new Promise((resolve) => {
      waiting.set(++id, resolve);
      socket.send(JSON.stringify({ id, method }));
    });
  let running = true;
  const sampling = (async () => {
    while (running) {
      if (live) await send("HeapProfiler.collectGarbage");
      const usage = await send("Runtime.getHeapUsage");
      peak.used = Math.max(peak.used, usage?.usedSize ?? 0);
      peak.total = Math.max(peak.total, usage?.totalSize ?? 0);
      await sleep(live ? 250 : 50);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await sampling;
      socket.close();
      return peak;
    },
  };
}

async function partA() {
  const dir = tempDir("scale-a-");
  const inspectorPort = await freePort();
  const vars = {
    SANDBOX_VOLUME: String(VOLUME),
    SANDBOX_LATENCY_MS: "100",
    WAIT_BUDGET_MS: "120000",
  };
  const server = SEPARATE
    ? await startSeparated({ dir, persistDir: join(dir, "state"), vars, inspectorPort })
    : await startServer({
      port: await freePort(),
      persistDir: join(dir, "state"),
      logDir: dir,
      vars,
      inspectorPort,
    });
  console.log(
    SEPARATE
      ? "server: miniflare, the sandbox in a Worker of its own (SCALE_SANDBOX=worker)"
      : "server: wrangler dev, the embedded sandbox in the proxy's isolate",
  );
  const { base } = server;
  try {
    const idle = rssWatch(server.pid).stop();
    const rss = rssWatch(server.pid);
    const heap = await heapWatch(inspectorPort, server.inspectorTarget, { live: LIVE_HEAP });
    // 1. Page 1 cold: direct from the sandbox (day -10) against through the proxy (day -11).
    const direct = await timed(
      `${base}/_edge/sandbox/direct/va.cx-reporting.liveperson.net${
        txPath(closed(10), { limit: String(PAGE) })
      }`,
      BEARER,
    );
    const before = await upstreamTransactions(base);
    const proxied = await timed(`${base}${txPath(closed(11), { limit: String(PAGE) })}`, KEY);
    const firstCalls = (await upstreamTransactions(base)) - before;
    console.log(
      `page 1 of a ${VOLUME.toLocaleString("en")}-a-day day not yet stored: proxy ${
        proxied.ms.toFixed(0)
      } ms (${firstCalls} upstream calls by then, the background fill's first included), sandbox direct ${
        direct.ms.toFixed(0)
      } ms, ratio ${(proxied.ms / direct.ms).toFixed(2)} (goal <= 1.5)`,
    );
    // Day -11's background fill finishes before the next figure counts calls.
    await stored(base, closed(11));
    // 2. Page through day -12 once, then with 10 concurrent clients.
    const day = closed(12);
    const start2 = await upstreamTransactions(base);
    const pageThrough = async () => {
      let offset = 0;
      let rows = 0;
      for (;;) {
        const { body } = await timed(
          `${base}${txPath(day, { limit: String(PAGE), offset: String(offset) })}`,
          KEY,
        );
        rows += body.transactions.length;
        // The current dialect writes "no next page" as -1 or null.
        if (body.page.nextOffset === null || body.page.nextOffset < 0) return rows;
        offset = body.page.nextOffset;
      }
    };
    const t2 = performance.now();
    const rows = await pageThrough();
    const onceMs = performance.now() - t2;
    const pages = Math.ceil(rows / PAGE);
    await Promise.all(Array.from({ length: 10 }, pageThrough));
    const pagingCalls = (await upstreamTransactions(base)) - start2;
    console.log(
      `paging through the day (${rows.toLocaleString("en")} transactions, ${pages} pages) once in ${
        (onceMs / 1000).toFixed(1)
      } s, then with 10 concurrent clients: ${pagingCalls} upstream calls, ${
        (pagingCalls / pages).toFixed(3)
      } x the page count (goal <= 1.0)`,
    );
    // 3. Whole-day fill of day -13, started by one page, until a filtered query is a hit.
    const fillDay = closed(13);
    const t3 = performance.now();
    await timed(`${base}${txPath(fillDay, { limit: String(PAGE) })}`, KEY);
    await stored(base, fillDay);
    const filledMs = performance.now() - t3;
    // The day's size, read back from storage (no upstream call).
    let fillRows = 0;
    for (let offset = 0; offset !== null && offset >= 0;) {
      const { body } = await timed(
        `${base}${txPath(fillDay, { limit: "9999", offset: String(offset) })}`,
        KEY,
      );
      fillRows += body.transactions.length;
      offset = body.page.nextOffset;
    }
    const fillPages = Math.ceil(fillRows / PAGE);
    const bound = (fillPages / RATE) * 1000;
    console.log(
      `whole-day fill: ${(filledMs / 1000).toFixed(1)} s, rate-limit bound ${
        (bound / 1000).toFixed(1)
      } s (${fillPages} pages / ${RATE}/s), ratio ${(filledMs / bound).toFixed(3)} (goal <= 1.15)`,
    );
    // 4. The stored day: pages and filters, 0 upstream calls.
    const start4 = await upstreamTransactions(base);
    const hits = [];
    for (
      const query of [
        { limit: "1000", offset: "0" },
        { limit: "1000", offset: String(PAGE * Math.floor(pages / 2)) },
        { limit: "500", offset: "250" },
        { limit: "100", channels: "sms" },
        { limit: "100", skills: "billing", messagestatus: "DELIVERED" },
      ]
    ) {
      for (let i = 0; i < 5; i++) {
        hits.push((await timed(`${base}${txPath(fillDay, query)}`, KEY)).ms);
      }
    }
    hits.sort((a, b) => a - b);
    console.log(
      `after the fill: ${
        (await upstreamTransactions(base)) - start4
      } upstream calls for 25 page and filter requests; median ${hits[12].toFixed(1)} ms`,
    );
    const peak = rss.stop();
    const heapPeak = await heap.stop();
    console.log(
      `Worker isolate peak V8 heap${
        LIVE_HEAP ? " (live, after forced GCs)" : ""
      } while filling and paging: ${(heapPeak.used / 2 ** 20).toFixed(1)} MiB in use, ${
        (heapPeak.total / 2 ** 20).toFixed(1)
      } MiB held (goal <= 64 MB; the ` +
        `isolate also runs the Durable Objects${SEPARATE ? "" : " and the embedded sandbox"})`,
    );
    console.log(
      `workerd peak RSS while filling and paging: ${(peak / 2 ** 20).toFixed(0)} MiB (idle ${
        (idle / 2 ** 20).toFixed(0)
      } MiB, so ${((peak - idle) / 2 ** 20).toFixed(0)} MiB for the work, sandbox included)`,
    );
  } catch (error) {
    console.error(`the server's log, last lines:\n${server.log().slice(-6000)}`);
    throw error;
  } finally {
    await server.stop();
  }
}

async function partB() {
  const dir = tempDir("scale-b-");
  const server = await startServer({
    port: await freePort(),
    persistDir: join(dir, "state"),
    logDir: dir,
    vars: { SANDBOX_LATENCY_MS: "100", WAIT_BUDGET_MS: "120000" },
  });
  const { base } = server;
  try {
    // 13 months of days, filled by the background fill, then a warm funnel by campaign.
    const from = closed(395);
    const to = closed(2);
    const path = `${base}/_edge/funnel/${ACCOUNT}/prmsg?from=${from}&to=${to}&groupBy=campaign`;
    const t = performance.now();
    for (;;) {
      const response = await fetch(path, { headers: KEY });
      await response.text();
      if (response.status === 200) break;
      if (performance.now() - t > 20 * 60_000) throw new Error("13 months did not fill in 20 min");
      await sleep(5_000);
    }
    console.log(
      `13 months (393 days) stored for the funnel in ${
        ((performance.now() - t) / 1000).toFixed(0)
      } s`,
    );
    const before = await upstreamTransactions(base);
    const warm = [];
    for (let i = 0; i < 5; i++) {
      warm.push((await timed(path.replace("groupBy=campaign", `groupBy=campaign&n=${i}`), KEY)).ms);
    }
    warm.sort((a, b) => a - b);
    console.log(
      `/_edge/funnel by campaign over 13 months, warm: median ${(warm[2] / 1000).toFixed(2)} s, ${
        (await upstreamTransactions(base)) - before
      } upstream calls (goal <= 2 s, 0 calls)`,
    );
    // 100 pollers of today's window, once the background fills are done (the counter counts
    // every transactions call, theirs too): no call for 10 s.
    for (let last = -1, current; (current = await upstreamTransactions(base)) !== last;) {
      last = current;
      await sleep(10_000);
    }
    const now = Date.now();
    const window =
      `/api/account/${ACCOUNT}/app/prmsg/transactions/?attemptedStartTime=${today}&attemptedEndTime=${
        today + DAY_MS
      }`;
    const start = await upstreamTransactions(base);
    const until = now + POLL_SECONDS * 1000;
    // When each call happened, from the counter read every 200 ms (seconds since the start).
    const callTimes = [];
    let counted = start;
    const watching = (async () => {
      for (let done = false; !done;) {
        done = Date.now() >= until + 5_000;
        const current = await upstreamTransactions(base);
        for (; counted < current; counted++) {
          callTimes.push(((Date.now() - now) / 1000).toFixed(1));
        }
        await sleep(200);
      }
    })();
    await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        await sleep(i * 10);
        while (Date.now() < until) {
          await (await get(`${base}${window}`, { headers: KEY })).text();
          await sleep(1_000);
        }
      }),
    );
    await watching;
    const polled = (await upstreamTransactions(base)) - start;
    console.log(
      `100 pollers of today's window for ${POLL_SECONDS} s: ${polled} upstream calls, at ${
        callTimes.join(", ")
      } s (goal <= ${Math.ceil(POLL_SECONDS / 60)})`,
    );
  } finally {
    await server.stop();
  }
}

const MiB = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

async function partC() {
  const dir = tempDir("scale-c-");
  const server = await startServer({
    port: await freePort(),
    persistDir: join(dir, "state"),
    logDir: dir,
    vars: {
      SANDBOX_VOLUME: String(EXPORT_VOLUME),
      SANDBOX_LATENCY_MS: "100",
      WAIT_BUDGET_MS: "120000",
    },
  });
  const { base } = server;
  try {
    // The baseline: page 1 of three days outside the export, straight from the sandbox.
    const direct = [];
    for (const n of [EXPORT_DAYS + 2, EXPORT_DAYS + 3, EXPORT_DAYS + 4]) {
      direct.push(
        (await timed(
          `${base}/_edge/sandbox/direct/va.cx-reporting.liveperson.net${
            txPath(closed(n), { limit: String(PAGE) })
          }`,
          BEARER,
        )).ms,
      );
    }
    direct.sort((a, b) => a - b);
    const page = direct[1];
    const idle = rssWatch(server.pid).stop();
    const rss = rssWatch(server.pid);
    const from = closed(EXPORT_DAYS + 1);
    const to = closed(1);
    const before = await upstreamTransactions(base);
    const started = performance.now();
    const response = await fetch(
      `${base}/_edge/export/${ACCOUNT}/prmsg/transactions?from=${from}&to=${to}&format=ndjson`,
      { headers: KEY },
    );
    if (!response.ok) throw new Error(`${response.status}: ${await response.text()}`);
    let firstMs = null;
    let bytes = 0;
    let rows = 0;
    // The workerd RSS each time another 100,000 rows (about a day) have streamed.
    const marks = [];
    for await (const chunk of response.body) {
      firstMs ??= performance.now() - started;
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows += 1;
      if (rows >= (marks.length + 1) * EXPORT_VOLUME) marks.push(rss.last());
    }
    const totalMs = performance.now() - started;
    const calls = (await upstreamTransactions(base)) - before;
    const peak = rss.stop();
    const pages = Math.ceil(rows / PAGE);
    // Every row arrived: the sandbox's own analytics count the range's transactions (after the
    // export, so its generation does not warm the export's days).
    const { body } = await timed(
      `${base}/_edge/sandbox/direct/va.cx-reporting.liveperson.net/api/account/${ACCOUNT}/app/prmsg/analytics/?attemptedStartTime=${from}&attemptedEndTime=${to}`,
      BEARER,
    );
    const expected = body.analytics.reduce((sum, row) => sum + row.attempted, 0);
    if (rows !== expected) throw new Error(`The export streamed ${rows} rows of ${expected}`);
    console.log(
      `export of ${EXPORT_DAYS} days at ${
        EXPORT_VOLUME.toLocaleString("en")
      } a day (NDJSON): first bytes ${
        firstMs.toFixed(0)
      } ms, one upstream page straight from the sandbox ${page.toFixed(0)} ms (median of ${
        direct.map((ms) => ms.toFixed(0)).join(", ")
      }), ratio ${(firstMs / page).toFixed(2)} (goal <= 2)`,
    );
    console.log(
      `streamed ${rows.toLocaleString("en")} rows (all of the sandbox's), ${MiB(bytes)} in ${
        (totalMs / 1000).toFixed(0)
      } s (${calls} upstream calls for ${pages} pages; rate-limit bound ${
        (pages / RATE).toFixed(0)
      } s)`,
    );
    console.log(
      `workerd RSS: idle ${MiB(idle)}, peak ${MiB(peak)} while streaming; at each ${
        EXPORT_VOLUME.toLocaleString("en")
      } rows: ${marks.map(MiB).join(", ")}`,
    );
  } finally {
    await server.stop();
  }
}

const parts = process.env.SCALE_PART ?? "AB";
try {
  if (parts.includes("A")) await partA();
  if (parts.includes("B")) await partB();
  if (parts.includes("C")) await partC();
} finally {
  console.log(
    `connections the server closed as a request went out, asked again: ${closedConnections}`,
  );
  cleanup();
}
