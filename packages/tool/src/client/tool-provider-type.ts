/** Tool provider types the daemon accepts in a reverse `tool` call (§4.5). */
export const TOOL_PROVIDER_TYPES = ["builtin", "workflow", "api", "mcp"] as const;

/** A tool provider type a plugin may call: `builtin`, `workflow`, `api` or `mcp`. */
export type ToolProviderType = (typeof TOOL_PROVIDER_TYPES)[number];

const ACCEPTED: ReadonlySet<string> = new Set(TOOL_PROVIDER_TYPES);

/** True when the daemon accepts `value` as a `tool_type`. */
export function isToolProviderType(value: unknown): value is ToolProviderType {
  return typeof value === "string" && ACCEPTED.has(value);
}
