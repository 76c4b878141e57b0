import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";

/** Access type of dynamic parameter requests (`data.type`, §2.2). */
export const DYNAMIC_PARAMETER_ACCESS_TYPE = "dynamic_parameter";

/** The only dynamic parameter action (`data.action`, §2.3). */
export const FETCH_PARAMETER_OPTIONS_ACTION = "fetch_parameter_options";

/**
 * The `provider_action` that names a trigger provider's subscription constructor rather than a tool or a trigger
 * event (the Python SDK's `_get_dynamic_parameter_action`, `core/plugin_executor.py`).
 */
export const SUBSCRIPTION_CONSTRUCTOR_PROVIDER_ACTION = "provider";

/** The credential type assumed when the daemon omits `credential_type` (the Python SDK's default here). */
export const DYNAMIC_PARAMETER_DEFAULT_CREDENTIAL_TYPE = "unauthorized";

/**
 * `data` of `dynamic_parameter` / `fetch_parameter_options` (`RequestDynamicParameterSelect`,
 * `pkg/entities/requests/dynamic_select.go`): Dify asks for the options of a `dynamic-select` parameter.
 * `provider` is the provider's `identity.name`; `provider_action` the tool name, the trigger event name or
 * {@link SUBSCRIPTION_CONSTRUCTOR_PROVIDER_ACTION}; `parameter` the parameter name. `credentials: null` is read as
 * `{}`; an omitted `credential_type` (`api-key`, `oauth2` or `unauthorized`) as
 * {@link DYNAMIC_PARAMETER_DEFAULT_CREDENTIAL_TYPE}. Unknown keys are kept.
 */
export const FetchParameterOptionsRequestSchema = lazySchema(() =>
  z.looseObject({
    credentials: z
      .record(z.string(), z.unknown())
      .nullish()
      .transform((credentials) => credentials ?? {}),
    credential_type: z
      .string()
      .nullish()
      .transform((type) => (type ? type : DYNAMIC_PARAMETER_DEFAULT_CREDENTIAL_TYPE)),
    provider: z.string({ error: "provider is required" }),
    provider_action: z.string({ error: "provider_action is required" }),
    parameter: z.string({ error: "parameter is required" }),
  }),
);

/** A parsed `fetch_parameter_options` request. */
export type FetchParameterOptionsRequest = z.infer<typeof FetchParameterOptionsRequestSchema>;
