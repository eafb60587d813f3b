// The proxy with its sandbox in a Worker of its own (`SCALE_SANDBOX=worker npm run bench:scale`):
// the Worker bundled by `wrangler deploy --dry-run` and test/bench/sandbox-worker.ts bundled by
// esbuild, both run by miniflare in one workerd with the bindings of wrangler.toml, the sandbox
// bound to the proxy as its `SANDBOX` service. The proxy's isolate (the Worker, its Durable
// Objects and its queue consumer) then holds none of the sandbox's memory: its V8 heap, read
// through the inspector, is the proxy's own. Same interface as the harness's `startServer`.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { REPO } from "../reliability/server/harness.mjs";
import { edgeWorker, runtimeLog } from "./miniflare-edge.mjs";

const WRANGLER_ENV = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_HIDE_BANNER: "true",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
};

function wranglerBundle(outdir) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      join(REPO, "node_modules/.bin/wrangler"),
      ["deploy", "--dry-run", "--outdir", outdir],
      { cwd: REPO, env: WRANGLER_ENV, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on(
      "close",
      (code) => code === 0 ? resolve() : reject(new Error(`wrangler deploy --dry-run:\n${output}`)),
    );
  });
}

/** This process's group: miniflare's workerd runs in it. */
function ownProcessGroup() {
  const stat = readFileSync("/proc/self/stat", "latin1");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
}

/**
 * Starts the proxy (upstream: the bound sandbox Worker) with `vars` as its and the sandbox's
 * bindings, persisting to `persistDir`, its inspector on `inspectorPort`.
 * @returns `{ base, pid, inspectorTarget, log, stop }`: `pid` is the process group holding workerd,
 * `inspectorTarget` names the proxy's isolate among the inspector's targets.
 */
export async function startSeparated({ dir, persistDir, vars = {}, inspectorPort }) {
  const dist = join(dir, "dist");
  const sandboxScript = join(dir, "sandbox", "index.js");
  await Promise.all([
    wranglerBundle(dist),
    build({
      entryPoints: [join(REPO, "test/bench/sandbox-worker.ts")],
      outfile: sandboxScript,
      bundle: true,
      format: "esm",
      platform: "neutral",
      target: "es2022",
      logLevel: "error",
    }),
  ]);
  const printed = runtimeLog(20_000);
  const mf = new Miniflare({
    cf: false,
    inspectorPort,
    defaultPersistRoot: persistDir,
    handleRuntimeStdio: printed.handleRuntimeStdio,
    workers: [
      { ...edgeWorker(dist, vars), serviceBindings: { SANDBOX: "sandbox" } },
      {
        name: "sandbox",
        modules: true,
        scriptPath: sandboxScript,
        modulesRoot: join(dir, "sandbox"),
        compatibilityDate: "2026-04-26",
        bindings: vars,
      },
    ],
  });
  await mf.ready.catch((error) => {
    throw new Error(`workerd did not start:\n${printed.log()}`, { cause: error });
  });
  const base = (await mf.unsafeGetDirectURL("edge")).href.replace(/\/$/, "");
  return {
    base,
    pid: ownProcessGroup(),
    inspectorTarget: "edge",
    /** What workerd printed but the request log lines (the last 20,000 characters). */
    log: printed.log,
    stop: () => mf.dispose(),
  };
}
