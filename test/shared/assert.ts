// Tiny assertions that run unchanged in Node (vitest), workerd and Deno.

/** Throws when `actual` is not deeply equal to `expected` (JSON-comparable values). */
export function assertEqual(actual: unknown, expected: unknown, message = "values differ"): void {
  const a = JSON.stringify(actual);
  const b = JSON.stringify(expected);
  if (a !== b) {
    throw new Error(
      `${message}:\n  actual:   ${a?.slice(0, 400)}\n  expected: ${b?.slice(0, 400)}`,
    );
  }
}

/** Throws when `condition` is false. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** Awaits `promise` and returns what it rejected with; throws when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection, got a result");
}

/** Calls `fn` and returns what it threw; throws when it returns. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw, got a return");
}
