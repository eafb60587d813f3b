/**
 * One request shared by every caller that wants its result. Each caller can give up on its
 * own (its signal); the request itself is aborted only once every caller has given up.
 * @example One request, two callers
 * ```ts
 * import { SharedFlight } from "./shared-flight.ts";
 * let runs = 0;
 * const flight = new SharedFlight((_signal) => Promise.resolve(++runs));
 * const [a, b] = await Promise.all([flight.join(), flight.join(new AbortController().signal)]);
 * console.log(a, b, runs); // 1 1 1
 * ```
 */
export class SharedFlight<T> {
  /** Settles with the request, whoever still waits. */
  readonly promise: Promise<T>;
  readonly #controller = new AbortController();
  #waiters = 0;
  #settled = false;

  /** @param run Starts the request now, with the signal that aborts it. */
  constructor(run: (signal: AbortSignal) => Promise<T>) {
    const signal = this.#controller.signal;
    this.promise = (async () => await run(signal))();
    const settle = (): void => {
      this.#settled = true;
    };
    this.promise.then(settle, settle);
  }

  /** Whether every caller gave up before it settled, so the request was aborted. */
  get abandoned(): boolean {
    return this.#controller.signal.aborted;
  }

  /**
   * Waits for the shared result.
   * @param signal This caller's signal; without one the caller waits to the end.
   * @returns The result.
   * @throws The request's error, or `signal.reason` when this caller's signal aborts first.
   */
  join(signal?: AbortSignal): Promise<T> {
    if (signal === undefined) {
      this.#waiters += 1;
      return this.promise;
    }
    if (signal.aborted) return Promise.reject(signal.reason);
    this.#waiters += 1;
    return new Promise<T>((resolve, reject) => {
      const leave = (): void => {
        reject(signal.reason);
        this.#waiters -= 1;
        if (this.#waiters === 0 && !this.#settled) this.#controller.abort(signal.reason);
      };
      signal.addEventListener("abort", leave, { once: true });
      this.promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", leave));
    });
  }
}
