import { AbortedError, ValidationError } from "@x/core";
import type { AgentTool, ToolProviderType } from "@x/protocol";
import { TOOL_PROVIDER_TYPES } from "@x/protocol";
import type { MessageMeta, OutgoingToolMessage, ToolClient, ToolResultMessage } from "@x/tool";
import type { CompleteToolCall } from "./tool-call-accumulator.js";

// Running the tool a model chose and turning its answer into the tool prompt message the next LLM round reads,
// as Dify's function-calling strategy does (`agent-strategies/cot_agent/strategies/function_calling.py` in
// langgenius/dify-official-plugins): text as is, JSON as `tool response: {...}.` (nothing for workflow tools),
// links as `result link: ….`, images and files forwarded to the user with a note for the model, variables silent.

/** A tool message the strategy passes on to the user (files, images, blobs, file links). */
export type ForwardedMessage = OutgoingToolMessage;

/** What the model reads of a tool's answer and what goes on to the user. */
export interface ToolResponse {
  /** The text of the tool prompt message. */
  content: string;
  /** Messages to yield to the user (files, images, blobs, links to files), in order. */
  forward: ForwardedMessage[];
}

/** The text for the model and the messages for the user, from the messages a tool answered with. */
export function formatToolResponse(
  messages: readonly ToolResultMessage[],
  options: { providerType?: string } = {},
): ToolResponse {
  let content = "";
  const forward: ForwardedMessage[] = [];
  for (const message of messages) {
    switch (message.type) {
      case "text":
        content += message.message.text;
        break;
      case "json":
        if (options.providerType !== "workflow" && message.meta?.suppress_output !== true) {
          content += `tool response: ${JSON.stringify(message.message.json_object)}.`;
        }
        break;
      case "variable":
        break;
      case "link":
        content += `result link: ${message.message.text}. please tell user to check it.`;
        if (isFileLink(message.meta)) forward.push(outgoing(message));
        break;
      case "image":
      case "image_link":
        content +=
          "image has been created and sent to user already, you do not need to create it, just tell the user to check it now.";
        forward.push(outgoing(message));
        break;
      case "blob":
      case "file":
        content += "Generated file ... ";
        forward.push(outgoing(message));
        break;
      case "unknown":
        content += `tool response: ${JSON.stringify(message.raw)}.`;
        break;
      default:
        content += `tool response: ${JSON.stringify(message.message)}.`;
    }
  }
  return { content, forward };
}

function isFileLink(meta: MessageMeta): boolean {
  if (!meta) return false;
  return (typeof meta.tool_file_id === "string" && meta.tool_file_id !== "") || "file" in meta;
}

function outgoing(message: ToolResultMessage): ForwardedMessage {
  switch (message.type) {
    case "blob":
      return { type: "blob", message: { blob: message.message.blob }, meta: message.meta };
    case "file":
      return {
        type: "file",
        message: { file_marker: "file_marker", ...message.message },
        meta: message.meta,
      };
    case "link":
    case "image":
    case "image_link":
      return { type: message.type, message: { text: message.message.text }, meta: message.meta };
    default:
      throw new ValidationError(`a ${message.type} message is not forwarded`);
  }
}

/** The tool prompt message that answers a call (`role: "tool"`). */
export interface ToolPromptMessage {
  role: "tool";
  content: string;
  tool_call_id: string;
  name: string;
}

/** The outcome of one tool call: what the model reads next, what the user sees, and what happened. */
export interface ToolCallResult {
  /** The call's id. */
  toolCallId: string;
  /** The tool the model called. */
  toolName: string;
  /** The tool's provider (`""` when the model named a tool that is not in the list). */
  provider: string;
  /** The parameters sent: the tool's runtime parameters overlaid with the model's arguments. */
  input: Record<string, unknown>;
  /** The text the model reads (the error text when the call failed). */
  content: string;
  /** The tool's messages, as answered. */
  messages: ToolResultMessage[];
  /** Messages to yield to the user. */
  forward: ForwardedMessage[];
  /** What went wrong (unknown tool, a failed call), or null. */
  error: string | null;
  /** The answer to append to the prompt: `{ role: "tool", content, tool_call_id, name }`. */
  promptMessage: ToolPromptMessage;
}

/** Options of {@link callAgentTool}. */
export interface CallAgentToolOptions {
  /** The tools the model may call (the `array[tools]` value); the call's name is looked up in it. */
  tools: readonly AgentTool[];
  /** The complete call (from {@link ToolCallAccumulator.calls}). */
  call: CompleteToolCall;
  /** Aborts the tool call. */
  signal?: AbortSignal;
  /** Idle timeout of the reverse call, in milliseconds. */
  idleTimeout?: number;
}

const PROVIDER_TYPES: ReadonlySet<string> = new Set(TOOL_PROVIDER_TYPES);

/**
 * Runs the tool a model called through `session.tool` (with the tool's runtime parameters and credential) and
 * builds its tool prompt message. A failure does not throw: it becomes the message the model reads
 * (`tool invoke error: …`, `there is not a tool named …`) and `error`, so the model can recover. An abort throws.
 */
export async function callAgentTool(
  session: { readonly tool: ToolClient },
  options: CallAgentToolOptions,
): Promise<ToolCallResult> {
  const { call, tools } = options;
  const tool = tools.find((candidate) => candidate.identity.name === call.name);
  const done = (
    fields: Omit<ToolCallResult, "toolCallId" | "toolName" | "promptMessage">,
  ): ToolCallResult => ({
    toolCallId: call.id,
    toolName: call.name,
    ...fields,
    promptMessage: { role: "tool", content: fields.content, tool_call_id: call.id, name: call.name },
  });
  if (!tool) {
    const error = `there is not a tool named ${call.name}`;
    return done({ provider: "", input: call.arguments, content: error, messages: [], forward: [], error });
  }
  const input = { ...tool.runtime_parameters, ...call.arguments };
  const provider = tool.identity.provider;
  try {
    if (!PROVIDER_TYPES.has(tool.provider_type)) {
      throw new ValidationError(`tool type ${JSON.stringify(tool.provider_type)} cannot be called back`);
    }
    const result = session.tool.invoke(
      {
        providerType: tool.provider_type as ToolProviderType,
        provider,
        toolName: tool.identity.name,
        parameters: input,
        ...(tool.credential_id ? { credentialId: tool.credential_id } : {}),
      },
      {
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.idleTimeout === undefined ? {} : { idleTimeout: options.idleTimeout }),
      },
    );
    const messages = await result.toArray();
    const { content, forward } = formatToolResponse(messages, { providerType: tool.provider_type });
    return done({ provider, input, content, messages, forward, error: null });
  } catch (error) {
    if (error instanceof AbortedError || options.signal?.aborted) throw error;
    const text = error instanceof Error ? error.message : String(error);
    return done({
      provider,
      input,
      content: `tool invoke error: ${text}`,
      messages: [],
      forward: [],
      error: text,
    });
  }
}
