import { hexToBytes, type InvocationStream, type InvokeOptions, parseInput, parseReply } from "@x/core";
import { z } from "zod";
import { failedStream, type Invoker } from "./call.js";

/** Parameters of `session.model.tts.invoke(...)`. */
export const TTSParamsSchema = z.object({
  provider: z.string().min(1),
  model: z.string().min(1),
  /** The text to speak. */
  content_text: z.string().min(1),
  /** A voice the model offers (e.g. `alloy`). */
  voice: z.string().min(1),
});
/** Parameters of `session.model.tts.invoke(...)`. */
export type TTSParams = z.input<typeof TTSParamsSchema>;

const TTSChunkSchema = z.looseObject({ result: z.string(), mime_type: z.string().nullish() });

/**
 * Synthesised speech as a stream of audio byte chunks (the daemon's hex `result` items, decoded). `mimeType` is
 * set once a chunk has declared it. Read it once.
 */
export class TTSStream implements AsyncIterable<Uint8Array> {
  /** The audio MIME type declared by the model (e.g. `audio/mpeg`), once known. */
  mimeType: string | undefined;
  private readonly source: InvocationStream<unknown>;

  /** @internal */
  constructor(source: InvocationStream<unknown>) {
    this.source = source;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    for await (const item of this.source) {
      const chunk = parseReply(TTSChunkSchema, item, { what: "tts" });
      if (chunk.mime_type) this.mimeType = chunk.mime_type;
      yield hexToBytes(chunk.result, "tts audio chunk");
    }
  }

  /** Reads the whole stream into one buffer. */
  async bytes(): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    for await (const part of this) parts.push(part);
    return new Uint8Array(Buffer.concat(parts));
  }
}

/** `session.model.tts`: text to speech with a workspace TTS model. */
export class TTSClient {
  private readonly session: Invoker;

  constructor(session: Invoker) {
    this.session = session;
  }

  /** Streams the audio of `content_text` spoken with `voice`. */
  invoke(params: TTSParams, options: InvokeOptions = {}): TTSStream {
    let input: z.output<typeof TTSParamsSchema>;
    try {
      input = parseInput(TTSParamsSchema, params, { what: "tts" });
    } catch (error) {
      return new TTSStream(failedStream("tts", error));
    }
    const request = {
      provider: input.provider,
      model: input.model,
      model_type: "tts",
      content_text: input.content_text,
      voice: input.voice,
    };
    return new TTSStream(this.session.invoke("tts", request, options));
  }
}
