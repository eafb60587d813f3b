/**
 * Background fills on Cloudflare Queues: a request that leaves a day incomplete enqueues one
 * {@link FillJob} (the day's ledger lets one through per lease, however many callers, isolates
 * or crons ask); the consumer fills up to {@link PAGES_PER_MESSAGE} pages below live callers
 * in the schedule, then enqueues the rest of the day as a new message. A consumer that dies
 * mid-fill loses nothing: the pages it stored stay stored, the queue redelivers the message,
 * and the fill resumes at the first missing page.
 *
 * @module
 */
import { settingsOf } from "../settings.ts";
import type { Env } from "../env.ts";
import type { Runtime } from "../runtime.ts";
import { archiveIfMatured } from "../archive/archive-day.ts";
import { type DayAccess, dayAccess } from "../store/day-pages.ts";
import { backgroundCaller, fillingTenant } from "./background-caller.ts";
import { fillDay } from "./fill-day.ts";
import { isFillJob } from "./fill-job.ts";

/** Pages one message fills before it hands the rest on (about 20 s at 10 requests/s). */
export const PAGES_PER_MESSAGE = 200;
/** How long an enqueued fill keeps others from enqueueing the same day again. */
const FILL_LEASE_MS = 10 * 60_000;

/**
 * Enqueues the background fill of a day, once per lease. Pass-through callers have no
 * upstream credential the proxy may keep, so their days are filled only by requests.
 * @param options `warm`: enqueued by warming or a backfill, so the fill takes at most
 * `WARM_RATE_SHARE` of the rate.
 * @returns Whether a fill was enqueued (false while another holds the day's lease).
 */
export async function requestFill(
  access: DayAccess,
  options: { warm?: boolean } = {},
): Promise<boolean> {
  const { caller, ref, ledger } = access;
  if (caller.passthrough !== null || caller.tenant.upstream.kind === "passthrough") return false;
  if (!await ledger.requestFill(caller.runtime.now(), FILL_LEASE_MS)) return false;
  await caller.env.FILLS.send({
    tenant: caller.tenant.name,
    ...ref,
    ...(options.warm === true ? { warm: true } : {}),
  });
  return true;
}

/**
 * The `FILLS` queue consumer: fills each message's day (then archives it once matured); a
 * message that cannot be used is logged and acknowledged, a failed fill is retried by the queue.
 */
export async function consumeFills(
  batch: MessageBatch<unknown>,
  env: Env,
  runtime: Runtime,
): Promise<void> {
  const settings = settingsOf(env);
  for (const message of batch.messages) {
    const job = message.body;
    if (!isFillJob(job)) {
      console.error(JSON.stringify({ traceId: crypto.randomUUID(), fill: "malformed message" }));
      message.ack();
      continue;
    }
    const tenant = fillingTenant(settings, job.accountId, job.tenant);
    if (tenant === undefined) {
      console.error(
        JSON.stringify({ traceId: crypto.randomUUID(), fill: "unknown tenant or account" }),
      );
      message.ack();
      continue;
    }
    const caller = backgroundCaller(env, settings, runtime, { ...job, tenant });
    const access = {
      ...dayAccess(caller, job.day, true),
      ...(job.warm === true ? { share: settings.archive.warmRateShare } : {}),
    };
    try {
      const { complete } = await fillDay(access, PAGES_PER_MESSAGE);
      if (complete !== null) {
        await access.ledger.fillEnded();
        await archiveIfMatured(access, complete);
      } else await env.FILLS.send(job);
      message.ack();
    } catch (error) {
      console.error(JSON.stringify({
        traceId: caller.traceId,
        fill: `${job.accountId}/${job.app}/${job.dialect}/${job.day}`,
        error: String(error).slice(0, 300),
      }));
      message.retry({ delaySeconds: 5 });
    }
  }
}
