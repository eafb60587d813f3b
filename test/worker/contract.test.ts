// The contract check inside workerd: ajv's generated validators run here, and the harness's
// sandbox is the checked one.
import { expect, it } from "vitest";
import { isCheckedSandbox } from "../contract/checked-sandbox.ts";
import { checkResponse } from "../contract/contract.ts";
import { harness, keyed, OAUTH2, reportPath, TODAY } from "./proxy/support.ts";

it("the proxy harness's upstream sandbox is checked against openapi.json", () => {
  expect(isCheckedSandbox(harness().sandbox)).toBe(true);
});

it("checkResponse() validates a proxy answer inside workerd, and rejects a broken one", async () => {
  const h = harness();
  const path = reportPath("2.0", OAUTH2.accountId, "analytics", TODAY - 86_400_000, TODAY);
  const response = await h.call(path, { headers: keyed(OAUTH2.key) });
  const line = { method: "GET", url: `http://proxy.test${path}` };
  expect(response.status).toBe(200);
  expect(await checkResponse(line, response.clone(), { scope: "proxy" })).toEqual([]);
  const body = await response.json() as { analytics: Record<string, unknown>[] };
  body.analytics.push({ date: 1 });
  const broken = new Response(JSON.stringify(body), { headers: response.headers });
  expect((await checkResponse(line, broken, { scope: "proxy" }))?.join()).toMatch(/body: /);
});
