// Spies on crypto.subtle.digest, a global: kept in a file of its own (STYLE.md, Tests).
import { afterEach, describe, expect, it, vi } from "vitest";
import { authorize } from "../../../worker/auth/authorize.ts";
import { DEMO_PROXY_TENANTS } from "../../../worker/auth/tenants.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("authorize() hashing", () => {
  it("authorize() hashes a presented key once, whatever the number of tenants", async () => {
    const digest = vi.spyOn(crypto.subtle, "digest");
    const headers = new Headers({ "X-API-Key": "demo-key-30000003" });
    const result = await authorize(headers, "10000001", DEMO_PROXY_TENANTS);
    expect(result).toMatchObject({ ok: false, status: 403 });
    expect(digest).toHaveBeenCalledTimes(1);
  });

  it("authorize() refuses an oversized key without hashing it", async () => {
    const digest = vi.spyOn(crypto.subtle, "digest");
    for (
      const headers of [{ "X-API-Key": "k".repeat(100_000) }, {
        Authorization: `Bearer ${"k".repeat(513)}`,
      }]
    ) {
      const result = await authorize(new Headers(headers), "10000001", DEMO_PROXY_TENANTS);
      expect(result).toMatchObject({ ok: false, status: 401 });
    }
    expect(digest).not.toHaveBeenCalled();
  });
});
