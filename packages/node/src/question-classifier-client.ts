import type { InvokeOptions, Session } from "@x/core";
import type { ClassificationResult } from "./classification-result.js";
import { NoNodeResponseError } from "./errors/no-node-response-error.js";
import { interpretClassification } from "./interpret-classification.js";
import { reverseCallOptions } from "./invoke-options.js";
import type { ReplyContext } from "./reply-context.js";
import type { ClassInput } from "./schemas/class-config.js";
import type { ModelConfigInput } from "./schemas/model-config.js";
import { QuestionClassifierRequestSchema } from "./schemas/question-classifier-request.js";
import { validateRequest } from "./validate-request.js";

const INVOKE_TYPE = "node_question_classifier";

/** A Question Classifier request as callers write it. */
export interface QuestionClassifierInput<Cs extends readonly ClassInput[] = readonly ClassInput[]> {
  /** The classes to choose from; at least one, ids and names unique. */
  readonly classes: Cs;
  /** The LLM that classifies. */
  readonly model: ModelConfigInput;
  /** The text to classify; must not be empty. */
  readonly query: string;
  /** Extra instructions for the model. Default `""`. */
  readonly instruction?: string | null;
}

/**
 * Runs Dify's Question Classifier node (`node_question_classifier` reverse call; needs `node` permission).
 * The request is validated before anything is sent; the chosen class is checked to be one of those offered.
 */
export class QuestionClassifierClient {
  readonly #session: Session;

  constructor(session: Session) {
    this.#session = session;
  }

  /** Classifies `query` into one of `classes`. */
  invoke<const Cs extends readonly ClassInput[]>(
    request: QuestionClassifierInput<Cs>,
    options?: InvokeOptions,
  ): Promise<ClassificationResult<Cs>>;
  /** The Python SDK's argument order: `invoke(classes, model, query, instruction?, options?)`. */
  invoke<const Cs extends readonly ClassInput[]>(
    classes: Cs,
    model: ModelConfigInput,
    query: string,
    instruction?: string | null,
    options?: InvokeOptions,
  ): Promise<ClassificationResult<Cs>>;
  async invoke(
    first: QuestionClassifierInput | readonly ClassInput[],
    ...rest: unknown[]
  ): Promise<ClassificationResult> {
    let input: unknown;
    let options: InvokeOptions | undefined;
    if (Array.isArray(first)) {
      const [model, query, instruction, positionalOptions] = rest;
      input = { classes: first, model, query, instruction };
      options = positionalOptions as InvokeOptions | undefined;
    } else {
      input = first;
      options = rest[0] as InvokeOptions | undefined;
    }
    const request = validateRequest(QuestionClassifierRequestSchema, input);
    const stream = this.#session.invoke(INVOKE_TYPE, request, reverseCallOptions(options));
    const context: ReplyContext = {
      invokeType: INVOKE_TYPE,
      backwardsRequestId: stream.id,
      node: "question classifier",
    };
    const reply = await stream.first();
    if (reply === undefined) throw new NoNodeResponseError(context);
    return interpretClassification(context, request.classes, reply);
  }
}
