import { z } from "zod";
import { CredentialsShape, ObjectOrEmptySchema } from "../credentials.js";
import { lazySchema } from "../lazy-schema.js";

// `data` of the three tool requests (§2.3, §2.4.1, `pkg/entities/requests/tool.go`), read tolerantly like the
// other families: unknown keys kept, `null` maps read as `{}`.

/** Access type of tool requests (`data.type`, §2.2). */
export const TOOL_ACCESS_TYPE = "tool";

/** The tool actions (`data.action`, §2.3). */
export const TOOL_ACTIONS = [
  "invoke_tool",
  "validate_tool_credentials",
  "get_tool_runtime_parameters",
] as const;

/** `data` of `tool` / `invoke_tool` (`RequestInvokeTool`). */
export const InvokeToolRequestSchema = lazySchema(() =>
  z.looseObject({
    provider: z.string({ error: "provider is required" }),
    tool: z.string({ error: "tool is required" }),
    tool_parameters: ObjectOrEmptySchema,
    ...CredentialsShape,
  }),
);
/** A parsed `invoke_tool` request. */
export type InvokeToolRequest = z.infer<typeof InvokeToolRequestSchema>;

/** `data` of `tool` / `validate_tool_credentials` (`RequestValidateToolCredentials`). */
export const ValidateToolCredentialsRequestSchema = lazySchema(() =>
  z.looseObject({
    provider: z.string({ error: "provider is required" }),
    ...CredentialsShape,
  }),
);
/** A parsed `validate_tool_credentials` request. */
export type ValidateToolCredentialsRequest = z.infer<typeof ValidateToolCredentialsRequestSchema>;

/** `data` of `tool` / `get_tool_runtime_parameters` (`RequestGetToolRuntimeParameters`). */
export const GetToolRuntimeParametersRequestSchema = lazySchema(() =>
  z.looseObject({
    provider: z.string({ error: "provider is required" }),
    tool: z.string({ error: "tool is required" }),
    ...CredentialsShape,
  }),
);
/** A parsed `get_tool_runtime_parameters` request. */
export type GetToolRuntimeParametersRequest = z.infer<typeof GetToolRuntimeParametersRequestSchema>;

/** The request schema of each tool action. */
export const TOOL_REQUEST_SCHEMAS = {
  invoke_tool: InvokeToolRequestSchema,
  validate_tool_credentials: ValidateToolCredentialsRequestSchema,
  get_tool_runtime_parameters: GetToolRuntimeParametersRequestSchema,
} as const;
