import type { InvokeOptions, Session } from "@x/core";
import type { ClassificationResult } from "./classification-result.js";
import { interpretClassification } from "./interpret-classification.js";
import { callNode, type NodeTarget, nodeArguments } from "./node-call.js";
import type { ClassInput } from "./schemas/class-config.js";
import type { ModelConfigInput } from "./schemas/model-config.js";
import { QuestionClassifierRequestSchema } from "./schemas/question-classifier-request.js";

const NODE: NodeTarget<typeof QuestionClassifierRequestSchema> = {
  invokeType: "node_question_classifier",
  node: "question classifier",
  schema: QuestionClassifierRequestSchema,
};

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
    const args = nodeArguments<InvokeOptions>("classes", first, rest);
    const { request, reply, context } = await callNode(this.#session, NODE, args);
    return interpretClassification(context, request.classes, reply);
  }
}
