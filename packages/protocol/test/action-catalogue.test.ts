import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  AGENT_STRATEGY_ACCESS_TYPE,
  DATASOURCE_ACCESS_TYPE,
  DATASOURCE_REQUEST_SCHEMAS,
  DYNAMIC_PARAMETER_ACCESS_TYPE,
  ENDPOINT_ACCESS_TYPE,
  FETCH_PARAMETER_OPTIONS_ACTION,
  FetchParameterOptionsRequestSchema,
  INVOKE_AGENT_STRATEGY_ACTION,
  INVOKE_ENDPOINT_ACTION,
  InvokeAgentStrategyRequestSchema,
  InvokeEndpointRequestSchema,
  MODEL_ACCESS_TYPE,
  MODEL_REQUEST_SCHEMAS,
  OAUTH_ACCESS_TYPE,
  OAuthGetAuthorizationUrlRequestSchema,
  OAuthGetCredentialsRequestSchema,
  OAuthRefreshCredentialsRequestSchema,
  RequestDataSchema,
  TOOL_ACCESS_TYPE,
  TOOL_REQUEST_SCHEMAS,
  TRIGGER_ACCESS_TYPE,
  TRIGGER_REQUEST_SCHEMAS,
} from "../src/index.js";
import datasourceRequests from "./fixtures/datasource-requests.json" with { type: "json" };
import modelRequests from "./fixtures/model-requests.json" with { type: "json" };
import triggerRequests from "./fixtures/trigger-requests.json" with { type: "json" };

// Every (type, action) pair the daemon sends a plugin (§2.3; `internal/core/io_tunnel/access_types/access.go`,
// `internal/server/controllers/definitions/definitions.go`, plus the hand-written routes of
// `internal/service/model_polling.go` and `internal/service/invoke_agent.go`), each with its request schema.

const hexHttp = Buffer.from("GET /callback?code=abc HTTP/1.1\r\nHost: example.com\r\n\r\n").toString("hex");

const CATALOGUE: ReadonlyArray<{ type: string; action: string; schema: z.ZodType }> = [
  ...Object.entries(TOOL_REQUEST_SCHEMAS).map(([action, schema]) => ({
    type: TOOL_ACCESS_TYPE,
    action,
    schema,
  })),
  ...Object.entries(MODEL_REQUEST_SCHEMAS).map(([action, schema]) => ({
    type: MODEL_ACCESS_TYPE,
    action,
    schema,
  })),
  {
    type: AGENT_STRATEGY_ACCESS_TYPE,
    action: INVOKE_AGENT_STRATEGY_ACTION,
    schema: InvokeAgentStrategyRequestSchema,
  },
  { type: ENDPOINT_ACCESS_TYPE, action: INVOKE_ENDPOINT_ACTION, schema: InvokeEndpointRequestSchema },
  { type: OAUTH_ACCESS_TYPE, action: "get_authorization_url", schema: OAuthGetAuthorizationUrlRequestSchema },
  { type: OAUTH_ACCESS_TYPE, action: "get_credentials", schema: OAuthGetCredentialsRequestSchema },
  { type: OAUTH_ACCESS_TYPE, action: "refresh_credentials", schema: OAuthRefreshCredentialsRequestSchema },
  {
    type: DYNAMIC_PARAMETER_ACCESS_TYPE,
    action: FETCH_PARAMETER_OPTIONS_ACTION,
    schema: FetchParameterOptionsRequestSchema,
  },
  ...Object.entries(DATASOURCE_REQUEST_SCHEMAS).map(([action, schema]) => ({
    type: DATASOURCE_ACCESS_TYPE,
    action,
    schema,
  })),
  ...Object.entries(TRIGGER_REQUEST_SCHEMAS).map(([action, schema]) => ({
    type: TRIGGER_ACCESS_TYPE,
    action,
    schema,
  })),
];

const user = { user_id: "u-1" };
const SAMPLES: Record<string, Record<string, unknown>> = {
  "tool/invoke_tool": { provider: "p", tool: "t", tool_parameters: { q: "x" }, credentials: null },
  "tool/validate_tool_credentials": { provider: "p", credentials: { api_key: "k" } },
  "tool/get_tool_runtime_parameters": { provider: "p", tool: "t", credentials: {} },
  "agent_strategy/invoke_agent_strategy": {
    agent_strategy_provider: "agent",
    agent_strategy: "function_calling",
    agent_strategy_params: null,
  },
  "endpoint/invoke_endpoint": { user_id: "", raw_http_request: hexHttp, settings: null },
  "oauth/get_authorization_url": {
    provider: "github",
    redirect_uri: "https://dify/cb",
    system_credentials: {},
  },
  "oauth/get_credentials": {
    provider: "github",
    redirect_uri: "https://dify/cb",
    system_credentials: {},
    raw_http_request: hexHttp,
  },
  "oauth/refresh_credentials": {
    provider: "github",
    redirect_uri: "https://dify/cb",
    system_credentials: {},
    credentials: { refresh_token: "r" },
  },
  "dynamic_parameter/fetch_parameter_options": {
    credentials: null,
    provider: "p",
    provider_action: "t",
    parameter: "channel",
  },
};

function sampleOf(type: string, action: string): Record<string, unknown> | undefined {
  const fromFixtures = (fixtures: Record<string, unknown>) =>
    Object.values(fixtures).find(
      (data) =>
        (data as { type?: string; action?: string }).type === type &&
        (data as { action?: string }).action === action,
    ) as Record<string, unknown> | undefined;
  if (type === MODEL_ACCESS_TYPE) return fromFixtures(modelRequests);
  if (type === DATASOURCE_ACCESS_TYPE) return fromFixtures(datasourceRequests);
  if (type === TRIGGER_ACCESS_TYPE) return fromFixtures(triggerRequests);
  const sample = SAMPLES[`${type}/${action}`];
  return sample && { ...user, ...sample, type, action };
}

describe("action catalogue (§2.3)", () => {
  it("lists the 37 (type, action) pairs the daemon sends, each once, over the 8 access types", () => {
    expect(CATALOGUE).toHaveLength(37);
    const keys = CATALOGUE.map(({ type, action }) => `${type}/${action}`);
    expect(new Set(keys).size).toBe(37);
    expect(new Set(CATALOGUE.map(({ type }) => type))).toEqual(
      new Set([
        "tool",
        "model",
        "endpoint",
        "agent_strategy",
        "oauth",
        "datasource",
        "dynamic_parameter",
        "trigger",
      ]),
    );
    const counts = Object.fromEntries(
      [...new Set(CATALOGUE.map(({ type }) => type))].map((type) => [
        type,
        CATALOGUE.filter((row) => row.type === type).length,
      ]),
    );
    expect(counts).toEqual({
      tool: 3,
      model: 16,
      agent_strategy: 1,
      endpoint: 1,
      oauth: 3,
      dynamic_parameter: 1,
      datasource: 6,
      trigger: 6,
    });
  });

  it.each(CATALOGUE.map((row) => [`${row.type}/${row.action}`, row] as const))(
    "%s: its schema parses a sample request as the daemon flattens it",
    (_key, { type, action, schema }) => {
      const data = sampleOf(type, action);
      expect(data, `no sample for ${type}/${action}`).toBeDefined();
      const routed = RequestDataSchema.parse(data);
      expect([routed.type, routed.action]).toEqual([type, action]);
      const parsed = schema.safeParse(data);
      expect(parsed.success, parsed.error?.message).toBe(true);
    },
  );
});
