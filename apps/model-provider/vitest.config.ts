import { workspaceTestConfig } from "@x/vitest-config";

// Child-process end-to-end tests (TCP, stdio, the .difypkg under python3) need room on a busy machine.
export default workspaceTestConfig({
  test: { include: ["test/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 120_000 },
});
