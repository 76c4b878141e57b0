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
export { type ClassConfig, ClassConfigSchema, type ClassInput } from "./schemas/class-config.js";
export { type ModelConfig, type ModelConfigInput, ModelConfigSchema } from "./schemas/model-config.js";
export {
  type NodeResponse,
  NodeResponseSchema,
  type NodeUsage,
  NodeUsageSchema,
} from "./schemas/node-response.js";
export {
  PARAMETER_TYPES,
  type ParameterConfig,
  ParameterConfigSchema,
  type ParameterInput,
  type ParameterType,
  type ParameterTypeInput,
  RESERVED_PARAMETER_NAMES,
} from "./schemas/parameter-config.js";
export {
  type ParameterExtractorRequest,
  ParameterExtractorRequestSchema,
} from "./schemas/parameter-extractor-request.js";
export {
  type QuestionClassifierRequest,
  QuestionClassifierRequestSchema,
} from "./schemas/question-classifier-request.js";
export { WorkflowNodeClient, workflowNodeExtension } from "./workflow-node-extension.js";
