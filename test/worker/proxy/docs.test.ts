// /_edge/openapi.json and /_edge/docs: the committed document, and the reference page served
// from the static assets through the ASSETS binding.
import { describe, expect, it } from "vitest";
import document from "../../../openapi.json" with { type: "json" };
import { expectLpError, harness, quietLogs } from "./support.ts";

describe("API reference routes", () => {
  quietLogs();

  it("GET /_edge/openapi.json answers the committed document, without a key", async () => {
    const response = await harness().call("/_edge/openapi.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual(document);
  });

  it("GET /_edge/docs serves the Swagger UI page from the assets", async () => {
    const h = harness();
    expect(h.env.ASSETS, "the ASSETS binding of wrangler.toml").toBeDefined();
    const response = await h.call("/_edge/docs");
    const html = await response.text();
    expect(response.status, html).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(html).toContain('<script src="/_edge/docs/swagger-ui-bundle.js"></script>');
    expect(html).toContain('<script src="/_edge/docs/reference.js"></script>');
  });

  it("GET /_edge/docs and /_edge/openapi.json answer 404 in LivePerson's shape when the assets are not built", async () => {
    // The binding is there, the built files are not.
    const missing = { fetch: () => Promise.resolve(new Response("", { status: 404 })) };
    const h = harness({ env: { ASSETS: missing as unknown as Fetcher } });
    await expectLpError(await h.call("/_edge/docs"), 404);
    await expectLpError(await h.call("/_edge/openapi.json"), 404);
  });

  it("POST /_edge/openapi.json and /_edge/docs answer 405 with Allow: GET", async () => {
    const h = harness();
    for (const path of ["/_edge/openapi.json", "/_edge/docs"]) {
      const response = await h.call(path, { method: "POST" });
      expect(response.headers.get("allow")).toBe("GET");
      await expectLpError(response, 405);
    }
  });
});
