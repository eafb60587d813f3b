// The FILLS queue in tests: jobs are recorded, and delivered only when a test drains them (a
// real queue would deliver them to the main module's consumer, outside the test's clock and upstream).
import type { FillJob } from "../../../worker/fill/fill-job.ts";

/** A `Queue` that only records what is sent to it. */
export function fakeQueue(sent: FillJob[]): Queue<FillJob> {
  return {
    send: (job: FillJob) => {
      sent.push(structuredClone(job));
      return Promise.resolve();
    },
    sendBatch: (batch: Iterable<MessageSendRequest<FillJob>>) => {
      for (const { body } of batch) sent.push(structuredClone(body));
      return Promise.resolve();
    },
  } as unknown as Queue<FillJob>;
}

/** A batch of one message; a retried message goes back into `queue`, as the queue redelivers it. */
export function fakeBatch(job: FillJob, queue: FillJob[]): MessageBatch<unknown> {
  const message = {
    id: crypto.randomUUID(),
    timestamp: new Date(),
    body: job,
    attempts: 1,
    ack: () => undefined,
    retry: () => {
      queue.push(job);
    },
  };
  return {
    queue: "lp-reporting-edge-fills",
    messages: [message],
    ackAll: () => undefined,
    retryAll: () => undefined,
  } as unknown as MessageBatch<unknown>;
}
