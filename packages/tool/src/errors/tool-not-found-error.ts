import { DifyPluginError, hasCode } from "@x/core";

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
      "tool_not_found",
      tool === undefined
        ? `Provider \`${provider}\` not found`
        : `Tool \`${tool}\` not found for provider \`${provider}\``,
    );
    this.provider = provider;
    this.tool = tool;
  }

  /** True for a `ToolNotFoundError` from any copy of the package. */
  static override isInstance(error: unknown): error is ToolNotFoundError {
    return hasCode(error, "tool_not_found");
  }
}
