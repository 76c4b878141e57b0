import { defineSessionExtension } from "@x/core";
import { ToolClient } from "./tool-client.js";

/** Gives every session `session.tool`; install with `plugin.use(toolExtension)` (tool providers install it). */
export const toolExtension = defineSessionExtension("tool", (session) => new ToolClient(session));

declare module "@x/core" {
  interface Session {
    /** Calls tools installed in the Dify workspace (requires `plugin.use(toolExtension)` from `@x/tool`). */
    readonly tool: ToolClient;
  }
}
