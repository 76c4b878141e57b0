import { readFileSync } from "node:fs";
import { ACTION_CATALOGUE, type ActionCatalogueEntry } from "@x/protocol";
import { createTestHarness } from "@x/testing";
import { describe, expect, it } from "vitest";
import { type CatalogueSubject, catalogueSubjects } from "./catalogue-plugins.js";

// Issue 18, "done when": every (type, action) the daemon sends (§2.3, `ACTION_CATALOGUE` of @x/protocol) has a
// typed definer that answers it. The plugins of `catalogue-plugins.ts` are built with the public definers only;
// each catalogue row must be routed by at least one of them (`Plugin.routes()`), and a sample request of the row,
// dispatched through the real runtime (the @x/testing harness), must not come back as HandlerNotFoundError.

/** The definer expected to answer each access type, named in the failure message. */
const DEFINER_OF: Record<string, string> = {
  tool: "defineToolProvider (@x/tool)",
  model:
    "defineModelProvider with defineLLM / defineTextEmbedding / defineRerank / defineTTS / ... (@x/model)",
  agent_strategy: "defineAgentStrategyProvider (@x/agent)",
  endpoint: "defineEndpointGroup (@x/endpoint)",
  oauth: "the `oauth` option of defineToolProvider / defineDatasourceProvider / defineTriggerProvider",
  dynamic_parameter: "a dynamic-select parameter of defineTool / defineTriggerEvent / subscribeParameters",
  datasource: "defineDatasourceProvider with defineWebsiteCrawl / defineOnlineDocument / defineOnlineDrive",
  trigger: "defineTriggerProvider (@x/trigger)",
};

const key = ({ type, action }: { type: string; action: string }) => `${type}/${action}`;

/** The catalogue rows no subject routes, each with the definer expected to answer it. */
function uncovered(subjects: readonly CatalogueSubject[]): string[] {
  const routed = new Set(subjects.flatMap((subject) => subject.plugin.routes().map(key)));
  return ACTION_CATALOGUE.filter((row) => !routed.has(key(row))).map(
    (row) =>
      `${key(row)}: no plugin built with the public definers has a handler; expected from ${DEFINER_OF[row.type] ?? "(no definer known for this access type)"}`,
  );
}

// The sample requests of the catalogue, as the daemon flattens them: the fixture files of @x/protocol's own
// catalogue test (one source for both tests).
const FIXTURES = ["model", "datasource", "trigger", "other"].map(
  (family) =>
    JSON.parse(
      readFileSync(
        new URL(`../../../packages/protocol/test/fixtures/${family}-requests.json`, import.meta.url),
        "utf8",
      ),
    ) as Record<string, Record<string, unknown>>,
);

function sampleOf({ type, action }: ActionCatalogueEntry): Record<string, unknown> | undefined {
  for (const fixtures of FIXTURES)
    for (const data of Object.values(fixtures)) if (data.type === type && data.action === action) return data;
  return undefined;
}

const subjects = catalogueSubjects();

describe("every action of the catalogue has a typed handler definer (§2.3)", () => {
  it("names a definer for every access type of the catalogue", () => {
    const types = [...new Set(ACTION_CATALOGUE.map((row) => row.type))];
    expect(types.filter((type) => DEFINER_OF[type] === undefined)).toEqual([]);
  });

  it("routes all 37 (type, action) pairs through plugins built with the public definers", () => {
    expect(ACTION_CATALOGUE).toHaveLength(37);
    const missing = uncovered(subjects);
    expect(missing, `uncovered actions:\n${missing.join("\n")}`).toEqual([]);
  });

  it("names the missing pair and its definer when a kind of plugin is left out", () => {
    const withoutTrigger = subjects.filter((subject) => !subject.name.startsWith("trigger provider"));
    const missing = uncovered(withoutTrigger);
    expect(missing).toContain(
      "trigger/dispatch_trigger_event: no plugin built with the public definers has a handler; expected from defineTriggerProvider (@x/trigger)",
    );
    expect(missing.every((line) => line.startsWith("trigger/"))).toBe(true);
    expect(missing).toHaveLength(6);
  });

  it.each(ACTION_CATALOGUE.map((row) => [key(row), row] as const))(
    "%s: a sample request dispatched through the runtime reaches a handler",
    async (_key, row) => {
      const sample = sampleOf(row);
      expect(sample, `no sample request for ${key(row)} in packages/protocol/test/fixtures`).toBeDefined();
      const handlers = subjects.filter(
        (subject) => subject.plugin.handler(row.type, row.action) !== undefined,
      );
      expect(handlers.length, `${key(row)}: expected from ${DEFINER_OF[row.type]}`).toBeGreaterThan(0);
      const outcomes: string[] = [];
      for (const subject of handlers) {
        await using harness = createTestHarness(subject.plugin, { strict: false });
        const { type: _type, action: _action, ...data } = sample ?? {};
        const result = await harness.request(row.type, row.action, {
          ...data,
          ...subject.aim(row.type, data),
        });
        expect(result.closedBy).toBe("end");
        expect(
          result.error?.error_type,
          `${key(row)} on the ${subject.name}: ${result.error?.message}`,
        ).not.toBe("HandlerNotFoundError");
        outcomes.push(
          result.error ? `${subject.name}: ${result.error.error_type} ${result.error.message}` : "answered",
        );
      }
      // At least one plugin answers the sample without an error: the request reached a working definition.
      expect(outcomes, `${key(row)} was never answered without an error:\n${outcomes.join("\n")}`).toContain(
        "answered",
      );
    },
  );
});
