/**
 * The deadline of one proxied request: a single bound (`REQUEST_DEADLINE_MS`, counted from the
 * request's arrival) over everything its upstream calls wait for: the Domain API lookup,
 * schedule slots, the AppJWT fetch and signing, and every attempt with its body. When it
 * passes, the request answers 504; a slot that would come after it is refused at once (429).
 *
 * @module
 */

/** One request's deadline. */
export interface RequestDeadline {
  /** Aborts when the deadline passes. */
  signal: AbortSignal;
  /** When it passes, epoch ms. */
  at: number;
  /** The whole of it (the `REQUEST_DEADLINE_MS` setting). */
  ms: number;
}

/**
 * The deadline of a request that arrived at `started`.
 * @param started When the request arrived, epoch ms (`Date.now()`).
 * @param ms The setting `REQUEST_DEADLINE_MS`.
 * @returns The deadline; its signal aborts with a `TimeoutError` `DOMException`.
 */
export function requestDeadline(started: number, ms: number): RequestDeadline {
  const at = started + ms;
  return { signal: AbortSignal.timeout(Math.max(0, at - Date.now())), at, ms };
}

/**
 * Milliseconds left before the deadline, never negative.
 * @param deadline A request's deadline.
 * @returns What is left of it now.
 */
export function remainingMs(deadline: RequestDeadline): number {
  return Math.max(0, deadline.at - Date.now());
}
