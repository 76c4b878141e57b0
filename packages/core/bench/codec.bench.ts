import { LineDecoder } from "../src/internal.js";

/** MB/s of `LineDecoder` parsing ~1 KB frames fed in 64 KiB reads (a pipe's chunk size). */
export function codecParseThroughput(totalBytes: number): { mbPerSecond: number; frameBytes: number } {
  const frame = {
    session_id: "00000000-0000-4000-8000-000000000001",
    event: "backwards_response",
    data: {
      backwards_request_id: "760d65e0140d4595a963fcf3280d4889",
      event: "response",
      message: "stream",
      data: { type: "text", message: { text: "x".repeat(760) }, meta: { note: "東京 😀 <&>" } },
    },
  };
  const line = `${JSON.stringify(frame)}\n`;
  const frameBytes = Buffer.byteLength(line);
  const count = Math.ceil(totalBytes / frameBytes);
  const input = Buffer.from(line.repeat(count));
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < input.length; offset += 65_536)
    chunks.push(input.subarray(offset, offset + 65_536));
  let frames = 0;
  const newDecoder = () =>
    new LineDecoder({
      onFrame: () => {
        frames++;
      },
      onError: (error) => {
        throw error;
      },
    });
  const warm = newDecoder();
  for (const chunk of chunks.slice(0, 200)) warm.push(chunk);
  frames = 0;
  const decoder = newDecoder();
  const started = performance.now();
  for (const chunk of chunks) decoder.push(chunk);
  const ms = performance.now() - started;
  if (frames < count - 1) throw new Error(`decoded ${frames} of ${count} frames`);
  return { mbPerSecond: input.length / 1_048_576 / (ms / 1000), frameBytes };
}
