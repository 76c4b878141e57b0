import { describe, expect, it } from "vitest";
import {
  ACTION_CATALOGUE,
  DATASOURCE_ACCESS_TYPE,
  MODEL_ACCESS_TYPE,
  RequestDataSchema,
  TRIGGER_ACCESS_TYPE,
} from "../src/index.js";
import datasourceRequests from "./fixtures/datasource-requests.json" with { type: "json" };
import modelRequests from "./fixtures/model-requests.json" with { type: "json" };
import otherRequests from "./fixtures/other-requests.json" with { type: "json" };
import triggerRequests from "./fixtures/trigger-requests.json" with { type: "json" };

// `ACTION_CATALOGUE` is every (type, action) pair the daemon sends a plugin (§2.3), each with its request schema.
// The samples are requests as the daemon flattens them: one per action, from the four fixture files.

const CATALOGUE = ACTION_CATALOGUE;

function sampleOf(type: string, action: string): Record<string, unknown> | undefined {
  const fixtures: Record<string, unknown> =
    type === MODEL_ACCESS_TYPE
      ? modelRequests
      : type === DATASOURCE_ACCESS_TYPE
        ? datasourceRequests
        : type === TRIGGER_ACCESS_TYPE
          ? triggerRequests
          : otherRequests;
  return Object.values(fixtures).find(
    (data) => (data as { type?: string }).type === type && (data as { action?: string }).action === action,
  ) as Record<string, unknown> | undefined;
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
