import { z } from "zod";
import {
  ChatRequestSchema,
  ChatResponseSchema,
  FetchAppRequestSchema,
  RunRequestSchema,
  WorkflowResponseSchema,
} from "../app/app-params.js";
import { lazySchema } from "../lazy-schema.js";
import { KnownToolInvokeMessageSchema } from "../messages/invoke-message.js";
import {
  EmbeddingResultSchema,
  LLMInvokeRequestSchema,
  LLMStructuredOutputRequestSchema,
  ModerationRequestSchema,
  ModerationResultSchema,
  MultimodalEmbeddingRequestSchema,
  MultimodalRerankRequestSchema,
  RerankRequestSchema,
  RerankResultSchema,
  Speech2TextRequestSchema,
  Speech2TextResultSchema,
  SummaryRequestSchema,
  SummaryResultSchema,
  TextEmbeddingRequestSchema,
  TTSChunkSchema,
  TTSRequestSchema,
} from "../model/invocations.js";
import { LLMResultChunkSchema, LLMStructuredChunkSchema } from "../model/llm-result.js";
import { NodeResponseSchema } from "../node/node-response.js";
import { ParameterExtractorRequestSchema } from "../node/parameter-extractor-request.js";
import { QuestionClassifierRequestSchema } from "../node/question-classifier-request.js";
import { UploadFileReplySchema, UploadFileRequestSchema } from "./file.js";
import type { InvokeType } from "./invoke-types.js";
import { StorageReplySchema, StorageRequestSchema } from "./storage.js";
import { ToolInvokeRequestSchema } from "./tool.js";

/** One reverse-call type: the schema of its `request` and of each reply item, and whether replies stream. */
export interface InvocationSpec<Request extends z.ZodType = z.ZodType, Reply extends z.ZodType = z.ZodType> {
  /** Validates the `request` (input: as a caller writes it; output: as sent on the wire). */
  readonly request: Request;
  /** Validates one reply item (input: as the daemon sends it; output: as the SDK reads it). */
  readonly reply: Reply;
  /** `true` when the daemon streams many items (`"stream"`), `false` for one `"struct"` item. */
  readonly streams: boolean;
}

const spec = <Request extends z.ZodType, Reply extends z.ZodType>(
  request: Request,
  reply: Reply,
  streams: boolean,
): InvocationSpec<Request, Reply> => ({ request, reply, streams });

// `fetch_app` answers the app's configuration as one object, read as is.
const FetchAppReplySchema = lazySchema(() => z.looseObject({}));
// An app streams its events, or answers blocking calls with one response object.
const AppRequestSchema = lazySchema(() => z.union([ChatRequestSchema, RunRequestSchema]));
const AppReplySchema = lazySchema(() =>
  z.union([ChatResponseSchema, WorkflowResponseSchema, z.looseObject({ event: z.string() })]),
);

/**
 * Every reverse call a plugin can make (§4.4), by invoke type: request and reply schemas. The one table the
 * SDK's clients and `@x/testing`'s typed mocks both read.
 */
export const INVOCATIONS = {
  tool: spec(ToolInvokeRequestSchema, KnownToolInvokeMessageSchema, true),
  llm: spec(LLMInvokeRequestSchema, LLMResultChunkSchema, true),
  llm_structured_output: spec(LLMStructuredOutputRequestSchema, LLMStructuredChunkSchema, true),
  text_embedding: spec(TextEmbeddingRequestSchema, EmbeddingResultSchema, false),
  multimodal_embedding: spec(MultimodalEmbeddingRequestSchema, EmbeddingResultSchema, false),
  rerank: spec(RerankRequestSchema, RerankResultSchema, false),
  multimodal_rerank: spec(MultimodalRerankRequestSchema, RerankResultSchema, false),
  tts: spec(TTSRequestSchema, TTSChunkSchema, true),
  speech2text: spec(Speech2TextRequestSchema, Speech2TextResultSchema, false),
  moderation: spec(ModerationRequestSchema, ModerationResultSchema, false),
  node_parameter_extractor: spec(ParameterExtractorRequestSchema, NodeResponseSchema, false),
  node_question_classifier: spec(QuestionClassifierRequestSchema, NodeResponseSchema, false),
  app: spec(AppRequestSchema, AppReplySchema, true),
  storage: spec(StorageRequestSchema, StorageReplySchema, false),
  upload_file: spec(UploadFileRequestSchema, UploadFileReplySchema, false),
  system_summary: spec(SummaryRequestSchema, SummaryResultSchema, false),
  fetch_app: spec(FetchAppRequestSchema, FetchAppReplySchema, false),
} as const satisfies Record<InvokeType, InvocationSpec>;

/** The `request` of a reverse call of type `T`, as sent on the wire (what a mock receives). */
export type InvokeRequest<T extends InvokeType> = z.output<(typeof INVOCATIONS)[T]["request"]>;

/** One reply item of a reverse call of type `T`, as the daemon sends it (what a mock answers). */
export type InvokeReply<T extends InvokeType> = z.input<(typeof INVOCATIONS)[T]["reply"]>;
