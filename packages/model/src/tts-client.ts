import type { InvocationStream, InvokeOptions } from "@x/core";
import {
  DecodedStream,
  failedStream,
  hexToBytes,
  parseInput,
  parseReply,
  type SessionBase,
} from "@x/core/internal";
import { TTSChunkSchema, type TTSParams, TTSRequestSchema } from "@x/protocol";

/**
 * Synthesised speech as a stream of audio byte chunks (the daemon's hex `result` items, decoded). `mimeType` is
 * set once a chunk has declared it. One cursor, like every decoded stream.
 */
export class TTSStream extends DecodedStream<Uint8Array> {
  /** The audio MIME type declared by the model (e.g. `audio/mpeg`), once known. */
  mimeType: string | undefined;

  /** @internal */
  constructor(source: InvocationStream<unknown>) {
    super(source);
  }

  /** Reads the rest of the stream into one buffer. */
  async bytes(): Promise<Uint8Array> {
    return new Uint8Array(Buffer.concat(await this.toArray()));
  }

  protected decode(raw: unknown): Uint8Array {
    const chunk = parseReply(TTSChunkSchema, raw, { what: "tts" });
    if (chunk.mime_type) this.mimeType = chunk.mime_type;
    return hexToBytes(chunk.result, "tts audio chunk");
  }
}

/** `session.model.tts`: text to speech with a workspace TTS model. */
export class TTSClient {
  private readonly session: Pick<SessionBase, "invoke">;

  constructor(session: Pick<SessionBase, "invoke">) {
    this.session = session;
  }

  /** Streams the audio of `content_text` spoken with `voice`. */
  invoke(params: TTSParams, options: InvokeOptions = {}): TTSStream {
    let request: Record<string, unknown>;
    try {
      request = parseInput(TTSRequestSchema, params, { what: "tts" });
    } catch (error) {
      return new TTSStream(failedStream("tts", error));
    }
    return new TTSStream(this.session.invoke("tts", request, options));
  }
}
