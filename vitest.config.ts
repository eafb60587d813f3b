import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "node",
          include: ["test/lib/**/*.test.ts", "test/sandbox/**/*.test.ts"],
          environment: "node",
        },
      },
    ],
  },
});
