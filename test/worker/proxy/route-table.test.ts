// The route table of worker/app.ts: every route answers 405 with `Allow` for the methods it
// lacks, derived from the same table that registers the handlers.
import { describe, expect, it } from "vitest";
import { ROUTES } from "../../../worker/app.ts";
import { expectLpError, harness, OAUTH2, quietLogs } from "./support.ts";

quietLogs();

/** A concrete path for a route's pattern. */
function concrete(path: string): string {
  return path
    .replace(":accountId", OAUTH2.accountId)
    .replace(":app", "prmsg")
    .replace(":campaignId", "202610101");
}

describe("route table", () => {
  it("ROUTES lists the reporting paths of both dialects and the /_edge routes, each path once", () => {
    const paths = ROUTES.map((route) => route.path);
    expect(paths).toContain("/api/account/:accountId/app/:app/analytics");
    expect(paths).toContain("/account/:accountId/app/:app/campaigns/:campaignId/analytics");
    expect(paths).toContain("/_edge/health");
    expect(new Set(paths).size).toBe(paths.length);
  });

  it("createApp() answers 405 with Allow from the table for every route and a method it lacks", async () => {
    const h = harness();
    for (const route of ROUTES) {
      const response = await h.call(concrete(route.path), { method: "DELETE" });
      await expectLpError(response, 405);
      expect(response.headers.get("allow"), route.path).toBe(route.methods.join(", "));
    }
    expect(h.upstream).toEqual([]);
  });
});
