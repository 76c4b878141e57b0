import type { InvokeOptions } from "@x/core";
import type { ClassInput, ModelConfigInput } from "@x/protocol";
import { QuestionClassifierRequestSchema } from "@x/protocol";
import type { ClassificationResult } from "./classification-result.js";
import { interpretClassification } from "./interpret-classification.js";
import { callNode, type NodeInvoker, type NodeTarget } from "./node-call.js";

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
  readonly #session: NodeInvoker;

  constructor(session: NodeInvoker) {
    this.#session = session;
  }

  /** Classifies `query` into one of `classes`. */
  async invoke<const Cs extends readonly ClassInput[]>(
    request: QuestionClassifierInput<Cs>,
    options?: InvokeOptions,
  ): Promise<ClassificationResult<Cs>> {
    const sent = await callNode(this.#session, NODE, request, options);
    return interpretClassification(
      sent.context,
      sent.request.classes,
      sent.reply,
    ) as ClassificationResult<Cs>;
  }
}
