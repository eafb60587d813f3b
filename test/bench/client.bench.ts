// npm run bench:client — the client's figures against the sandbox, measured in one run.
// 1. A 30-day transactions pull at 100 ms latency and 10 requests/s per API, against the
//    lower bound the rate limit sets (requests ÷ 10 per second) and a naive sequential loop.
// 2. Parsing and validating a 9,999-row transactions page against a bare JSON.parse.
import { parseTransactionsPage, ReportingClient } from "../../lib/mod.ts";
import { createSandbox } from "../../lib/sandbox/mod.ts";

const DAY = 86_400_000;
const today = Math.floor(Date.now() / DAY) * DAY;
const from = today - 31 * DAY;
const to = today - DAY;

async function clientPull(): Promise<
  { ms: number; requests: number; rows: number; limited: number; peak: number }
> {
  const sandbox = createSandbox({
    volume: 2000,
    pageSize: 400,
    rateLimit: 10,
    faults: { latencyMs: 100 },
  });
  const tenant = sandbox.tenants[0]!;
  const client = new ReportingClient({
    accountId: tenant.accountId,
    app: "prmsg",
    region: tenant.region,
    auth: { kind: "bearer", token: tenant.bearer },
    fetch: sandbox.fetch,
    rateLimit: 10,
    concurrency: 8,
  });
  const started = performance.now();
  const rows = await client.transactions({ from, to }).toArray();
  const ms = performance.now() - started;
  const counters = sandbox.counters();
  return {
    ms,
    requests: counters.requests,
    rows: rows.length,
    limited: counters.rateLimited,
    peak: counters.peakPerSecond[`${tenant.accountId}:transactions`] ?? 0,
  };
}

async function naivePull(): Promise<{ ms: number; requests: number; rows: number }> {
  const sandbox = createSandbox({
    volume: 2000,
    pageSize: 400,
    rateLimit: 10,
    faults: { latencyMs: 100 },
  });
  const tenant = sandbox.tenants[0]!;
  const started = performance.now();
  let rows = 0;
  for (let day = from; day < to; day += DAY) {
    let offset = 0;
    for (;;) {
      const url =
        `https://va.cx-reporting.liveperson.net/api/account/${tenant.accountId}/app/prmsg/transactions/` +
        `?attemptedStartTime=${day}&attemptedEndTime=${day + DAY}&offset=${offset}`;
      const response = await sandbox.fetch(url, {
        headers: { authorization: `Bearer ${tenant.bearer}` },
      });
      if (response.status === 429) continue;
      const page = parseTransactionsPage(await response.json(), "current");
      rows += page.transactions.length;
      if (page.page.nextOffset === null) break;
      offset = page.page.nextOffset;
    }
  }
  return { ms: performance.now() - started, requests: sandbox.counters().requests, rows };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function parseCost(): Promise<{ parseMs: number; jsonMs: number; bytes: number }> {
  const sandbox = createSandbox({ volume: 11_000, rateLimit: Number.POSITIVE_INFINITY });
  const tenant = sandbox.tenants[0]!;
  const url =
    `https://va.cx-reporting.liveperson.net/api/account/${tenant.accountId}/app/prmsg/transactions/` +
    `?attemptedStartTime=${today - 3 * DAY}&attemptedEndTime=${today - 2 * DAY}&limit=9999`;
  const body =
    await (await sandbox.fetch(url, { headers: { authorization: `Bearer ${tenant.bearer}` } }))
      .text();
  const rows = parseTransactionsPage(JSON.parse(body), "current").transactions.length;
  if (rows !== 9999) throw new Error(`expected a full page, got ${rows} rows`);
  const json: number[] = [];
  const full: number[] = [];
  for (let i = 0; i < 15; i++) {
    let t = performance.now();
    JSON.parse(body);
    json.push(performance.now() - t);
    t = performance.now();
    parseTransactionsPage(JSON.parse(body), "current");
    full.push(performance.now() - t);
  }
  return { jsonMs: median(json), parseMs: median(full), bytes: body.length };
}

const pull = await clientPull();
const naive = await naivePull();
const bound = (pull.requests / 10) * 1000;
const parse = await parseCost();

const lines = [
  `30-day transactions pull: ${pull.rows} rows, ${pull.requests} requests, ${pull.limited} upstream 429s, peak ${pull.peak} requests in one second`,
  `  client            ${(pull.ms / 1000).toFixed(2)} s`,
  `  rate-limit bound  ${(bound / 1000).toFixed(2)} s (requests / 10 per second)`,
  `  naive sequential  ${
    (naive.ms / 1000).toFixed(2)
  } s (${naive.requests} requests, ${naive.rows} rows)`,
  `  ratio client / bound           ${(pull.ms / bound).toFixed(3)} (goal <= 1.15)`,
  `  ratio client / naive           ${(pull.ms / naive.ms).toFixed(3)}`,
  `9,999-row page (${(parse.bytes / 1e6).toFixed(1)} MB): JSON.parse ${
    parse.jsonMs.toFixed(1)
  } ms, JSON.parse + parseTransactionsPage ${parse.parseMs.toFixed(1)} ms`,
  `  ratio parse+validate / JSON.parse  ${(parse.parseMs / parse.jsonMs).toFixed(2)} (goal <= 3)`,
];
console.log(lines.join("\n"));
if (pull.rows !== naive.rows) {
  throw new Error(`the client and the naive loop disagree: ${pull.rows} vs ${naive.rows}`);
}
