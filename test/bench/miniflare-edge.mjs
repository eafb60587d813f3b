// The proxy as the benchmarks run it under miniflare: the Worker bundled by `wrangler deploy
// --dry-run` with the bindings of wrangler.toml, and a filter of what workerd prints.
import { join } from "node:path";

/**
 * Miniflare's options for the bundled proxy in `dist` with wrangler.toml's bindings (KV, R2, the
 * Durable Objects, the fill queue), listening on a socket of its own; `bindings` are its vars.
 */
export function edgeWorker(dist, bindings) {
  return {
    name: "edge",
    modules: true,
    scriptPath: join(dist, "index.js"),
    modulesRoot: dist,
    compatibilityDate: "2026-04-26",
    compatibilityFlags: ["nodejs_compat"],
    kvNamespaces: { CACHE: "cache" },
    r2Buckets: { STORE: "store" },
    durableObjects: {
      SCHEDULER: { className: "RateScheduler", useSQLite: true },
      DAYS: { className: "DayLedger", useSQLite: true },
      NONCES: { className: "NonceLedger", useSQLite: true },
    },
    queueProducers: { FILLS: { queueName: "lp-reporting-edge-fills" } },
    queueConsumers: {
      "lp-reporting-edge-fills": { maxBatchSize: 1, maxBatchTimeout: 1, maxRetries: 10 },
    },
    bindings: { UPSTREAM: "sandbox", ...bindings },
    unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
  };
}

/**
 * What workerd prints, but the proxy's one JSON line per request (produced, as part of its
 * cost, then dropped): `handleRuntimeStdio` for miniflare, and `log()`, its last `limit`
 * characters.
 */
export function runtimeLog(limit) {
  let text = "";
  return {
    handleRuntimeStdio(out, err) {
      const keep = (chunk) => {
        for (const line of String(chunk).split("\n")) {
          if (line.trim() === "" || line.includes('"traceId"') && line.includes('"route"')) {
            continue;
          }
          text = `${text}${line}\n`.slice(-limit);
        }
      };
      out.on("data", keep);
      err.on("data", keep);
    },
    log: () => text,
  };
}
