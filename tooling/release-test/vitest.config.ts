import { defineConfig } from "vitest/config";

// The release test builds, publishes and installs for real: its hooks get minutes, not seconds. Each command
// it runs has its own timeout (lib/exec.ts), so a stuck step fails with its output instead of hanging CI.
export default defineConfig({
  test: { include: ["test/**/*.test.ts"], testTimeout: 180_000, hookTimeout: 900_000 },
});
