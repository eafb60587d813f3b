// npm run bench:warm — warming beside a live burst, through `wrangler dev` as `npm start` runs
// it (sandbox: SANDBOX_VOLUME a day, 100 ms latency, pages of 1,000, 10 requests/s). Two runs on
// fresh state: a live burst alone, then the same burst while a warming run (the Cron Trigger,
// WARM_RATE_SHARE=0.5) fills the demo tenant's last days and just-matured days of both apps.
// The live burst: CLIENTS clients, each asking every PACE_MS for a distinct page of today's
// transactions (relayed: one upstream call each, on the same schedule the fills use).
// Goals: 0 client-visible 429s, the sandbox never above 10 calls in a second and never
// answering 429, live p50 within 1.2x of the run without warming. Ratios within one run.
import { join } from "node:path";
import {
  cleanup,
  DAY_MS,
  freePort,
  sleep,
  startServer,
  tempDir,
} from "../reliability/server/harness.mjs";

const VOLUME = Number(process.env.WARM_VOLUME ?? 20_000);
const BURST_SECONDS = Number(process.env.BURST_SECONDS ?? 40);
const CLIENTS = 4;
const PACE_MS = 800;
const ACCOUNT = "10000001";
const KEY = { authorization: "Bearer demo-key-10000001" };
const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;

async function counters(base) {
  return await (await fetch(`${base}/_edge/sandbox/counters`)).json();
}

async function burst(base) {
  const latencies = [];
  const statuses = new Map();
  const until = Date.now() + BURST_SECONDS * 1000;
  await Promise.all(Array.from({ length: CLIENTS }, async (_, client) => {
    await sleep(client * (PACE_MS / CLIENTS));
    for (let i = 0; Date.now() < until; i++) {
      const query = new URLSearchParams({
        attemptedStartTime: String(today),
        attemptedEndTime: String(Math.min(Date.now() - 60_000, today + DAY_MS)),
        limit: "50",
        offset: String((client * 10_000 + i) * 50 % 20_000),
        skills: `skill-${client}-${i}`,
      });
      const started = performance.now();
      const response = await fetch(
        `${base}/api/account/${ACCOUNT}/app/prmsg/transactions/?${query}`,
        {
          headers: KEY,
        },
      );
      await response.text();
      latencies.push(performance.now() - started);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      await sleep(Math.max(0, PACE_MS - (performance.now() - started)));
    }
  }));
  latencies.sort((a, b) => a - b);
  return { p50: latencies[Math.floor(latencies.length / 2)], n: latencies.length, statuses };
}

async function run(warming) {
  const dir = tempDir("warm-bench-");
  const server = await startServer({
    port: await freePort(),
    persistDir: join(dir, "state"),
    logDir: dir,
    vars: {
      SANDBOX_VOLUME: String(VOLUME),
      SANDBOX_LATENCY_MS: "100",
      WARM_RATE_SHARE: "0.5",
    },
    // wrangler 4.86 with static assets answers /cdn-cgi/handler/scheduled with a 500 before the
    // Worker runs; /__scheduled (with --test-scheduled) reaches scheduled().
    args: ["--test-scheduled"],
  });
  const { base } = server;
  try {
    const before = await counters(base);
    if (warming) {
      const fired = await fetch(`${base}/__scheduled?cron=*/15+*+*+*+*`);
      await fired.text();
      if (!fired.ok) throw new Error(`The scheduled handler answered ${fired.status}`);
    }
    const live = await burst(base);
    const after = await counters(base);
    const coverage = await (await fetch(
      `${base}/_edge/coverage/${ACCOUNT}/prmsg?from=${today - 8 * DAY_MS}&to=${today}`,
      { headers: KEY },
    )).json();
    const stored = coverage.days.filter((d) => d.state !== "none").length;
    return {
      live,
      upstream: (after.byOperation.transactions ?? 0) - (before.byOperation.transactions ?? 0),
      peak: Math.max(0, ...Object.values(after.peakPerSecond)),
      rateLimited: after.rateLimited - before.rateLimited,
      stored,
    };
  } finally {
    await server.stop();
  }
}

try {
  const alone = await run(false);
  const warm = await run(true);
  const fmt = (r) =>
    `live p50 ${r.live.p50.toFixed(0)} ms over ${r.live.n} requests (statuses ${
      [...r.live.statuses].map(([s, n]) => `${s}:${n}`).join(" ")
    }), ${r.upstream} upstream transactions calls, sandbox peak ${r.peak}/s, sandbox 429s ${r.rateLimited}, ${r.stored} of the last 8 days stored`;
  console.log(`without warming: ${fmt(alone)}`);
  console.log(`with warming (WARM_RATE_SHARE=0.5): ${fmt(warm)}`);
  const client429 = warm.live.statuses.get(429) ?? 0;
  console.log(
    `client 429s ${client429} (goal 0); sandbox peak ${warm.peak}/s (goal <= 10); live p50 ratio ${
      (warm.live.p50 / alone.live.p50).toFixed(2)
    } (goal <= 1.2); warming upstream calls during the burst ${warm.upstream - alone.upstream}`,
  );
} finally {
  cleanup();
}
