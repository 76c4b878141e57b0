// Measures what the SDK itself costs a model provider: LLM chunks and TTS bytes relayed from a provider's
// generator to the (fake) daemon through the real runtime and codec, in-process and over stdio.
// Run: pnpm exec tsx --conditions=@x/source bench/provider-llm.ts
import { Plugin } from "@x/core";
import { createTestHarness } from "@x/testing";
import { defineLLM, defineModelProvider, defineTTS } from "../src/index.js";

const CHUNKS = 50_000;
const TTS_BYTES = 64 * 1024 * 1024;

const provider = defineModelProvider({
  provider: { name: "bench", label: "Bench" },
  models: [
    defineLLM({
      async *invoke() {
        for (let i = 0; i < CHUNKS; i++) yield { content: "tok " };
        yield { finish_reason: "stop", usage: { prompt_tokens: 1, completion_tokens: CHUNKS } };
      },
      numTokens: () => 0,
    }),
    defineTTS({
      *invoke() {
        const piece = new Uint8Array(64 * 1024).fill(7);
        for (let sent = 0; sent < TTS_BYTES; sent += piece.byteLength) yield piece;
      },
      mimeType: "audio/mpeg",
    }),
  ],
});

const harness = createTestHarness(new Plugin().register(provider), { requestTimeout: 600_000 });
const base = { provider: "bench", model: "m", credentials: {} };

let start = performance.now();
const llm = await harness.request("model", "invoke_llm", {
  ...base,
  model_type: "llm",
  prompt_messages: [{ role: "user", content: "go" }],
  stream: true,
});
let seconds = (performance.now() - start) / 1000;
console.log(
  `LLM: ${llm.items.length} chunks in ${seconds.toFixed(2)} s = ${Math.round(llm.items.length / seconds)} chunks/s`,
);

start = performance.now();
const tts = await harness.request("model", "invoke_tts", {
  ...base,
  model_type: "tts",
  content_text: "x",
  voice: "v",
  tenant_id: "t",
});
seconds = (performance.now() - start) / 1000;
console.log(
  `TTS: ${tts.items.length} items, ${TTS_BYTES / 2 ** 20} MiB in ${seconds.toFixed(2)} s = ${(TTS_BYTES / 2 ** 20 / seconds).toFixed(1)} MiB/s`,
);
await harness.close();
