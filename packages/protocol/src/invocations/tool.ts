import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";

/** Tool provider types the daemon accepts in a reverse `tool` call (§4.5). */
export const TOOL_PROVIDER_TYPES = ["builtin", "workflow", "api", "mcp"] as const;

/** A tool provider type a plugin may call: `builtin`, `workflow`, `api` or `mcp`. */
export type ToolProviderType = (typeof TOOL_PROVIDER_TYPES)[number];

/**
 * The `request` of a reverse `tool` call, key order as the Python SDK's (§4.5). `app_id` is sent when the session
 * has one (the daemon drops it); `credential_id` when known.
 */
export const ToolInvokeRequestSchema = lazySchema(() =>
  z.object({
    tool_type: z.enum(TOOL_PROVIDER_TYPES, {
      error: `tool_type must be one of ${TOOL_PROVIDER_TYPES.join(", ")}`,
    }),
    provider: z.string().min(1, "must be a non-empty string"),
    tool: z.string().min(1, "must be a non-empty string"),
    tool_parameters: z.record(z.string(), z.unknown()),
    app_id: z.string().optional(),
    credential_id: z.string().optional(),
  }),
);

/** The `request` of a reverse `tool` call. */
export type ToolInvokeRequest = z.infer<typeof ToolInvokeRequestSchema>;
