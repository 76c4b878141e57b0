import { BlobAssembler, parseToolInvokeMessage } from "@x/core/internal";
import type { ToolInvokeMessage } from "@x/protocol";

/**
 * Decodes the `stream` items of a tool session the way Dify reads them: each item is parsed as a tool message and
 * `blob_chunk` runs are reassembled into one `blob` message (bytes) at the position of their end chunk.
 * Throws the core parse or blob errors (e.g. `BlobIncompleteError`) when the plugin sent something Dify could not use.
 */
export function decodeToolMessages(items: readonly unknown[]): ToolInvokeMessage[] {
  const assembler = new BlobAssembler();
  const out: ToolInvokeMessage[] = [];
  for (const item of items) {
    const message = parseToolInvokeMessage(item);
    if (message.type === "blob_chunk") {
      const blob = assembler.push(message);
      if (blob) out.push(blob);
      continue;
    }
    out.push(message);
  }
  assembler.finish();
  return out;
}

/** The text of every `text` message, joined. */
export function textOf(messages: readonly ToolInvokeMessage[]): string {
  let text = "";
  for (const message of messages) if (message.type === "text") text += message.message.text;
  return text;
}
