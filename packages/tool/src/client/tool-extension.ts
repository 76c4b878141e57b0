import { defineSessionExtension } from "@x/core";
import { ToolClient } from "./tool-client.js";

/**
 * `session.tool`: calls tools installed in the Dify workspace. Add it to a tool's `uses` (or `plugin.use(toolExtension)`)
 * and the manifest's `resource.permission.tool`.
 */
export const toolExtension = defineSessionExtension({
  name: "tool",
  exportName: "toolExtension",
  packageName: "@x/tool",
  create: (session) => new ToolClient(session),
});
