import type { InvokeOptions } from "@x/core";
import { failedStream, parseInput, type SessionBase } from "@x/core/internal";
import { type LLMInvokeParams, LLMInvokeRequestSchema } from "@x/protocol";
import type { LLMResult } from "./llm-result.js";
import { LLMStream } from "./llm-stream.js";

/** `session.model.llm`: invoke a chat or completion model configured in the workspace. */
export class LLMClient {
  private readonly session: Pick<SessionBase, "invoke">;

  constructor(session: Pick<SessionBase, "invoke">) {
    this.session = session;
  }

  /** Streams the answer as typed chunks; `await stream.result()` collects it. */
  invoke(params: LLMInvokeParams & { stream?: true }, options?: InvokeOptions): LLMStream;
  /** Asks for a non-streamed answer and resolves with the assembled result. */
  invoke(params: LLMInvokeParams & { stream: false }, options?: InvokeOptions): Promise<LLMResult>;
  /** Streams or not, depending on `params.stream`. */
  invoke(params: LLMInvokeParams, options?: InvokeOptions): LLMStream | Promise<LLMResult>;
  invoke(params: LLMInvokeParams, options: InvokeOptions = {}): LLMStream | Promise<LLMResult> {
    const stream = params?.stream !== false;
    let request: Record<string, unknown>;
    try {
      request = parseInput(LLMInvokeRequestSchema, params, { what: "llm" });
    } catch (error) {
      return stream ? new LLMStream(failedStream("llm", error)) : Promise.reject(error);
    }
    const answer = new LLMStream(this.session.invoke("llm", request, options));
    return stream ? answer : answer.result();
  }
}
