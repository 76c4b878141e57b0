// Chunks per second the OpenAI-compatible client turns into LLMResultChunks from the loopback fake server, and
// TTS MiB/s read from it. Run: pnpm --filter @x/model exec tsx --conditions=@x/source bench/openai-compatible.ts
import { startFakeOpenAI } from "@x/testing";
import { OpenAICompatibleClient } from "../src/openai-compatible/index.js";

const PIECES = 20_000;
const server = await startFakeOpenAI({
  chat: { content: Array.from({ length: PIECES }, (_, i) => `w${i} `) },
  speechBytes: 64 * 1024 * 1024,
  speechChunkBytes: 64 * 1024,
});
const client = new OpenAICompatibleClient({ baseUrl: server.url, apiKey: "sk-test" });
for (let round = 0; round < 3; round++) {
  let chunks = 0;
  const started = performance.now();
  for await (const _ of client.chat({ model: "m", promptMessages: [{ role: "user", content: "go" }] }))
    chunks++;
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `chat: ${chunks} chunks in ${seconds.toFixed(2)} s = ${Math.round(chunks / seconds)} chunks/s\n`,
  );
}
for (let round = 0; round < 2; round++) {
  let bytes = 0;
  const started = performance.now();
  const speech = await client.speech({ model: "tts", input: "x", voice: "alloy" });
  for await (const piece of speech.audio) bytes += piece.byteLength;
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `speech: ${(bytes / 2 ** 20).toFixed(0)} MiB in ${seconds.toFixed(2)} s = ${(bytes / 2 ** 20 / seconds).toFixed(0)} MiB/s\n`,
  );
}
await server.close();
