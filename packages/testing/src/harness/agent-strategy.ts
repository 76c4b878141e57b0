import type { ErrorPayload, LogMessage, ToolInvokeMessage } from "@x/protocol";
import type { DaemonRequestOptions } from "../daemon/daemon-peer.js";
import type { RecordedCall } from "../mock/recorded-call.js";
import { decodeToolMessages, textOf } from "./decode-tool-messages.js";
import type { PluginConnection } from "./plugin-connection.js";

/** Options of {@link invokeAgentStrategy}: the `invoke_agent_strategy` request (§2.3) and the session envelope. */
export interface InvokeAgentStrategyOptions<P extends object = Record<string, unknown>>
  extends DaemonRequestOptions {
  /** The agent strategy provider's name (its `identity.name`). */
  provider: string;
  /** The strategy's name. */
  strategy: string;
  /**
   * `agent_strategy_params`, as Dify's Agent node sends them (`model`, `tools`, `query`, ...). Type them with the
   * strategy: `invokeAgentStrategy<AgentStrategyParams<typeof strategy>>(...)` (`@x/agent`).
   */
  params?: P;
}

/** One step of the log tree as it ended: the last `log` message sent under its id, with its children. */
export interface AgentLogNode {
  /** The entry's id. */
  readonly id: string;
  /** Its label. */
  readonly label: string;
  /** The status it ended with (`start` when it was never finished). */
  readonly status: LogMessage["message"]["status"];
  /** The failure text of an `error` entry. */
  readonly error: string | null;
  /** Its last data. */
  readonly data: Record<string, unknown>;
  /** Its last metadata. */
  readonly metadata: Record<string, unknown> | null;
  /** Nested steps, in the order they started. */
  readonly children: AgentLogNode[];
}

/** What an agent strategy run produced. */
export interface AgentRunResult {
  /** The session id. */
  readonly sessionId: string;
  /** Decoded messages, blob chunks reassembled into `blob` messages holding bytes. */
  readonly messages: ToolInvokeMessage[];
  /** All `text` messages joined: the answer as Dify's Agent node streams it. */
  readonly text: string;
  /** The log tree: top-level steps with their children. */
  readonly logs: AgentLogNode[];
  /** The strategy's error (`error_type`, `message`, `args`), or null when it succeeded. */
  readonly error: ErrorPayload | null;
  /** The reverse calls the strategy made (LLM rounds, tool calls), with their requests. */
  readonly calls: RecordedCall[];
  /** The raw `stream` items as sent on the wire. */
  readonly items: unknown[];
}

/**
 * Runs one agent strategy like Dify's Agent node (`agent_strategy` / `invoke_agent_strategy`) on any connection
 * (`createTestHarness`, `launchStdioPlugin`, the TCP fake daemon) and decodes what it emitted, log tree included.
 */
export async function invokeAgentStrategy<P extends object = Record<string, unknown>>(
  connection: PluginConnection,
  options: InvokeAgentStrategyOptions<P>,
): Promise<AgentRunResult> {
  const { provider, strategy, params, ...envelope } = options;
  const result = await connection.request(
    "agent_strategy",
    "invoke_agent_strategy",
    {
      agent_strategy_provider: provider,
      agent_strategy: strategy,
      agent_strategy_params: (params ?? {}) as Record<string, unknown>,
    },
    envelope,
  );
  const messages = decodeToolMessages(result.items);
  return {
    sessionId: result.sessionId,
    messages,
    text: textOf(messages),
    logs: logTree(messages),
    error: result.error,
    calls: result.calls,
    items: result.items,
  };
}

/**
 * Folds `log` messages into the tree Dify draws: an entry is keyed by `id` (a later message with the same id
 * updates it), nested under `parent_id` (an unknown parent puts it at the top).
 */
export function logTree(messages: readonly ToolInvokeMessage[]): AgentLogNode[] {
  type Node = { -readonly [K in keyof AgentLogNode]: AgentLogNode[K] } & { parentId: string | null };
  const nodes = new Map<string, Node>();
  for (const message of messages) {
    if (message.type !== "log") continue;
    const entry = message.message;
    const known = nodes.get(entry.id);
    if (known) {
      Object.assign(known, {
        label: entry.label,
        status: entry.status,
        error: entry.error,
        data: entry.data,
        metadata: entry.metadata,
      });
      continue;
    }
    nodes.set(entry.id, {
      id: entry.id,
      label: entry.label,
      status: entry.status,
      error: entry.error,
      data: entry.data,
      metadata: entry.metadata,
      children: [],
      parentId: entry.parent_id,
    });
  }
  const roots: AgentLogNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    (parent ? parent.children : roots).push(node);
  }
  const strip = (node: Node): AgentLogNode => {
    const { parentId: _parentId, ...rest } = node;
    return { ...rest, children: (node.children as Node[]).map(strip) };
  };
  return (roots as Node[]).map(strip);
}
