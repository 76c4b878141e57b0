import type { Readable } from "node:stream";
import { LineDecoder } from "@x/core/internal";

/**
 * Collects every frame a plugin writes to `stream`, decoded by the SDK's own `LineDecoder`. A line that is not a
 * frame fails the test at once: stdout must carry frames only.
 */
export function collectFrames<T = any>(stream: Readable): T[] {
  const frames: T[] = [];
  const decoder = new LineDecoder({
    onFrame: (frame) => frames.push(frame as T),
    onError: (error) => {
      throw error;
    },
  });
  stream.on("data", (chunk: Buffer) => decoder.push(chunk));
  return frames;
}
