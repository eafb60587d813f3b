// Restart safety: the Worker as `npm start` runs it (wrangler dev --local) is killed with SIGKILL
// (its whole process group) in the middle of a load run that is filling the cache, then started
// again on the same --persist-to. Asserts that every KV entry and R2 page left by the kill reads
// back sound and no day is whole unless all its pages are there (read through miniflare from a
// copy of the crashed state), that the restarted server answers every window it answered before
// the kill with 200 and the same data field by field (the windows stored before the load:
// Cache-Status hit), that every window is stored and sound afterwards, and scans both servers'
// logs, every answer and the persisted state for secrets.
//
//   node test/reliability/server/restart.mjs
import autocannon from "autocannon";
import { cpSync } from "node:fs";
import {
  analyzeLog,
  auditKv,
  cleanup,
  DAY_MS,
  diffJson,
  findingsSummary,
  freePort,
  HOUR_MS,
  isLpError,
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

const APPS = ["prmsg", "c2m"];
const DIALECTS = ["current", "2.0"];
const now = Date.now();
const today = now - (now % DAY_MS);
// Matured days (ended more than the 30-day reply lookback ago): their data no longer changes.
const BASELINE_DAYS = [42, 41, 40].map((k) => today - k * DAY_MS);
const LOAD_DAYS = [50, 49, 48, 47, 46, 45, 44, 43].map((k) => today - k * DAY_MS);
const combos = TENANTS.flatMap((tenant) =>
  APPS.flatMap((app) => DIALECTS.map((dialect) => ({ tenant, app, dialect })))
);

/**
 * One window of one combination: its request and where its days are stored — analytics under
 * their KV day keys, transactions as whole days in R2 (`account|app|dialect|dayMs`).
 */
function windowSpec(combo, operation, from, days) {
  const { tenant, app, dialect } = combo;
  const params = new URLSearchParams({
    attemptedStartTime: String(from),
    attemptedEndTime: String(from + days * DAY_MS),
    ...(operation === "transactions" ? { limit: "50" } : {}),
  });
  return {
    id: `${tenant.accountId} ${app} ${dialect} ${operation} ${
      new Date(from).toISOString().slice(0, 10)
    }+${days}`,
    path: `${reportPath(dialect, tenant.accountId, app, operation)}?${params}`,
    headers: tenantHeaders(tenant, from / DAY_MS),
    accountId: tenant.accountId,
    keys: Array.from({ length: days }, (_, i) => {
      const day = from + i * DAY_MS;
      return operation === "transactions"
        ? `${tenant.accountId}|${app}|${dialect}|${day}`
        : `v1|${tenant.accountId}|${app}|accountAnalytics|${dialect}|${day}|${day + DAY_MS}||`;
    }),
  };
}

const baseline = combos.flatMap((combo) => [
  ...BASELINE_DAYS.flatMap((day) => [
    windowSpec(combo, "transactions", day, 1),
    windowSpec(combo, "analytics", day, 1),
  ]),
  ...(combo.dialect === "current"
    ? [windowSpec(combo, "analytics", BASELINE_DAYS[0], BASELINE_DAYS.length)]
    : []),
]);
const loadWindows = LOAD_DAYS.flatMap((day) =>
  combos.flatMap((combo) => [
    windowSpec(combo, "transactions", day, 1),
    windowSpec(combo, "analytics", day, 1),
  ])
);

const findings = [];
let scannedAnswers = 0;
/** Trace ids of the restarted server's answers: each must have its log line. */
const restartedTraces = new Map();

function scanAnswer(where, text, headers) {
  scannedAnswers += 1;
  scanText(text, `${where} body`, findings);
  scanText(JSON.stringify(headers), `${where} headers`, findings);
}

/** GET one window: status, parsed body, Cache-Status; every answer is scanned for secrets. */
async function get(base, spec, where) {
  const response = await fetch(base + spec.path, {
    headers: spec.headers,
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  const headers = Object.fromEntries(response.headers);
  scanAnswer(where, text, headers);
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const cache = headers["cache-status"] ?? "";
  if (where !== "baseline") restartedTraces.set(headers["x-request-trace-id"], spec.id ?? where);
  return {
    status: response.status,
    body,
    hit: /;\s*hit\b/.test(cache),
    cache,
    lpError: response.status !== 200 && isLpError(body, headers),
  };
}

/** Runs `fn` over the specs, the tenants in parallel and each tenant's windows in order. */
async function perTenant(specs, fn) {
  await Promise.all(TENANTS.map(async (tenant) => {
    for (const spec of specs.filter((s) => s.accountId === tenant.accountId)) await fn(spec);
  }));
}

/** Lets the pass-through tenant read cached data again: a fresh isolate asks upstream first. */
async function primePassThrough(base) {
  const tenant = TENANTS.find((t) => t.passthrough !== null);
  const from = BASELINE_DAYS[0] + 3 * HOUR_MS; // not whole days: always relayed upstream
  const spec = {
    path: `${
      reportPath("current", tenant.accountId, "prmsg", "analytics")
    }?attemptedStartTime=${from}&attemptedEndTime=${from + HOUR_MS}`,
    headers: tenantHeaders(tenant),
  };
  const answer = await get(base, spec, "pass-through prime");
  if (answer.status !== 200) throw new Error(`The pass-through prime answered ${answer.status}`);
}

function describeKv(audit) {
  return audit.corrupt.slice(0, 3).map((c) => `${c.key}: ${c.problems.slice(0, 3).join("; ")}`)
    .join(" | ");
}

/**
 * The persisted state under `dir`: KV entries and R2 objects, audited, and the names of what
 * is stored whole (KV keys and R2 days, as in `windowSpec`'s `keys`).
 */
async function readState(dir) {
  const entries = await readKvEntries(dir);
  const objects = await readStoreObjects(dir);
  const store = auditStore(objects);
  const audit = auditKv(entries, store.days);
  const corrupt = [...audit.corrupt, ...store.corrupt];
  return {
    entries,
    objects,
    audit: { ...audit, corrupt },
    present: new Set([...entries.map((e) => e.key), ...store.whole]),
    pages: store.pages,
  };
}

function scanState(state, where) {
  for (const entry of state.entries) {
    scanText(`${entry.key}\n${entry.value}\n${JSON.stringify(entry.metadata)}`, where, findings);
  }
  for (const object of state.objects) {
    scanText(`${object.key}\n${object.value}`, where, findings);
  }
}

async function main() {
  const persistDir = tempDir("lp-rel-restart-state-");
  const crashCopy = tempDir("lp-rel-restart-crash-");
  const logDirs = [tempDir("lp-rel-restart-logs1-"), tempDir("lp-rel-restart-logs2-")];
  const port = await freePort();
  const failures = [];
  let lost = 0;
  let cases = 0;
  const logs = [];
  let server;
  const fail = (message, isLoss = false) => {
    failures.push(message);
    if (isLoss) lost += 1;
  };
  let notes;
  try {
    server = await startServer({ port, persistDir, logDir: logDirs[0] });

    // 1. Baseline: matured windows asked until stored (a pass-through tenant's first request
    // only relays, to verify its credentials); the last answer comes from storage.
    const before = new Map();
    await perTenant(baseline, async (spec) => {
      const first = await get(server.base, spec, "baseline");
      let second = await get(server.base, spec, "baseline");
      if (!second.hit) second = await get(server.base, spec, "baseline");
      if (first.status !== 200 || second.status !== 200 || !second.hit) {
        throw new Error(
          `Baseline ${spec.id}: ${first.status}/${second.status} ${second.cache}: cannot start`,
        );
      }
      const diff = diffJson(first.body, second.body);
      if (diff.length > 0) {
        fail(`baseline ${spec.id}: the KV hit differs from the miss: ${diff}`, true);
      }
      before.set(spec.id, second.body);
    });

    // 2. Load that fills the cache (misses of LOAD_DAYS between hits of the baseline), and a
    // SIGKILL of the whole process group while it runs.
    const sequence = [];
    for (const [i, spec] of loadWindows.entries()) {
      sequence.push(spec, baseline[i % baseline.length], baseline[(i * 7 + 3) % baseline.length]);
    }
    const answeredBeforeKill = new Map();
    let loadAnswers = 0;
    let next = 0;
    let killAt = 0;
    const loadIds = new Set(loadWindows.map((w) => w.id));
    const running = new Promise((resolve, reject) => {
      const instance = autocannon({
        url: server.base,
        connections: 24,
        pipelining: 1,
        amount: 1_000_000,
        timeout: 30,
        requests: [{
          setupRequest(request, context) {
            const spec = sequence[next % sequence.length];
            next += 1;
            context.spec = spec;
            return { ...request, method: "GET", path: spec.path, headers: { ...spec.headers } };
          },
          onResponse(status, body, context, headers) {
            const spec = context.spec;
            scanAnswer("load", body, headers);
            loadAnswers += 1;
            if (status !== 200) {
              fail(`load before the kill: ${spec.id} answered ${status} ${body.slice(0, 160)}`);
              return;
            }
            if (loadIds.has(spec.id) && !answeredBeforeKill.has(spec.id)) {
              answeredBeforeKill.set(spec.id, JSON.parse(body));
            }
          },
        }],
      }, (error, result) => (error ? reject(error) : resolve(result)));
      // Kill once about a third of the new windows were answered (or after 8 s): many are
      // still being fetched and written to KV then.
      const started = Date.now();
      const watch = setInterval(async () => {
        if (answeredBeforeKill.size < loadWindows.length / 3 && Date.now() - started < 8_000) {
          return;
        }
        clearInterval(watch);
        killAt = Date.now() - started;
        await server.stop("SIGKILL");
        logs.push(server.log());
        instance.stop();
      }, 20);
      process.once("exit", () => instance.stop());
    });
    const loadResult = await running;
    const killedServer = server;
    server = undefined;
    const answeredAtKill = answeredBeforeKill.size;
    // What was answered before the kill is final; later callbacks are errors of the dead server.
    const answeredSnapshot = new Map(answeredBeforeKill);

    // 3. The state the kill left, read from a copy (the restarted server gets the original).
    let health = true;
    try {
      await fetch(`${killedServer.base}/_edge/health`, { signal: AbortSignal.timeout(1_000) });
    } catch {
      health = false;
    }
    if (health) throw new Error("Something still answers on the port after the kill");
    cpSync(persistDir, crashCopy, { recursive: true });
    const crash = await readState(crashCopy);
    const crashAudit = crash.audit;
    cases += crash.entries.length + crash.objects.length;
    if (crashAudit.corrupt.length > 0) {
      fail(
        `${crashAudit.corrupt.length} corrupt entries after the kill: ${describeKv(crashAudit)}`,
        true,
      );
    }
    for (const problem of crashAudit.cross.problems) fail(`after the kill: ${problem}`, true);
    const crashKeys = crash.present;
    // Stored, but the kill came before the answer: the request was cut after its KV write.
    const interrupted = loadWindows.filter((w) =>
      !answeredSnapshot.has(w.id) && w.keys.every((key) =>
        crashKeys.has(key)
      )
    ).length;
    for (const spec of baseline) {
      for (const key of spec.keys) {
        if (!crashKeys.has(key)) fail(`a baseline entry is missing after the kill: ${key}`, true);
      }
    }
    scanState(crash, "stored after the kill");

    // 4. Start again on the same state and check every answer.
    const restartedAt = Date.now();
    server = await startServer({ port, persistDir, logDir: logDirs[1] });
    const bootMs = Date.now() - restartedAt;
    await primePassThrough(server.base);
    let baselineHits = 0;
    await perTenant(baseline, async (spec) => {
      cases += 1;
      const answer = await get(server.base, spec, "after restart");
      if (answer.status !== 200) {
        return fail(`after restart ${spec.id} answered ${answer.status}`, true);
      }
      if (!answer.hit) fail(`after restart ${spec.id} is not a hit: ${answer.cache}`, true);
      else baselineHits += 1;
      const diff = diffJson(before.get(spec.id), answer.body);
      if (diff.length > 0) fail(`after restart ${spec.id} differs: ${diff.join("; ")}`, true);
    });
    let loadHits = 0;
    let refetched = 0;
    await perTenant(loadWindows, async (spec) => {
      cases += 1;
      const answer = await get(server.base, spec, "after restart");
      if (answer.status !== 200) {
        return fail(`after restart ${spec.id} answered ${answer.status}`, !answer.lpError);
      }
      if (answer.hit) loadHits += 1;
      else refetched += 1;
      const earlier = answeredSnapshot.get(spec.id);
      if (earlier !== undefined) {
        const diff = diffJson(earlier, answer.body);
        if (diff.length > 0) fail(`after restart ${spec.id} differs: ${diff.join("; ")}`, true);
      }
      // What the kill left stored must be served from storage, not refetched.
      if (spec.keys.every((key) => crashKeys.has(key)) && !answer.hit) {
        fail(`after restart ${spec.id} was stored before the kill but not served from it`, true);
      }
    });
    // Everything is cached now and reads back the same.
    let finalHits = 0;
    await perTenant([...baseline, ...loadWindows], async (spec) => {
      cases += 1;
      const answer = await get(server.base, spec, "final pass");
      if (answer.status !== 200 || !answer.hit) {
        return fail(`final pass ${spec.id}: ${answer.status} ${answer.cache}`, true);
      }
      finalHits += 1;
      const earlier = before.get(spec.id) ?? answeredSnapshot.get(spec.id);
      if (earlier !== undefined) {
        const diff = diffJson(earlier, answer.body);
        if (diff.length > 0) fail(`final pass ${spec.id} differs: ${diff.join("; ")}`, true);
      }
    });
    const countersResponse = await fetch(`${server.base}/_edge/sandbox/counters`);
    const counters = await countersResponse.text();
    scanAnswer("sandbox counters", counters, Object.fromEntries(countersResponse.headers));
    const secondServer = server;
    await server.stop("SIGTERM");
    server = undefined;
    logs.push(secondServer.log());

    // 5. The final state: every entry sound and present.
    const final = await readState(persistDir);
    const finalAudit = final.audit;
    cases += final.entries.length + final.objects.length;
    if (finalAudit.corrupt.length > 0) {
      fail(
        `${finalAudit.corrupt.length} corrupt entries at the end: ${describeKv(finalAudit)}`,
        true,
      );
    }
    for (const problem of finalAudit.cross.problems) fail(`at the end: ${problem}`, true);
    const missing = [...baseline, ...loadWindows].flatMap((s) => s.keys).filter((k) =>
      !final.present.has(k)
    );
    if (missing.length > 0) fail(`${missing.length} windows not stored at the end: ${missing[0]}`);
    scanState(final, "stored at the end");

    // 6. The logs of both runs.
    let logLines = 0;
    for (const [i, text] of logs.entries()) {
      const { lines, status5xx, errors, reloads } = analyzeLog(text);
      if (reloads > 0) {
        fail(
          `wrangler rebuilt the Worker ${reloads} time(s) in run ${
            i + 1
          } (files changed): run again`,
        );
      }
      logLines += lines.length;
      scanText(text, `server ${i + 1} stdout/stderr`, findings);
      if (status5xx.length > 0 || errors.length > 0) {
        fail(
          `server ${i + 1} log: ${status5xx.length} 5xx, ${errors.length} error lines: ${
            errors.slice(0, 3).join(" | ").slice(0, 400)
          }`,
        );
      }
    }
    const loggedTraces = new Set(
      analyzeLog(logs[1]).requests.map((line) => /"traceId":"([^"]*)"/.exec(line)?.[1]),
    );
    const unlogged = [...restartedTraces].filter(([trace]) => !loggedTraces.has(trace));
    if (unlogged.length > 0) {
      fail(
        `${unlogged.length} answers of the restarted server have no log line: ${unlogged[0][1]}`,
      );
    }
    let files = 0;
    for (const dir of logDirs) files += scanFiles(dir, findings, "wrangler log dir");
    files += scanFiles(persistDir, findings, "persist dir");
    files += scanFiles(crashCopy, findings, "persist dir after the kill");

    notes = {
      restart: `SIGKILL to the process group ${(killAt / 1000).toFixed(1)} s into a load run ` +
        `(${loadAnswers} answers, ${loadResult.errors} connection errors after the kill); ` +
        `${answeredAtKill} of ${loadWindows.length} new windows answered before the kill, ${interrupted} more stored but not answered; ` +
        `after the kill ${crash.entries.length} KV entries and ${crash.pages} R2 pages, ${crashAudit.corrupt.length} corrupt, ` +
        `${crashAudit.cross.pairs} analytics/transactions day pairs cross-checked; ` +
        `restarted on the same --persist-to in ${(bootMs / 1000).toFixed(1)} s; ` +
        `${baseline.length} windows stored before the load: ${baselineHits} hits equal field by field; ` +
        `${loadWindows.length} load windows: ${loadHits} hits, ${refetched} refetched, ` +
        `${answeredAtKill} compared with their answer before the kill; final pass ${finalHits} of ${
          baseline.length + loadWindows.length
        } hits; at the end ${final.entries.length} KV entries and ${final.pages} R2 pages, ${finalAudit.corrupt.length} corrupt, ${finalAudit.cross.pairs} pairs cross-checked`,
      hygiene:
        `${scannedAnswers} answers (bodies and headers) of both runs, both servers' stdout/stderr (${logLines} lines) and wrangler log files, ${files} files under --persist-to (after the kill and at the end), every KV entry and R2 object: `,
      files,
      logLines,
    };
  } finally {
    if (server !== undefined) await server.stop("SIGKILL").catch(() => undefined);
    cleanup();
  }
  reliability({
    test: "Restart safety",
    cases,
    failures: failures.length,
    lost,
    notes: notes.restart,
  });
  const secretCount = findings.reduce((n, f) => n + f.count, 0);
  reliability({
    test: "Secret hygiene (server runs, restart)",
    cases: scannedAnswers + notes.files + notes.logLines,
    failures: secretCount,
    lost: 0,
    notes:
      `${notes.hygiene}${secretCount} occurrences of the demo proxy keys, sandbox client secrets, OAuth 1.0a keys, tokens and secrets, LE bearers, AppJWTs (eyJ…), OAuth parameters or the sandbox's signing key${
        findingsSummary(findings)
      }`,
  });
  reportFailures(failures, findings);
}

await main().catch((error) => {
  console.error(error?.stack ?? String(error));
  cleanup();
  process.exit(1);
});
