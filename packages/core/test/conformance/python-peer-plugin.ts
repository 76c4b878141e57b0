import { randomUUID } from "node:crypto";
import { Plugin, type Session } from "@x/core";

// A TypeScript twin of the Python peer plugin the transcripts were recorded with. Tool messages are built as plain
// JSON here on purpose: message builders and blob chunking belong to @x/tool; core only carries the items.

const BLOB_CHUNK_BYTES = 8192;

class ValueError extends Error {
  override name = "ValueError";
}

type Item = Record<string, unknown>;

function text(value: string): Item {
  return { type: "text", message: { text: value }, meta: null };
}

function json(value: unknown): Item {
  return { type: "json", message: { json_object: value }, meta: null };
}

/** The Python SDK's blob chunking: 8192-byte chunks, then an empty chunk with `end: true`. */
function* blobChunks(bytes: Buffer, meta: unknown): Generator<Item> {
  const id = randomUUID().replaceAll("-", "");
  let sequence = 0;
  for (let offset = 0; offset < bytes.length; offset += BLOB_CHUNK_BYTES) {
    const blob = bytes.subarray(offset, offset + BLOB_CHUNK_BYTES).toString("base64");
    yield chunk(id, sequence++, bytes.length, blob, false, meta);
  }
  yield chunk(id, sequence, bytes.length, "", true, meta);
}

function chunk(id: string, sequence: number, total: number, blob: string, end: boolean, meta: unknown): Item {
  return {
    type: "blob_chunk",
    message: { id, sequence, total_length: total, blob, end },
    meta,
  };
}

const tools: Record<string, (session: Session) => AsyncGenerator<Item> | Generator<Item>> = {
  async *builtin_echo(session) {
    yield text("before");
    const provider = "langgenius/time/time";
    const credentialId = session.context.credentials?.tool_credentials?.[provider];
    const stream = session.invoke<{ type: string; message: Record<string, unknown>; meta: unknown }>("tool", {
      tool_type: "builtin",
      provider,
      tool: "current_time",
      tool_parameters: { timezone: "UTC", note: "héllo <&> \u2028" },
      app_id: session.appId,
      ...(credentialId ? { credential_id: credentialId } : {}),
    });
    let blobs = 0;
    for await (const message of stream) {
      if (message.type === "blob") {
        blobs++;
        yield* blobChunks(Buffer.from(String(message.message.blob), "base64"), message.meta);
      } else {
        yield { type: message.type, message: message.message, meta: message.meta ?? null };
      }
    }
    yield json({ done: true, n: blobs });
  },

  async *param_extract(session) {
    const result = await session
      .invoke<Record<string, unknown>>("node_parameter_extractor", {
        parameters: [
          { name: "city", type: "string", options: [], description: "the city", required: true },
          { name: "days", type: "number", options: [], description: null, required: false },
          { name: "unit", type: "select", options: ["c", "f"], description: "unit", required: null },
        ],
        model: {
          provider: "langgenius/openai/openai",
          name: "gpt-4o-mini",
          mode: "chat",
          completion_params: { temperature: 0.1 },
        },
        query: "Weather in Paris for 3 days in celsius",
        instruction: "extract",
      })
      .first();
    yield json({ process_data: result?.process_data, inputs: result?.inputs, outputs: result?.outputs });
  },

  async *classify(session) {
    const result = await session
      .invoke<Record<string, unknown>>("node_question_classifier", {
        classes: [
          { id: "1", name: "weather" },
          { id: "2", name: "sports" },
        ],
        model: {
          provider: "langgenius/openai/openai",
          name: "gpt-4o-mini",
          mode: "chat",
          completion_params: null,
        },
        query: "Will it rain tomorrow?",
        instruction: "",
      })
      .first();
    yield json({ process_data: result?.process_data, inputs: result?.inputs, outputs: result?.outputs });
  },

  async *backwards_error(session) {
    // Not caught on purpose: the session must end with an error message, then end.
    yield* session.invoke<Item>("tool", {
      tool_type: "builtin",
      provider: "langgenius/time/time",
      tool: "current_time",
      tool_parameters: {},
    });
  },

  // biome-ignore lint/correctness/useYield: the tool fails before it yields anything, like the Python one
  *raise_error() {
    throw new ValueError("boom: tool failed on purpose");
  },

  *message_zoo() {
    yield text('text é 😀 <b>&</b> "q" \\ \n\t');
    yield json({ z: 1, a: { nested: [1, 2.0, 3.5, null, true, "s"] }, float: 0.1 });
    yield json([1, "list-root"]);
    yield { type: "link", message: { text: "https://example.com/x?a=1&b=2" }, meta: null };
    yield { type: "image", message: { text: "https://example.com/i.png" }, meta: null };
    const pattern = Buffer.alloc(78 * 256);
    for (let i = 0; i < pattern.length; i++) pattern[i] = i % 256;
    const bytes = Buffer.concat([pattern, Buffer.from("tail-bytes-xyz")]);
    yield* blobChunks(bytes, { mime_type: "application/octet-stream", filename: "b.bin" });
    const variable = (name: string, value: unknown, stream: boolean): Item => ({
      type: "variable",
      message: { variable_name: name, variable_value: value, stream },
      meta: null,
    });
    yield variable("var_obj", { k: [1, 2] }, false);
    yield variable("var_stream", "chunk-1", true);
    const logId = randomUUID();
    const log = (status: string, data: unknown): Item => ({
      type: "log",
      message: { id: logId, label: "step", parent_id: null, error: null, status, data, metadata: null },
      meta: null,
    });
    yield log("start", { input: 1 });
    yield log("success", { output: 2 });
    const resource = {
      position: 1,
      dataset_id: "ds",
      dataset_name: null,
      document_id: null,
      document_name: null,
      data_source_type: null,
      segment_id: null,
      retriever_from: null,
      score: 0.5,
      hit_count: null,
      word_count: null,
      segment_position: null,
      index_node_hash: null,
      content: "c",
      page: null,
      doc_metadata: null,
    };
    yield {
      type: "retriever_resources",
      message: { retriever_resources: [resource], context: "ctx" },
      meta: null,
    };
  },
};

/** The peer plugin: one `tool/invoke_tool` route dispatching on `data.tool`, like the Python SDK's executor. */
export function pythonPeerPlugin(): Plugin {
  return new Plugin().on("tool", "invoke_tool", (session, data) => {
    const name = String(data.tool);
    const tool = tools[name];
    if (!tool) throw new ValueError(`Tool \`${name}\` not found for provider \`${String(data.provider)}\``);
    return tool(session);
  });
}
