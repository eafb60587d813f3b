import { createApp } from "./app.ts";

export { NonceLedger } from "./auth/nonce-ledger.ts";
export { RateScheduler } from "./scheduler/rate-scheduler.ts";

/** The Worker: the drop-in, caching, auth-translating, rate-smoothing reporting proxy. */
export default createApp();
