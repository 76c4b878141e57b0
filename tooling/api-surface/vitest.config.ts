import { workspaceTestConfig } from "@x/vitest-config";

export default workspaceTestConfig({ test: { include: ["test/**/*.test.ts", "examples/**/*.test.ts"] } });
