import { ValidationError } from "@x/core";
import {
  type ParameterOptionInput,
  type ParameterOptionsHook,
  type ParameterOptionsHookContext,
  ParameterOptionsNotFoundError,
} from "@x/core/internal";
import type { AnyToolDefinition } from "./define-tool.js";
import type { DynamicSelectParameter, ParameterDefinition } from "./parameter-definition.js";
import { checkedI18n } from "./tool-declaration.js";

// `fetch_parameter_options` for tools (§2.3, `pkg/entities/requests/dynamic_select.go`; the Python SDK's
// `Tool._fetch_parameter_options`): `provider_action` is the tool's name, `parameter` one of its `dynamic-select`
// parameters, whose `options` function answers.

function isDynamicSelect(definition: ParameterDefinition | undefined): definition is DynamicSelectParameter {
  return definition?.type === "dynamic-select" && typeof definition.options === "function";
}

/** True when a tool can answer `fetch_parameter_options` (a declared dynamic-select, or runtime parameters). */
export function hasParameterOptions(tool: AnyToolDefinition): boolean {
  return (
    tool.getRuntimeParameters !== undefined ||
    Object.values(tool.parameters ?? {}).some((definition) => isDynamicSelect(definition))
  );
}

/**
 * The options hook of `parameter` of `tool`: its declared `dynamic-select`, or, for a tool with runtime
 * parameters, the one `getRuntimeParameters` returns for the request's credentials.
 */
export function toolParameterOptions(
  tool: AnyToolDefinition | undefined,
  parameter: string,
): ParameterOptionsHook | undefined {
  if (!tool) return undefined;
  const declared = Object.hasOwn(tool.parameters ?? {}, parameter) ? tool.parameters?.[parameter] : undefined;
  if (isDynamicSelect(declared)) return (context) => fetchOptions(declared, context);
  const runtime = tool.getRuntimeParameters;
  if (declared !== undefined || runtime === undefined) return undefined;
  return async (context) => {
    const definitions = await runtime({
      // The provider installed every extension its tools `uses` when it was registered.
      session: context.session as Parameters<typeof runtime>[0]["session"],
      credentials: context.credentials,
      provider: context.provider,
      tool: context.providerAction,
    });
    const found = Object.hasOwn(definitions, parameter) ? definitions[parameter] : undefined;
    if (!isDynamicSelect(found)) {
      throw new ParameterOptionsNotFoundError(context.provider, context.providerAction, parameter);
    }
    return fetchOptions(found, context);
  };
}

async function fetchOptions(
  definition: DynamicSelectParameter,
  context: ParameterOptionsHookContext,
): Promise<ParameterOptionInput[]> {
  const options = await definition.options({
    credentials: context.credentials,
    credentialType: context.credentialType,
    parameter: context.parameter,
    provider: context.provider,
    tool: context.providerAction,
    signal: context.signal,
    session: context.session,
    logger: context.logger,
  });
  const field = `${context.providerAction}.${context.parameter}.options`;
  if (!Array.isArray(options)) {
    throw new ValidationError("must return an array of { value, label, icon? }", { field });
  }
  return options.map((option, index) => {
    if (typeof option !== "object" || option === null) {
      throw new ValidationError("must be { value, label, icon? }", { field: `${field}[${index}]` });
    }
    const wire: ParameterOptionInput = {
      value: option.value,
      label: checkedI18n(option.label, `${field}[${index}].label`),
    };
    if (option.icon !== undefined) wire.icon = option.icon;
    return wire;
  });
}
