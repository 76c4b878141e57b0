import { InvocationError, ProtocolError, type SessionWith, ValidationError } from "@x/core";
import { BlobIncompleteError, BlobLengthMismatchError, BlobTooLargeError, chunkBlob } from "@x/core/internal";
import { createSessionHarness, fault, MockDify, type SessionRunOptions } from "@x/testing";
import { describe, expect, it, onTestFinished } from "vitest";
import { type ToolInvocationResult, ToolResultConsumedError, toolExtension } from "../src/index.js";

/**
 * Runs `body` inside a plugin session while Dify answers every tool call with `answer` (default: no message, just
 * `end`). Resolves with the invoke requests sent and what `body` returned (or threw).
 */
async function inSession<T>(
  body: (session: SessionWith<[typeof toolExtension]>) => Promise<T>,
  answer: unknown = [],
  envelope: SessionRunOptions = {},
) {
  const dify = new MockDify();
  dify.onInvokeRaw("tool", answer);
  const harness = createSessionHarness({ extensions: [toolExtension], dify });
  onTestFinished(() => harness.close());
  let outcome: { value?: T; error?: unknown };
  try {
    outcome = { value: await harness.run(body, { sessionId: "s-1", userId: "u", ...envelope }) };
  } catch (error) {
    outcome = { error };
  }
  return { requests: dify.callsOf("tool").map((call) => call.request), ...outcome };
}

describe("session.tool requests", () => {
  it("sends tool_type, provider, tool, tool_parameters, app_id, credential_id in the Python SDK's order", async () => {
    const { requests } = await inSession(
      (s) => s.tool.invokeBuiltinTool("langgenius/time/time", "current_time", { timezone: "UTC" }).toArray(),
      undefined,
      {
        appId: "app-1",
        context: { credentials: { tool_credentials: { "langgenius/time/time": "cred-123" } } },
      },
    );
    expect(JSON.stringify(requests[0])).toBe(
      '{"tool_type":"builtin","provider":"langgenius/time/time","tool":"current_time","tool_parameters":{"timezone":"UTC"},"app_id":"app-1","credential_id":"cred-123"}',
    );
  });

  it("uses the explicit credential id over the session context's, and omits both when neither is set", async () => {
    const ctx = { context: { credentials: { tool_credentials: { p: "from-context" } } } };
    const explicit = await inSession(
      (s) => s.tool.invokeBuiltinTool("p", "t", {}, { credentialId: "explicit" }).toArray(),
      undefined,
      ctx,
    );
    expect(explicit.requests[0]!.credential_id).toBe("explicit");
    const fromContext = await inSession((s) => s.tool.invokeApiTool("p", "t").toArray(), undefined, ctx);
    expect(fromContext.requests[0]!.credential_id).toBe("from-context");
    const none = await inSession((s) => s.tool.invokeWorkflowTool("other", "t").toArray(), undefined, ctx);
    expect(JSON.stringify(none.requests[0])).toBe(
      '{"tool_type":"workflow","provider":"other","tool":"t","tool_parameters":{}}',
    );
  });

  it("maps each helper and invoke() to its tool_type, mcp included", async () => {
    const { requests } = await inSession(async (s) => {
      await s.tool.invokeBuiltinTool("p", "t").toArray();
      await s.tool.invokeWorkflowTool("p", "t").toArray();
      await s.tool.invokeApiTool("p", "t").toArray();
      await s.tool
        .invoke({
          providerType: "mcp",
          provider: "p",
          toolName: "t",
          parameters: { a: 1 },
          credentialId: "c",
        })
        .toArray();
    });
    expect(requests.map((r) => r.tool_type)).toEqual(["builtin", "workflow", "api", "mcp"]);
    expect(requests[3]).toEqual({
      tool_type: "mcp",
      provider: "p",
      tool: "t",
      tool_parameters: { a: 1 },
      credential_id: "c",
    });
  });

  it("refuses tool types the daemon rejects, and bad arguments, before sending anything", async () => {
    const { requests, value } = await inSession(async (s) => {
      const errors: unknown[] = [];
      for (const providerType of ["app", "dataset-retrieval", "", undefined]) {
        try {
          s.tool.invoke({ providerType: providerType as "mcp", provider: "p", toolName: "t" });
        } catch (error) {
          errors.push(error);
        }
      }
      for (const call of [
        () => s.tool.invokeBuiltinTool("", "t"),
        () => s.tool.invokeBuiltinTool("p", ""),
        () => s.tool.invokeBuiltinTool("p", "t", [] as unknown as Record<string, unknown>),
      ]) {
        try {
          call();
        } catch (error) {
          errors.push(error);
        }
      }
      return errors;
    });
    expect(requests).toHaveLength(0);
    expect(value).toHaveLength(7);
    for (const error of value!) expect(ValidationError.isInstance(error)).toBe(true);
    expect((value![0] as ValidationError).field).toBe("providerType");
    expect((value![0] as Error).message).toContain('"app" is not a tool type the daemon accepts');
  });
});

describe("ToolInvocationResult", () => {
  it("decodes every message type and offers text, json, blobs, variables and the array", async () => {
    const items = [
      { type: "text", message: { text: "a" }, meta: null },
      { type: "json", message: { json_object: { first: 1 } }, meta: null },
      { type: "link", message: { text: "https://l" }, meta: null },
      { type: "image", message: { text: "https://i" }, meta: null },
      { type: "image_link", message: { text: "https://il" }, meta: null },
      { type: "binary_link", message: { text: "https://b" }, meta: null },
      { type: "file", message: { file_marker: "file_marker" }, meta: { file: { id: "f" } } },
      { type: "blob", message: { blob: "aGVsbG8=" }, meta: { mime_type: "text/plain" } },
      ...chunkBlob(new Uint8Array([1, 2, 3]), { filename: "c.bin" }, { chunkSize: 2 }),
      {
        type: "variable",
        message: { variable_name: "v", variable_value: { k: 1 }, stream: false },
        meta: null,
      },
      { type: "variable", message: { variable_name: "s", variable_value: "ab", stream: true }, meta: null },
      { type: "variable", message: { variable_name: "s", variable_value: "cd", stream: true }, meta: null },
      { type: "log", message: { id: "l", label: "x", status: "start", data: {} }, meta: null },
      {
        type: "retriever_resources",
        message: { retriever_resources: [{ content: "c" }], context: "ctx" },
        meta: null,
      },
      { type: "hologram", message: { depth: 1 }, meta: null },
      { type: "text", message: { text: "b" }, meta: null },
      { type: "json", message: { json_object: { last: true } }, meta: null },
    ];
    const { value, error } = await inSession(async (s) => {
      const result = s.tool.invokeBuiltinTool("p", "t");
      return {
        all: await result.toArray(),
        text: await result.text(),
        json: await result.json(),
        blobs: await result.blobs(),
        variables: await result.variables(),
      };
    }, items);
    expect(error).toBeUndefined();
    expect(value!.all.map((m) => m.type)).toEqual([
      "text",
      "json",
      "link",
      "image",
      "image_link",
      "binary_link",
      "file",
      "blob",
      "blob",
      "variable",
      "variable",
      "variable",
      "log",
      "retriever_resources",
      "unknown",
      "text",
      "json",
    ]);
    expect(value!.all[14]).toEqual({
      type: "unknown",
      raw: { type: "hologram", message: { depth: 1 }, meta: null },
    });
    expect(value!.text).toBe("ab");
    expect(value!.json).toEqual({ last: true });
    expect(value!.blobs.map((b) => [[...b.bytes], b.meta])).toEqual([
      [[104, 101, 108, 108, 111], { mime_type: "text/plain" }],
      [[1, 2, 3], { filename: "c.bin" }],
    ]);
    expect(value!.variables).toEqual(
      new Map<string, unknown>([
        ["v", { k: 1 }],
        ["s", "abcd"],
      ]),
    );
  });

  it("reassembles chunks that arrive out of order", async () => {
    const data = new Uint8Array(20_000).map((_, i) => i % 251);
    const chunks = [...chunkBlob(data, { filename: "x" })];
    const shuffled = [chunks[2], chunks[0], chunks[3], chunks[1]];
    const { value } = await inSession((s) => s.tool.invokeBuiltinTool("p", "t").blobs(), shuffled);
    expect(value).toHaveLength(1);
    expect(Buffer.from(value![0]!.bytes).equals(Buffer.from(data))).toBe(true);
  });

  it("fails with BlobIncompleteError when a chunk never arrives", async () => {
    const chunks = [...chunkBlob(new Uint8Array(20_000))];
    const { error } = await inSession(
      (s) => s.tool.invokeBuiltinTool("p", "t").toArray(),
      [chunks[0], chunks[2], chunks[3]],
    );
    expect(BlobIncompleteError.isInstance(error)).toBe(true);
    expect((error as BlobIncompleteError).missing).toEqual([1]);
  });

  it("fails with BlobLengthMismatchError when the chunks do not add up to total_length", async () => {
    const chunks = [...chunkBlob(new Uint8Array(100))].map((c) => ({
      ...c,
      message: { ...c.message, total_length: 150 },
    }));
    const { error } = await inSession((s) => s.tool.invokeBuiltinTool("p", "t").toArray(), chunks);
    expect(BlobLengthMismatchError.isInstance(error)).toBe(true);
  });

  it("fails with BlobTooLargeError past the configured maximum", async () => {
    const chunks = [...chunkBlob(new Uint8Array(10_000))];
    const { error } = await inSession(
      (s) => s.tool.invokeBuiltinTool("p", "t", {}, { maxBlobSize: 4096 }).toArray(),
      chunks,
    );
    expect(BlobTooLargeError.isInstance(error)).toBe(true);
    expect((error as BlobTooLargeError).limit).toBe(4096);
  });

  it("fails with a ProtocolError naming the field of a malformed message", async () => {
    const { error } = await inSession(
      (s) => s.tool.invokeBuiltinTool("p", "t").toArray(),
      [{ type: "variable", message: { variable_name: 3 }, meta: null }],
    );
    expect(ProtocolError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("message.variable_name");
  });

  it("surfaces the daemon's error as InvocationError", async () => {
    const { error } = await inSession(
      (s) => s.tool.invokeBuiltinTool("p", "t").toArray(),
      fault.error('{"error_type":"ToolNotFoundError","message":"tool t not found"}'),
    );
    expect(InvocationError.isInstance(error)).toBe(true);
    expect((error as InvocationError).errorType).toBe("ToolNotFoundError");
  });

  it("streams messages through one cursor: a second loop continues it, helpers refuse a partial read", async () => {
    const { value } = await inSession(
      async (s) => {
        const result: ToolInvocationResult = s.tool.invokeBuiltinTool("p", "t");
        const seen: string[] = [];
        for await (const message of result) {
          if (message.type === "text") seen.push(message.message.text);
          break;
        }
        for await (const message of result) if (message.type === "text") seen.push(message.message.text);
        const helper = await result.text().catch((error: unknown) => error);
        return { seen, helper };
      },
      [
        { type: "text", message: { text: "1" } },
        { type: "text", message: { text: "2" } },
      ],
    );
    // `break` ends the call (the cursor's return), so the second loop has nothing left to read.
    expect(value!.seen).toEqual(["1"]);
    expect(ToolResultConsumedError.isInstance(value!.helper)).toBe(true);
  });

  it("passes idleTimeout to the call: silence fails it with InvocationTimeoutError", async () => {
    const { error } = await inSession(
      (s) => s.tool.invokeBuiltinTool("p", "t", {}, { idleTimeout: 20 }).toArray(),
      fault.hang(), // never answers
    );
    expect((error as { code?: string; timer?: string }).code).toBe("DIFY_ERR_INVOCATION_TIMEOUT");
    expect((error as { timer?: string }).timer).toBe("idle");
  });

  it("passes signal to the call: aborting fails it with AbortedError", async () => {
    const { error } = await inSession(
      (s) => {
        const controller = new AbortController();
        const read = s.tool.invokeBuiltinTool("p", "t", {}, { signal: controller.signal }).toArray();
        controller.abort(new Error("user gave up"));
        return read;
      },
      fault.hang(), // never answers: only the abort can end the call
    );
    expect((error as { code?: string }).code).toBe("DIFY_ERR_ABORTED");
  });
});
