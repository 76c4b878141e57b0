import { defineConfig, mergeConfig } from "vitest/config";

/**
 * The test setup every workspace package shares: workspace packages resolve to their `src/` through the
 * `@x/source` export condition (so tests never run against a stale `dist/`), and timeouts are generous because
 * tests must pass on a slow, busy machine (they assert behaviour, never speed).
 *
 * Plain JavaScript on purpose: a config package must load without a TypeScript step in every consumer.
 * @param {import("vitest/config").ViteUserConfig} [overrides]
 */
export function workspaceTestConfig(overrides = {}) {
  return mergeConfig(
    defineConfig({
      resolve: { conditions: ["@x/source"] },
      ssr: { resolve: { conditions: ["@x/source"] } },
      test: {
        include: ["test/**/*.test.ts", "src/**/*.test.ts"],
        testTimeout: 30_000,
        hookTimeout: 30_000,
      },
    }),
    overrides,
  );
}
