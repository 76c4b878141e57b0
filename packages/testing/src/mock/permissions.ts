import type { InvokeType, PluginPermissions } from "@x/protocol";

/**
 * The `resource.permission` block of a plugin manifest (§4.3; `PluginPermissions` of `@x/protocol`), read as a
 * mock needs it: every block and field optional (a test may enable `storage` without a `size`), `null` blocks
 * allowed; absent keys mean "not enabled".
 */
export type ManifestPermissions = {
  [K in keyof PluginPermissions]?: Partial<NonNullable<PluginPermissions[K]>> | null;
};

type Check = (p: ManifestPermissions) => boolean;

const model =
  (key: "llm" | "text_embedding" | "rerank" | "tts" | "speech2text" | "moderation"): Check =>
  (p) =>
    p.model?.enabled === true && p.model[key] === true;

// The daemon's permission table (§4.3): invoke type → the predicate and the name its error text uses. Looked up by
// any string (unknown types are refused), complete for every invoke type of @x/protocol.
const TABLE: Readonly<Record<string, { allowed: Check; name: string }>> = {
  tool: { allowed: (p) => p.tool?.enabled === true, name: "tool" },
  llm: { allowed: model("llm"), name: "llm" },
  llm_structured_output: { allowed: model("llm"), name: "llm" },
  system_summary: { allowed: model("llm"), name: "llm" },
  text_embedding: { allowed: model("text_embedding"), name: "text-embedding" },
  multimodal_embedding: { allowed: model("text_embedding"), name: "text-embedding" },
  rerank: { allowed: model("rerank"), name: "rerank" },
  multimodal_rerank: { allowed: model("rerank"), name: "rerank" },
  tts: { allowed: model("tts"), name: "tts" },
  speech2text: { allowed: model("speech2text"), name: "speech2text" },
  moderation: { allowed: model("moderation"), name: "moderation" },
  node_parameter_extractor: { allowed: (p) => p.node?.enabled === true, name: "node" },
  node_question_classifier: { allowed: (p) => p.node?.enabled === true, name: "node" },
  app: { allowed: (p) => p.app?.enabled === true, name: "app" },
  fetch_app: { allowed: (p) => p.app?.enabled === true, name: "app" },
  storage: { allowed: (p) => p.storage?.enabled === true, name: "storage" },
  upload_file: { allowed: () => true, name: "upload_file" },
} satisfies Record<InvokeType, { allowed: Check; name: string }>;

/** The daemon's exact permission-denied text for `type` (§4.3), or `unsupported invoke type: <type>` for others. */
export function permissionDeniedText(type: string): string {
  const entry = TABLE[type];
  if (!entry) return `unsupported invoke type: ${type}`;
  return `permission denied, you need to enable ${entry.name} access in plugin manifest`;
}

/** The daemon's refusal text when `permissions` do not allow `type`, or undefined when the call may go on. */
export function checkPermission(type: string, permissions: ManifestPermissions): string | undefined {
  const entry = TABLE[type];
  if (!entry) return `unsupported invoke type: ${type}`;
  return entry.allowed(permissions) ? undefined : permissionDeniedText(type);
}
