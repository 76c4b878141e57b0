import { agentStrategyWriter } from "./agent.js";
import { datasourceWriter } from "./datasource.js";
import { endpointWriter } from "./endpoint.js";
import type { KindWriter } from "./layout-kit.js";
import { modelWriter } from "./model.js";
import { toolWriter } from "./tool.js";
import { triggerWriter } from "./trigger.js";

/**
 * The declaration kinds `x-plugin package` can write, by the kind name `plugin.declare(kind, …)` uses. A new
 * plugin kind adds its writer file beside this one and one row here.
 */
export const KIND_WRITERS: ReadonlyMap<string, KindWriter> = new Map<string, KindWriter>([
  ["tool", toolWriter],
  ["endpoint", endpointWriter],
  ["agent_strategy", agentStrategyWriter],
  ["datasource", datasourceWriter],
  ["trigger", triggerWriter],
  ["model", modelWriter],
]);
