import { readFileSync } from "node:fs";

/** The daemon's own `invoke_agent_strategy` params (`integration/plugin/testdata/invoke_agent_strategy_json.json`). */
export function daemonParams(): Record<string, unknown> {
  const url = new URL("../../protocol/test/fixtures/invoke-agent-strategy-params.json", import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as Record<string, unknown>;
}

/** A `model-selector` value as Dify's Agent node sends it. */
export const MODEL = {
  provider: "langgenius/openai/openai",
  model: "gpt-4o-mini",
  model_type: "llm",
  mode: "chat",
  completion_params: { temperature: 0.2 },
  type: "model-selector",
  history_prompt_messages: [],
  entity: null,
};

/** One tool of an `array[tools]` value as Dify dumps it: `city` for the model, `unit` fixed in the form. */
export const WEATHER_TOOL = {
  identity: {
    author: "acme",
    name: "current_weather",
    label: { en_US: "Current weather" },
    provider: "acme/weather/weather",
    icon: null,
  },
  parameters: [
    {
      name: "city",
      label: { en_US: "City" },
      human_description: { en_US: "The city" },
      type: "string",
      form: "llm",
      llm_description: "City to look up",
      required: true,
      options: [],
    },
    {
      name: "unit",
      label: { en_US: "Unit" },
      human_description: { en_US: "Unit" },
      type: "select",
      form: "form",
      required: false,
      options: [
        { value: "c", label: { en_US: "Celsius" } },
        { value: "f", label: { en_US: "Fahrenheit" } },
      ],
    },
  ],
  description: { human: { en_US: "Weather now" }, llm: "Current weather of a city" },
  runtime_parameters: { unit: "c" },
  provider_type: "builtin",
  credential_id: null,
};
