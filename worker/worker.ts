import type { Hono } from "hono";
import { type AppOptions, createApp } from "./app.ts";
import type { Env } from "./env.ts";
import { type CronReport, runCron } from "./cron.ts";
import { consumeFills } from "./fill/fill-queue.ts";
import type { AppEnv } from "./request-state.ts";
import { newRuntime } from "./runtime.ts";

/** The Worker's handlers over one isolate-wide runtime. */
export interface ProxyWorker {
  /** The Hono app (drop-in and `/_edge` routes). */
  app: Hono<AppEnv>;
  /** The `fetch` handler. */
  fetch: Hono<AppEnv>["fetch"];
  /** The `FILLS` queue consumer: background fills of stored days. */
  queue(batch: MessageBatch<unknown>, env: Env): Promise<void>;
  /** The Cron Trigger: warming, and the archive's bound (worker/cron.ts). */
  scheduled(controller: ScheduledController, env: Env): Promise<CronReport>;
}

/** The app, the queue consumer and the cron, sharing the clock, the upstream and the isolate's memories. */
export function createWorker(options: Omit<AppOptions, "runtime"> = {}): ProxyWorker {
  const runtime = newRuntime(options.now ?? (() => Date.now()), options.upstream);
  const app = createApp({ runtime });
  return {
    app,
    fetch: app.fetch,
    queue: (batch, env) => consumeFills(batch, env, runtime),
    scheduled: (_controller, env) => runCron(env, runtime),
  };
}
