import { randomBytes } from "node:crypto";
import type { ToolMessageInput, ToolRunResult } from "@x/testing";
import { fault, MockDify, toolMessages } from "@x/testing";
import { describe, expect, it } from "vitest";
import { harnessFor } from "./support.js";

function relay(dify: MockDify, parameters: Record<string, unknown>): Promise<ToolRunResult> {
  return harnessFor(dify).invokeTool({ provider: "support_triage", tool: "relay", parameters });
}

type WireItem = { type: string; message: Record<string, unknown>; meta: Record<string, unknown> | null };

const EVERY_TYPE: ToolMessageInput[] = [
  { type: "text", message: { text: "plain text" }, meta: null },
  {
    type: "json",
    message: { json_object: { nested: [1, { deep: null }], ok: true } },
    meta: { source: "kb" },
  },
  { type: "link", message: { text: "https://example.com/a" }, meta: null },
  { type: "image", message: { text: "https://example.com/a.png" }, meta: null },
  { type: "image_link", message: { text: "https://example.com/b.png" }, meta: { width: 10 } },
  { type: "binary_link", message: { text: "https://example.com/c.bin" }, meta: null },
  {
    type: "file",
    message: { file_marker: "file_marker" },
    meta: { file: { dify_model_identity: "__dify__file__", filename: "a.txt", size: 3 } },
  },
  {
    type: "variable",
    message: { variable_name: "answer", variable_value: { n: 1 }, stream: false },
    meta: null,
  },
  { type: "variable", message: { variable_name: "stream", variable_value: "pie", stream: true }, meta: null },
  {
    type: "log",
    message: {
      id: "log-1",
      label: "search",
      parent_id: null,
      error: null,
      status: "success",
      data: { hits: 2 },
      metadata: { elapsed_time: 0.5 },
    },
    meta: null,
  },
  {
    type: "retriever_resources",
    message: {
      retriever_resources: [{ position: 1, dataset_name: "faq", content: "refunds take 5 days", score: 0.9 }],
      context: "refunds take 5 days",
    },
    meta: null,
  },
];

describe("relay", () => {
  it("re-emits every message type unchanged, in order", async () => {
    const dify = new MockDify();
    const blob = new TextEncoder().encode("name,amount\nINV-1,12.5\n");
    const answer = [
      ...EVERY_TYPE.slice(0, 6),
      toolMessages.blob(blob, { mime_type: "text/csv", filename: "a.csv" }),
      ...EVERY_TYPE.slice(6),
    ];
    const echo = dify.tool("builtin", "acme/kb/kb", "search", answer);
    const result = await relay(dify, {
      provider: "acme/kb/kb",
      tool: "search",
      parameters: '{"query":"refund","limit":2}',
    });

    expect(result.error).toBeNull();
    expect(echo.calls[0]?.request).toMatchObject({
      tool_type: "builtin",
      provider: "acme/kb/kb",
      tool: "search",
      tool_parameters: { query: "refund", limit: 2 },
    });
    const items = result.items as WireItem[];
    const notBlob = items.filter((item) => item.type !== "blob_chunk");
    expect(notBlob).toEqual(EVERY_TYPE);
    // The blob sits between the 6th and 7th message, as it arrived.
    expect(items.slice(0, 6)).toEqual(EVERY_TYPE.slice(0, 6));
    expect(items[6]?.type).toBe("blob_chunk");
    expect(result.messages.map((m) => m.type)).toEqual([
      ...EVERY_TYPE.slice(0, 6).map((m) => m.type),
      "blob",
      ...EVERY_TYPE.slice(6).map((m) => m.type),
    ]);
    const relayed = result.messages[6] as { message: { blob: Uint8Array }; meta: unknown };
    expect(Buffer.from(relayed.message.blob).equals(Buffer.from(blob))).toBe(true);
    expect(relayed.meta).toEqual({ mime_type: "text/csv", filename: "a.csv" });
  });

  it.each([
    ["arrived as blob_chunks", true],
    ["arrived as one blob message", false],
  ])("re-emits a multi-MiB blob that %s as a blob, chunked again", async (_, chunkBlobs) => {
    const bytes = randomBytes(3 * 1024 * 1024 + 1234);
    const dify = new MockDify({ chunkBlobs });
    dify.tool("builtin", "acme/files/files", "get", [
      toolMessages.text("before"),
      toolMessages.blob(bytes, { mime_type: "application/octet-stream", filename: "dump.bin" }),
      toolMessages.text("after"),
    ]);
    const result = await relay(dify, { provider: "acme/files/files", tool: "get" });

    expect(result.error).toBeNull();
    const items = result.items as WireItem[];
    expect(items[0]).toEqual({ type: "text", message: { text: "before" }, meta: null });
    expect(items.at(-1)).toEqual({ type: "text", message: { text: "after" }, meta: null });
    const chunks = items.slice(1, -1);
    expect(chunks.every((item) => item.type === "blob_chunk")).toBe(true);
    expect(chunks.length).toBeGreaterThan(384);
    const sizes = chunks.map((item) => Buffer.from(String(item.message.blob), "base64").length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(8192);
    expect(chunks.map((item) => item.message.sequence)).toEqual(chunks.map((_, i) => i));
    expect(chunks.at(-1)?.message.end).toBe(true);
    expect(chunks.every((item) => item.message.total_length === bytes.length)).toBe(true);

    const blob = result.messages[1] as { type: string; message: { blob: Uint8Array }; meta: unknown };
    expect(blob.type).toBe("blob");
    expect(Buffer.from(blob.message.blob).equals(bytes)).toBe(true);
    expect(blob.meta).toEqual({ mime_type: "application/octet-stream", filename: "dump.bin" });
  });

  it.each(["workflow", "api", "mcp"] as const)("calls a %s tool when tool_type says so", async (toolType) => {
    const dify = new MockDify();
    const mock = dify.tool(toolType, "p1", "t1", [toolMessages.text("from the other side")]);
    const result = await relay(dify, { provider: "p1", tool: "t1", tool_type: toolType });
    expect(mock.calls[0]?.request).toMatchObject({ tool_type: toolType, tool_parameters: {} });
    expect(result.text).toBe("from the other side");
  });

  it.each([
    ["invalid JSON", "{query: refund}", /parameters.*must be a JSON object/],
    ["a JSON array", "[1,2]", /parameters.*must be a JSON object, got an array/],
    ["JSON null", "null", /parameters.*must be a JSON object, got null/],
  ])("refuses %s in parameters with a parameter error before calling anything", async (_, text, pattern) => {
    const dify = new MockDify();
    const result = await relay(dify, { provider: "p1", tool: "t1", parameters: text });
    expect(result.error?.error_type).toBe("ToolParameterError");
    expect(result.error?.message).toMatch(pattern);
    expect(dify.calls).toEqual([]);
  });

  it("refuses an unknown tool_type with a parameter error", async () => {
    const dify = new MockDify();
    const result = await relay(dify, { provider: "p1", tool: "t1", tool_type: "plugin" });
    expect(result.error?.message).toContain("tool_type");
    expect(dify.calls).toEqual([]);
  });

  it("ends with an error naming the relay step and the daemon's message when the tool fails mid-stream", async () => {
    const dify = new MockDify();
    dify.tool("builtin", "p1", "t1", async function* () {
      yield toolMessages.text("partial");
      yield fault.error("upstream API returned 502");
    });
    const result = await relay(dify, { provider: "p1", tool: "t1" });
    expect(result.messages).toEqual([{ type: "text", message: { text: "partial" }, meta: null }]);
    expect(result.error?.error_type).toBe("StepFailedError");
    expect(result.error?.message).toContain('step "relay" (relayed tool builtin/p1/t1)');
    expect(result.error?.message).toContain("upstream API returned 502");
  });

  it("fails clearly on a message type it cannot re-emit instead of dropping it", async () => {
    const dify = new MockDify();
    // A type no schema knows: sent raw, as a newer Dify could.
    dify.onInvokeRaw("tool", [toolMessages.text("ok"), { type: "hologram", message: { x: 1 } }]);
    const result = await relay(dify, { provider: "p1", tool: "t1" });
    expect(result.messages).toEqual([{ type: "text", message: { text: "ok" }, meta: null }]);
    expect(result.error?.error_type).toBe("UnrelayableMessageError");
    expect(result.error?.message).toContain('"hologram"');
  });
});
