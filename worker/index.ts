import type { Env } from "./env.ts";
import { createWorker } from "./worker.ts";

export { NonceLedger } from "./auth/nonce-ledger.ts";
export { RateScheduler } from "./scheduler/rate-scheduler.ts";
export { DayLedger } from "./store/day-ledger.ts";

const worker = createWorker();

/** The Worker: the drop-in, caching, auth-translating, rate-smoothing reporting proxy. */
export default {
  fetch: worker.fetch,
  queue: (batch, env) => worker.queue(batch, env),
  scheduled: async (controller, env) => {
    await worker.scheduled(controller, env);
  },
} satisfies ExportedHandler<Env, unknown>;
