import type { Operation } from "../windows.ts";
import { createRandom, type Random } from "./random.ts";

/** Faults the sandbox injects, deterministically for a seed. Rates are shares in [0, 1]. */
export interface FaultOptions {
  /** Added to every answer: fixed milliseconds or a uniform `[min, max]` range. @default 0 */
  latencyMs?: number | readonly [min: number, max: number];
  /** Share of requests answered with a 500. @default 0 */
  errorRate?: number;
  /** Share of requests answered with a 429 (beyond the real rate limit). @default 0 */
  rateLimitRate?: number;
  /** Share of requests that never answer until the caller aborts. @default 0 */
  hangRate?: number;
  /** Share of 200 answers whose JSON body is cut in half. @default 0 */
  truncateRate?: number;
  /** Share of 200 answers whose JSON breaks the schema (a wrong type in a row). @default 0 */
  breakSchemaRate?: number;
  /** Seed of the fault sequence. @default 1 */
  seed?: number;
  /** Operations the faults apply to. @default every reporting operation */
  operations?: readonly Operation[];
}

/** What happens to one request. */
export type FaultDecision = "none" | "error" | "rate-limit" | "hang" | "truncate" | "break-schema";

const RATES = [
  ["error", "errorRate"],
  ["rate-limit", "rateLimitRate"],
  ["hang", "hangRate"],
  ["truncate", "truncateRate"],
  ["break-schema", "breakSchemaRate"],
] as const;

/** Rolls the configured faults, one decision per request, from a seeded sequence. */
export class FaultInjector {
  readonly #options: FaultOptions;
  readonly #random: Random;

  /** @throws {RangeError} when a rate is outside [0, 1] or the rates add up to more than 1. */
  constructor(options: FaultOptions = {}) {
    let total = 0;
    for (const [, key] of RATES) {
      const rate = options[key] ?? 0;
      if (!(rate >= 0 && rate <= 1)) {
        throw new RangeError(`Cannot inject faults as ${key} is not a share in [0, 1]: ${rate}`);
      }
      total += rate;
    }
    if (total > 1) throw new RangeError(`Cannot inject faults as the rates add up to ${total} > 1`);
    this.#options = options;
    this.#random = createRandom(options.seed ?? 1, "faults");
  }

  /** The fault for the next request to `operation`. */
  decide(operation: Operation): FaultDecision {
    const { operations } = this.#options;
    if (operations !== undefined && !operations.includes(operation)) return "none";
    let roll = this.#random.next();
    for (const [decision, key] of RATES) {
      roll -= this.#options[key] ?? 0;
      if (roll < 0) return decision;
    }
    return "none";
  }

  /** The latency to add to the next answer, in milliseconds. */
  latency(): number {
    const { latencyMs = 0 } = this.#options;
    if (typeof latencyMs === "number") return latencyMs;
    const [min, max] = latencyMs;
    return min + this.#random.next() * (max - min);
  }
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return signal.aborted ? Promise.reject(signal.reason) : Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Never resolves; rejects with the signal's reason once it aborts. */
export function hang(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

/** A body that no longer fits the schema: the first row's first field gets a wrong type. */
export function breakSchema(body: Record<string, unknown>): Record<string, unknown> {
  for (const key of ["transactions", "analytics", "consumersReport"]) {
    const rows = body[key];
    if (Array.isArray(rows) && rows.length > 0) {
      return {
        ...body,
        [key]: [
          { ...rows[0], attempted: "many", attemptedTime: { bad: true }, status: 7 },
          ...rows.slice(1),
        ],
      };
    }
  }
  return { ...body, requestMetadata: 42, page: "none" };
}
