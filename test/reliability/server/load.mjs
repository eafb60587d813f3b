// Load: autocannon against the Worker as `npm start` runs it (wrangler dev --local, embedded
// sandbox upstream), on its own port and --persist-to. At least 20,000 requests at concurrency 50
// over the three demo accounts: closed days warmed up first (hits), more closed days introduced
// during the run (misses, then hits), hours inside days, analytics and transactions in both
// dialects, some filtered, a few partial-day and open-day requests (bypass), and a few expected
// 4xx counted apart. Asserts 0 errors, 0 unexpected statuses, 0 malformed bodies, the same
// window always answering the same data, and sound KV and R2 afterwards; reports p50/p99 and req/s,
// and the upstream's 429s and peak requests per second. Also scans the server's log, every
// response body and header and the persisted KV and R2 for secrets.
//
//   node test/reliability/server/load.mjs
import autocannon from "autocannon";
import { createHash } from "node:crypto";
import {
  analyzeLog,
  auditKv,
  cleanup,
  DAY_MS,
  findingsSummary,
  freePort,
  HOUR_MS,
  isLpError,
  random,
  readKvEntries,
  reliability,
  reportFailures,
  reportPath,
  scanFiles,
  scanText,
  startServer,
  tempDir,
  tenantHeaders,
  TENANTS,
} from "./harness.mjs";
import { auditStore, readStoreObjects } from "./store-audit.mjs";

const TOTAL = 20_000;
const CONNECTIONS = 50;
const APPS = ["prmsg", "c2m"];
const DIALECTS = ["current", "2.0"];
const rng = random(20_260_427);
const now = Date.now();
const today = now - (now % DAY_MS);
// Matured days: ended more than the sandbox's 30-day reply lookback ago, so their data is final.
const WARM_DAYS = [45, 44, 43, 42, 41, 40].map((k) => today - k * DAY_MS);
const FRESH_DAYS = [53, 52, 51, 50, 49, 48, 47, 46].map((k) => today - k * DAY_MS);

const combos = TENANTS.flatMap((tenant) =>
  APPS.flatMap((app) => DIALECTS.map((dialect) => ({ tenant, app, dialect })))
);

function query(params) {
  return new URLSearchParams(
    Object.entries(params).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]),
  ).toString();
}

/** One request: what to send, the status expected, and whether its data is final (closed days). */
function spec(kind, combo, operation, window, extra = {}) {
  const { tenant, app, dialect } = combo;
  const { params = {}, body, method = body === undefined ? "GET" : "POST", expect = 200 } = extra;
  const path = `${reportPath(dialect, tenant.accountId, app, operation)}?${
    query({ attemptedStartTime: window.from, attemptedEndTime: window.to, ...params })
  }`;
  const headers = extra.headers ?? tenantHeaders(tenant, rng.int(0, 1));
  return {
    kind,
    method,
    path: rng.next() < 0.3 ? path.replace("/?", "?") : path, // trailing slash optional
    headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
    body: body === undefined ? "" : JSON.stringify(body),
    expect,
    accountId: tenant.accountId,
    stable: extra.stable ?? expect === 200,
    days: extra.days ?? [],
    combo,
    operation,
  };
}

function txDay(combo, day) {
  const params = { limit: rng.pick([1, 5, 20, 50]) };
  if (rng.next() < 0.4) params.offset = rng.int(1, 1_500);
  const filter = rng.next();
  if (filter < 0.15) params.channels = rng.pick(["sms", "wa", "SMS,WA"]);
  else if (filter < 0.25) params.skills = rng.pick(["billing", "sales,support"]);
  else if (filter < 0.3 && combo.dialect === "current") {
    params.messagestatus = rng.pick(["delivered", "READ,RESPONDED"]);
  }
  if (filter > 0.95) {
    const body = { channels: ["sms"] };
    return spec("tx-day", combo, "transactions", { from: day, to: day + DAY_MS }, {
      params,
      body,
      days: [day],
    });
  }
  return spec("tx-day", combo, "transactions", { from: day, to: day + DAY_MS }, {
    params,
    days: [day],
  });
}

function txHours(combo, days) {
  // Hours inside a day, or across midnight when the next day is available too.
  const i = rng.int(0, days.length - 1);
  const day = days[i];
  const span = rng.int(1, 6) * HOUR_MS;
  const nextAvailable = days.includes(day + DAY_MS);
  const from = day + rng.int(0, nextAvailable ? 23 : 24 - span / HOUR_MS) * HOUR_MS;
  const covered = from + span > day + DAY_MS ? [day, day + DAY_MS] : [day];
  return spec("tx-hours", combo, "transactions", { from, to: from + span }, {
    params: { limit: rng.pick([1, 10, 25]) },
    days: covered,
  });
}

function anDays(combo, from, count) {
  const params = {};
  let body;
  const filter = rng.next();
  if (filter < 0.12) params.channels = rng.pick(["sms", "wa,inapp"]);
  else if (filter < 0.2) params.skills = rng.pick(["billing", "retention,sales"]);
  else if (filter < 0.26) body = { filters: { channels: ["wa"], skills: ["sales", "support"] } };
  const days = Array.from({ length: count }, (_, i) => from + i * DAY_MS);
  return spec("an-days", combo, "analytics", { from, to: from + count * DAY_MS }, {
    params,
    body,
    days,
  });
}

function anPartial(combo, day) {
  // Not whole UTC days: always relayed to the upstream (Cache-Status fwd=bypass).
  const from = day + rng.int(0, 11) * HOUR_MS + rng.int(0, 59) * 60_000;
  return spec("an-partial", combo, "analytics", { from, to: from + rng.int(1, 12) * HOUR_MS });
}

function openHours(combo) {
  // Today's still open window: bypasses the cache, its data still grows.
  const from = now - 3 * HOUR_MS;
  return spec("open", combo, "transactions", { from, to: from + HOUR_MS }, {
    params: { limit: 5 },
    stable: false,
  });
}

function expectedError(combo) {
  const { tenant, app, dialect } = combo;
  const day = rng.pick(WARM_DAYS);
  const window = { from: day, to: day + DAY_MS };
  const other = TENANTS.find((t) => t !== tenant && t.passthrough === null);
  const choice = rng.int(0, 7);
  const ops = rng.pick(["analytics", "transactions"]);
  switch (choice) {
    case 0: // no key at all
      return spec("401 no key", combo, ops, window, { headers: {}, expect: 401 });
    case 1: // an unknown key
      return spec("401 bad key", combo, ops, window, {
        headers: { "x-api-key": "demo-key-99999999" },
        expect: 401,
      });
    case 2: // another account's key
      return spec("403 other key", combo, ops, window, {
        headers: tenantHeaders(other),
        expect: 403,
      });
    case 3: // a transactions window over 24 h
      return spec("400 window", combo, "transactions", { from: day, to: day + 2 * DAY_MS }, {
        expect: 400,
      });
    case 4: // end before start
      return spec("400 window", combo, ops, { from: day + DAY_MS, to: day }, { expect: 400 });
    case 5: {
      const s = spec("404 path", combo, ops, window, { expect: 404 });
      s.path = s.path.replace(/\/(analytics|transactions)\/?\?/, "/nothing/?");
      return s;
    }
    case 6: {
      const s = spec("405 method", combo, ops, window, { expect: 405 });
      s.method = "PUT";
      return s;
    }
    default: { // a pass-through tenant with a credential LivePerson refuses (relayed 401)
      const pt = TENANTS.find((t) => t.passthrough !== null);
      return spec("401 upstream", { tenant: pt, app, dialect }, ops, window, {
        headers: { "x-api-key": pt.key, authorization: "Bearer sandbox-le-bearer-99999999" },
        expect: 401,
      });
    }
  }
}

/** The warm-up: every closed WARM day of every combination, once (misses). */
function warmupSpecs() {
  const perTenant = new Map(TENANTS.map((t) => [t.accountId, []]));
  for (const combo of combos) {
    const list = perTenant.get(combo.tenant.accountId);
    const first = WARM_DAYS[0];
    if (combo.dialect === "current") list.push(anDays(combo, first, WARM_DAYS.length));
    else for (const day of WARM_DAYS) list.push(anDays(combo, day, 1));
    for (const day of WARM_DAYS) list.push(txDay(combo, day));
  }
  return [...perTenant.values()];
}

/** The autocannon run: TOTAL requests, FRESH days introduced evenly (misses), the rest hits. */
function loadSpecs() {
  const fresh = [];
  for (const combo of combos) {
    for (const day of FRESH_DAYS) fresh.push({ combo, day, operation: "transactions" });
    for (const day of FRESH_DAYS) fresh.push({ combo, day, operation: "analytics" });
  }
  // Shuffle, then introduce one every (TOTAL * 0.8 / fresh.length) requests.
  for (let i = fresh.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [fresh[i], fresh[j]] = [fresh[j], fresh[i]];
  }
  const at = new Map(fresh.map((f, i) => [Math.floor(500 + (i * TOTAL * 0.8) / fresh.length), f]));
  const key = (combo) => `${combo.tenant.accountId}|${combo.app}|${combo.dialect}`;
  const txDays = new Map(combos.map((c) => [key(c), [...WARM_DAYS]]));
  const anDaysOf = new Map(combos.map((c) => [key(c), [...WARM_DAYS]]));
  const specs = [];
  for (let i = 0; i < TOTAL; i++) {
    const introduce = at.get(i);
    if (introduce !== undefined) {
      const { combo, day, operation } = introduce;
      if (operation === "transactions") {
        specs.push(txDay(combo, day));
        txDays.get(key(combo)).push(day);
      } else {
        specs.push(anDays(combo, day, 1));
        anDaysOf.get(key(combo)).push(day);
      }
      continue;
    }
    const combo = rng.pick(combos);
    const roll = rng.next();
    if (roll < 0.004) specs.push(anPartial(combo, rng.pick(WARM_DAYS)));
    else if (roll < 0.0045) specs.push(openHours(combo));
    else if (roll < 0.025) specs.push(expectedError(combo));
    else if (roll < 0.14) specs.push(txDay(combo, rng.pick(txDays.get(key(combo)))));
    else if (roll < 0.21) specs.push(txHours(combo, txDays.get(key(combo)).slice(0, 6)));
    else {
      const days = anDaysOf.get(key(combo));
      if (combo.dialect === "current" && rng.next() < 0.5) {
        // Several consecutive warm days (analytics windows up to 60 days in this dialect).
        const count = rng.int(2, WARM_DAYS.length);
        const start = rng.int(0, WARM_DAYS.length - count);
        specs.push(anDays(combo, WARM_DAYS[start], count));
      } else specs.push(anDays(combo, rng.pick(days), 1));
    }
  }
  return specs;
}

function cacheKind(value) {
  if (typeof value !== "string") return "none";
  if (/;\s*hit\b/.test(value)) return "hit";
  const fwd = /fwd=([a-z-]+)/.exec(value);
  return fwd === null ? "none" : fwd[1];
}

function lowerKeys(headers) {
  return Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(", ") : v]),
  );
}

/** Everything observed about the answers (warm-up and load). */
const seen = {
  responses: 0,
  byStatus: {},
  byKind: {},
  cache: {},
  collapsed: 0,
  unexpected: 0,
  unexpectedSamples: [],
  badBodies: 0,
  badBodySamples: [],
  inconsistent: 0,
  inconsistentSamples: [],
  compared: 0,
  traces: new Map(),
  hashes: new Map(),
  headerSets: 0,
  findings: [],
};

function observe(spec, status, bodyText, rawHeaders, where) {
  const headers = lowerKeys(rawHeaders);
  seen.responses += 1;
  seen.byStatus[status] = (seen.byStatus[status] ?? 0) + 1;
  seen.byKind[spec.kind] = (seen.byKind[spec.kind] ?? 0) + 1;
  seen.traces.set(headers["x-request-trace-id"], spec.kind);
  scanText(bodyText, `${where} body (${spec.kind})`, seen.findings);
  scanText(JSON.stringify(rawHeaders), `${where} headers (${spec.kind})`, seen.findings);
  seen.headerSets += 1;
  if (status !== spec.expect) {
    seen.unexpected += 1;
    if (seen.unexpectedSamples.length < 10) {
      seen.unexpectedSamples.push(
        `${spec.kind} ${spec.method} ${spec.path.slice(0, 140)} -> ${status} ${
          String(bodyText).slice(0, 200)
        }`,
      );
    }
  }
  let body;
  try {
    body = JSON.parse(bodyText);
  } catch {
    body = undefined;
  }
  const bad = (why) => {
    seen.badBodies += 1;
    if (seen.badBodySamples.length < 10) seen.badBodySamples.push(`${spec.kind}: ${why}`);
  };
  if (status === 200) {
    const kind = cacheKind(headers["cache-status"]);
    seen.cache[kind] = (seen.cache[kind] ?? 0) + 1;
    if (/;\s*collapsed\b/.test(headers["cache-status"] ?? "")) seen.collapsed += 1;
    if (body?.requestMetadata?.accountId !== spec.accountId) {
      bad(`answer for account ${body?.requestMetadata?.accountId} to ${spec.accountId}`);
    }
    const list = spec.operation === "analytics" ? body?.analytics : body?.transactions;
    if (!Array.isArray(list)) bad("no rows array");
    if (spec.stable && body !== undefined) {
      const id = `${spec.method} ${spec.path.replace("/?", "?")} ${spec.body} ${spec.accountId}`;
      const hash = createHash("sha256").update(bodyText).digest("hex");
      const before = seen.hashes.get(id);
      if (before === undefined) seen.hashes.set(id, hash);
      else seen.compared += 1;
      if (before !== undefined && before !== hash) {
        seen.inconsistent += 1;
        if (seen.inconsistentSamples.length < 5) {
          seen.inconsistentSamples.push(`${id.slice(0, 160)} (${kind})`);
        }
      }
    }
  } else if (!isLpError(body, headers)) {
    bad(`status ${status} without LivePerson's error shape: ${String(bodyText).slice(0, 120)}`);
  }
}

async function send(base, spec) {
  const response = await fetch(base + spec.path, {
    method: spec.method,
    headers: spec.headers,
    ...(spec.body === "" ? {} : { body: spec.body }),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  observe(spec, response.status, text, Object.fromEntries(response.headers), "warm-up");
  return response.status;
}

function percentile(result, name) {
  return result.latency[name];
}

async function main() {
  const started = Date.now();
  const persistDir = tempDir("lp-rel-load-state-");
  const logDir = tempDir("lp-rel-load-logs-");
  const port = await freePort();
  let server;
  const failures = [];
  const secretFindings = seen.findings;
  let scanned = 0;
  let logLines = 0;
  let loggedRequests = 0;
  let loadLine;
  try {
    server = await startServer({ port, persistDir, logDir });
    const bootMs = Date.now() - started;

    // Warm-up: the tenants in parallel, each one's requests in order (upstream 10/s per account and API).
    const warmStarted = Date.now();
    const warm = warmupSpecs();
    await Promise.all(warm.map(async (list) => {
      for (const s of list) await send(server.base, s);
    }));
    const warmCount = warm.flat().length;
    const warmMs = Date.now() - warmStarted;

    // The autocannon run: one global sequence of requests, handed to whichever connection asks next.
    const specs = loadSpecs();
    let next = 0;
    const result = await new Promise((resolve, reject) => {
      const instance = autocannon({
        url: server.base,
        connections: CONNECTIONS,
        pipelining: 1,
        amount: TOTAL,
        timeout: 30,
        requests: [{
          setupRequest(request, context) {
            const s = specs[next % specs.length];
            next += 1;
            context.spec = s;
            return {
              ...request,
              method: s.method,
              path: s.path,
              headers: { ...s.headers },
              body: s.body,
            };
          },
          onResponse(status, body, context, headers) {
            observe(context.spec, status, body, headers, "load");
          },
        }],
      }, (error, res) => (error ? reject(error) : resolve(res)));
      process.once("exit", () => instance.stop());
    });

    const countersResponse = await fetch(`${server.base}/_edge/sandbox/counters`);
    const countersText = await countersResponse.text();
    scanText(countersText, "sandbox counters body", secretFindings);
    const counters = JSON.parse(countersText);
    const peaks = Object.entries(counters.peakPerSecond ?? {}).sort((a, b) => b[1] - a[1]);
    const peakMax = peaks[0]?.[1] ?? 0;

    const running = server;
    const exit = await server.stop("SIGTERM");
    server = undefined;

    // The server's log: secrets, 5xx answers, uncaught errors.
    const log = running.log();
    const { lines, requests: logged, status5xx, errors: logErrors, reloads } = analyzeLog(log);
    if (reloads > 0) {
      failures.push(
        `wrangler rebuilt the Worker ${reloads} time(s) during the run (files under worker/ or lib/ changed): not one build tested, run again`,
      );
    }
    scanned += lines.length;
    logLines = lines.length;
    loggedRequests = logged.length;
    const log5xx = status5xx.length;
    scanText(log, "server stdout/stderr", secretFindings);
    scanned += scanFiles(logDir, secretFindings, "wrangler log dir");

    // The persisted state: raw files (KV sqlite and blobs, Durable Object storage) and KV entries.
    scanned += scanFiles(persistDir, secretFindings, "persist dir");
    const entries = await readKvEntries(persistDir);
    for (const entry of entries) {
      scanText(
        `${entry.key}\n${entry.value}\n${JSON.stringify(entry.metadata)}`,
        "KV entry",
        secretFindings,
      );
    }
    const objects = await readStoreObjects(persistDir);
    for (const object of objects) {
      scanText(`${object.key}\n${object.value}`, "R2 object", secretFindings);
    }
    scanned += entries.length + objects.length;
    const store = auditStore(objects);
    const audit = auditKv(entries, store.days);
    // Every closed day that was answered must be stored: analytics under its canonical KV key,
    // transactions as a whole day in R2.
    const keys = new Set(entries.map((e) => e.key));
    const wanted = new Set();
    for (const s of [...warm.flat(), ...specs.slice(0, next)]) {
      if (s.expect !== 200 || !s.stable) continue;
      const { app, dialect } = s.combo;
      for (const day of s.days) {
        wanted.add(
          s.operation === "analytics"
            ? `v1|${s.accountId}|${app}|accountAnalytics|${dialect}|${day}|${day + DAY_MS}||`
            : `${s.accountId}|${app}|${dialect}|${day}`,
        );
      }
    }
    const missing = [...wanted].filter((k) => !keys.has(k) && !store.whole.has(k));

    const errors = result.errors + result.timeouts;
    const expected4xx = Object.entries(seen.byKind).filter(([k]) => /^[0-9]{3} /.test(k));
    const expectedCount = expected4xx.reduce((n, [, c]) => n + c, 0);
    if (result.requests.total < TOTAL) failures.push(`only ${result.requests.total} requests`);
    if (errors > 0) failures.push(`${result.errors} errors, ${result.timeouts} timeouts`);
    if (seen.unexpected > 0) {
      failures.push(
        `${seen.unexpected} unexpected statuses: ${seen.unexpectedSamples.join(" | ")}`,
      );
    }
    if (seen.badBodies > 0) {
      failures.push(`${seen.badBodies} malformed answers: ${seen.badBodySamples.join(" | ")}`);
    }
    if (seen.inconsistent > 0) {
      failures.push(
        `${seen.inconsistent} answers differ for the same window: ${
          seen.inconsistentSamples.join(" | ")
        }`,
      );
    }
    const loggedTraces = new Set(logged.map((line) => /"traceId":"([^"]*)"/.exec(line)?.[1]));
    const unlogged = [...seen.traces].filter(([trace]) => !loggedTraces.has(trace));
    if (unlogged.length > 0) {
      const kinds = {};
      for (const [, kind] of unlogged) kinds[kind] = (kinds[kind] ?? 0) + 1;
      failures.push(`${unlogged.length} answers have no log line: ${JSON.stringify(kinds)}`);
    }
    if (log5xx > 0 || logErrors.length > 0) {
      failures.push(
        `server log: ${log5xx} 5xx, ${logErrors.length} error lines: ${
          logErrors.slice(0, 3).join(" | ").slice(0, 600)
        }`,
      );
    }
    if (store.corrupt.length > 0) {
      failures.push(
        `${store.corrupt.length} corrupt R2 objects or days: ${
          store.corrupt.slice(0, 3).map((c) => `${c.key}: ${c.problems.slice(0, 3).join("; ")}`)
            .join(" | ")
        }`,
      );
    }
    if (audit.corrupt.length > 0) {
      failures.push(
        `${audit.corrupt.length} corrupt KV entries: ${
          audit.corrupt.slice(0, 3).map((c) => `${c.key}: ${c.problems.slice(0, 3).join("; ")}`)
            .join(" | ")
        }`,
      );
    }
    if (audit.cross.problems.length > 0) {
      failures.push(
        `KV analytics vs transactions: ${audit.cross.problems.slice(0, 3).join(" | ")}`,
      );
    }
    if (missing.length > 0) {
      failures.push(`${missing.length} answered closed days not stored: ${missing.slice(0, 3)}`);
    }
    const lost = seen.inconsistent + audit.corrupt.length + store.corrupt.length +
      audit.cross.problems.length;
    const failureCount = reloads + unlogged.length + errors + seen.unexpected + seen.badBodies +
      seen.inconsistent + log5xx +
      logErrors.length + audit.corrupt.length + store.corrupt.length + audit.cross.problems.length +
      missing.length;
    const statusText = Object.entries(seen.byStatus).map(([s, n]) => `${s}: ${n}`).join(", ");
    const cacheText = ["hit", "miss", "bypass", "stale"].map((k) => `${k} ${seen.cache[k] ?? 0}`)
      .join(", ");
    loadLine = {
      test: "Load (autocannon, npm start)",
      cases: result.requests.total,
      failures: failureCount,
      lost,
      notes:
        `p50 ${percentile(result, "p50")} ms, p99 ${percentile(result, "p99")} ms, ${
          Math.round(result.requests.average)
        } req/s (mean over ${result.duration.toFixed(1)} s), concurrency ${CONNECTIONS}; ` +
        `${result.errors} errors, ${result.timeouts} timeouts, ${seen.unexpected} unexpected statuses; ` +
        `statuses ${statusText} (expected 4xx ${expectedCount}: ${
          expected4xx.map(([k, c]) => `${k} ${c}`).join(", ")
        }); ` +
        `Cache-Status of 200s: ${cacheText} (collapsed ${seen.collapsed}); ` +
        `${seen.compared} repeated answers byte-identical to the first answer of their window (${seen.hashes.size} windows), ${seen.inconsistent} differing; ` +
        `upstream (sandbox): ${counters.requests} requests, ${counters.rateLimited} 429s, ` +
        `peak ${peakMax}/s per account and API (${
          peaks.slice(0, 6).map(([k, v]) => `${k} ${v}`).join(", ")
        }), ${counters.tokensIssued} AppJWTs; ` +
        `warm-up ${warmCount} requests in ${(warmMs / 1000).toFixed(1)} s; ` +
        `KV ${entries.length} entries, ${audit.corrupt.length} corrupt; R2 ${store.pages} pages, ${store.whole.size} whole days, ${store.corrupt.length} corrupt; ${audit.cross.pairs} analytics/transactions day pairs cross-checked; ` +
        `server ready in ${
          (bootMs / 1000).toFixed(1)
        } s, stopped by SIGTERM to its process group (${exit?.signal ?? exit?.code})`,
    };
  } finally {
    if (server !== undefined) await server.stop("SIGKILL").catch(() => undefined);
    cleanup();
  }
  reliability(loadLine);
  const secretCount = secretFindings.reduce((n, f) => n + f.count, 0);
  const scannedItems = scanned + seen.responses + seen.headerSets;
  reliability({
    test: "Secret hygiene (server runs, load)",
    cases: scannedItems,
    failures: secretCount,
    lost: 0,
    notes:
      `${seen.responses} response bodies and ${seen.headerSets} header sets, the server's stdout/stderr (${logLines} lines, ${loggedRequests} request log lines) and wrangler log files, every file under --persist-to and every KV entry, scanned for the demo proxy keys, sandbox client secrets, OAuth 1.0a keys, tokens and secrets, LE bearers, AppJWTs (eyJ…), OAuth parameters and the sandbox's signing key: ${secretCount} occurrences${
        findingsSummary(secretFindings)
      }`,
  });
  reportFailures(failures, secretFindings);
}

await main().catch((error) => {
  console.error(error?.stack ?? String(error));
  cleanup();
  process.exit(1);
});
