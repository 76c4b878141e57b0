/**
 * A manifest permission that a reverse call needs, as a path under `resource.permission`
 * (langgenius/dify-plugin-daemon `permissionMapping`, protocol §4.3).
 */
export type PermissionFlag =
  | "tool.enabled"
  | "node.enabled"
  | "app.enabled"
  | "storage.enabled"
  | "model.llm"
  | "model.text_embedding"
  | "model.rerank"
  | "model.tts"
  | "model.speech2text"
  | "model.moderation";

/** Every flag, in the order `check` reports them. */
export const PERMISSION_FLAGS: readonly PermissionFlag[] = [
  "tool.enabled",
  "node.enabled",
  "app.enabled",
  "storage.enabled",
  "model.llm",
  "model.text_embedding",
  "model.rerank",
  "model.tts",
  "model.speech2text",
  "model.moderation",
];

/** Reverse-call type (`session.invoke(type, ...)`) → the permission the daemon checks before running it. */
export const INVOKE_TYPE_PERMISSION: Readonly<Record<string, PermissionFlag | null>> = {
  tool: "tool.enabled",
  llm: "model.llm",
  llm_structured_output: "model.llm",
  system_summary: "model.llm",
  text_embedding: "model.text_embedding",
  multimodal_embedding: "model.text_embedding",
  rerank: "model.rerank",
  multimodal_rerank: "model.rerank",
  tts: "model.tts",
  speech2text: "model.speech2text",
  moderation: "model.moderation",
  node_parameter_extractor: "node.enabled",
  node_question_classifier: "node.enabled",
  app: "app.enabled",
  fetch_app: "app.enabled",
  storage: "storage.enabled",
  upload_file: null,
};

/** True when `permission` (the manifest's `resource.permission`) grants `flag` the way the daemon checks it. */
export function isGranted(permission: unknown, flag: PermissionFlag): boolean {
  const [family, key] = flag.split(".") as [string, string];
  const section = record(record(permission)?.[family]);
  if (!section) return false;
  // Model flags also need model.enabled (AllowInvokeLLM & co.).
  if (family === "model") return section.enabled === true && section[key] === true;
  return section[key] === true;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
