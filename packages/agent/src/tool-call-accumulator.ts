import type { LLMResultChunk, ToolCall } from "@x/protocol";
import { ToolCallArgumentsError } from "./errors/tool-call-arguments-error.js";

// Streamed tool calls arrive as deltas: the first names the call (`id`, `function.name`), the next ones carry
// pieces of `function.arguments` with an empty id. Non-streaming models send each call whole in one delta. This
// merges both forms the way Dify's LLM result assembly does: a delta with a new id starts a call, one with a known
// id or no id continues it (no id: the last call).

/** A tool call with its arguments parsed. */
export interface CompleteToolCall {
  /** The call's id (the `tool_call_id` of the answer). */
  id: string;
  /** The tool the model called. */
  name: string;
  /** The arguments, parsed (`{}` when the model sent none). */
  arguments: Record<string, unknown>;
  /** The arguments as the model wrote them. */
  argumentsText: string;
}

/** Collects tool-call deltas from LLM chunks into complete calls. */
export class ToolCallAccumulator {
  private readonly pending: ToolCall[] = [];

  /** Adds the tool-call deltas of one chunk (or a list of deltas). */
  add(input: LLMResultChunk | readonly ToolCall[]): void {
    const deltas = Array.isArray(input)
      ? (input as readonly ToolCall[])
      : ((input as LLMResultChunk).delta.message.tool_calls ?? []);
    for (const delta of deltas) this.merge(delta);
  }

  /** How many calls were started. */
  get size(): number {
    return this.pending.length;
  }

  /** The calls as the assistant prompt message carries them (`{ id, type, function: { name, arguments } }`). */
  toolCalls(): ToolCall[] {
    return this.pending.map((call) => structuredClone(call));
  }

  /** The calls with parsed arguments; throws {@link ToolCallArgumentsError} for arguments that are not an object. */
  calls(): CompleteToolCall[] {
    return this.pending.map((call) => ({
      id: call.id,
      name: call.function.name,
      arguments: parseArguments(call),
      argumentsText: call.function.arguments,
    }));
  }

  private merge(delta: ToolCall): void {
    const known = delta.id ? this.pending.find((call) => call.id === delta.id) : this.pending.at(-1);
    if (!known) {
      this.pending.push({
        id: delta.id || `call_${this.pending.length + 1}`,
        type: delta.type || "function",
        function: { name: delta.function.name, arguments: delta.function.arguments ?? "" },
      });
      return;
    }
    if (delta.function.name) known.function.name = delta.function.name;
    known.function.arguments += delta.function.arguments ?? "";
  }
}

/** Parses a call's arguments text (empty → `{}`). */
export function parseArguments(call: ToolCall): Record<string, unknown> {
  const text = call.function.arguments.trim();
  if (text === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Not the parser's message: V8 quotes the input, which may hold user data.
    throw new ToolCallArgumentsError(
      call.id,
      call.function.name,
      `${text.length} characters of invalid JSON`,
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ToolCallArgumentsError(
      call.id,
      call.function.name,
      `got ${Array.isArray(value) ? "an array" : typeof value}`,
    );
  }
  return value as Record<string, unknown>;
}
