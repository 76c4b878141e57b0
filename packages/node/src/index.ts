// Wire shapes (requests, node responses, their schemas) live in @x/protocol; the types callers write are here too.
export type {
  ClassInput,
  ModelConfigInput,
  NodeResponse,
  NodeUsage,
  ParameterInput,
  ParameterType,
  ParameterTypeInput,
} from "@x/protocol";
export type { ClassificationResult, ClassifiedOutputs } from "./classification-result.js";
export { ExtractionFailedError } from "./errors/extraction-failed-error.js";
export { InvalidNodeResponseError } from "./errors/invalid-node-response-error.js";
export { NoNodeResponseError } from "./errors/no-node-response-error.js";
export {
  type ExtractedOutputs,
  type ExtractionFailure,
  type ExtractionResult,
  type ExtractionSuccess,
  type ParameterValue,
  unwrapExtraction,
} from "./extraction-result.js";
export type { ExtractorInvokeOptions } from "./invoke-options.js";
export type { NodeResultBase } from "./node-result.js";
export { ParameterExtractorClient, type ParameterExtractorInput } from "./parameter-extractor-client.js";
export { QuestionClassifierClient, type QuestionClassifierInput } from "./question-classifier-client.js";
export { WorkflowNodeClient, workflowNodeExtension } from "./workflow-node-extension.js";
