import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "node",
          include: [
            "test/lib/**/*.test.ts",
            "test/sandbox/**/*.test.ts",
            "test/contract/**/*.test.ts",
          ],
          environment: "node",
          setupFiles: ["test/contract/setup.ts"],
        },
      },
      {
        plugins: [cloudflareTest({ wrangler: { configPath: "./wrangler.toml" } })],
        test: {
          name: "workerd",
          include: ["test/worker/**/*.test.ts"],
          setupFiles: ["test/contract/setup.ts"],
        },
      },
      {
        // npm run bench:truth (not part of npm test): benchmarks that run the Worker in workerd.
        plugins: [cloudflareTest({ wrangler: { configPath: "./wrangler.toml" } })],
        test: {
          name: "bench-workerd",
          include: ["test/bench/**/*.workerd.ts"],
          setupFiles: ["test/contract/setup.ts"],
        },
      },
      {
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          environment: "node",
          setupFiles: ["test/contract/setup.ts"],
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: "cli",
          include: ["test/cli/**/*.test.ts", "test/package/**/*.test.ts"],
          environment: "node",
          setupFiles: ["test/contract/setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "reliability-node",
          include: ["test/reliability/node/**/*.test.ts"],
          environment: "node",
          setupFiles: ["test/contract/setup.ts"],
          testTimeout: 120_000,
        },
      },
      {
        plugins: [cloudflareTest({ wrangler: { configPath: "./wrangler.toml" } })],
        test: {
          name: "reliability-workerd",
          include: ["test/reliability/workerd/**/*.test.ts"],
          setupFiles: ["test/contract/setup.ts"],
          testTimeout: 120_000,
        },
      },
    ],
  },
});
