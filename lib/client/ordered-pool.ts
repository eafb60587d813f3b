/**
 * Concurrent, ordered, lazy, cancellable work: the engine that fetches many windows or pages at
 * once and hands them back in order (like Rust's `StreamExt::buffered`).
 *
 * @module
 */

/** Settings of {@linkcode orderedPool}. */
export interface OrderedPoolOptions {
  /** Most tasks started but not yet yielded, running or finished. A positive integer. */
  concurrency: number;
  /** Cancels the whole pool: every task's signal aborts and `next()` rejects with its reason. */
  signal?: AbortSignal | undefined;
}

type Outcome<O> = { ok: true; value: O } | { ok: false; error: unknown };

interface Entry<O> {
  controller: AbortController;
  outcome: Promise<Outcome<O>>;
}

/**
 * Runs `task` over `inputs` with up to `concurrency` tasks ahead of the consumer and yields the
 * results in input order, whatever order they finish in.
 *
 * - Lazy: nothing starts, and `inputs` is not read, until the first `next()`.
 * - Bounded: tasks started but not yet yielded (running or finished) never exceed `concurrency`,
 *   so a slow head holds memory to `concurrency` results; a new task starts as one is yielded.
 * - Errors: a failing task aborts the tasks after it and stops new ones; the results before it
 *   are still yielded, then its error is thrown (the first error in input order wins).
 * - Leaving early (`break`, `return()`), an error or the pool's `signal` aborts every task still
 *   pending through its own signal and waits for all of them to settle, so nothing outlives the
 *   loop; an iterable `inputs` is closed with its `return()`.
 *
 * @param inputs What to work on, read one at a time as room frees up.
 * @param task Does the work for one input; should stop when its signal aborts.
 * @param options Concurrency and an optional signal for the whole pool.
 * @returns An async iterator of the results, in input order.
 * @throws {RangeError} at once when `concurrency` is not a positive integer.
 * @throws Through `next()`: the first failing task's error, or the pool signal's `reason`.
 * @example Three at a time, in order
 * ```ts
 * import { orderedPool } from "./ordered-pool.ts";
 * const double = async (n: number) => n * 2;
 * const results: number[] = [];
 * for await (const value of orderedPool([1, 2, 3, 4], double, { concurrency: 3 })) {
 *   results.push(value);
 * }
 * console.log(results); // [2, 4, 6, 8]
 * ```
 */
export function orderedPool<I, O>(
  inputs: Iterable<I>,
  task: (input: I, signal: AbortSignal) => Promise<O>,
  options: OrderedPoolOptions,
): AsyncIterableIterator<O> {
  const { concurrency, signal } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(
      `Cannot run the ordered pool as concurrency is not a positive integer: ${concurrency}`,
    );
  }
  return run(inputs, task, concurrency, signal);
}

async function* run<I, O>(
  inputs: Iterable<I>,
  task: (input: I, signal: AbortSignal) => Promise<O>,
  concurrency: number,
  signal: AbortSignal | undefined,
): AsyncGenerator<O, void, undefined> {
  signal?.throwIfAborted();
  const queue: Entry<O>[] = [];
  const iterator = inputs[Symbol.iterator]();
  let exhausted = false;
  let failed = false;

  const start = (input: I): Entry<O> => {
    const controller = new AbortController();
    if (signal?.aborted) controller.abort(signal.reason);
    let promise: Promise<O>;
    try {
      promise = Promise.resolve(task(input, controller.signal));
    } catch (error) {
      promise = Promise.reject(error);
    }
    const entry: Entry<O> = {
      controller,
      // Settled outcomes, so a task nobody awaits yet never becomes an unhandled rejection.
      outcome: promise.then(
        (value) => ({ ok: true, value }),
        (error: unknown) => {
          failed = true;
          // Results after a failure are never yielded: stop their work now.
          const reason = new DOMException(
            "Cannot continue the task as an earlier one in the ordered pool failed",
            "AbortError",
          );
          for (const later of queue.slice(queue.indexOf(entry) + 1)) {
            later.controller.abort(reason);
          }
          return { ok: false, error };
        },
      ),
    };
    return entry;
  };

  const fill = (): void => {
    while (!exhausted && !failed && queue.length < concurrency) {
      let next: IteratorResult<I>;
      try {
        next = iterator.next();
      } catch (error) {
        // A throwing input iterator fails in order, after the tasks already started.
        exhausted = true;
        failed = true;
        queue.push({
          controller: new AbortController(),
          outcome: Promise.resolve({ ok: false, error }),
        });
        return;
      }
      if (next.done) {
        exhausted = true;
        return;
      }
      queue.push(start(next.value));
    }
  };

  const onAbort = (): void => {
    for (const entry of queue) entry.controller.abort(signal?.reason);
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    fill();
    while (true) {
      signal?.throwIfAborted();
      const head = queue[0];
      if (!head) return;
      const outcome = await head.outcome;
      signal?.throwIfAborted();
      queue.shift();
      if (!outcome.ok) throw outcome.error;
      // Refill before yielding, so `concurrency` tasks run while the consumer works.
      fill();
      yield outcome.value;
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    const reason = new DOMException("The ordered pool was closed", "AbortError");
    for (const entry of queue) entry.controller.abort(reason);
    await Promise.all(queue.map((entry) => entry.outcome));
    if (!exhausted) iterator.return?.();
  }
}
