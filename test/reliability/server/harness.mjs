// Shared harness of the server reliability runs (load.mjs, restart.mjs): starts `wrangler dev`
// the way `npm start` does (own port, own --persist-to, own process group), stops it by process
// group, scans texts and files for secrets, and reads the persisted KV entries back through
// miniflare (the R2 pages of stored days: store-audit.mjs) (Node 20 cannot import the .ts sources, so nothing here imports lib/ or worker/).
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** The demo tenants of `npm start` (README.md); account 30000003 is a pass-through tenant. */
export const TENANTS = [
  { accountId: "10000001", key: "demo-key-10000001", passthrough: null },
  { accountId: "20000002", key: "demo-key-20000002", passthrough: null },
  {
    accountId: "30000003",
    key: "demo-key-30000003",
    passthrough: "Bearer sandbox-le-bearer-30000003",
  },
];

/** Every configured secret, token, proxy key and signature the runs must never see echoed. */
export const SECRET_PATTERNS = [
  ["proxy key", /demo-key-[0-9]+/g],
  ["OAuth 2.0 client secret", /sandbox-secret-[0-9]+/g],
  ["OAuth 2.0 client id", /sandbox-client-[0-9]+/g],
  ["OAuth 1.0a consumer key or secret", /sandbox-app-(?:key|secret)-[0-9]+/g],
  ["OAuth 1.0a token or token secret", /sandbox-access-token-(?:secret-)?[0-9]+/g],
  ["LE bearer", /sandbox-le-bearer-[0-9]+/g],
  ["AppJWT or other base64url JSON", /eyJ[A-Za-z0-9_-]{8,}/g],
  ["OAuth 1.0a parameter", /oauth_(?:signature|consumer_key|token|nonce)/gi],
  ["sandbox AppJWT signing key", /lp-reporting-edge-sandbox-signing-key/g],
  ["proxy token signing key", /lp-reporting-edge-development-proxy-token-key/g],
];

const groups = new Set();
const dirs = new Set();

function killGroupsSync() {
  for (const pid of groups) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  groups.clear();
}

function removeDirsSync() {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs.clear();
}

// Whatever happens (an exception, process.exit, a signal), what was started is killed and the
// temporary directories are removed.
process.on("exit", () => {
  killGroupsSync();
  removeDirsSync();
});
for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143], ["SIGHUP", 129]]) {
  process.on(signal, () => process.exit(code));
}

/** A new temporary directory, removed at exit (or by {@link cleanup}). */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.add(dir);
  return dir;
}

/** Kills every process group still running and removes the temporary directories. */
export function cleanup() {
  killGroupsSync();
  removeDirsSync();
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The ids of the live (not zombie) processes of a process group (Linux /proc). */
export function liveMembers(pgid) {
  const members = [];
  let entries;
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "latin1");
      // pid (comm) state ppid pgrp ...: comm may hold spaces, so split after the last ")".
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === pgid && fields[0] !== "Z") members.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return members;
}

/**
 * Starts the Worker like `npm start` (wrangler dev --local, the offline env vars) on `port`
 * with `--persist-to persistDir`, in its own process group, and waits for /_edge/health.
 * `vars` (e.g. `{ CORS_ORIGINS: "http://127.0.0.1:9000" }`) override wrangler.toml's `[vars]`
 * through `--var NAME:VALUE`. The Worker's V8 inspector listens on `inspectorPort` (a free
 * port by default, never wrangler's fixed 9229, which another `wrangler dev` may hold; the
 * benchmarks read the isolate's heap through it); `args` are more `wrangler dev` arguments.
 * @returns The server: `base` URL, `log()` (stdout + stderr so far), `stop(signal)`.
 */
export async function startServer(
  { port, persistDir, logDir, vars = {}, inspectorPort, args = [] },
) {
  const inspector = inspectorPort ?? await freePort();
  const child = spawn(
    "npx",
    [
      "wrangler",
      "dev",
      "--local",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--persist-to",
      persistDir,
      ...Object.entries(vars).flatMap(([name, value]) => ["--var", `${name}:${value}`]),
      "--inspector-port",
      String(inspector),
      ...args,
    ],
    {
      cwd: REPO,
      detached: true, // setsid: its own process group, stopped as a whole
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: "false",
        WRANGLER_HIDE_BANNER: "true",
        CLOUDFLARE_CF_FETCH_ENABLED: "false",
        WRANGLER_LOG_PATH: logDir,
        // A private dev registry: other `wrangler dev` sessions on this machine starting or
        // stopping would otherwise make this one reload its Worker mid-run.
        WRANGLER_REGISTRY_PATH: join(logDir, "registry"),
        NO_COLOR: "1",
        FORCE_COLOR: "0",
      },
    },
  );
  groups.add(child.pid);
  // Kept apart, so a chunk of one stream can never split a line of the other.
  const out = [];
  const err = [];
  child.stdout.on("data", (chunk) => out.push(chunk));
  child.stderr.on("data", (chunk) => err.push(chunk));
  let exit = null;
  const exited = new Promise((resolve) =>
    child.on("exit", (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    })
  );
  const log = () =>
    `${Buffer.concat(out).toString("utf8")}\n${Buffer.concat(err).toString("utf8")}`;
  const base = `http://127.0.0.1:${port}`;
  const server = {
    pid: child.pid,
    base,
    log,
    exited,
    /** Stops the whole process group and waits until none of it is alive. */
    async stop(signal = "SIGTERM") {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // Already gone.
      }
      const deadline = Date.now() + 15_000;
      while (exit === null || liveMembers(child.pid).length > 0) {
        if (Date.now() > deadline) {
          try {
            process.kill(-child.pid, "SIGKILL");
          } catch {
            // Already gone.
          }
          await Promise.race([exited, sleep(2_000)]);
          break;
        }
        await sleep(100);
      }
      groups.delete(child.pid);
      return exit;
    },
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exit !== null) {
      throw new Error(`wrangler dev exited before it was ready:\n${log().slice(-3000)}`);
    }
    if (Date.now() > deadline) {
      await server.stop("SIGKILL");
      throw new Error(`wrangler dev did not become ready in 90 s:\n${log().slice(-3000)}`);
    }
    try {
      const response = await fetch(`${base}/_edge/health`, { signal: AbortSignal.timeout(2_000) });
      const body = await response.json();
      // Ours, not another server that took the port: wrangler says where it listens.
      if (response.ok && body.status === "ok" && log().includes(`Ready on ${base}`)) {
        if (body.upstream !== "sandbox") {
          throw new Error(`The server's upstream is not the sandbox: ${body.upstream}`);
        }
        return server;
      }
    } catch (error) {
      if (String(error?.message).startsWith("The server's upstream")) throw error;
      // Not listening yet.
    }
    await sleep(200);
  }
}

/** Counts secret occurrences in `text`, adding one finding per kind to `findings` (never the secret). */
export function scanText(text, where, findings) {
  if (typeof text !== "string" || text === "") return 0;
  let total = 0;
  for (const [label, pattern] of SECRET_PATTERNS) {
    pattern.lastIndex = 0;
    const matches = text.match(pattern);
    if (matches === null) continue;
    total += matches.length;
    findings.push({ where, label, count: matches.length, redacted: `${matches[0].slice(0, 6)}…` });
  }
  return total;
}

/** Scans every file under `dir` (sqlite, WAL, blobs, logs: raw bytes). @returns files scanned. */
export function scanFiles(dir, findings, label = dir) {
  let files = 0;
  const walk = (path) => {
    let entries;
    try {
      entries = readdirSync(path, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        files += 1;
        scanText(
          readFileSync(full).toString("latin1"),
          `${label}/${relative(dir, full)}`,
          findings,
        );
      }
    }
  };
  walk(dir);
  return files;
}

/** The KV namespace id bound to CACHE in wrangler.toml (the local persistence is keyed by it). */
export function cacheNamespaceId() {
  const toml = readFileSync(join(REPO, "wrangler.toml"), "utf8");
  const match = /\[\[kv_namespaces\]\][^[]*?binding\s*=\s*"CACHE"[^[]*?id\s*=\s*"([^"]+)"/.exec(
    toml,
  );
  if (match === null) throw new Error("Cannot find the CACHE namespace id in wrangler.toml");
  return match[1];
}

/**
 * Every entry of the CACHE namespace persisted under `persistDir` (wrangler's `--persist-to`),
 * read through miniflare on the same files: `{ key, value, metadata, expiration }`.
 */
export async function readKvEntries(persistDir) {
  const { Miniflare } = await import("miniflare");
  const mf = new Miniflare({
    modules: true,
    script: "export default { fetch() { return new Response(null, { status: 204 }); } };",
    kvNamespaces: { CACHE: cacheNamespaceId() },
    kvPersist: join(persistDir, "v3", "kv"),
  });
  try {
    const kv = await mf.getKVNamespace("CACHE");
    const entries = [];
    let cursor;
    for (;;) {
      const page = await kv.list(cursor === undefined ? {} : { cursor });
      for (const { name, expiration } of page.keys) {
        const { value, metadata } = await kv.getWithMetadata(name, "text");
        // Expired between the listing and the read (micro-cached answers live 60 s): gone.
        if (value === null) continue;
        entries.push({ key: name, value, metadata, expiration });
      }
      if (page.list_complete) break;
      cursor = page.cursor;
    }
    return entries;
  } finally {
    await mf.dispose();
  }
}

const KEY =
  /^v1\|([0-9]+)\|(prmsg|c2m)\|(accountAnalytics|transactions)\|(current|2\.0)\|([0-9]+)\|([0-9]+)\|\|$/;
// A finished answer cached beside its day windows (worker/data/response-cache.ts).
const RESPONSE_KEY =
  /^v1\|([0-9]+)\|(prmsg|c2m)\|(accountAnalytics|transactions)-response\|(current|2\.0)\|([0-9]+)\|([0-9]+)\|[^|]*\|[0-9]*$/;
const COUNTS_CURRENT = [
  "attempted",
  "eligible",
  "skipped",
  "sent",
  "failed",
  "delivered",
  "read",
  "conversationscreated",
  "conversationsclosed",
];
const COUNTS_20 = [
  "attempted",
  "eligible",
  "skipped",
  "optOuts",
  "sent",
  "failed",
  "delivered",
  "read",
  "optIns",
  "conversationsCreated",
  "conversationsClosed",
];
const TIMES_CURRENT = [
  "attemptedTime",
  "eligibleTime",
  "skippedTime",
  "cancelledTime",
  "inviteTime",
  "sentTime",
  "deliveredTime",
  "readTime",
  "failedTime",
  "conversationsCreatedTime",
  "conversationsClosedTime",
  "optInsTime",
  "optOutsTime",
];
const TIMES_20 = TIMES_CURRENT.filter((name) => name !== "skippedTime");

function utcDay(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

function isCount(value) {
  return Number.isSafeInteger(value) && value >= 0;
}

function isoMs(value) {
  if (typeof value !== "string" || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value)) {
    return null;
  }
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * The problems of one day's (or one page's) wire transactions: ids unique (across `ids`),
 * channels of the dialect, attempted inside `[from, to)`, event times after it, CSAT 0-5.
 */
export function transactionProblems(transactions, { from, to, upper, ids = new Set(), at = "" }) {
  const problems = [];
  const channelOk = (channel) =>
    upper ? ["SMS", "WA", "INAPP"].includes(channel) : ["sms", "wa", "inapp"].includes(channel);
  for (const [i, tx] of transactions.entries()) {
    const where = `${at}transactions[${i}]`;
    if (typeof tx.transactionId !== "string" || tx.transactionId === "") {
      problems.push(`${where}: bad transactionId`);
    } else if (ids.has(tx.transactionId)) problems.push(`${where}: duplicate transactionId`);
    ids.add(tx.transactionId);
    if (!channelOk(tx.channel)) problems.push(`${where}: bad channel ${tx.channel}`);
    const attempted = isoMs(tx.attemptedTime);
    if (attempted === null || attempted < from || attempted >= to) {
      problems.push(`${where}: attemptedTime outside the day: ${tx.attemptedTime}`);
    }
    for (const name of upper ? TIMES_20 : TIMES_CURRENT) {
      if (tx[name] === null) continue;
      const ms = isoMs(tx[name]);
      if (ms === null || (attempted !== null && ms < attempted)) {
        problems.push(`${where}.${name}: ${JSON.stringify(tx[name])?.slice(0, 40)}`);
      }
    }
    if (!(tx.csat === null || (typeof tx.csat === "number" && tx.csat >= 0 && tx.csat <= 5))) {
      problems.push(`${where}.csat: ${JSON.stringify(tx.csat)}`);
    }
  }
  return problems;
}

/**
 * Validates one persisted KV entry as the Worker writes it (worker/cache/window-store.ts,
 * worker/cache/keys.ts): a day-window key, schema-1 metadata, and a JSON body in the key's
 * dialect whose metadata, rows, pages and times agree with the key.
 * @returns The problems found (empty when the entry is sound) and, when sound, its parts.
 */
export function validateEntry({ key, value, metadata }) {
  if (RESPONSE_KEY.test(key)) return validateResponseEntry({ key, value, metadata });
  const problems = [];
  const match = KEY.exec(key);
  if (match === null) return { problems: [`unexpected key layout: ${key.slice(0, 120)}`] };
  const [, accountId, app, operation, dialect, fromText, toText] = match;
  const from = Number(fromText);
  const to = Number(toText);
  if (from % DAY_MS !== 0 || to - from !== DAY_MS) problems.push("key is not one UTC day");
  if (
    metadata === null || typeof metadata !== "object" || metadata.schema !== 1 ||
    !Number.isFinite(metadata.storedAt) || !Number.isFinite(metadata.freshUntil) ||
    metadata.freshUntil <= metadata.storedAt
  ) {
    problems.push(`bad metadata: ${JSON.stringify(metadata)?.slice(0, 120)}`);
  }
  let body;
  try {
    body = JSON.parse(value);
  } catch (error) {
    problems.push(`value is not JSON (${value?.length ?? 0} chars): ${error.message}`);
    return { problems };
  }
  const meta = body?.requestMetadata;
  if (
    meta?.accountId !== accountId || meta?.app !== app || meta?.attemptedStartTime !== from ||
    meta?.attemptedEndTime !== to
  ) {
    problems.push(`requestMetadata disagrees with the key: ${JSON.stringify(meta)?.slice(0, 160)}`);
  }
  const upper = dialect === "2.0";
  const channelOk = (channel) =>
    upper ? ["SMS", "WA", "INAPP"].includes(channel) : ["sms", "wa", "inapp"].includes(channel);
  if (operation === "accountAnalytics") {
    if (!Array.isArray(body.analytics)) {
      problems.push("analytics is not an array");
      return { problems };
    }
    const day = utcDay(from);
    const label = upper ? day : `${day.slice(5, 7)}-${day.slice(8, 10)}-${day.slice(0, 4)}`;
    const seen = new Set();
    for (const [i, row] of body.analytics.entries()) {
      const where = `analytics[${i}]`;
      if ((upper ? row.date : row.transactionday) !== label) problems.push(`${where}: wrong day`);
      if (!channelOk(row.channel)) problems.push(`${where}: bad channel ${row.channel}`);
      if (typeof row.skill !== "string") problems.push(`${where}: bad skill`);
      for (const name of upper ? COUNTS_20 : COUNTS_CURRENT) {
        if (!isCount(row[name])) problems.push(`${where}.${name}: not a count`);
      }
      const csat = upper ? row.csat : Number(row.csat);
      if (!(typeof csat === "number" && csat >= 0 && csat <= 5) || (!upper && row.csat === "")) {
        problems.push(`${where}.csat: ${JSON.stringify(row.csat)}`);
      }
      if (!(row.attempted >= row.eligible && row.eligible >= row.sent)) {
        problems.push(`${where}: funnel counts out of order`);
      }
      const group = `${row.channel}|${row.skill}`;
      if (seen.has(group)) problems.push(`${where}: duplicate group ${group}`);
      seen.add(group);
    }
  } else {
    problems.push("transactions are stored in R2 pages, not in KV");
  }
  return { problems, parts: { accountId, app, operation, dialect, from, to }, body };
}

/**
 * Validates a cached finished answer: schema-1 metadata whose length is the value's, JSON in
 * the key's dialect whose request metadata and rows fall inside the key's window.
 */
function validateResponseEntry({ key, value, metadata }) {
  const problems = [];
  const [, accountId, app, operation, dialect, fromText, toText] = RESPONSE_KEY.exec(key);
  const from = Number(fromText);
  const to = Number(toText);
  if (metadata?.schema !== 1 || metadata?.length !== value?.length) {
    problems.push(`bad metadata or length: ${JSON.stringify(metadata)?.slice(0, 120)}`);
  }
  let body;
  try {
    body = JSON.parse(value);
  } catch (error) {
    return { problems: [...problems, `value is not JSON: ${error.message}`] };
  }
  const meta = body?.requestMetadata;
  if (
    meta?.accountId !== accountId || meta?.app !== app || meta?.attemptedStartTime !== from ||
    meta?.attemptedEndTime !== to
  ) {
    problems.push(`requestMetadata disagrees with the key: ${JSON.stringify(meta)?.slice(0, 160)}`);
  }
  const rows = operation === "transactions" ? body?.transactions : body?.analytics;
  if (!Array.isArray(rows)) return { problems: [...problems, "rows are not an array"] };
  if (operation === "transactions") {
    if (body.page?.count !== rows.length) problems.push("page.count disagrees with the rows");
    for (const [i, tx] of rows.entries()) {
      const attempted = isoMs(tx.attemptedTime);
      if (attempted === null || attempted < from || attempted >= to) {
        problems.push(`transactions[${i}]: attemptedTime outside the window: ${tx.attemptedTime}`);
      }
    }
  }
  // Answers are not paired with transactions: `parts` is left out of the cross-check.
  return { problems, body, dialect };
}

/**
 * Checks every analytics entry against the transactions entry of the same account, app,
 * dialect and day (the sandbox aggregates one from the other): the counts must agree.
 * @returns One problem per disagreeing pair; `pairs` = pairs compared.
 */
export function crossCheck(validated) {
  const byKey = new Map();
  for (const entry of validated) {
    if (entry.parts === undefined || entry.problems.length > 0) continue;
    const { accountId, app, dialect, from, operation } = entry.parts;
    byKey.set(`${accountId}|${app}|${dialect}|${from}|${operation}`, entry);
  }
  const problems = [];
  let pairs = 0;
  for (const [name, entry] of byKey) {
    if (!name.endsWith("|accountAnalytics")) continue;
    const txEntry = byKey.get(name.replace(/\|accountAnalytics$/, "|transactions"));
    if (txEntry === undefined) continue;
    pairs += 1;
    const upper = entry.parts.dialect === "2.0";
    const fields = upper
      ? {
        attempted: "attemptedTime",
        eligible: "eligibleTime",
        sent: "sentTime",
        failed: "failedTime",
        delivered: "deliveredTime",
        read: "readTime",
        conversationsCreated: "conversationsCreatedTime",
        conversationsClosed: "conversationsClosedTime",
        optOuts: "optOutsTime",
        optIns: "optInsTime",
      }
      : {
        attempted: "attemptedTime",
        eligible: "eligibleTime",
        skipped: "skippedTime",
        sent: "sentTime",
        failed: "failedTime",
        delivered: "deliveredTime",
        read: "readTime",
        conversationscreated: "conversationsCreatedTime",
        conversationsclosed: "conversationsClosedTime",
      };
    const totals = new Map();
    for (const tx of txEntry.body.transactions) {
      const group = `${String(tx.channel).toLowerCase()}|${tx.skill}`;
      const sums = totals.get(group) ?? Object.fromEntries(Object.keys(fields).map((f) => [f, 0]));
      for (const [field, time] of Object.entries(fields)) if (tx[time] !== null) sums[field] += 1;
      totals.set(group, sums);
    }
    const rows = new Map(
      entry.body.analytics.map((row) => [`${row.channel.toLowerCase()}|${row.skill}`, row]),
    );
    for (const group of new Set([...totals.keys(), ...rows.keys()])) {
      const sums = totals.get(group);
      const row = rows.get(group);
      const wrong = Object.keys(fields).filter((field) =>
        (sums?.[field] ?? 0) !== (row?.[field] ?? 0)
      );
      if (wrong.length > 0) {
        problems.push(
          `${name} ${group}: analytics and transactions disagree on ${wrong.join(", ")}`,
        );
      }
    }
  }
  return { problems, pairs };
}

/**
 * Validates every KV entry and cross-checks analytics days against the whole transaction days
 * stored in R2 (`days` of `auditStore` in store-audit.mjs).
 */
export function auditKv(entries, storedDays = []) {
  const validated = entries.map((entry) => ({ key: entry.key, ...validateEntry(entry) }));
  const corrupt = validated.filter((entry) => entry.problems.length > 0);
  const cross = crossCheck([...validated, ...storedDays]);
  return { validated, corrupt, cross };
}

/** Prints one result line for test/reliability/report.mjs. */
export function reliability(result) {
  console.log(`RELIABILITY ${JSON.stringify(result)}`);
}

/** The path of a reporting route in a dialect. */
export function reportPath(dialect, accountId, app, operation) {
  return `${dialect === "current" ? "/api" : ""}/account/${accountId}/app/${app}/${operation}/`;
}

/** The headers a demo tenant sends (`style` picks X-API-Key or Authorization for keyed tenants). */
export function tenantHeaders(tenant, style = 0) {
  if (tenant.passthrough !== null) {
    return { "x-api-key": tenant.key, authorization: tenant.passthrough };
  }
  return style % 2 === 0 ? { authorization: `Bearer ${tenant.key}` } : { "x-api-key": tenant.key };
}

/** Whether an error body has LivePerson's shape `{ code, requestTraceId, message }`. */
export function isLpError(body, headers) {
  return body !== null && typeof body === "object" && typeof body.code === "number" &&
    typeof body.requestTraceId === "string" && body.requestTraceId !== "" &&
    typeof body.message === "string" &&
    (headers === undefined || headers["x-request-trace-id"] === body.requestTraceId);
}

/** The deterministic PRNG of the runs (mulberry32). */
export function random(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
  };
}

/**
 * Reads a server log: its lines, the Worker's JSON request lines, the requests answered with a
 * 5xx, and the lines that tell of an error (the Worker's onError line, uncaught exceptions,
 * wrangler's [ERROR]), and how often wrangler rebuilt the Worker because files changed.
 */
export function analyzeLog(text) {
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  const requests = lines.filter((line) => line.startsWith("{") && line.includes('"traceId"'));
  const status5xx = requests.filter((line) =>
    /"accountId":(?:null|"[^"]*"),"status":5[0-9]{2}/.test(line)
  );
  // wrangler dev rebuilds the Worker when a source file changes (another process editing the
  // tree): a run that saw a rebuild did not test one build, and its sandbox counters restarted.
  const reloads = lines.filter((line) => line.includes("Reloading local server")).length;
  const errors = lines.filter((line) =>
    /"error":|Uncaught|Unhandled|\bTypeError\b|\bRangeError\b|\[ERROR\]/.test(line)
  );
  return { lines, requests, status5xx, errors, reloads };
}

/**
 * The differences between two JSON values, field by field, as paths (at most `limit`).
 * @example diffJson({ a: [1, 2] }, { a: [1, 3] }) // ["$.a[1]: 2 != 3"]
 */
export function diffJson(a, b, limit = 5) {
  const out = [];
  const walk = (x, y, path) => {
    if (out.length >= limit) return;
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) out.push(`${path}.length: ${x.length} != ${y.length}`);
      for (let i = 0; i < Math.min(x.length, y.length); i++) walk(x[i], y[i], `${path}[${i}]`);
      return;
    }
    if (x !== null && y !== null && typeof x === "object" && typeof y === "object") {
      if (Array.isArray(x) !== Array.isArray(y)) {
        out.push(`${path}: array != object`);
        return;
      }
      for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) {
        if (!(key in x) || !(key in y)) out.push(`${path}.${key}: missing on one side`);
        else walk(x[key], y[key], `${path}.${key}`);
      }
      return;
    }
    if (!Object.is(x, y)) {
      out.push(`${path}: ${JSON.stringify(x)?.slice(0, 40)} != ${JSON.stringify(y)?.slice(0, 40)}`);
    }
  };
  walk(a, b, "$");
  return out;
}

/** Prints what failed and the secrets found, and marks the run failed when there is any. */
export function reportFailures(failures, findings) {
  if (failures.length === 0 && findings.length === 0) return;
  for (const failure of failures.slice(0, 30)) console.error(`FAILED: ${failure}`);
  for (const f of findings.slice(0, 20)) {
    console.error(`SECRET: ${f.label} x${f.count} in ${f.where} (${f.redacted})`);
  }
  process.exitCode = 1;
}

/** One-line summary of secret findings for a RELIABILITY line. */
export function findingsSummary(findings) {
  return findings.length === 0
    ? ""
    : ` (${findings.slice(0, 5).map((f) => `${f.label} x${f.count} in ${f.where}`).join("; ")})`;
}
