import { Plugin } from "@x/core";
import { toolExtension } from "@x/tool";

export const plugin = new Plugin()
  .use(toolExtension) // types `session.tool` for the handlers below
  .on("endpoint", "invoke_endpoint", async function* (session) {
    const result = session.tool.invokeBuiltinTool(
      "langgenius/time/time",
      "current_time",
      { timezone: "UTC" },
      { timeout: 30_000 },
    );
    for await (const message of result) {
      if (message.type === "text") yield message.message.text;
      if (message.type === "blob") yield { bytes: message.message.blob.byteLength, meta: message.meta };
    }
  });
