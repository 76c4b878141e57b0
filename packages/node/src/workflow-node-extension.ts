import { defineSessionExtension, type Session } from "@x/core";
import { ParameterExtractorClient } from "./parameter-extractor-client.js";
import { QuestionClassifierClient } from "./question-classifier-client.js";

/** `session.workflowNode`: Dify workflow nodes a plugin can run (needs `resource.permission.node.enabled`). */
export class WorkflowNodeClient {
  /** Dify's Parameter Extractor node. */
  readonly parameterExtractor: ParameterExtractorClient;
  /** Dify's Question Classifier node. */
  readonly questionClassifier: QuestionClassifierClient;

  constructor(session: Session) {
    this.parameterExtractor = new ParameterExtractorClient(session);
    this.questionClassifier = new QuestionClassifierClient(session);
  }
}

/** Installs `session.workflowNode` on every session: `plugin.use(workflowNodeExtension)`. */
export const workflowNodeExtension = defineSessionExtension(
  "workflowNode",
  (session) => new WorkflowNodeClient(session),
);

declare module "@x/core" {
  interface Session {
    /** Workflow nodes (Parameter Extractor, Question Classifier); present when `workflowNodeExtension` is installed. */
    readonly workflowNode: WorkflowNodeClient;
  }
}
