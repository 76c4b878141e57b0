import {
  type AgentMessage,
  type AgentModelConfig,
  callAgentTool,
  defineAgentStrategy,
  messages,
  openLog,
  ToolCallAccumulator,
  type ToolCallResult,
  toPromptTools,
  UsageTracker,
} from "@x/agent";
import type { LLMResultChunk, LLMUsage, PromptMessage } from "@x/protocol";

// Function calling, as Dify's own strategy does it (`agent-strategies/cot_agent/strategies/function_calling.py` in
// langgenius/dify-official-plugins): each round asks the model with the tools, streams its text, runs every tool it
// called and feeds the answers back; it stops when the model calls no tool or after `maximum_iterations` rounds.
// The log tree: ROUND n → "<model> Thought" and one "CALL <tool>" per call. The last message is the usage.

/** The text of one streamed chunk (string content or the text parts of a list). */
function chunkText(chunk: LLMResultChunk): string {
  const content = chunk.delta.message.content;
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part) => (part.type === "text" && typeof part.data === "string" ? part.data : ""))
    .join("");
}

/** The `llm` call's model fields from a `model-selector` value; `stop` moves out of the completion params. */
function llmModel(model: AgentModelConfig) {
  const { stop, ...completionParams } = model.completion_params;
  return {
    provider: model.provider,
    model: model.model,
    mode: model.mode === "completion" ? ("completion" as const) : ("chat" as const),
    completion_params: completionParams,
    ...(Array.isArray(stop) && stop.length > 0 ? { stop: stop.map(String) } : {}),
  };
}

/** What the model is told when it calls a tool in the last allowed round. */
function limitReached(limit: number, tool: string): string {
  return `Maximum iteration limit (${limit}) reached. Cannot call tool '${tool}'. Please consider increasing the iteration limit.`;
}

/** The `function_calling` strategy. */
export const functionCalling = defineAgentStrategy({
  identity: { name: "function_calling", label: "Function calling" },
  description:
    "Uses the model's native function calling: the model calls the tools it needs, round after round, then answers.",
  features: ["history-messages"],
  parameters: {
    model: { type: "model-selector", scope: "tool-call&llm", required: true, label: "Model" },
    tools: { type: "array[tools]", required: false, label: "Tool list" },
    instruction: {
      type: "string",
      required: true,
      label: "Instruction",
      autoGenerate: true,
      template: true,
    },
    query: { type: "string", required: true, label: "Query" },
    maximum_iterations: {
      type: "number",
      required: true,
      default: 3,
      min: 1,
      max: 50,
      label: "Maximum iterations",
      help: "How many LLM rounds the strategy may run before it must answer.",
    },
  },
  async *invoke({ model, tools, instruction, query, maximum_iterations }, { session, signal }) {
    const limit = Math.max(1, Math.floor(maximum_iterations));
    const promptTools = toPromptTools(tools);
    const conversation: PromptMessage[] = [
      { role: "system", content: instruction },
      ...model.history_prompt_messages,
      { role: "user", content: query },
    ];
    const thoughts: PromptMessage[] = [];
    const usage = new UsageTracker();

    for (let round = 1; round <= limit; round++) {
      const roundLog = openLog({ label: `ROUND ${round}` });
      yield roundLog.started;
      const thought = roundLog.child({
        label: `${model.model} Thought`,
        metadata: { provider: model.provider },
      });
      yield thought.started;

      const calls = new ToolCallAccumulator();
      let text = "";
      let roundUsage: LLMUsage | null = null;
      try {
        const answer = session.model.llm.invoke(
          {
            ...llmModel(model),
            prompt_messages: [...conversation, ...thoughts],
            ...(promptTools.length > 0 ? { tools: promptTools } : {}),
            stream: true,
          },
          { signal },
        );
        for await (const chunk of answer) {
          calls.add(chunk);
          const piece = chunkText(chunk);
          text += piece;
          // Like Dify: stream the text until the model starts calling tools (always in the last round).
          if (piece && (calls.size === 0 || round === limit)) yield messages.text(piece);
          if (chunk.delta.usage) {
            usage.add(chunk.delta.usage);
            roundUsage = chunk.delta.usage;
          }
        }
      } catch (error) {
        yield thought.fail(error, { data: { output: text } });
        yield roundLog.fail(error);
        throw error;
      }
      let completed: ReturnType<ToolCallAccumulator["calls"]>;
      try {
        completed = calls.calls();
      } catch (error) {
        yield thought.fail(error, { data: { output: text }, usage: roundUsage });
        yield roundLog.fail(error);
        throw error;
      }
      yield thought.finish({
        data: {
          output: text,
          tool_name: completed.map((call) => call.name).join(";"),
          tool_input: completed.map((call) => ({ name: call.name, args: call.arguments })),
        },
        usage: roundUsage,
      });

      if (completed.length > 0)
        thoughts.push({ role: "assistant", content: text, tool_calls: calls.toolCalls() });
      else if (text.trim()) thoughts.push({ role: "assistant", content: text });

      const responses: Array<Pick<ToolCallResult, "toolCallId" | "toolName" | "content">> = [];
      for (const call of completed) {
        const provider = tools.find((tool) => tool.identity.name === call.name)?.identity.provider ?? "";
        const callLog = roundLog.child({ label: `CALL ${call.name}`, metadata: { provider } });
        yield callLog.started;
        if (round === limit && limit > 1) {
          // The last round: no more tools; tell the model why (it answers in no further round).
          const content = limitReached(limit, call.name);
          responses.push({ toolCallId: call.id, toolName: call.name, content });
          thoughts.push({ role: "tool", content, tool_call_id: call.id, name: call.name });
          yield callLog.finish({ data: { output: { tool_call_id: call.id, tool_response: content } } });
          continue;
        }
        const result = await callAgentTool(session, { tools, call, signal });
        for (const message of result.forward) yield message as AgentMessage;
        const output = {
          tool_call_id: result.toolCallId,
          tool_call_name: result.toolName,
          tool_call_input: result.input,
          tool_response: result.content,
        };
        yield result.error === null
          ? callLog.finish({ data: { output } })
          : callLog.fail(result.error, { data: { output } });
        responses.push(result);
        thoughts.push(result.promptMessage);
      }
      // A blank line so the next round's text starts on its own line in Dify's answer.
      if (completed.length > 0) yield messages.text("\n");
      yield roundLog.finish({
        data: {
          output: {
            llm_response: text,
            tool_responses: responses.map((r) => ({
              tool_call_id: r.toolCallId,
              tool_call_name: r.toolName,
              tool_response: r.content,
            })),
          },
        },
        usage: roundUsage,
      });
      // With a single round allowed, the tools' answers are the answer.
      if (limit === 1) for (const response of responses) yield messages.text(response.content);
      if (completed.length === 0) break;
    }

    yield messages.json({ execution_metadata: { ...usage.executionMetadata() } });
  },
});
