// The contract check around the sandbox: every sandbox of the test runs is checked, and a body
// that breaks the document is caught.
import { expect, it } from "vitest";
import { createSandbox } from "../../lib/sandbox/mod.ts";
import { checkedSandbox, isCheckedSandbox } from "./checked-sandbox.ts";
import { takeViolations } from "./contract.ts";

const NOW = Date.UTC(2026, 9, 15, 12);
const DAY = Date.UTC(2026, 9, 10);

function analyticsUrl(accountId: string): string {
  return `http://sandbox.test/api/account/${accountId}/app/prmsg/analytics/?attemptedStartTime=${DAY}&attemptedEndTime=${
    DAY + 86_400_000
  }`;
}

it("createSandbox() gives a checked sandbox in every test project (test/contract/setup.ts)", () => {
  expect(isCheckedSandbox(createSandbox({ now: () => NOW }))).toBe(true);
});

it("checkedSandbox() records a 200 body that breaks openapi.json, and accepts a valid one", async () => {
  const sandbox = createSandbox({ now: () => NOW, volume: 5 });
  const tenant = sandbox.tenants[0]!;
  const init = { headers: { authorization: `Bearer ${tenant.bearer}` } };
  expect((await sandbox.fetch(analyticsUrl(tenant.accountId), init)).status).toBe(200);
  expect(takeViolations()).toEqual([]);
  // Told of no faults, over a sandbox that breaks every body on purpose.
  const breaking = checkedSandbox(
    createSandbox({ now: () => NOW, volume: 5, faults: { breakSchemaRate: 1 } }),
    undefined,
  );
  expect((await breaking.fetch(analyticsUrl(tenant.accountId), init)).status).toBe(200);
  const violations = takeViolations();
  expect(violations.length).toBe(1);
  expect(violations[0]!.problem).toMatch(/^body: /);
});
