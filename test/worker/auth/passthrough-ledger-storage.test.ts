// Patches Map.prototype.set, a global: kept in a file of its own (STYLE.md, Tests).
import { afterEach, describe, expect, it, vi } from "vitest";
import { PassThroughLedger } from "../../../worker/auth/passthrough-ledger.ts";

const CREDENTIAL = "Bearer sandbox-le-bearer-30000003";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("PassThroughLedger storage", () => {
  it("record() stores a SHA-256 digest and a time, never the credential", async () => {
    const ledger = new PassThroughLedger({ ttlMs: 300_000, now: () => 1_780_000_000_000 });
    const set = vi.spyOn(Map.prototype, "set");
    await ledger.record(CREDENTIAL, "30000003");
    const stored = set.mock.calls.map(([key, value]) => [key, value]);
    set.mockRestore();
    expect(stored).toContainEqual([expect.stringMatching(/^[0-9a-f]{64}$/), 1_780_000_000_000]);
    const text = JSON.stringify(stored);
    expect(text).not.toContain("sandbox-le-bearer");
    expect(text).not.toContain("30000003");
  });
});
