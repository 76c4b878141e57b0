import { Plugin, type SessionWith } from "@x/core";
import { createTestHarness, fault, MockDify, useModelDefaults } from "@x/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { modelExtension } from "../src/index.js";

/** A tool whose body is `run`; its JSON result comes back as the tool's one `json` message. */
function toolRunning(run: (session: SessionWith<[typeof modelExtension]>) => Promise<unknown>) {
  return new Plugin().use(modelExtension).on("tool", "invoke_tool", async (session) => ({
    type: "json",
    message: { json_object: { value: await run(session) } },
    meta: null,
  }));
}

async function runWithDefaults(
  run: (session: SessionWith<[typeof modelExtension]>) => Promise<unknown>,
  dify = useModelDefaults(new MockDify()),
) {
  const harness = createTestHarness(toolRunning(run), { dify });
  try {
    const result = await harness.invokeTool({ provider: "p", tool: "t" });
    if (result.error) throw new Error(`${result.error.error_type}: ${result.error.message}`);
    return {
      value: (result.items[0] as { message: { json_object: { value: unknown } } }).message.json_object.value,
      dify,
    };
  } finally {
    await harness.close();
  }
}

const llm = { provider: "langgenius/openai/openai", model: "gpt-4o-mini" };

describe("@x/testing model defaults drive the real clients", () => {
  it("llm: the daemon-mock answer collects to text and usage; tools get a generated tool call", async () => {
    const { value } = await runWithDefaults(async (session) => {
      const plain = await session.model.llm
        .invoke({ ...llm, prompt_messages: [{ role: "user", content: "hi" }] })
        .result();
      const withTool = await session.model.llm.invoke({
        ...llm,
        prompt_messages: [{ role: "user", content: "weather?" }],
        tools: [
          { name: "weather", parameters: { type: "object", properties: { city: { type: "string" } } } },
        ],
        stream: false,
      });
      return {
        text: plain.message.content,
        tokens: plain.usage.total_tokens,
        call: withTool.message.tool_calls[0],
      };
    });
    expect(value).toEqual({
      text: "hello world world ! !",
      tokens: 200,
      call: {
        id: "oshiawaseni",
        type: "function",
        function: { name: "weather", arguments: '{"city":"sample"}' },
      },
    });
  });

  it("llm_structured_output: a value generated from the zod schema passes the schema", async () => {
    const City = z.object({ city: z.string(), days: z.number().int().min(2), tags: z.array(z.string()) });
    const { value } = await runWithDefaults((session) =>
      session.model.llmStructuredOutput
        .invoke({ ...llm, prompt_messages: [{ role: "user", content: "x" }], structured_output_schema: City })
        .object(),
    );
    expect(City.parse(value)).toEqual({ city: "sample", days: 2, tags: ["sample"] });
  });

  it("embeddings, rerank, tts, speech2text, moderation and summary answer with the daemon mock's values", async () => {
    const { value, dify } = await runWithDefaults(async (session) => {
      const m = session.model;
      const embedding = await m.textEmbedding.invoke({ provider: "p", model: "e", texts: ["a", "b"] });
      const multi = await m.multimodalEmbedding.invoke({
        provider: "p",
        model: "e",
        documents: [{ content: "a", content_type: "text" }],
      });
      const ranked = await m.rerank.invoke({ provider: "p", model: "r", query: "q", docs: ["x", "y"] });
      const multiRanked = await m.multimodalRerank.invoke({
        provider: "p",
        model: "r",
        query: { content: "q", content_type: "text" },
        docs: [{ content: "img", content_type: "image" }],
      });
      const audio = await m.tts.invoke({ provider: "p", model: "t", content_text: "hi", voice: "v" }).bytes();
      const heard = await m.speech2text.invoke({ provider: "p", model: "s", file: new Uint8Array([1]) });
      const flagged = await m.moderation.invoke({ provider: "p", model: "m", text: "x" });
      const summary = await m.summary.invoke({ text: "z".repeat(2000) });
      return {
        dims: embedding.embeddings.map((v) => v.length),
        multi: multi.embeddings.length,
        ranked: ranked.docs.map((d) => d.text),
        multiRanked: multiRanked.docs[0]?.text,
        audio: audio.byteLength,
        heard,
        flagged,
        summary: summary.length,
      };
    });
    expect(value).toEqual({
      dims: [10, 10],
      multi: 1,
      ranked: ["x", "y"],
      multiRanked: "img",
      audio: 40,
      heard: "hello world",
      flagged: true,
      summary: 2000,
    });
    expect(dify.unmocked).toHaveLength(0);
  });

  it("a test can still replace one default or inject a fault", async () => {
    const dify = useModelDefaults(new MockDify());
    dify.onInvoke("moderation", { result: false });
    dify.onInvoke("speech2text", fault.error("invoke speech2text model failed: unsupported format"));
    const { value } = await runWithDefaults(async (session) => {
      const flagged = await session.model.moderation.invoke({ provider: "p", model: "m", text: "x" });
      const failed = await session.model.speech2text
        .invoke({ provider: "p", model: "s", file: new Uint8Array([1]) })
        .catch((e: Error) => e.message);
      return { flagged, failed };
    }, dify);
    expect(value).toEqual({ flagged: false, failed: expect.stringContaining("unsupported format") });
  });
});
