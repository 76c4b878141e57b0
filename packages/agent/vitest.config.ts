import { workspaceTestConfig } from "@x/vitest-config";

// The README's examples live in examples/ (the test beside the strategy runs too).
export default workspaceTestConfig({ test: { include: ["test/**/*.test.ts", "examples/**/*.test.ts"] } });
