// The admin routes: only an admin key opens them (a tenant key never does; to anyone else they
// do not exist), a backfill enqueues each missing day once, and its progress is the coverage.
import { describe, expect, it } from "vitest";
import {
  daysAgo,
  expectLpError,
  type Harness,
  harness,
  keyed,
  OAUTH1,
  OAUTH2,
  quietLogs,
} from "../proxy/support.ts";

quietLogs();

const ADMIN = { "x-admin-key": "demo-admin-key" };

function backfillPath(from: number, to: number, accountId: string = OAUTH2.accountId): string {
  const query = new URLSearchParams({
    from: new Date(from).toISOString().slice(0, 10),
    to: new Date(to).toISOString().slice(0, 10),
  });
  return `/_edge/admin/backfill/${accountId}/prmsg?${query}`;
}

async function json(response: Response, status: number): Promise<Record<string, unknown>> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as Record<string, unknown>;
}

async function expectAbsent(h: Harness, path: string, init: RequestInit): Promise<void> {
  const response = await h.call(path, init);
  const body = await expectLpError(response, 404);
  expect(body.message).toMatch(/^No such resource: /);
  expect(response.headers.get("allow")).toBeNull();
}

describe("/_edge/admin", { timeout: 60_000 }, () => {
  it("/_edge/admin routes do not exist for a tenant key, no key, a wrong key or a wrong method", async () => {
    const h = harness();
    const path = backfillPath(daysAgo(10), daysAgo(5));
    for (
      const headers of [
        keyed(OAUTH2.key),
        keyed(OAUTH2.key, "x-api-key"),
        {},
        {
          "x-admin-key": "demo-admin-key-",
        },
        { authorization: "Bearer demo-key-10000001" },
        { "x-admin-key": OAUTH1.key },
      ]
    ) {
      for (const method of ["GET", "POST"]) await expectAbsent(h, path, { method, headers });
      // Undocumented for anyone but an admin, so asked past the contract check.
      const other = await h.app.fetch(
        new Request(`http://proxy.test${path}`, { method: "DELETE", headers }),
        h.env,
      );
      expect(other.status).toBe(404);
    }
    await expectAbsent(h, "/_edge/admin/", { headers: keyed(OAUTH2.key) });
    const wrongMethod = await h.call(path, { method: "DELETE", headers: ADMIN });
    await expectLpError(wrongMethod, 405);
    expect(wrongMethod.headers.get("allow")).toBe("GET, POST");
    expect(h.fills).toEqual([]);
    expect(h.upstream).toEqual([]);
  });

  it("ADMIN_KEYS replaces the demo admin key: only its digests open the routes", async () => {
    // A digest no key has, beside the operator key's (given in uppercase).
    const digest = "0".repeat(64);
    const real = await crypto.subtle.digest("SHA-256", new TextEncoder().encode("operator-key-1"));
    const hex = [...new Uint8Array(real)].map((b) => b.toString(16).padStart(2, "0")).join("");
    const h = harness({ env: { ADMIN_KEYS: `${digest}, ${hex.toUpperCase()}` } });
    const path = backfillPath(daysAgo(10), daysAgo(9));
    await expectAbsent(h, path, { headers: ADMIN });
    await json(await h.call(path, { headers: { authorization: "Bearer operator-key-1" } }), 200);
  });

  it("POST backfill enqueues each missing day once at the warm share; GET follows it to closed and archived", async () => {
    const h = harness();
    const path = backfillPath(daysAgo(40), daysAgo(30));
    const first = await json(await h.call(path, { method: "POST", headers: ADMIN }), 202);
    expect(first).toMatchObject({
      accountId: OAUTH2.accountId,
      app: "prmsg",
      days: 10,
      enqueued: 10,
    });
    expect(h.fills.every((job) => job.warm === true)).toBe(true);
    const again = await json(await h.call(path, { method: "POST", headers: ADMIN }), 202);
    expect(again).toMatchObject({ enqueued: 0, pending: 10 });
    const before = await json(await h.call(path, { headers: ADMIN }), 200);
    expect(before["summary"]).toEqual({
      none: 10,
      filling: 0,
      settling: 0,
      closed: 0,
      archived: 0,
    });
    await h.drainFills();
    const after = await json(await h.call(path, { headers: ADMIN }), 200);
    // Days 40..32 ago matured (MATURE_DAYS 31 + 20 min after their end): archived; 31 not yet.
    expect(after["summary"]).toEqual({ none: 0, filling: 0, settling: 0, closed: 1, archived: 9 });
    const pages = h.reportingCalls().filter((r) => r.url.pathname.endsWith("/transactions/"));
    expect(pages.length).toBe(10);
    const third = await json(await h.call(path, { method: "POST", headers: ADMIN }), 202);
    expect(third).toMatchObject({ enqueued: 0, stored: 10 });
  });

  it("POST backfill refuses a range older than the retention, an unknown app or an account no tenant fills", async () => {
    const h = harness();
    await expectLpError(
      await h.call(backfillPath(daysAgo(500), daysAgo(490)), { method: "POST", headers: ADMIN }),
      400,
    );
    await expectLpError(
      await h.call("/_edge/admin/backfill/10000001/lp?from=2026-10-01&to=2026-10-02", {
        method: "POST",
        headers: ADMIN,
      }),
      400,
    );
    // 30000003 is the pass-through tenant's: no credential of the proxy's own to fill with.
    await expectLpError(
      await h.call(backfillPath(daysAgo(10), daysAgo(9), "30000003"), {
        method: "POST",
        headers: ADMIN,
      }),
      404,
    );
    expect(h.fills).toEqual([]);
  });
});
