import {
  AbortedError,
  InvocationError,
  InvocationTimeoutError,
  PermissionDeniedError,
  ProtocolError,
  ValidationError,
} from "@x/core";
import { DEFAULT_LLM_USAGE, defaultLlmAnswer, fault, mockLlmChunk, mockLlmToolCallChunk } from "@x/testing";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { LLMInvokeParams, LLMResult, LLMResultChunk, LLMStream } from "../src/index.js";
import { rawModelHarness as raw, modelHarness as start, streamThenHang } from "./support.js";

const model = { provider: "langgenius/openai/openai", model: "gpt-4o-mini" };

describe("session.model.llm.invoke (streaming)", () => {
  it("sends the Python SDK's llm payload and streams typed chunks", async () => {
    const h = start("llm", defaultLlmAnswer);
    const texts = await h.run(async (session) => {
      const out: string[] = [];
      for await (const chunk of session.model.llm.invoke({
        ...model,
        completion_params: { temperature: 0.2 },
        prompt_messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "Say hello" },
        ],
      })) {
        out.push(chunk.delta.message.content as string);
      }
      return out;
    });
    expect(texts).toEqual(["hello", " world", " world", " !", " !"]);
    expect(h.dify.calls).toHaveLength(1);
    expect(h.dify.calls[0]!.type).toBe("llm");
    // LLMModelConfig.model_dump() + prompt_messages + tools/stop None + stream (invocations/model/llm.py).
    expect(h.dify.calls[0]!.request).toEqual({
      provider: "langgenius/openai/openai",
      model: "gpt-4o-mini",
      model_type: "llm",
      mode: "chat",
      completion_params: { temperature: 0.2 },
      prompt_messages: [
        { role: "system", content: "Be brief.", name: null },
        { role: "user", content: "Say hello", name: null },
      ],
      tools: null,
      stop: null,
      stream: true,
    });
  });

  it("collects text, usage (decimal strings kept exact) and fingerprint with result()", async () => {
    const usage = {
      ...DEFAULT_LLM_USAGE,
      prompt_price: "0.0010330",
      total_price: "0.0013030",
      prompt_unit_price: 0.001,
    };
    const h = start("llm", [
      mockLlmChunk("gpt-4o-mini", 0, "Hel"),
      mockLlmChunk("gpt-4o-mini", 1, "lo", usage),
    ]);
    const result = await h.run((session) =>
      session.model.llm.invoke({ ...model, prompt_messages: [{ role: "user", content: "hi" }] }).result(),
    );
    expect(result.model).toBe("gpt-4o-mini");
    expect(result.message).toEqual({ role: "assistant", content: "Hello", tool_calls: [] });
    expect(result.system_fingerprint).toBe("test");
    expect(result.usage).toMatchObject({
      prompt_tokens: 100,
      completion_tokens: 100,
      total_tokens: 200,
      prompt_price: "0.0010330",
      total_price: "0.0013030",
      prompt_unit_price: "0.001",
      currency: "USD",
      latency: 0.4,
    });
  });

  it("result() after a partial for-await includes what was already read", async () => {
    const h = start("llm", defaultLlmAnswer);
    const text = await h.run(async (session) => {
      const stream = session.model.llm.invoke({
        ...model,
        prompt_messages: [{ role: "user", content: "hi" }],
      });
      const first = await stream[Symbol.asyncIterator]().next();
      expect(first.value?.delta.message.content).toBe("hello");
      return stream.text();
    });
    expect(text).toBe("hello world world ! !");
  });

  it("merges streamed tool-call deltas by id and sends tools, tool_choice and stop", async () => {
    const h = start("llm", [
      mockLlmToolCallChunk("m", "get_weather", '{"city":'),
      {
        ...mockLlmToolCallChunk("m", "", '"Paris"}'),
        delta: {
          index: 0,
          message: {
            role: "assistant",
            content: "",
            tool_calls: [{ id: "", type: "function", function: { name: "", arguments: '"Paris"}' } }],
          },
        },
      },
      mockLlmChunk("m", 1, "", null),
    ]);
    const tools = [
      {
        name: "get_weather",
        description: "Weather for a city",
        parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
      },
    ];
    const result = await h.run((session) =>
      session.model.llm
        .invoke({
          ...model,
          prompt_messages: [{ role: "user", content: "Weather in Paris?" }],
          tools,
          tool_choice: { mode: "tool", name: "get_weather" },
          stop: ["\n\n"],
        })
        .result(),
    );
    expect(result.message.tool_calls).toEqual([
      {
        id: "oshiawaseni",
        type: "function",
        function: { name: "get_weather", arguments: '{"city":"Paris"}' },
      },
    ]);
    expect(h.dify.calls[0]!.request).toMatchObject({
      tools,
      tool_choice: { mode: "tool", name: "get_weather" },
      stop: ["\n\n"],
    });
  });

  it("serialises every message role and content part in the Python SDK's model_dump shape", async () => {
    const h = start("llm", [mockLlmChunk("m", 0, "ok")]);
    await h.run((session) =>
      session.model.llm
        .invoke({
          ...model,
          prompt_messages: [
            { role: "system", content: "sys" },
            {
              role: "user",
              name: "alice",
              content: [
                { type: "text", data: "What is in these?" },
                { type: "image", url: "https://example.com/cat.png", mime_type: "image/png", detail: "high" },
                {
                  type: "document",
                  base64_data: "JVBERg==",
                  mime_type: "application/pdf",
                  filename: "a.pdf",
                },
              ],
            },
            {
              role: "assistant",
              content: null,
              tool_calls: [
                { id: "c1", type: "function", function: { name: "lookup", arguments: { q: "cat" } } },
              ],
            },
            { role: "tool", content: '{"answer":"a cat"}', tool_call_id: "c1", name: "lookup" },
          ],
        })
        .result(),
    );
    expect(h.dify.callsOf("llm")[0]!.request.prompt_messages).toEqual([
      { role: "system", content: "sys", name: null },
      {
        role: "user",
        name: "alice",
        content: [
          { type: "text", data: "What is in these?", opaque_body: null },
          {
            type: "image",
            format: "png",
            base64_data: "",
            url: "https://example.com/cat.png",
            mime_type: "image/png",
            filename: "",
            detail: "high",
            opaque_body: null,
          },
          {
            type: "document",
            format: "pdf",
            base64_data: "JVBERg==",
            url: "",
            mime_type: "application/pdf",
            filename: "a.pdf",
            opaque_body: null,
          },
        ],
      },
      {
        role: "assistant",
        content: null,
        name: null,
        tool_calls: [{ id: "c1", type: "function", function: { name: "lookup", arguments: '{"q":"cat"}' } }],
        opaque_body: null,
      },
      { role: "tool", content: '{"answer":"a cat"}', name: "lookup", tool_call_id: "c1" },
    ]);
  });

  it.each([
    ["no messages", { prompt_messages: [] }, "prompt_messages"],
    ["an unknown role", { prompt_messages: [{ role: "developer", content: "x" }] }, "prompt_messages.0.role"],
    [
      "an unknown content part type",
      { prompt_messages: [{ role: "user", content: [{ type: "pdf", data: "x" }] }] },
      "prompt_messages.0.content",
    ],
    [
      "an image part without url or data",
      { prompt_messages: [{ role: "user", content: [{ type: "image", mime_type: "image/png" }] }] },
      "prompt_messages.0.content.0",
    ],
    [
      "a tool message without tool_call_id",
      { prompt_messages: [{ role: "tool", content: "x" }] },
      "prompt_messages.0.tool_call_id",
    ],
    [
      "a tool without a name",
      { prompt_messages: [{ role: "user", content: "x" }], tools: [{ name: " ", parameters: {} }] },
      "tools.0.name",
    ],
    [
      'tool_choice "tool" without a name',
      { prompt_messages: [{ role: "user", content: "x" }], tool_choice: { mode: "tool" } },
      "tool_choice.name",
    ],
    ["a blank provider", { provider: "", prompt_messages: [{ role: "user", content: "x" }] }, "provider"],
  ])("rejects %s with ValidationError before sending", async (_what, patch, field) => {
    const h = start("llm");
    const [streamed, blocking] = await h.run(async (session) => {
      const params = { ...model, ...patch } as any;
      const streamedError = await session.model.llm
        .invoke(params)
        .result()
        .catch((e: unknown) => e);
      const blockingParams: LLMInvokeParams & { stream: false } = { ...params, stream: false };
      const blockingError = await session.model.llm.invoke(blockingParams).catch((e: unknown) => e);
      return [streamedError, blockingError];
    });
    for (const error of [streamed, blocking]) {
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).field).toBe(field);
    }
    expect(h.dify.calls).toHaveLength(0);
  });
});

describe("session.model.llm.invoke (non-streaming)", () => {
  it("sends stream: false and resolves with the assembled result", async () => {
    const h = start("llm", defaultLlmAnswer);
    const result = await h.run((session) =>
      session.model.llm.invoke({
        ...model,
        prompt_messages: [{ role: "user", content: "hi" }],
        stream: false,
      }),
    );
    expect(h.dify.callsOf("llm")[0]!.request.stream).toBe(false);
    expect(result.message.content).toBe("hello world world ! !");
    expect(result.usage.total_tokens).toBe(200);
  });
});

describe("session.model.llm errors and limits", () => {
  it("rejects with InvocationError carrying the daemon's text", async () => {
    const h = start(
      "llm",
      fault.error(
        'invoke llm model failed: request failed: {"error_type":"InvokeRateLimitError","message":"slow down"}',
      ),
    );
    const error = await h
      .run((session) =>
        session.model.llm.invoke({ ...model, prompt_messages: [{ role: "user", content: "x" }] }).result(),
      )
      .catch((e: unknown) => e);
    expect(InvocationError.isInstance(error)).toBe(true);
    expect((error as InvocationError).errorType).toBe("InvokeRateLimitError");
  });

  it("reports a missing llm permission as PermissionDeniedError", async () => {
    const h = start(
      "llm",
      fault.error("permission denied, you need to enable llm access in plugin manifest"),
    );
    const error = await h
      .run((session) =>
        session.model.llm.invoke({
          ...model,
          prompt_messages: [{ role: "user", content: "x" }],
          stream: false,
        }),
      )
      .catch((e: unknown) => e);
    expect(PermissionDeniedError.isInstance(error)).toBe(true);
    expect((error as PermissionDeniedError).permission).toBe("llm");
  });

  it("fails with ProtocolError on a chunk that is not an LLMResultChunk", async () => {
    const h = raw("llm", [{ delta: { index: 0 } }]);
    const error = await h
      .run((session) =>
        session.model.llm.invoke({ ...model, prompt_messages: [{ role: "user", content: "x" }] }).text(),
      )
      .catch((e: unknown) => e);
    expect(ProtocolError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("llm");
  });

  it("fails with an idle InvocationTimeoutError when chunks stop coming", async () => {
    const h = raw("llm", streamThenHang(mockLlmChunk("m", 0, "partial")));
    const seen: string[] = [];
    const error = await h
      .run(async (session) => {
        for await (const chunk of session.model.llm.invoke(
          { ...model, prompt_messages: [{ role: "user", content: "x" }] },
          { idleTimeout: 100 },
        )) {
          seen.push(chunk.delta.message.content as string);
        }
      })
      .catch((e: unknown) => e);
    expect(seen).toEqual(["partial"]);
    expect(InvocationTimeoutError.isInstance(error)).toBe(true);
    expect((error as InvocationTimeoutError).timer).toBe("idle");
  });

  it("fails with AbortedError when the caller aborts mid-stream", async () => {
    const controller = new AbortController();
    const h = raw("llm", streamThenHang(mockLlmChunk("m", 0, "first")));
    const error = await h
      .run(async (session) => {
        for await (const _chunk of session.model.llm.invoke(
          { ...model, prompt_messages: [{ role: "user", content: "x" }] },
          { signal: controller.signal },
        )) {
          controller.abort(new Error("enough"));
        }
      })
      .catch((e: unknown) => e);
    expect(AbortedError.isInstance(error)).toBe(true);
    expect(h.runtime.stats().inFlight).toBe(0);
  });

  it("releases the call when the consumer breaks out of the loop", async () => {
    const h = raw("llm", streamThenHang(mockLlmChunk("m", 0, "a"), mockLlmChunk("m", 1, "b")));
    const first = await h.run(async (session) => {
      for await (const chunk of session.model.llm.invoke({
        ...model,
        prompt_messages: [{ role: "user", content: "x" }],
      })) {
        return chunk.delta.message.content;
      }
      return undefined;
    });
    expect(first).toBe("a");
    expect(h.runtime.stats().inFlight).toBe(0);
  });
});

describe("types", () => {
  it("follows the stream flag", async () => {
    const h = start("llm", [mockLlmChunk("m", 0, "x")]);
    await h.run(async (session) => {
      const messages = [{ role: "user" as const, content: "x" }];
      expectTypeOf(
        session.model.llm.invoke({ ...model, prompt_messages: messages }),
      ).toEqualTypeOf<LLMStream>();
      const blocking = session.model.llm.invoke({ ...model, prompt_messages: messages, stream: false });
      expectTypeOf(blocking).toEqualTypeOf<Promise<LLMResult>>();
      await blocking;
      expectTypeOf<LLMResultChunk["delta"]["index"]>().toEqualTypeOf<number>();
      expectTypeOf<LLMResult["usage"]["total_price"]>().toEqualTypeOf<string>();
      expectTypeOf<
        LLMResult["message"]["tool_calls"][number]["function"]["arguments"]
      >().toEqualTypeOf<string>();
    });
  });
});
