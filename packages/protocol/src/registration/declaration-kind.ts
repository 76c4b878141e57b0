/** Every declaration kind the daemon accepts at registration, in the order registration sends them (§1.3.2). */
export const DECLARATION_KINDS = [
  "tool",
  "model",
  "endpoint",
  "agent_strategy",
  "datasource",
  "trigger",
] as const;

/** A declaration kind: `tool_declaration`, `model_declaration`, ... carry one of each. */
export type DeclarationKind = (typeof DECLARATION_KINDS)[number];

/**
 * The daemon's exclusivity rule (§1.3.2): `model`, `agent_strategy`, `datasource` and `trigger` plugins declare
 * nothing else; the only combination allowed is `tool` + `endpoint`.
 */
export const EXCLUSIVE_DECLARATION_KINDS: readonly DeclarationKind[] = [
  "model",
  "agent_strategy",
  "datasource",
  "trigger",
];
