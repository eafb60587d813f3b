// openapi.json: generated, committed, valid, and what the registry gives today.
import { readFileSync } from "node:fs";
import { validate } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "../../scripts/openapi/document.ts";
import { serializeDocument } from "../../scripts/openapi/serialize-document.ts";
import { checkResponse } from "./contract.ts";

const committed = readFileSync(new URL("../../openapi.json", import.meta.url), "utf8");

describe("openapi.json", () => {
  it("is what scripts/openapi.ts generates (run `npm run openapi` after changing a schema)", async () => {
    expect(serializeDocument(await openApiDocument())).toBe(committed);
  });

  it("is a valid OpenAPI 3.1 document (@readme/openapi-parser)", async () => {
    const result = await validate(JSON.parse(committed));
    expect(result.valid, JSON.stringify(result).slice(0, 2000)).toBe(true);
    expect(result.warnings).toEqual([]);
  });

  it("documents both dialects' drop-in routes and every /_edge route", () => {
    const paths = Object.keys(JSON.parse(committed).paths);
    for (const prefix of ["/api", ""]) {
      for (
        const tail of [
          "analytics",
          "transactions",
          "campaigns/{campaignId}",
          "campaigns/{campaignId}/analytics",
        ]
      ) {
        expect(paths).toContain(`${prefix}/account/{accountId}/app/{app}/${tail}`);
      }
    }
    for (
      const route of [
        "health",
        "sandbox/counters",
        "funnel/{accountId}/{app}",
        "openapi.json",
        "docs",
      ]
    ) {
      expect(paths).toContain(`/_edge/${route}`);
    }
  });

  it("gives every example in the document a body its own schema accepts", async () => {
    const document = JSON.parse(committed);
    let checked = 0;
    type Operation = {
      responses?: Record<string, { content?: Record<string, { example?: unknown }> }>;
    };
    const paths = document.paths as Record<string, Record<string, Operation>>;
    for (const [template, item] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const ok = operation.responses?.["200"]?.content?.["application/json"];
        if (ok?.example === undefined) continue;
        const url = `http://proxy.test${template.replace(/\{[^}]+\}/g, "x")}`;
        const response = new Response(JSON.stringify(ok.example), {
          headers: {
            "content-type": "application/json",
            "x-request-trace-id": "5f0c6a52-6f1e-4c8a-9b1e-2d6f3c9a7e10",
            "cache-status": "lp-reporting-edge; hit",
          },
        });
        expect(await checkResponse({ method, url }, response, { scope: "proxy" })).toEqual([]);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(15);
  });

  it("checkResponse() rejects a body that breaks the schema, an undocumented status and a missing header", async () => {
    const url = "http://proxy.test/api/account/1/app/prmsg/analytics/";
    const headers = {
      "content-type": "application/json",
      "x-request-trace-id": "5f0c6a52-6f1e-4c8a-9b1e-2d6f3c9a7e10",
      "cache-status": "lp-reporting-edge; hit",
    };
    const broken = new Response(
      JSON.stringify({ requestMetadata: { app: "prmsg" }, analytics: [] }),
      { headers },
    );
    expect((await checkResponse({ method: "GET", url }, broken, { scope: "proxy" }))?.join())
      .toMatch(/accountId/);
    const teapot = new Response("{}", { status: 418, headers });
    expect((await checkResponse({ method: "GET", url }, teapot, { scope: "proxy" }))?.join())
      .toMatch(/418/);
    const bare = new Response(
      JSON.stringify({ requestMetadata: { accountId: "1", app: "prmsg" }, analytics: [] }),
      {
        headers: { "content-type": "application/json" },
      },
    );
    expect((await checkResponse({ method: "GET", url }, bare, { scope: "proxy" }))?.join()).toMatch(
      /x-request-trace-id/,
    );
  });
});
