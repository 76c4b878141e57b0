import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";
import { PromptMessageSchema } from "../model/prompt-message.js";
import { DecimalSchema } from "../model/usage.js";

// Values Dify puts in `agent_strategy_params` for the two structured parameter types (§2.3). Inbound, so tolerant:
// unknown keys kept, nulls read as the Python SDK's defaults (`AgentModelConfig` and `ToolEntity`,
// `interfaces/agent/strategy.py`). Shapes checked against `integration/plugin/testdata/invoke_agent_strategy_json.json`.

/** A localised text as Dify sends it: `en_US` present (possibly empty), other locales kept as sent. */
const ReceivedText = lazySchema(() => z.looseObject({ en_US: z.string() }));

const record = () =>
  z
    .record(z.string(), z.unknown())
    .nullish()
    .transform((value) => value ?? {});

/** `value` with top-level `null` properties removed (Dify dumps `name: null`; the prompt schemas want it absent). */
function withoutNulls(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== null));
}

/** One model parameter rule of a model entity (`ParameterRule`: `temperature`, `max_tokens`, ...). */
export const AgentModelParameterRuleSchema = lazySchema(() =>
  z.looseObject({
    name: z.string(),
    use_template: z.string().nullish(),
    label: ReceivedText.nullish(),
    /** `float`, `int`, `string`, `boolean` or `text`. */
    type: z.string(),
    help: ReceivedText.nullish(),
    required: z.boolean().nullish(),
    default: z.unknown().optional(),
    min: z.number().nullish(),
    max: z.number().nullish(),
    precision: z.number().int().nullish(),
    options: z.array(z.string()).nullish(),
  }),
);

/** A model parameter rule as received. */
export type AgentModelParameterRule = z.infer<typeof AgentModelParameterRuleSchema>;

/**
 * The selected model's schema (Dify's `AIModelEntity`) in a `model-selector` value's `entity`: `features`
 * (`tool-call`, `multi-tool-call`, `stream-tool-call`, `vision`, ...), `model_properties` (`context_size`, `mode`,
 * ...), `parameter_rules` and `pricing` (decimals kept as exact text).
 */
export const AgentModelEntitySchema = lazySchema(() =>
  z.looseObject({
    model: z.string(),
    label: ReceivedText.nullish(),
    model_type: z.string(),
    features: z.array(z.string()).nullish(),
    fetch_from: z.string().nullish(),
    model_properties: record(),
    deprecated: z.boolean().nullish(),
    parameter_rules: z
      .array(AgentModelParameterRuleSchema)
      .nullish()
      .transform((rules) => rules ?? []),
    pricing: z
      .looseObject({
        input: DecimalSchema,
        output: DecimalSchema.nullish(),
        unit: DecimalSchema,
        currency: z.string(),
      })
      .nullish(),
  }),
);

/** A model entity as received. */
export type AgentModelEntity = z.infer<typeof AgentModelEntitySchema>;

/**
 * The value of a `model-selector` agent parameter (the Python SDK's `AgentModelConfig`): the model to call
 * (`provider`, `model`, `model_type` default `llm`, `mode`, `completion_params`), the conversation so far
 * (`history_prompt_messages`, filled when the strategy declares the `history-messages` feature and the node has
 * memory) and the model's schema (`entity`, null when Dify has none). Dify also sends the selector's own keys
 * (`type: "model-selector"`), which are kept.
 */
export const AgentModelConfigSchema = lazySchema(() =>
  z.looseObject({
    provider: z.string({ error: "provider is required (e.g. langgenius/openai/openai)" }),
    model: z.string({ error: "model is required" }),
    model_type: z
      .string()
      .nullish()
      .transform((type) => type ?? "llm"),
    mode: z.string({ error: "mode is required (chat or completion)" }),
    completion_params: record(),
    history_prompt_messages: z
      .array(z.preprocess(withoutNulls, PromptMessageSchema))
      .nullish()
      .transform((messages) => messages ?? []),
    entity: AgentModelEntitySchema.nullish().transform((entity) => entity ?? null),
  }),
);

/** A `model-selector` value as parsed. */
export type AgentModelConfig = z.infer<typeof AgentModelConfigSchema>;

/** One option of a tool parameter as received (a non-string `value` is turned into text, as the Python SDK does). */
const ReceivedOption = lazySchema(() =>
  z.looseObject({
    value: z.union([z.string(), z.number()]).transform(String),
    label: ReceivedText,
    icon: z.string().nullish(),
  }),
);

/**
 * One parameter of a tool in an `array[tools]` value (Dify's `ToolParameter`). `form` tells who fills it: `llm`
 * (the model, described by `llm_description`) or `form` (already in `runtime_parameters`). Types and forms are kept
 * as text: Dify may send values this package does not list.
 */
export const AgentToolParameterSchema = lazySchema(() =>
  z.looseObject({
    name: z.string(),
    label: ReceivedText,
    human_description: ReceivedText.nullish(),
    type: z.string(),
    form: z.string().nullish(),
    llm_description: z.string().nullish(),
    required: z.boolean().nullish(),
    default: z.unknown().optional(),
    scope: z.string().nullish(),
    min: z.number().nullish(),
    max: z.number().nullish(),
    precision: z.number().int().nullish(),
    options: z
      .array(ReceivedOption)
      .nullish()
      .transform((options) => options ?? []),
    /** A JSON schema to show the model instead of the one derived from `type` (MCP tools send it). */
    input_schema: z.record(z.string(), z.unknown()).nullish(),
  }),
);

/** A tool parameter as received. */
export type AgentToolParameter = z.infer<typeof AgentToolParameterSchema>;

/** The identity of a tool in an `array[tools]` value (`AgentToolIdentity`): a tool identity plus its `provider`. */
export const AgentToolIdentitySchema = lazySchema(() =>
  z.looseObject({
    author: z.string(),
    name: z.string(),
    label: ReceivedText,
    /** The tool provider's name, as the reverse `tool` call expects it. */
    provider: z.string(),
    icon: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
  }),
);

/** A tool identity as received. */
export type AgentToolIdentity = z.infer<typeof AgentToolIdentitySchema>;

/**
 * One tool of an `array[tools]` value (the Python SDK's `ToolEntity`): its identity, parameters, description
 * (`llm` is what to show the model), `runtime_parameters` (values already set in the form), `provider_type`
 * (`builtin` by default; also `workflow`, `api`, `mcp`, ...), and the credential to call it with (`credential_id`,
 * `credential_type`). Call it back with a reverse `tool` call (`tool_type: provider_type`,
 * `provider: identity.provider`, `tool: identity.name`).
 */
export const AgentToolSchema = lazySchema(() =>
  z.looseObject({
    identity: AgentToolIdentitySchema,
    parameters: z
      .array(AgentToolParameterSchema)
      .nullish()
      .transform((parameters) => parameters ?? []),
    description: z.looseObject({ human: ReceivedText, llm: z.string() }).nullish(),
    output_schema: z.record(z.string(), z.unknown()).nullish(),
    has_runtime_parameters: z
      .boolean()
      .nullish()
      .transform((value) => value ?? false),
    runtime_parameters: record(),
    provider_type: z
      .string()
      .nullish()
      .transform((type) => type ?? "builtin"),
    credential_id: z.string().nullish(),
    credential_type: z.string().nullish(),
  }),
);

/** A tool of an `array[tools]` value as parsed. */
export type AgentTool = z.infer<typeof AgentToolSchema>;

/** The value of an `array[tools]` agent parameter: the tools the strategy may call (`null` read as `[]`). */
export const AgentToolsValueSchema = lazySchema(() =>
  z
    .array(AgentToolSchema)
    .nullish()
    .transform((tools) => tools ?? []),
);

/** An `array[tools]` value as parsed. */
export type AgentToolsValue = z.infer<typeof AgentToolsValueSchema>;
