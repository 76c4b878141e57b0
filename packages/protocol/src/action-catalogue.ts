import type { z } from "zod";
import {
  AGENT_STRATEGY_ACCESS_TYPE,
  INVOKE_AGENT_STRATEGY_ACTION,
  InvokeAgentStrategyRequestSchema,
} from "./agent/index.js";
import { DATASOURCE_ACCESS_TYPE, DATASOURCE_REQUEST_SCHEMAS } from "./datasource/index.js";
import {
  DYNAMIC_PARAMETER_ACCESS_TYPE,
  FETCH_PARAMETER_OPTIONS_ACTION,
  FetchParameterOptionsRequestSchema,
} from "./dynamic-parameter/index.js";
import {
  ENDPOINT_ACCESS_TYPE,
  INVOKE_ENDPOINT_ACTION,
  InvokeEndpointRequestSchema,
} from "./endpoint/index.js";
import { MODEL_ACCESS_TYPE, MODEL_REQUEST_SCHEMAS } from "./model-provider/index.js";
import {
  OAUTH_ACCESS_TYPE,
  type OAuthAction,
  OAuthGetAuthorizationUrlRequestSchema,
  OAuthGetCredentialsRequestSchema,
  OAuthRefreshCredentialsRequestSchema,
} from "./oauth/index.js";
import { TOOL_ACCESS_TYPE, TOOL_REQUEST_SCHEMAS } from "./tool/index.js";
import { TRIGGER_ACCESS_TYPE, TRIGGER_REQUEST_SCHEMAS } from "./trigger/index.js";

/** One `(type, action)` pair the daemon sends a plugin, with the schema of its request `data` (§2.3). */
export interface ActionCatalogueEntry {
  /** The access type (`tool`, `model`, ...). */
  readonly type: string;
  /** The action within that type (`invoke_tool`, ...). */
  readonly action: string;
  /** The request schema: input = what a caller writes, output = the decoded request. */
  readonly schema: z.ZodType;
}

function rows(type: string, schemas: Readonly<Record<string, z.ZodType>>): ActionCatalogueEntry[] {
  return Object.entries(schemas).map(([action, schema]) => ({ type, action, schema }));
}

/**
 * Every `(type, action)` pair the daemon sends a plugin, 37 over 8 access types (§2.3; the routes of
 * `internal/core/io_tunnel/access_types/access.go` and `internal/server/controllers/definitions/definitions.go`,
 * plus the hand-written ones of `internal/service/model_polling.go` and `internal/service/invoke_agent.go`).
 */
export const ACTION_CATALOGUE: readonly ActionCatalogueEntry[] = Object.freeze([
  ...rows(TOOL_ACCESS_TYPE, TOOL_REQUEST_SCHEMAS),
  ...rows(MODEL_ACCESS_TYPE, MODEL_REQUEST_SCHEMAS),
  {
    type: AGENT_STRATEGY_ACCESS_TYPE,
    action: INVOKE_AGENT_STRATEGY_ACTION,
    schema: InvokeAgentStrategyRequestSchema,
  },
  { type: ENDPOINT_ACCESS_TYPE, action: INVOKE_ENDPOINT_ACTION, schema: InvokeEndpointRequestSchema },
  ...rows(OAUTH_ACCESS_TYPE, {
    get_authorization_url: OAuthGetAuthorizationUrlRequestSchema,
    get_credentials: OAuthGetCredentialsRequestSchema,
    refresh_credentials: OAuthRefreshCredentialsRequestSchema,
  } satisfies Record<OAuthAction, z.ZodType>),
  {
    type: DYNAMIC_PARAMETER_ACCESS_TYPE,
    action: FETCH_PARAMETER_OPTIONS_ACTION,
    schema: FetchParameterOptionsRequestSchema,
  },
  ...rows(DATASOURCE_ACCESS_TYPE, DATASOURCE_REQUEST_SCHEMAS),
  ...rows(TRIGGER_ACCESS_TYPE, TRIGGER_REQUEST_SCHEMAS),
]);
