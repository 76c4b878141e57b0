import { workspaceTestConfig } from "@x/vitest-config";

export default workspaceTestConfig();
