import { type InvokeOptions, ValidationError } from "@x/core";
import type { SessionBase } from "@x/core/internal";
import { TOOL_PROVIDER_TYPES, type ToolInvokeRequest, type ToolProviderType } from "@x/protocol";
import { ToolInvocationResult } from "./tool-invocation-result.js";

const ACCEPTED: ReadonlySet<string> = new Set(TOOL_PROVIDER_TYPES);

/** True when the daemon accepts `value` as a `tool_type`. */
function isToolProviderType(value: unknown): value is ToolProviderType {
  return typeof value === "string" && ACCEPTED.has(value);
}

/** Options of a reverse tool call. */
export interface ToolCallOptions extends InvokeOptions {
  /** Credential to use; default: the session context's `credentials.tool_credentials[provider]`. */
  credentialId?: string;
  /** Largest reassembled blob in bytes (default 64 MiB). */
  maxBlobSize?: number;
}

/** Arguments of {@link ToolClient.invoke}. */
export interface InvokeToolArgs {
  /** `builtin`, `workflow`, `api` or `mcp`; anything else is refused before sending. */
  providerType: ToolProviderType;
  /** Provider id, e.g. `langgenius/google/google` for a plugin's builtin tool. */
  provider: string;
  /** The tool's name within the provider. */
  toolName: string;
  /** Values keyed by parameter name (default `{}`). */
  parameters?: Record<string, unknown>;
  /** Credential to use; default: the session context's `credentials.tool_credentials[provider]`. */
  credentialId?: string;
}

/** What the tool client needs from a session. */
export type ToolInvoker = Pick<SessionBase, "invoke" | "appId" | "context">;

/**
 * Calls tools installed in the Dify workspace (reverse `tool` invocation; the manifest must enable `tool`).
 * Available as `session.tool` once `toolExtension` is installed.
 */
export class ToolClient {
  private readonly session: ToolInvoker;

  constructor(session: ToolInvoker) {
    this.session = session;
  }

  /** Calls a builtin (plugin or Dify) tool. */
  invokeBuiltinTool(
    provider: string,
    toolName: string,
    parameters: Record<string, unknown> = {},
    options: ToolCallOptions = {},
  ): ToolInvocationResult {
    return this.call("builtin", provider, toolName, parameters, options);
  }

  /** Calls a workflow published as a tool; `provider` is the workflow tool provider id. */
  invokeWorkflowTool(
    provider: string,
    toolName: string,
    parameters: Record<string, unknown> = {},
    options: ToolCallOptions = {},
  ): ToolInvocationResult {
    return this.call("workflow", provider, toolName, parameters, options);
  }

  /** Calls a custom (OpenAPI) tool. */
  invokeApiTool(
    provider: string,
    toolName: string,
    parameters: Record<string, unknown> = {},
    options: ToolCallOptions = {},
  ): ToolInvocationResult {
    return this.call("api", provider, toolName, parameters, options);
  }

  /** Calls a tool of any type the daemon accepts (`builtin`, `workflow`, `api`, `mcp`). */
  invoke(args: InvokeToolArgs, options: Omit<ToolCallOptions, "credentialId"> = {}): ToolInvocationResult {
    if (typeof args !== "object" || args === null) throw new ValidationError("arguments must be an object");
    const callOptions: ToolCallOptions =
      args.credentialId === undefined ? options : { ...options, credentialId: args.credentialId };
    return this.call(args.providerType, args.provider, args.toolName, args.parameters ?? {}, callOptions);
  }

  private call(
    providerType: unknown,
    provider: string,
    toolName: string,
    parameters: Record<string, unknown>,
    options: ToolCallOptions,
  ): ToolInvocationResult {
    if (!isToolProviderType(providerType)) {
      throw new ValidationError(
        `${JSON.stringify(providerType)} is not a tool type the daemon accepts (${TOOL_PROVIDER_TYPES.join(", ")})`,
        { field: "providerType" },
      );
    }
    if (typeof provider !== "string" || provider.length === 0) {
      throw new ValidationError("must be a non-empty string", { field: "provider" });
    }
    if (typeof toolName !== "string" || toolName.length === 0) {
      throw new ValidationError("must be a non-empty string", { field: "toolName" });
    }
    if (typeof parameters !== "object" || parameters === null || Array.isArray(parameters)) {
      throw new ValidationError("must be an object keyed by parameter name", { field: "parameters" });
    }
    const { credentialId: explicit, maxBlobSize, ...invokeOptions } = options;
    if (explicit !== undefined && typeof explicit !== "string") {
      throw new ValidationError("must be a string", { field: "credentialId" });
    }
    const credentialId =
      explicit ?? this.session.context.credentials?.tool_credentials?.[provider] ?? undefined;
    // Key order as the Python SDK's, so payloads compare byte for byte.
    const request: ToolInvokeRequest = {
      tool_type: providerType,
      provider,
      tool: toolName,
      tool_parameters: parameters,
    };
    if (this.session.appId) request.app_id = this.session.appId;
    if (credentialId) request.credential_id = credentialId;
    const stream = this.session.invoke("tool", request, invokeOptions);
    return new ToolInvocationResult(stream, maxBlobSize === undefined ? {} : { maxBlobSize });
  }
}
