import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { anySignal, sleep, timeoutSignal, untilAborted } from "../../../lib/client/abort.ts";

// These helpers wrap real timers, so their tests run on vitest's fake timers.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Records whether a promise has settled yet, and how. */
function track(promise: Promise<unknown>): { state: string; value: unknown } {
  const result = { state: "pending", value: undefined as unknown };
  promise.then(
    (value) => Object.assign(result, { state: "fulfilled", value }),
    (value: unknown) => Object.assign(result, { state: "rejected", value }),
  );
  return result;
}

describe("sleep()", () => {
  it("sleep() resolves after the delay and not before", async () => {
    const wait = track(sleep(1000));
    await vi.advanceTimersByTimeAsync(999);
    expect(wait.state).toBe("pending");
    await vi.advanceTimersByTimeAsync(1);
    expect(wait.state).toBe("fulfilled");
  });

  it("sleep() rejects with the signal's reason and clears its timer on abort", async () => {
    const controller = new AbortController();
    const reason = new Error("stop");
    const wait = track(sleep(60_000, controller.signal));
    expect(vi.getTimerCount()).toBe(1);
    controller.abort(reason);
    await vi.advanceTimersByTimeAsync(0);
    expect(wait).toEqual({ state: "rejected", value: reason });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("sleep() rejects at once, without a timer, when the signal is already aborted", async () => {
    const reason = new Error("already");
    await expect(sleep(1000, AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("sleep() removes its abort listener once the time is up", async () => {
    const controller = new AbortController();
    const remove = vi.spyOn(controller.signal, "removeEventListener");
    const wait = track(sleep(10, controller.signal));
    await vi.advanceTimersByTimeAsync(10);
    expect(wait.state).toBe("fulfilled");
    expect(remove).toHaveBeenCalledWith("abort", expect.any(Function));
  });

  it("sleep() treats a negative delay as 0", async () => {
    const wait = track(sleep(-50));
    await vi.advanceTimersByTimeAsync(0);
    expect(wait.state).toBe("fulfilled");
  });

  it("sleep() rejects a NaN or over-long delay with a RangeError", async () => {
    await expect(sleep(Number.NaN)).rejects.toThrow(RangeError);
    await expect(sleep(2 ** 31)).rejects.toThrow(
      "Cannot sleep as the delay is not between 0 and 2147483647 ms: 2147483648",
    );
    expect(vi.getTimerCount()).toBe(0);
  });
});

/** Runs the anySignal() tests against the native AbortSignal.any and against the fallback. */
for (const variant of ["native", "fallback"] as const) {
  describe(`anySignal() (${variant})`, () => {
    const original = Object.getOwnPropertyDescriptor(AbortSignal, "any");
    // The fallback is only reachable without AbortSignal.any; the global is restored after each test.
    beforeEach(() => {
      if (variant === "fallback") {
        Object.defineProperty(AbortSignal, "any", { value: undefined, configurable: true });
      }
    });
    afterEach(() => {
      if (original) Object.defineProperty(AbortSignal, "any", original);
    });

    it(`anySignal() aborts with the reason of the first signal to abort (${variant})`, () => {
      const first = new AbortController();
      const second = new AbortController();
      const combined = anySignal([first.signal, undefined, second.signal]);
      expect(combined.signal.aborted).toBe(false);
      const reason = new Error("second");
      second.abort(reason);
      first.abort(new Error("first"));
      expect(combined.signal.aborted).toBe(true);
      expect(combined.signal.reason).toBe(reason);
      combined.dispose();
    });

    it(`anySignal() is aborted at once when a signal already is (${variant})`, () => {
      const reason = new Error("early");
      const combined = anySignal([new AbortController().signal, AbortSignal.abort(reason)]);
      expect(combined.signal.aborted).toBe(true);
      expect(combined.signal.reason).toBe(reason);
    });

    it(`anySignal() of no signals never aborts (${variant})`, () => {
      const combined = anySignal([undefined]);
      expect(combined.signal.aborted).toBe(false);
      combined.dispose();
    });
  });
}

describe("anySignal() (fallback only)", () => {
  it("anySignal() detaches its listeners on dispose when AbortSignal.any is missing", () => {
    const original = Object.getOwnPropertyDescriptor(AbortSignal, "any");
    Object.defineProperty(AbortSignal, "any", { value: undefined, configurable: true });
    try {
      const source = new AbortController();
      const remove = vi.spyOn(source.signal, "removeEventListener");
      const combined = anySignal([source.signal]);
      combined.dispose();
      expect(remove).toHaveBeenCalledWith("abort", expect.any(Function));
      source.abort(new Error("late"));
      expect(combined.signal.aborted).toBe(false);
    } finally {
      if (original) Object.defineProperty(AbortSignal, "any", original);
    }
  });
});

describe("timeoutSignal()", () => {
  it("timeoutSignal() aborts after the delay with a DOMException named TimeoutError", async () => {
    const timeout = timeoutSignal(500);
    await vi.advanceTimersByTimeAsync(499);
    expect(timeout.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(timeout.signal.aborted).toBe(true);
    const reason: unknown = timeout.signal.reason;
    expect(reason).toBeInstanceOf(DOMException);
    expect((reason as DOMException).name).toBe("TimeoutError");
    expect((reason as DOMException).message).toBe("The operation timed out after 500 ms");
  });

  it("timeoutSignal() clears its timer on dispose and never aborts", async () => {
    const timeout = timeoutSignal(500);
    expect(vi.getTimerCount()).toBe(1);
    timeout.dispose();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(timeout.signal.aborted).toBe(false);
  });

  it("timeoutSignal() can be told apart from a caller's abort through anySignal()", async () => {
    const timedOut = anySignal([new AbortController().signal, timeoutSignal(100).signal]);
    const caller = new AbortController();
    const timeout = timeoutSignal(100);
    const cancelled = anySignal([caller.signal, timeout.signal]);
    caller.abort();
    await vi.advanceTimersByTimeAsync(100);
    expect((timedOut.signal.reason as DOMException).name).toBe("TimeoutError");
    expect((cancelled.signal.reason as DOMException).name).toBe("AbortError");
  });

  it("timeoutSignal() rejects a NaN or over-long delay with a RangeError", () => {
    expect(() => timeoutSignal(Number.NaN)).toThrow(RangeError);
    expect(() => timeoutSignal(2 ** 31)).toThrow(
      "Cannot create a timeout as the delay is not between 0 and 2147483647 ms: 2147483648",
    );
  });
});

describe("untilAborted()", () => {
  it("untilAborted() settles as the work does while the signal stays quiet", async () => {
    const controller = new AbortController();
    await expect(untilAborted(Promise.resolve(7), controller.signal)).resolves.toBe(7);
    const failure = new Error("failed");
    await expect(untilAborted(Promise.reject(failure), controller.signal)).rejects.toBe(failure);
  });

  it("untilAborted() rejects with the reason when the signal aborts first, leaving the work alone", async () => {
    const controller = new AbortController();
    let finish: (value: string) => void = () => {};
    const work = new Promise<string>((resolve) => (finish = resolve));
    const waiting = untilAborted(work, controller.signal);
    const reason = new Error("deadline");
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    finish("done later");
    await expect(work).resolves.toBe("done later");
    await expect(untilAborted(work, controller.signal)).rejects.toBe(reason);
  });

  it("untilAborted() leaves no unhandled rejection when the work fails after an earlier abort", async () => {
    // vitest fails the run on an unhandled rejection; real timers let it surface.
    vi.useRealTimers();
    const controller = new AbortController();
    const reason = new Error("deadline");
    controller.abort(reason);
    let fail: (error: Error) => void = () => {};
    const work = new Promise<string>((_, reject) => (fail = reject));
    await expect(untilAborted(work, controller.signal)).rejects.toBe(reason);
    fail(new Error("the fetch ends after its signal aborted"));
    await new Promise((resolve) => setTimeout(resolve, 20));
  });
});
