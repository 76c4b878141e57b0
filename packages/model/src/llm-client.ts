import { type InvokeOptions, parseInput } from "@x/core";
import { z } from "zod";
import { failedStream, type Invoker } from "./call.js";
import type { LLMResult } from "./llm-result.js";
import { LLMStream } from "./llm-stream.js";
import { PromptMessageSchema, PromptToolSchema, ToolChoiceSchema, toWireMessage } from "./prompt-message.js";

/** Model selection and parameters shared by `llm` and `llm_structured_output`. */
export const LLMInvokeParamsSchema = z.object({
  /** Provider id, e.g. `langgenius/openai/openai`. */
  provider: z.string().min(1),
  /** Model name, e.g. `gpt-4o-mini`. */
  model: z.string().min(1),
  /** `chat` (default) or `completion`. */
  mode: z.enum(["chat", "completion"]).default("chat"),
  /** Model parameters (`temperature`, `max_tokens`, ...). */
  completion_params: z.record(z.string(), z.unknown()).default({}),
  /** The conversation so far. */
  prompt_messages: z.array(PromptMessageSchema).min(1, "needs at least one prompt message"),
  /** Tools the model may call. */
  tools: z.array(PromptToolSchema).optional(),
  /** How the model picks tools. */
  tool_choice: ToolChoiceSchema.optional(),
  /** Stop sequences. */
  stop: z.array(z.string()).optional(),
  /** `false` asks Dify for a non-streamed answer (default `true`). */
  stream: z.boolean().optional(),
});

/** Parameters of `session.model.llm.invoke(...)`. */
export type LLMInvokeParams = z.input<typeof LLMInvokeParamsSchema>;

/** @internal Builds the `llm` request exactly as the Python SDK does (`LLMModelConfig.model_dump()` + lists). */
export function llmRequest(
  params: z.output<typeof LLMInvokeParamsSchema>,
  stream: boolean,
): Record<string, unknown> {
  return {
    provider: params.provider,
    model: params.model,
    model_type: "llm",
    mode: params.mode,
    completion_params: params.completion_params,
    prompt_messages: params.prompt_messages.map(toWireMessage),
    tools: params.tools && params.tools.length > 0 ? params.tools : null,
    stop: params.stop ?? null,
    stream,
    ...(params.tool_choice ? { tool_choice: params.tool_choice } : {}),
  };
}

/** `session.model.llm`: invoke a chat or completion model configured in the workspace. */
export class LLMClient {
  private readonly session: Invoker;

  constructor(session: Invoker) {
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
      request = llmRequest(parseInput(LLMInvokeParamsSchema, params, { what: "llm" }), stream);
    } catch (error) {
      return stream ? new LLMStream(failedStream("llm", error)) : Promise.reject(error);
    }
    const answer = new LLMStream(this.session.invoke("llm", request, options));
    return stream ? answer : answer.result();
  }
}
