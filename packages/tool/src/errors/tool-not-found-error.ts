import { DifyPluginError } from "@x/core";
import { brandError } from "@x/core/internal";

/**
 * The daemon asked for a tool provider or a tool this plugin does not have. The message is the Python SDK's
 * text verbatim (`Provider \`x\` not found`, `Tool \`y\` not found for provider \`x\``).
 */
export class ToolNotFoundError extends DifyPluginError {
  /** The provider asked for. */
  readonly provider: string;
  /** The tool asked for; undefined when the provider itself is missing. */
  readonly tool: string | undefined;

  constructor(provider: string, tool?: string) {
    super(
      "DIFY_ERR_TOOL_NOT_FOUND",
      tool === undefined
        ? `Provider \`${provider}\` not found`
        : `Tool \`${tool}\` not found for provider \`${provider}\``,
    );
    this.provider = provider;
    this.tool = tool;
  }
}

brandError(ToolNotFoundError, "ToolNotFoundError");

declare module "@x/core" {
  interface DifyErrorCodes {
    /** Code of `ToolNotFoundError`. */
    DIFY_ERR_TOOL_NOT_FOUND: true;
  }
}
