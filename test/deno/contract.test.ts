// The contract check in the Deno suites (test/deno/checked-create-sandbox.ts): every sandbox is
// checked, and an answer that breaks openapi.json fails the Deno test that received it.
import assert from "node:assert/strict";
import { createSandbox } from "../../lib/sandbox/mod.ts";
import { isCheckedSandbox } from "../contract/checked-sandbox.ts";

Deno.test("createSandbox() gives a checked sandbox under deno test (test/deno/import-map.json)", () => {
  assert.equal(isCheckedSandbox(createSandbox()), true);
});

Deno.test("an answer that breaks openapi.json fails its Deno test, and only that one", async () => {
  const root = new URL("../../", import.meta.url);
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "test",
      "--no-check",
      "--allow-read",
      "--import-map=test/deno/import-map.json",
      "test/deno/fixtures/broken-answer.ts",
    ],
    cwd: root,
    env: { NO_COLOR: "1" },
  }).output();
  const output = new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
  assert.equal(code, 1, output);
  assert.match(output, /broken: a 200 body that breaks openapi\.json \.\.\. FAILED/);
  assert.match(output, /valid: a 200 body that keeps openapi\.json \.\.\. ok/);
  assert.match(
    output,
    /1 answer\(s\) break openapi\.json:\nGET https:\/\/va\.cx-reporting.+-> 200: body: /,
  );
  assert.match(output, /1 passed \| 1 failed/);
});
