import type { ModelConfigInput, ParameterInput } from "@x/protocol";
import { ParameterExtractorRequestSchema } from "@x/protocol";
import { ExtractionFailedError } from "./errors/extraction-failed-error.js";
import type { ExtractionResult, ExtractionSuccess } from "./extraction-result.js";
import { interpretExtraction } from "./interpret-extraction.js";
import type { ExtractorInvokeOptions } from "./invoke-options.js";
import { callNode, type NodeInvoker, type NodeTarget } from "./node-call.js";

const NODE: NodeTarget<typeof ParameterExtractorRequestSchema> = {
  invokeType: "node_parameter_extractor",
  node: "parameter extractor",
  schema: ParameterExtractorRequestSchema,
};

/** A Parameter Extractor request as callers write it. */
export interface ParameterExtractorInput<Ps extends readonly ParameterInput[] = readonly ParameterInput[]> {
  /** What to extract; at least one, names unique. */
  readonly parameters: Ps;
  /** The LLM that extracts. */
  readonly model: ModelConfigInput;
  /** The text to extract from; must not be empty. */
  readonly query: string;
  /** Extra instructions for the model. Default `""`. */
  readonly instruction?: string | null;
}

type Success<Ps extends readonly ParameterInput[]> = Promise<ExtractionSuccess<Ps>>;
type Result<Ps extends readonly ParameterInput[]> = Promise<ExtractionResult<Ps>>;
type Throwing = ExtractorInvokeOptions & { throwOnFailure: true };

/**
 * Runs Dify's Parameter Extractor node (`node_parameter_extractor` reverse call; needs `node` permission).
 * The request is validated before anything is sent; the reply is checked against the parameter list.
 */
export class ParameterExtractorClient {
  readonly #session: NodeInvoker;

  constructor(session: NodeInvoker) {
    this.#session = session;
  }

  /** Extracts parameters; `ok: false` when Dify could not (or throws, with `throwOnFailure: true`). */
  invoke<const Ps extends readonly ParameterInput[]>(
    request: ParameterExtractorInput<Ps>,
    options: Throwing,
  ): Success<Ps>;
  invoke<const Ps extends readonly ParameterInput[]>(
    request: ParameterExtractorInput<Ps>,
    options?: ExtractorInvokeOptions,
  ): Result<Ps>;
  async invoke(
    request: ParameterExtractorInput,
    options?: ExtractorInvokeOptions,
  ): Promise<ExtractionResult> {
    const sent = await callNode(this.#session, NODE, request, options);
    const result = interpretExtraction(sent.context, sent.request.parameters, sent.reply);
    if (!result.ok && options?.throwOnFailure) throw new ExtractionFailedError(result);
    return result;
  }
}
