/**
 * The package as users get it: packed, installed into a throwaway project, used from Node
 * (both entry points, a client call against the sandbox, `tsc` on a consumer file, the bin)
 * and from Deno.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProcess } from "../support/run-process.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");
const DENO = join(ROOT, "node_modules/.bin/deno");
let dir = "";
let packed: string[] = [];

const CONSUMER_JS = `
import { ReportingClient, transactionsToCsv, computeFunnel } from "lp-reporting-edge";
import { createSandbox } from "lp-reporting-edge/sandbox";
const sandbox = createSandbox({ volume: 50 });
const tenant = sandbox.tenants[0];
const client = new ReportingClient({
  accountId: tenant.accountId, app: "prmsg", auth: { kind: "oauth2", ...tenant.oauth2 },
  fetch: sandbox.fetch,
});
const to = Date.now() - 2 * 86_400_000;
const rows = await client.accountAnalytics({ from: to - 86_400_000, to });
const truth = sandbox.analytics({ accountId: tenant.accountId, app: "prmsg", from: to - 86_400_000, to });
let header = "";
for await (const line of transactionsToCsv([])) header += line;
console.log(JSON.stringify({ rows: rows.length, truth: truth.length, header, funnel: typeof computeFunnel }));
`;

const CONSUMER_TS = `
import { type AnalyticsRow, ReportingClient } from "lp-reporting-edge";
import { createSandbox, type Sandbox } from "lp-reporting-edge/sandbox";
const sandbox: Sandbox = createSandbox({ volume: 10 });
const client = new ReportingClient({
  accountId: "1", app: "prmsg", auth: { kind: "bearer", token: "t" }, fetch: sandbox.fetch,
});
export const rows: Promise<AnalyticsRow[]> = client.accountAnalytics({ from: 0, to: 1 });
`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "lp-package-"));
  // npm test builds first; pack without running prepare again.
  const pack = await runProcess("npm", [
    "pack",
    "--ignore-scripts",
    "--json",
    "--pack-destination",
    dir,
  ], { cwd: ROOT });
  expect(pack.code, pack.stderr).toBe(0);
  const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  packed = info!.files.map((file) => file.path);
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  const install = await runProcess("npm", [
    "install",
    "--prefer-offline",
    "--no-audit",
    "--no-fund",
    "--ignore-scripts",
    join(dir, info!.filename),
  ], { cwd: dir });
  expect(install.code, install.stderr).toBe(0);
  writeFileSync(join(dir, "consumer.mjs"), CONSUMER_JS);
  writeFileSync(join(dir, "deno-consumer.ts"), CONSUMER_JS);
  writeFileSync(join(dir, "consumer.ts"), CONSUMER_TS);
  writeFileSync(
    join(dir, "broken.ts"),
    `import { ReportingClient } from "lp-reporting-edge";\nexport const n: number = ReportingClient;\n`,
  );
  writeFileSync(
    join(dir, "tsconfig.broken.json"),
    JSON.stringify({ extends: "./tsconfig.json", files: ["broken.ts"] }),
  );
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        lib: ["ES2023", "DOM"],
        types: [],
        strict: true,
        noEmit: true,
        // Our declarations are tsc's own output; checking zod's would only cost time.
        skipLibCheck: true,
      },
      files: ["consumer.ts"],
    }),
  );
}, 120_000);

afterAll(() => {
  if (dir !== "") rmSync(dir, { recursive: true, force: true });
});

describe("the packed tarball", () => {
  it("ships the built JavaScript, declarations and bin, and no sources, tests or Worker", () => {
    expect(packed).toContain("dist/lib/mod.js");
    expect(packed).toContain("dist/lib/mod.d.ts");
    expect(packed).toContain("dist/lib/sandbox/mod.js");
    expect(packed).toContain("dist/lib/sandbox/mod.d.ts");
    expect(packed).toContain("dist/cli/main.js");
    const stray = packed.filter((path) =>
      /^(test|worker|lib|cli)\//.test(path) || (path.endsWith(".ts") && !path.endsWith(".d.ts"))
    );
    expect(stray).toEqual([]);
  });

  it("imports both entry points on Node and runs a client call against the sandbox", async () => {
    const result = await runProcess("node", ["consumer.mjs"], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(out.rows).toBeGreaterThan(0);
    expect(out.rows).toBe(out.truth);
    expect(out.header).toMatch(/^transactionId,channel,/);
    expect(out.funnel).toBe("function");
  });

  it("type-checks a consumer file with tsc, and tsc rejects a wrong one", async () => {
    const [good, bad] = await Promise.all([
      runProcess("node", [TSC, "-p", "tsconfig.json"], { cwd: dir }),
      runProcess("node", [TSC, "-p", "tsconfig.broken.json"], { cwd: dir }),
    ]);
    expect(good.code, good.stdout).toBe(0);
    expect(bad.code).not.toBe(0);
    expect(bad.stdout).toContain("TS2322");
  });

  it("runs the lp-reporting bin of the installed package", async () => {
    const result = await runProcess(
      join(dir, "node_modules/.bin/lp-reporting"),
      ["funnel", "--sandbox", "--from", "2d", "--group-by", "channel", "--quiet"],
      { cwd: dir, env: { LP_SANDBOX_VOLUME: "50" } },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split("\n")[0]).toMatch(/^channel\s+attempted\s+eligible/);
    expect(result.stderr).toBe("");
  });

  it("imports the installed package from Deno", async () => {
    const result = await runProcess(DENO, [
      "run",
      "--check",
      "--allow-read",
      "--allow-env",
      "deno-consumer.ts",
    ], { cwd: dir, env: { DENO_NO_UPDATE_CHECK: "1" } });
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(out.rows).toBeGreaterThan(0);
    expect(out.rows).toBe(out.truth);
  });
});
