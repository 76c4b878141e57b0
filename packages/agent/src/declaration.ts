import { ValidationError } from "@x/core";
import {
  type AgentStrategyDeclaration,
  type AgentStrategyParameter,
  type AgentStrategyProviderDeclaration,
  AgentStrategyProviderDeclarationSchema,
  type I18nInput,
  PLUGIN_TAGS,
  type PluginTag,
} from "@x/protocol";
import { toI18n } from "@x/tool";
import { z } from "zod";
import type { AnyAgentStrategyDefinition } from "./define-agent-strategy.js";
import type { AgentParameterDefinition, AgentParameterDefinitions } from "./parameters.js";

// Builds the `agent_strategy_declaration` the daemon decodes (`AgentStrategyProviderDeclaration`,
// `pkg/entities/plugin_entities/agent_declaration.go`), key order as the Go structs, then checks it with
// @x/protocol's schema: a strategy the daemon cannot decode would vanish silently over remote debugging.

/** The identity of an agent strategy provider, as written in {@link defineAgentStrategyProvider}. */
export interface AgentStrategyProviderIdentityInput {
  /** The author (also the default author of each strategy). */
  author: string;
  /** `^[a-zA-Z0-9_-]+$`: the `agent_strategy_provider` of the requests. */
  name: string;
  /** Shown in Dify (default: the name). */
  label?: I18nInput;
  /** What the provider offers. */
  description: I18nInput;
  /** An asset file name (e.g. `icon.svg`). */
  icon: string;
  /** A dark-mode asset file name. */
  iconDark?: string;
  /** Plugin tags (e.g. `agent`). */
  tags?: readonly PluginTag[];
}

/** Builds and checks the provider declaration; throws `ValidationError` naming the first wrong field. */
export function declareAgentStrategyProvider(
  identity: AgentStrategyProviderIdentityInput,
  strategies: readonly AnyAgentStrategyDefinition[],
): AgentStrategyProviderDeclaration {
  if (typeof identity !== "object" || identity === null) {
    throw new ValidationError("is required", { field: "identity" });
  }
  if (!Array.isArray(strategies))
    throw new ValidationError("must be an array of strategies", { field: "strategies" });
  const declaration = {
    identity: {
      author: identity.author,
      name: identity.name,
      label: i18n(identity.label ?? identity.name, "identity.label"),
      description: i18n(identity.description, "identity.description"),
      icon: identity.icon,
      ...(identity.iconDark === undefined ? {} : { icon_dark: identity.iconDark }),
      tags: [...(identity.tags ?? [])],
    },
    strategies: strategies.map((strategy, i) =>
      declareStrategy(strategy, identity.author, `strategies[${i}]`),
    ),
  };
  const names = new Set<string>();
  for (const [i, strategy] of declaration.strategies.entries()) {
    if (names.has(strategy.identity.name)) {
      throw new ValidationError(`duplicate strategy name ${strategy.identity.name}`, {
        field: `strategies[${i}].identity.name`,
      });
    }
    names.add(strategy.identity.name);
  }
  const parsed = AgentStrategyProviderDeclarationSchema.safeParse(declaration);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ValidationError(issue.message, { field: issue.path.join(".") || "identity" });
  }
  for (const [i, tag] of declaration.identity.tags.entries()) {
    if (!(PLUGIN_TAGS as readonly string[]).includes(tag)) {
      throw new ValidationError(`unknown tag ${JSON.stringify(tag)}`, { field: `identity.tags[${i}]` });
    }
  }
  return declaration as AgentStrategyProviderDeclaration;
}

function declareStrategy(
  strategy: AnyAgentStrategyDefinition,
  providerAuthor: string,
  field: string,
): AgentStrategyDeclaration {
  if (typeof strategy !== "object" || strategy === null || strategy.kind !== "agent_strategy") {
    throw new ValidationError("must be a strategy made with defineAgentStrategy", { field });
  }
  const id = strategy.identity;
  if (typeof id !== "object" || id === null)
    throw new ValidationError("is required", { field: `${field}.identity` });
  const declaration: AgentStrategyDeclaration = {
    identity: {
      author: id.author ?? providerAuthor,
      name: id.name,
      label: i18n(id.label ?? id.name, `${field}.identity.label`),
      ...(id.icon === undefined ? {} : { icon: id.icon }),
    },
    description: i18n(strategy.description, `${field}.description`),
    parameters: declareParameters(strategy.parameters ?? {}, `${field}.parameters`),
    features: [...(strategy.features ?? [])],
  };
  if (strategy.outputSchema !== undefined) {
    declaration.output_schema =
      strategy.outputSchema instanceof z.ZodType
        ? (z.toJSONSchema(strategy.outputSchema) as Record<string, unknown>)
        : strategy.outputSchema;
  }
  return declaration;
}

function declareParameters(definitions: AgentParameterDefinitions, field: string): AgentStrategyParameter[] {
  if (typeof definitions !== "object" || definitions === null || Array.isArray(definitions)) {
    throw new ValidationError("must be an object keyed by parameter name", { field });
  }
  return Object.entries(definitions).map(([name, p]) => declareParameter(name, p, `${field}.${name}`));
}

function declareParameter(name: string, p: AgentParameterDefinition, field: string): AgentStrategyParameter {
  if (typeof p !== "object" || p === null)
    throw new ValidationError("must be a parameter definition", { field });
  const numeric = p.type === "number" ? p : undefined;
  const scope = "scope" in p && p.scope !== undefined ? p.scope : null;
  const fallback = "default" in p ? p.default : undefined;
  const options =
    p.type === "select"
      ? (p.options ?? []).map((option, i) => ({
          value: option.value,
          label: i18n(option.label ?? option.value, `${field}.options[${i}].label`),
        }))
      : null;
  if (p.type === "select" && (options?.length ?? 0) === 0) {
    throw new ValidationError("a select parameter needs at least one option", { field: `${field}.options` });
  }
  if (p.type === "select" && fallback !== undefined && !p.options.some((o) => o.value === fallback)) {
    throw new ValidationError("default must be one of the options", { field: `${field}.default` });
  }
  // Key order of the Go struct `AgentStrategyParameter`.
  return {
    name,
    label: i18n(p.label ?? name, `${field}.label`),
    help: p.help === undefined ? null : i18n(p.help, `${field}.help`),
    type: p.type,
    auto_generate: p.autoGenerate ? { type: "prompt_instruction" } : null,
    template: p.template === undefined ? null : { enabled: p.template },
    scope,
    required: p.required ?? false,
    default: fallback ?? null,
    min: numeric?.min ?? null,
    max: numeric?.max ?? null,
    precision: numeric?.precision ?? null,
    options,
  };
}

function i18n(input: I18nInput | undefined, field: string): ReturnType<typeof toI18n> {
  if (
    typeof input === "string" ||
    (typeof input === "object" && input !== null && typeof input.en_US === "string")
  ) {
    if ((typeof input === "string" ? input : input.en_US).length === 0) {
      throw new ValidationError("en_US must not be empty", { field });
    }
    return toI18n(input);
  }
  throw new ValidationError("is required (a string or { en_US, ... })", { field });
}
