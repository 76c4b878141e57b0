/** Every reverse-call type the daemon knows (§4.4). Other strings are allowed for forward compatibility. */
export const INVOKE_TYPES = [
  "tool",
  "llm",
  "llm_structured_output",
  "text_embedding",
  "multimodal_embedding",
  "rerank",
  "multimodal_rerank",
  "tts",
  "speech2text",
  "moderation",
  "node_parameter_extractor",
  "node_question_classifier",
  "app",
  "storage",
  "upload_file",
  "system_summary",
  "fetch_app",
] as const;

/** A reverse-call type the daemon knows. */
export type InvokeType = (typeof INVOKE_TYPES)[number];
