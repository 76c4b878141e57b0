import type { AgentStrategyParams } from "@x/agent";
import type { InvokeReply } from "@x/protocol";
import { DEFAULT_LLM_USAGE, llmChunks, MockDify, perCall, toolMessages } from "@x/testing";
import type { functionCalling } from "../src/function-calling.js";

// The scripted Dify the demo and the tests run against: a model that asks for the weather tool in round 1
// (streaming the call's arguments in pieces, as OpenAI-style providers do) and answers in round 2, and a weather
// tool answering from a table.

/** A `model-selector` value as Dify's Agent node sends it. */
export const MODEL = {
  provider: "langgenius/openai/openai",
  model: "gpt-4o-mini",
  model_type: "llm",
  mode: "chat",
  completion_params: { temperature: 0.2, stop: ["Observation:"] },
  type: "model-selector",
  history_prompt_messages: [
    { role: "user", content: "Hi!", name: null },
    { role: "assistant", content: "Hello! How can I help?", name: null, tool_calls: [] },
  ],
  entity: {
    model: "gpt-4o-mini",
    label: { en_US: "gpt-4o-mini" },
    model_type: "llm",
    features: ["multi-tool-call", "agent-thought", "stream-tool-call"],
    model_properties: { context_size: 128000, mode: "chat" },
    parameter_rules: [],
    pricing: { input: "0.15", output: "0.6", unit: "0.000001", currency: "USD" },
  },
};

/** The weather tool as it appears in an `array[tools]` value: `city` for the model, `unit` fixed in the form. */
export const WEATHER_TOOL = {
  identity: {
    author: "acme",
    name: "current_weather",
    label: { en_US: "Current weather" },
    provider: "acme/weather/weather",
  },
  parameters: [
    {
      name: "city",
      label: { en_US: "City" },
      human_description: { en_US: "The city" },
      type: "string",
      form: "llm",
      llm_description: "The city to look up, e.g. Paris",
      required: true,
    },
    {
      name: "unit",
      label: { en_US: "Unit" },
      human_description: { en_US: "Temperature unit" },
      type: "select",
      form: "form",
      options: [
        { value: "c", label: { en_US: "Celsius" } },
        { value: "f", label: { en_US: "Fahrenheit" } },
      ],
    },
  ],
  description: { human: { en_US: "Weather now" }, llm: "The current weather of a city" },
  runtime_parameters: { unit: "c" },
  provider_type: "builtin",
};

/** The `agent_strategy_params` of `function_calling`, typed from its parameter definitions. */
export type FunctionCallingParams = AgentStrategyParams<typeof functionCalling>;

/** The `agent_strategy_params` of one Agent node run (`overrides` may break them on purpose, in tests). */
export function params(
  overrides: Partial<Record<keyof FunctionCallingParams, unknown>> = {},
): FunctionCallingParams {
  const base: FunctionCallingParams = {
    model: MODEL,
    tools: [WEATHER_TOOL],
    instruction: "You are a concise weather assistant. Use the tools.",
    query: "What is the weather in Paris right now?",
    maximum_iterations: 3,
  };
  return { ...base, ...overrides } as FunctionCallingParams;
}

/** Usage of one scripted LLM call (priced, so the totals add up to something). */
export const ROUND_USAGE = {
  ...DEFAULT_LLM_USAGE,
  prompt_tokens: 120,
  completion_tokens: 30,
  total_tokens: 150,
  prompt_price: "0.000018",
  completion_price: "0.000018",
  total_price: "0.000036",
};

function delta(
  message: NonNullable<InvokeReply<"llm">["delta"]["message"]>,
  last = false,
  finish: string | null = null,
): InvokeReply<"llm"> {
  return {
    model: "gpt-4o-mini",
    prompt_messages: [],
    system_fingerprint: "demo",
    delta: { index: 0, message, usage: last ? ROUND_USAGE : null, finish_reason: finish },
  };
}

/** Round 1: a few words, then a call of `current_weather` whose arguments arrive in three pieces. */
export function askForWeather(city = "Paris", id = "call_weather_1"): InvokeReply<"llm">[] {
  const args = JSON.stringify({ city });
  const cut = [0, 5, 12, args.length];
  const pieces = cut.slice(1).map((end, i) => args.slice(cut[i], end));
  return [
    delta({ role: "assistant", content: "Let me check. " }),
    delta({
      role: "assistant",
      content: "",
      tool_calls: [{ id, type: "function", function: { name: "current_weather", arguments: "" } }],
    }),
    ...pieces.map((piece, i) =>
      delta(
        {
          role: "assistant",
          content: "",
          tool_calls: [{ id: "", type: "function", function: { name: "", arguments: piece } }],
        },
        i === pieces.length - 1,
        i === pieces.length - 1 ? "tool_calls" : null,
      ),
    ),
  ];
}

/** Round 2: the answer, one chunk per word. */
export function answer(text = "It is sunny and 21 °C in Paris."): InvokeReply<"llm">[] {
  return llmChunks.text(text, { model: "gpt-4o-mini", usage: ROUND_USAGE });
}

/** Weather by city, as the scripted tool answers. */
export const WEATHER: Readonly<Record<string, string>> = { Paris: "sunny, 21 °C", Oslo: "snow, -3 °C" };

/** A MockDify with the two-round model and the weather tool. */
export function scriptedDify(): MockDify {
  const dify = new MockDify({
    permissions: { model: { enabled: true, llm: true }, tool: { enabled: true } },
  });
  dify.llm(perCall(askForWeather(), answer()));
  dify.tool("builtin", "acme/weather/weather", "current_weather", (call) => {
    const city = String(call.request.tool_parameters.city ?? "");
    const report = WEATHER[city];
    return report
      ? [toolMessages.text(`${city}: ${report}`), toolMessages.json({ city, report, unit: "c" })]
      : [toolMessages.text(`no weather for ${city}`)];
  });
  return dify;
}
