import {
  callAgentTool,
  defineAgentStrategy,
  messages,
  openLog,
  ToolCallAccumulator,
  toPromptTools,
  UsageTracker,
} from "@x/agent";
import type { PromptMessage } from "@x/protocol";

/**
 * One LLM + tool round: the model may call the user's tools in round 1; round 2 answers with their results.
 * Each round is a log step and each tool call a step under it, so Dify's Agent node shows the reasoning as a
 * tree; the last message reports the usage of both LLM calls.
 */
export const oneRound = defineAgentStrategy({
  identity: { name: "one_round", label: "One round" },
  description: "Lets the model call tools once, then answers.",
  features: ["history-messages"],
  parameters: {
    model: { type: "model-selector", scope: "tool-call&llm", required: true, label: "Model" },
    tools: { type: "array[tools]", label: "Tools" },
    query: { type: "string", required: true, label: "Query" },
  },
  async *invoke({ model, tools, query }, { session, signal }) {
    const usage = new UsageTracker();
    const prompt: PromptMessage[] = [...model.history_prompt_messages, { role: "user", content: query }];
    for (const round of [1, 2]) {
      const step = openLog({ label: `ROUND ${round}`, metadata: { provider: model.provider } });
      yield step.started;
      const calls = new ToolCallAccumulator();
      const request = { provider: model.provider, model: model.model, prompt_messages: prompt };
      // Round 2 offers no tools, so the model has to answer.
      const answer = session.model.llm.invoke(
        round === 1 ? { ...request, tools: toPromptTools(tools) } : request,
        { signal },
      );
      let text = "";
      for await (const chunk of answer) {
        calls.add(chunk); // streamed tool-call deltas, joined into whole calls
        if (typeof chunk.delta.message.content === "string") text += chunk.delta.message.content;
        usage.add(chunk.delta.usage);
      }
      if (calls.size === 0) yield messages.text(text);
      prompt.push({ role: "assistant", content: text, tool_calls: calls.toolCalls() });
      for (const call of calls.calls()) {
        const callStep = step.child({ label: `CALL ${call.name}` });
        yield callStep.started;
        // Runs the tool with its runtime parameters and credential; a failing tool becomes a failed step.
        const result = await callAgentTool(session, { tools, call, signal });
        prompt.push(result.promptMessage);
        yield result.error
          ? callStep.fail(result.error)
          : callStep.finish({ data: { output: result.content } });
      }
      yield step.finish({ usage: usage.total });
      if (calls.size === 0) break;
    }
    yield messages.json({ execution_metadata: { ...usage.executionMetadata() } });
  },
});
