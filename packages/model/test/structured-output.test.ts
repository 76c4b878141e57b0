import { ValidationError } from "@x/core";
import { mockLlmChunk } from "@x/testing";
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { type LLMStructuredResult, StructuredOutputError } from "../src/index.js";
import { rawModelHarness } from "./support.js";

const model = { provider: "langgenius/openai/openai", model: "gpt-4o-mini" };
const messages = [{ role: "user" as const, content: "Extract the city" }];
/** A harness answering `llm_structured_output` calls with `answer`. */
const start = (answer?: unknown) => rawModelHarness("llm_structured_output", answer);

/** Like the daemon's mock: the JSON text in ten content chunks, then a chunk carrying structured_output. */
function mockStructured(output: Record<string, unknown>) {
  const text = JSON.stringify(output);
  const chunks: object[] = [];
  for (let i = 0; i < 10; i++) {
    chunks.push(
      mockLlmChunk("gpt-4o-mini", i, text.slice((i * text.length) / 10, ((i + 1) * text.length) / 10)),
    );
  }
  chunks.push({
    model: "gpt-4o-mini",
    system_fingerprint: "test",
    delta: {
      index: 10,
      message: { role: "", content: null, name: "", tool_calls: null, tool_call_id: "" },
      usage: null,
      finish_reason: null,
    },
    structured_output: output,
  });
  return chunks;
}

describe("session.model.llmStructuredOutput.invoke", () => {
  it("sends a zod schema as JSON schema and returns the typed, checked object", async () => {
    const h = start(mockStructured({ city: "Paris", days: 3 }));
    const City = z.object({ city: z.string(), days: z.number().int() });
    const result = await h.run((session) =>
      session.model.llmStructuredOutput
        .invoke({ ...model, prompt_messages: messages, structured_output_schema: City })
        .result(),
    );
    expect(result.structured_output).toEqual({ city: "Paris", days: 3 });
    expect(result.message.content).toBe('{"city":"Paris","days":3}');
    expect(h.dify.calls[0]!.type).toBe("llm_structured_output");
    expect(h.dify.calls[0]!.request).toMatchObject({
      provider: model.provider,
      model: model.model,
      model_type: "llm",
      mode: "chat",
      completion_params: {},
      tools: null,
      stop: null,
      stream: true,
      structured_output_schema: {
        type: "object",
        properties: { city: { type: "string" }, days: { type: "integer" } },
        required: ["city", "days"],
      },
    });
    expect(
      (h.dify.callsOf("llm_structured_output")[0]!.request.structured_output_schema as { $schema?: unknown })
        .$schema,
    ).toBeUndefined();
  });

  it("passes a plain JSON schema through unchanged and supports stream: false", async () => {
    const schema = { type: "object", properties: { ok: { type: "boolean" } }, required: ["ok"] };
    const h = start(mockStructured({ ok: true }));
    const result = await h.run((session) =>
      session.model.llmStructuredOutput.invoke({
        ...model,
        prompt_messages: messages,
        structured_output_schema: schema,
        stream: false,
      }),
    );
    expect(result.structured_output).toEqual({ ok: true });
    expect(h.dify.callsOf("llm_structured_output")[0]!.request.structured_output_schema).toEqual(schema);
    expect(h.dify.callsOf("llm_structured_output")[0]!.request.stream).toBe(false);
  });

  it("falls back to parsing the answer text (fenced or not) when no structured_output is sent", async () => {
    const h = start([mockLlmChunk("m", 0, '```json\n{"a":'), mockLlmChunk("m", 1, "1}\n```")]);
    const object = await h.run((session) =>
      session.model.llmStructuredOutput
        .invoke({ ...model, prompt_messages: messages, structured_output_schema: { type: "object" } })
        .object(),
    );
    expect(object).toEqual({ a: 1 });
  });

  it("fails with StructuredOutputError when the output is not JSON or does not match the zod schema", async () => {
    const h = start([mockLlmChunk("m", 0, "Sorry, I cannot do that.")]);
    const notJson = await h
      .run((session) =>
        session.model.llmStructuredOutput
          .invoke({ ...model, prompt_messages: messages, structured_output_schema: { type: "object" } })
          .result(),
      )
      .catch((e: unknown) => e);
    expect(StructuredOutputError.isInstance(notJson)).toBe(true);
    expect((notJson as StructuredOutputError).text).toBe("Sorry, I cannot do that.");

    const h2 = start(mockStructured({ city: 42 }));
    const mismatch = await h2
      .run((session) =>
        session.model.llmStructuredOutput
          .invoke({
            ...model,
            prompt_messages: messages,
            structured_output_schema: z.object({ city: z.string() }),
          })
          .result(),
      )
      .catch((e: unknown) => e);
    expect(StructuredOutputError.isInstance(mismatch)).toBe(true);
    expect((mismatch as Error).message).toContain("city");
  });

  it("rejects a missing schema with ValidationError before sending", async () => {
    const h = start();
    const error = await h
      .run((session) =>
        session.model.llmStructuredOutput
          .invoke({ ...model, prompt_messages: messages, structured_output_schema: null as any })
          .result(),
      )
      .catch((e: unknown) => e);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).field).toBe("structured_output_schema");
    expect(h.dify.calls).toHaveLength(0);
  });

  it("types the result from the zod schema", async () => {
    const h = start(mockStructured({ city: "Oslo" }));
    await h.run(async (session) => {
      const City = z.object({ city: z.string() });
      const stream = session.model.llmStructuredOutput.invoke({
        ...model,
        prompt_messages: messages,
        structured_output_schema: City,
      });
      expectTypeOf(stream.result()).resolves.toEqualTypeOf<LLMStructuredResult<{ city: string }>>();
      expectTypeOf(stream.object()).resolves.toEqualTypeOf<{ city: string }>();
      await stream.result();
    });
  });
});
