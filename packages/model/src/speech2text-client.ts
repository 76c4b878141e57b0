import { bytesToHex, type InvokeOptions, invokeOne, parseInput, ValidationError } from "@x/core";
import { z } from "zod";
import type { Invoker } from "./call.js";

/** Parameters of `session.model.speech2text.invoke(...)`. */
export interface Speech2TextParams {
  /** Provider id. */
  provider: string;
  /** Model name. */
  model: string;
  /** The audio file's bytes (sent hex-encoded, as the daemon expects). */
  file: Uint8Array;
}

const ModelRefSchema = z.object({ provider: z.string().min(1), model: z.string().min(1) });
const Speech2TextResultSchema = z.looseObject({ result: z.string() });

/** `session.model.speech2text`: transcribe audio with a workspace speech-to-text model. */
export class Speech2TextClient {
  private readonly session: Invoker;

  constructor(session: Invoker) {
    this.session = session;
  }

  /** Transcribes `file` and resolves with the text. */
  async invoke(params: Speech2TextParams, options: InvokeOptions = {}): Promise<string> {
    const ref = parseInput(ModelRefSchema, params, { what: "speech2text" });
    if (!(params.file instanceof Uint8Array) || params.file.byteLength === 0) {
      throw new ValidationError("speech2text: file must be a non-empty Uint8Array", { field: "file" });
    }
    const request = { ...ref, model_type: "speech2text", file: bytesToHex(params.file) };
    const reply = await invokeOne(this.session, "speech2text", request, Speech2TextResultSchema, options);
    return reply.result;
  }
}
