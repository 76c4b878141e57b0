import { InvocationError, PermissionDeniedError } from "@x/core";
import { describe, expect, it } from "vitest";
import { createTestHarness, fault, MockDify, NotMockedError, perCall, toolMessages } from "../src/index.js";
import { pluginWithTool, text } from "./helpers.js";

const SEARCH = { tool_type: "builtin", provider: "google", tool: "search", tool_parameters: { q: "x" } };

describe("MockDify answers", () => {
  it("records every call with its full request on the mock and on the answer's own calls", async () => {
    const dify = new MockDify();
    const search = dify.tool("builtin", "google", "search", [toolMessages.text("hit")]);
    const harness = createTestHarness(
      pluginWithTool(async (session) => {
        const items = await session.invoke("tool", { ...SEARCH, credential_id: "c1" }).toArray();
        return text(JSON.stringify(items));
      }),
      { dify },
    );
    const result = await harness.invokeTool({ provider: "p", tool: "t", userId: "u-1" });
    expect(JSON.parse(result.text)).toEqual([{ type: "text", message: { text: "hit" }, meta: null }]);
    expect(search.calls).toHaveLength(1);
    expect(dify.calls).toEqual(search.calls);
    expect(search.calls[0]).toMatchObject({
      type: "tool",
      request: { ...SEARCH, credential_id: "c1" },
      userId: "u-1",
      description: "tool builtin/google/search",
      outcome: "answered",
      sessionId: result.sessionId,
    });
    expect(result.calls).toEqual(search.calls);
    await harness.close();
  });

  it("gives one answer per call from an array of answers, then repeats the last", async () => {
    const dify = new MockDify();
    dify.tool("builtin", "google", "search", [[toolMessages.text("one")], [toolMessages.text("two")]]);
    dify.onInvoke("storage", perCall({ data: "a" }, { data: "b" }));
    const harness = createTestHarness(
      pluginWithTool(async function* (session) {
        for (let i = 0; i < 3; i++) {
          const [item] = await session.invoke<{ message: { text: string } }>("tool", SEARCH).toArray();
          const stored = await session.invoke<{ data: string }>("storage", { opt: "get", key: "k" }).first();
          yield text(`${item?.message.text}:${stored?.data}`);
        }
      }),
      { dify },
    );
    const result = await harness.invokeTool({ provider: "p", tool: "t" });
    expect(result.messages.map((m) => (m.type === "text" ? m.message.text : m.type))).toEqual([
      "one:a",
      "two:b",
      "two:b",
    ]);
    await harness.close();
  });

  it("answers with a function of the call and with an async generator", async () => {
    const dify = new MockDify();
    dify.tool("builtin", "echo", "say", (call) => [
      toolMessages.text(
        `echo ${String(call.request.tool_parameters && (call.request.tool_parameters as { w: string }).w)}`,
      ),
    ]);
    dify.tool("builtin", "count", "up", async function* () {
      yield toolMessages.text("1");
      yield toolMessages.text("2");
    });
    const harness = createTestHarness(
      pluginWithTool(async (session) => {
        const a = await session
          .invoke<{ message: { text: string } }>("tool", {
            tool_type: "builtin",
            provider: "echo",
            tool: "say",
            tool_parameters: { w: "hi" },
          })
          .toArray();
        const b = await session
          .invoke<{ message: { text: string } }>("tool", {
            tool_type: "builtin",
            provider: "count",
            tool: "up",
            tool_parameters: {},
          })
          .toArray();
        return text([...a, ...b].map((item) => item.message.text).join(","));
      }),
      { dify },
    );
    expect((await harness.invokeTool({ provider: "p", tool: "t" })).text).toBe("echo hi,1,2");
    await harness.close();
  });

  it("sends a blob answer as 8192-byte blob_chunk messages and a terminator", async () => {
    const dify = new MockDify();
    const bytes = new Uint8Array(20_000).map((_, i) => i % 251);
    dify.tool("builtin", "files", "get", [
      toolMessages.blob(bytes, { mime_type: "application/octet-stream" }),
    ]);
    const harness = createTestHarness(
      pluginWithTool(async (session) => {
        const items = await session
          .invoke<{
            type: string;
            message: { sequence: number; blob: string; end: boolean; total_length: number };
          }>("tool", { tool_type: "builtin", provider: "files", tool: "get", tool_parameters: {} })
          .toArray();
        return { type: "json", message: { json_object: { items } }, meta: null };
      }),
      { dify },
    );
    const result = await harness.invokeTool({ provider: "p", tool: "t" });
    const json = result.messages[0];
    if (json?.type !== "json") throw new Error("expected a json message");
    const items = (
      json.message.json_object as { items: Array<{ type: string; message: Record<string, unknown> }> }
    ).items;
    expect(items.map((item) => [item.type, item.message.sequence, item.message.end])).toEqual([
      ["blob_chunk", 0, false],
      ["blob_chunk", 1, false],
      ["blob_chunk", 2, false],
      ["blob_chunk", 3, true],
    ]);
    const joined = Buffer.concat(items.map((item) => Buffer.from(String(item.message.blob), "base64")));
    expect(new Uint8Array(joined)).toEqual(bytes);
    expect(items.every((item) => item.message.total_length === 20_000)).toBe(true);
    await harness.close();
  });

  it("answers the Question Classifier with the first class and the Parameter Extractor with typed dummies by default", async () => {
    const dify = new MockDify();
    dify.questionClassifier();
    dify.parameterExtractor();
    const model = { provider: "openai", model: "gpt-4o-mini", mode: "chat", completion_params: {} };
    const harness = createTestHarness(
      pluginWithTool(async (session) => {
        const classified = await session
          .invoke("node_question_classifier", {
            classes: [
              { id: "1", name: "weather" },
              { id: "2", name: "other" },
            ],
            model,
            query: "rain?",
            instruction: "",
          })
          .first();
        const extracted = await session
          .invoke("node_parameter_extractor", {
            parameters: [
              { name: "city", type: "string", options: [], description: "", required: true },
              { name: "days", type: "number", options: [], description: "", required: true },
              { name: "unit", type: "select", options: ["c", "f"], description: "", required: true },
              { name: "tags", type: "array[string]", options: [], description: "", required: false },
            ],
            model,
            query: "weather in Paris for 3 days",
            instruction: "",
          })
          .first();
        return { type: "json", message: { json_object: { classified, extracted } }, meta: null };
      }),
      { dify },
    );
    const result = await harness.invokeTool({ provider: "p", tool: "t" });
    const json = result.messages[0];
    if (json?.type !== "json") throw new Error("expected a json message");
    expect(json.message.json_object).toEqual({
      classified: {
        inputs: { query: "rain?" },
        outputs: { class_name: "weather", class_id: "1" },
        process_data: {},
      },
      extracted: {
        inputs: { query: "weather in Paris for 3 days" },
        outputs: {
          city: "sample city",
          days: 42,
          unit: "c",
          tags: ["sample tags"],
          __is_success: 1,
          __reason: "",
        },
        process_data: {},
      },
    });
    expect(dify.callsOf("node_question_classifier")[0]?.request.query).toBe("rain?");
    await harness.close();
  });

  it("fills a partial node answer and answers per call from a plain array", async () => {
    const dify = new MockDify();
    dify.questionClassifier([{ outputs: { class_name: "a" } }, { outputs: { class_name: "b" } }]);
    const harness = createTestHarness(
      pluginWithTool(async function* (session) {
        for (let i = 0; i < 2; i++) {
          yield {
            type: "json",
            message: {
              json_object: (await session.invoke("node_question_classifier", {}).first()) as object,
            },
            meta: null,
          };
        }
      }),
      { dify },
    );
    const result = await harness.invokeTool({ provider: "p", tool: "t" });
    expect(result.messages.map((m) => (m.type === "json" ? m.message.json_object : null))).toEqual([
      { inputs: {}, outputs: { class_name: "a" }, process_data: {} },
      { inputs: {}, outputs: { class_name: "b" }, process_data: {} },
    ]);
    await harness.close();
  });

  it("streams array answers of a generic mock and sends other values as one struct", async () => {
    const dify = new MockDify();
    dify.onInvokeRaw("llm", [{ delta: 1 }, { delta: 2 }]); // not chunks the schema accepts: raw
    dify.onInvoke("fetch_app", { id: "app-1", mode: "chat" });
    const harness = createTestHarness(
      pluginWithTool(async (session) => {
        const llm = await session.invoke("llm", { model: "m" }).toArray();
        const app = await session.invoke("fetch_app", { app_id: "app-1" }).toArray();
        return { type: "json", message: { json_object: { llm, app } }, meta: null };
      }),
      { dify },
    );
    const result = await harness.invokeTool({ provider: "p", tool: "t" });
    expect(result.messages[0]).toMatchObject({
      message: { json_object: { llm: [{ delta: 1 }, { delta: 2 }], app: [{ id: "app-1", mode: "chat" }] } },
    });
    await harness.close();
  });
});

describe("MockDify when nothing answers", () => {
  it("rejects the request with NotMockedError naming the call", async () => {
    const dify = new MockDify();
    const harness = createTestHarness(
      pluginWithTool(async (session) => {
        await session
          .invoke("tool", { tool_type: "builtin", provider: "foo", tool: "bar", tool_parameters: {} })
          .toArray();
      }),
      { dify },
    );
    const failure = harness.invokeTool({ provider: "p", tool: "t" });
    await expect(failure).rejects.toSatisfy(NotMockedError.isInstance);
    await expect(failure).rejects.toThrow("not mocked: tool builtin/foo/bar");
    expect(dify.unmocked.map((call) => call.description)).toEqual(["tool builtin/foo/bar"]);
    expect(() => dify.assertAllMocked()).toThrow(/not mocked: tool builtin\/foo\/bar/);
    await harness.close();
  });

  it("answers a daemon error the plugin sees when strict mode is off", async () => {
    const harness = createTestHarness(
      pluginWithTool(async (session) => {
        try {
          await session.invoke("storage", { opt: "get", key: "k" }).toArray();
          return text("no error");
        } catch (error) {
          return text(`${InvocationError.isInstance(error)}:${(error as InvocationError).daemonMessage}`);
        }
      }),
      { strict: false },
    );
    expect((await harness.invokeTool({ provider: "p", tool: "t" })).text).toBe("true:not mocked: storage");
    await harness.close();
  });
});

describe("MockDify permissions", () => {
  it("denies types the manifest does not enable with the daemon's exact text", async () => {
    const dify = new MockDify({
      permissions: { tool: { enabled: true }, model: { enabled: true, llm: false } },
    });
    dify.llm();
    dify.questionClassifier();
    const seen: string[] = [];
    const harness = createTestHarness(
      pluginWithTool(async (session) => {
        for (const type of ["llm", "node_question_classifier", "storage", "encrypt"]) {
          try {
            await session.invoke(type, {}).toArray();
          } catch (error) {
            const denied = PermissionDeniedError.isInstance(error) ? `denied(${error.permission})` : "failed";
            seen.push(`${denied}: ${(error as InvocationError).daemonMessage}`);
          }
        }
      }),
      { dify },
    );
    await harness.invokeTool({ provider: "p", tool: "t" });
    expect(seen).toEqual([
      "denied(llm): permission denied, you need to enable llm access in plugin manifest",
      "denied(node): permission denied, you need to enable node access in plugin manifest",
      "denied(storage): permission denied, you need to enable storage access in plugin manifest",
      "failed: unsupported invoke type: encrypt",
    ]);
    expect(dify.calls.map((call) => call.outcome)).toEqual([
      "permission_denied",
      "permission_denied",
      "permission_denied",
      "permission_denied",
    ]);
    await harness.close();
  });

  it("answers fault.permissionDenied() with the text for the call's type", async () => {
    const dify = new MockDify();
    dify.tool("builtin", "a", "b", fault.permissionDenied());
    const harness = createTestHarness(
      pluginWithTool(async (session) => {
        try {
          await session
            .invoke("tool", { tool_type: "builtin", provider: "a", tool: "b", tool_parameters: {} })
            .toArray();
        } catch (error) {
          return text(PermissionDeniedError.isInstance(error) ? error.daemonMessage : "other");
        }
      }),
      { dify },
    );
    expect((await harness.invokeTool({ provider: "p", tool: "t" })).text).toBe(
      "permission denied, you need to enable tool access in plugin manifest",
    );
    await harness.close();
  });
});
