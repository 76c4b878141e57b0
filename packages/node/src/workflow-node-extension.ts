import { defineSessionExtension } from "@x/core";
import type { SessionBase } from "@x/core/internal";
import { ParameterExtractorClient } from "./parameter-extractor-client.js";
import { QuestionClassifierClient } from "./question-classifier-client.js";

/** `session.workflowNode`: Dify workflow nodes a plugin can run (needs `resource.permission.node.enabled`). */
export class WorkflowNodeClient {
  /** Dify's Parameter Extractor node. */
  readonly parameterExtractor: ParameterExtractorClient;
  /** Dify's Question Classifier node. */
  readonly questionClassifier: QuestionClassifierClient;

  constructor(session: Pick<SessionBase, "invoke">) {
    this.parameterExtractor = new ParameterExtractorClient(session);
    this.questionClassifier = new QuestionClassifierClient(session);
  }
}

/**
 * `session.workflowNode`: add it to a tool's `uses` (or `plugin.use(workflowNodeExtension)`) and enable
 * `resource.permission.node` in the manifest.
 */
export const workflowNodeExtension = defineSessionExtension({
  name: "workflowNode",
  exportName: "workflowNodeExtension",
  packageName: "@x/node",
  create: (session) => new WorkflowNodeClient(session),
});
