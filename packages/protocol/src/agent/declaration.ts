import { z } from "zod";
import { ParameterOptionSchema } from "../dynamic-parameter/options.js";
import { I18nTextSchema } from "../i18n.js";
import { lazySchema } from "../lazy-schema.js";
import { BasicValueSchema, nonEmpty, scopeProblem } from "../registration/provider-config.js";
import { ToolDeclarationSchema, ToolProviderDeclarationSchema } from "../tool/tool-provider-declaration.js";

// The agent strategy provider as the daemon decodes and validates it (`AgentStrategyProviderDeclaration`,
// `pkg/entities/plugin_entities/agent_declaration.go`), element [0] of `agent_strategy_declaration` (§1.3.2).
// Over remote debugging, a strategy that fails Go decoding (a wrong JSON type anywhere inside it, or a file path
// string) is moved to a file list nobody reads and vanishes without an error; these schemas check types so that
// cannot happen silently. In a package, `strategies` may list YAML files, which the decoder reads and appends.

/**
 * Parameter types an agent strategy may declare (`agent_strategy_parameter_type`). Narrower than a tool's: no
 * `dynamic-select`, `array`, `object`, `checkbox`, `date`, `date-range` (the Python SDK also lists `object` and
 * `array`, which the daemon refuses).
 */
export const AGENT_STRATEGY_PARAMETER_TYPES = [
  "string",
  "number",
  "boolean",
  "select",
  "secret-input",
  "file",
  "files",
  "app-selector",
  "model-selector",
  "array[tools]",
  "any",
] as const;

/** One agent strategy parameter type. */
export type AgentStrategyParameterType = (typeof AGENT_STRATEGY_PARAMETER_TYPES)[number];

/**
 * Strategy features Dify knows (the Python SDK's `AgentStrategyFeature`): `history-messages` makes Dify pass the
 * conversation history in the `model-selector` value. The daemon accepts any string under 256 characters.
 */
export const AGENT_STRATEGY_FEATURES = ["history-messages"] as const;

/** A known agent strategy feature. */
export type AgentStrategyFeature = (typeof AGENT_STRATEGY_FEATURES)[number];

/**
 * One strategy parameter (`AgentStrategyParameter`): like a tool parameter without `form`, `human_description`,
 * `llm_description` or `multiple`, plus `help`. `default` must be a string, number or boolean (`is_basic_type`);
 * `scope` is checked as for tools (`is_scope`, see `scopeProblem`).
 */
export const AgentStrategyParameterSchema = lazySchema(() =>
  z
    .looseObject({
      name: nonEmpty("name").max(1023, "name must be shorter than 1024 characters"),
      label: I18nTextSchema,
      help: I18nTextSchema.nullish(),
      type: z.enum(AGENT_STRATEGY_PARAMETER_TYPES, {
        error: `type must be one of ${AGENT_STRATEGY_PARAMETER_TYPES.join(", ")}`,
      }),
      auto_generate: z
        .looseObject({
          type: z.literal("prompt_instruction", { error: 'type must be "prompt_instruction"' }),
        })
        .nullish(),
      template: z.looseObject({ enabled: z.boolean({ error: "enabled must be a boolean" }) }).nullish(),
      scope: z.string().max(1024, "scope must be at most 1024 characters").nullish(),
      required: z.boolean({ error: "required must be a boolean" }).nullish(),
      default: BasicValueSchema.nullish(),
      min: z.number({ error: "min must be a number" }).nullish(),
      max: z.number({ error: "max must be a number" }).nullish(),
      precision: z.number().int("precision must be an integer").nullish(),
      options: z
        .array(ParameterOptionSchema, { error: "options must be an array of { value, label }" })
        .nullish(),
    })
    .superRefine((parameter, ctx) => {
      const problem = scopeProblem(parameter.type, parameter.scope);
      if (problem !== undefined) ctx.addIssue({ code: "custom", path: ["scope"], message: problem });
    }),
);

/** One agent strategy parameter as declared. */
export type AgentStrategyParameter = z.infer<typeof AgentStrategyParameterSchema>;

const INLINE_ONLY =
  "each strategy must be an inline declaration object: over remote debugging the daemon drops file paths";

/**
 * One strategy (`AgentStrategyDeclaration`): the identity of a tool (`author`, `name` matching
 * `^[a-zA-Z0-9_-]+$`, `label`), a localised `description`, its parameters, an optional JSON-schema
 * `output_schema` and `features` (each under 256 characters; see {@link AGENT_STRATEGY_FEATURES}).
 */
export const AgentStrategyDeclarationSchema = lazySchema(() =>
  z.looseObject(
    {
      identity: ToolDeclarationSchema.shape.identity,
      description: I18nTextSchema,
      parameters: z
        .array(AgentStrategyParameterSchema, {
          error: "parameters must be an array of parameter declarations",
        })
        .nullish(),
      output_schema: z
        .record(z.string(), z.unknown(), { error: "output_schema must be a JSON schema object" })
        .nullish(),
      features: z
        .array(z.string().max(255, "each feature must be shorter than 256 characters"), {
          error: "features must be an array of strings",
        })
        .nullish(),
    },
    { error: (issue) => (issue.code === "invalid_type" ? INLINE_ONLY : undefined) },
  ),
);

/** One agent strategy as declared. */
export type AgentStrategyDeclaration = z.infer<typeof AgentStrategyDeclarationSchema>;

/**
 * An agent strategy provider (`agent_strategy_declaration`): the identity of a tool provider (`author`, `name`,
 * `label`, `description`, `icon`, optional `icon_dark` and `tags`) and its strategies, inline. The daemon fills
 * a missing `strategies` with `[]`; we require the list (it may be empty).
 */
export const AgentStrategyProviderDeclarationSchema = lazySchema(() =>
  z.looseObject({
    identity: ToolProviderDeclarationSchema.shape.identity,
    strategies: z.array(AgentStrategyDeclarationSchema, {
      error: "strategies must be an array of strategy declarations",
    }),
  }),
);

/** An agent strategy provider as declared. */
export type AgentStrategyProviderDeclaration = z.infer<typeof AgentStrategyProviderDeclarationSchema>;
