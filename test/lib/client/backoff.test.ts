import { describe, expect, it, vi } from "vitest";
import {
  backoffDelay,
  rateLimitDelay,
  RETRY_DEFAULTS,
  validateRetryOptions,
} from "../../../lib/client/backoff.ts";

const half = (): number => 0.5;
const zero = (): number => 0;
const almostOne = (): number => 1 - Number.EPSILON;

describe("RETRY_DEFAULTS", () => {
  it("RETRY_DEFAULTS follows LivePerson's retry guidance and is frozen", () => {
    expect(RETRY_DEFAULTS).toEqual({
      attempts: 3,
      baseDelayMs: 5000,
      maxDelayMs: 15_000,
      rateLimitDelayMs: 1000,
      maxRetryAfterMs: 60_000,
    });
    expect(Object.isFrozen(RETRY_DEFAULTS)).toBe(true);
  });
});

describe("backoffDelay()", () => {
  it("backoffDelay() caps retries 1, 2, 3 at LP's 5 s, 10 s, 15 s and stays at the ceiling", () => {
    const caps = [1, 2, 3, 4, 8].map((retry) => backoffDelay(retry, RETRY_DEFAULTS, almostOne));
    expect(caps.map(Math.round)).toEqual([5000, 10_000, 15_000, 15_000, 15_000]);
    expect(caps.every((delay, index) => delay < [5000, 10_000, 15_000, 15_000, 15_000][index]!))
      .toBe(true);
  });

  it("backoffDelay() applies full jitter: random() times the cap", () => {
    expect(backoffDelay(1, RETRY_DEFAULTS, half)).toBe(2500);
    expect(backoffDelay(2, RETRY_DEFAULTS, half)).toBe(5000);
    expect(backoffDelay(3, RETRY_DEFAULTS, () => 0.25)).toBe(3750);
    expect(backoffDelay(2, RETRY_DEFAULTS, zero)).toBe(0);
  });

  it("backoffDelay() doubles the base delay on each retry up to maxDelayMs", () => {
    const options = { ...RETRY_DEFAULTS, baseDelayMs: 100, maxDelayMs: 1000 };
    const delays = [1, 2, 3, 4, 5, 6].map((retry) => backoffDelay(retry, options, half));
    expect(delays).toEqual([50, 100, 200, 400, 500, 500]);
  });

  it("backoffDelay() draws one random number per call", () => {
    const random = vi.fn(() => 0.1);
    backoffDelay(1, RETRY_DEFAULTS, random);
    expect(random).toHaveBeenCalledTimes(1);
  });

  it("backoffDelay() stays within [0, cap) with Math.random", () => {
    for (let i = 0; i < 200; i += 1) {
      const delay = backoffDelay(2, RETRY_DEFAULTS);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(10_000);
    }
  });

  it("backoffDelay() rejects a retry number that is not a positive integer", () => {
    expect(() => backoffDelay(0, RETRY_DEFAULTS, half)).toThrow(
      "Cannot compute a retry delay as retry is not a positive integer: 0",
    );
    expect(() => backoffDelay(1.5, RETRY_DEFAULTS, half)).toThrow(RangeError);
  });
});

describe("rateLimitDelay()", () => {
  it("rateLimitDelay() honours Retry-After without jitter", () => {
    const random = vi.fn(half);
    expect(rateLimitDelay(1, 2000, RETRY_DEFAULTS, random)).toBe(2000);
    expect(rateLimitDelay(3, 0, RETRY_DEFAULTS, random)).toBe(0);
    expect(random).not.toHaveBeenCalled();
  });

  it("rateLimitDelay() clamps Retry-After to maxRetryAfterMs", () => {
    expect(rateLimitDelay(1, 600_000, RETRY_DEFAULTS, half)).toBe(60_000);
    expect(rateLimitDelay(1, 600_000, { ...RETRY_DEFAULTS, maxRetryAfterMs: 5000 }, half)).toBe(
      5000,
    );
  });

  it("rateLimitDelay() waits at least rateLimitDelayMs without Retry-After", () => {
    expect(rateLimitDelay(1, undefined, RETRY_DEFAULTS, zero)).toBe(1000);
    expect(rateLimitDelay(1, undefined, RETRY_DEFAULTS, () => 0.1)).toBe(1000);
  });

  it("rateLimitDelay() falls back to the backoff when it is longer than rateLimitDelayMs", () => {
    expect(rateLimitDelay(1, undefined, RETRY_DEFAULTS, half)).toBe(2500);
    expect(rateLimitDelay(3, undefined, RETRY_DEFAULTS, half)).toBe(7500);
    expect(rateLimitDelay(2, Number.NaN, RETRY_DEFAULTS, half)).toBe(5000);
  });

  it("rateLimitDelay() rejects a retry number that is not a positive integer", () => {
    expect(() => rateLimitDelay(0, 1000, RETRY_DEFAULTS, half)).toThrow(RangeError);
  });
});

describe("validateRetryOptions()", () => {
  it("validateRetryOptions() returns a fresh copy of the defaults when given nothing", () => {
    const options = validateRetryOptions(undefined);
    expect(options).toEqual(RETRY_DEFAULTS);
    expect(options).not.toBe(RETRY_DEFAULTS);
    expect(validateRetryOptions({})).toEqual(RETRY_DEFAULTS);
  });

  it("validateRetryOptions() keeps given fields and defaults the rest", () => {
    expect(validateRetryOptions({ attempts: 4, maxDelayMs: 20_000 })).toEqual({
      ...RETRY_DEFAULTS,
      attempts: 4,
      maxDelayMs: 20_000,
    });
    const withUndefined = { attempts: undefined } as unknown as { attempts: number };
    expect(validateRetryOptions(withUndefined).attempts).toBe(3);
    expect(validateRetryOptions({ baseDelayMs: 0, rateLimitDelayMs: 0 }).baseDelayMs).toBe(0);
  });

  it("validateRetryOptions() rejects attempts that are not a positive integer", () => {
    for (const attempts of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => validateRetryOptions({ attempts })).toThrow(RangeError);
    }
    expect(() => validateRetryOptions({ attempts: 0 })).toThrow(
      "Cannot use retry.attempts as it is not a positive integer: 0",
    );
  });

  it("validateRetryOptions() rejects negative or non-finite delays", () => {
    for (const key of ["baseDelayMs", "maxDelayMs", "rateLimitDelayMs", "maxRetryAfterMs"]) {
      for (const value of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(() => validateRetryOptions({ [key]: value })).toThrow(RangeError);
      }
    }
    expect(() => validateRetryOptions({ maxRetryAfterMs: -5 })).toThrow(
      "Cannot use retry.maxRetryAfterMs as it is not a finite, non-negative number: -5",
    );
  });

  it("validateRetryOptions() rejects options that are not an object, or fields not numbers", () => {
    expect(() => validateRetryOptions(3 as never)).toThrow(TypeError);
    expect(() => validateRetryOptions(null as never)).toThrow(TypeError);
    expect(() => validateRetryOptions({ attempts: "3" } as never)).toThrow(
      "Cannot use retry.attempts as it is not a number: 3",
    );
  });
});
