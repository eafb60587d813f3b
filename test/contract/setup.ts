// Setup of every vitest project: each sandbox's answers are checked against openapi.json (the
// proxy harnesses check the proxy's own), and a test fails on any answer that breaks it.
import { afterEach, vi } from "vitest";
import { failOnViolations } from "./contract.ts";

vi.mock("../../lib/sandbox/create-sandbox.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../lib/sandbox/create-sandbox.ts")>();
  const { checkedSandbox } = await import("./checked-sandbox.ts");
  return {
    ...original,
    createSandbox: (options?: Parameters<typeof original.createSandbox>[0]) =>
      checkedSandbox(original.createSandbox(options), options?.faults),
  };
});

afterEach(failOnViolations);
