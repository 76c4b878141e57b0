import { Plugin, type Session } from "@x/core";
import { chunkBlob } from "@x/core/internal";

/** A plugin whose single tool runs `body` and yields what it returns or yields. */
export function pluginWithTool(body: (session: Session, params: Record<string, unknown>) => unknown): Plugin {
  return new Plugin().on("tool", "invoke_tool", (session, data) =>
    body(session, ((data as Record<string, unknown>).tool_parameters ?? {}) as Record<string, unknown>),
  );
}

/** A tool message of type text. */
export function text(value: string) {
  return { type: "text", message: { text: value }, meta: null };
}

/** The chunks a plugin sends for one blob. */
export function blobChunks(bytes: Uint8Array, meta: Record<string, unknown> | null = null) {
  return [...chunkBlob(bytes, meta)];
}
