import type { ClassConfig } from "@x/protocol";
import type { ClassificationResult } from "./classification-result.js";
import type { NodeResultBase } from "./node-result.js";
import {
  describe,
  invalidReply,
  parseNodeResponse,
  parseUsage,
  quote,
  type ReplyContext,
} from "./reply-context.js";

/**
 * Turns a Question Classifier reply into a typed result. `class_name` must be one of the classes offered;
 * `class_id` is taken from the reply, or derived from the class name when the reply lacks it (older Dify, the
 * daemon's mock).
 */
export function interpretClassification(
  context: ReplyContext,
  classes: readonly ClassConfig[],
  reply: unknown,
): ClassificationResult {
  const response = parseNodeResponse(context, reply);
  const { class_name: name, class_id: id } = response.outputs;
  if (typeof name !== "string") {
    invalidReply(
      context,
      reply,
      `expected a class name, got ${describe(name)} (the classifier node may have failed; see process_data)`,
      "outputs.class_name",
    );
  }
  const chosen = classes.find((entry) => entry.name === name);
  if (!chosen) {
    const offered = classes.map((entry) => `"${entry.name}"`).join(", ");
    invalidReply(
      context,
      reply,
      `${quote(name)} is not one of the classes offered (${offered})`,
      "outputs.class_name",
    );
  }
  if (id !== undefined && id !== null && id !== chosen.id) {
    invalidReply(
      context,
      reply,
      `expected ${quote(chosen.id)} (the id of class ${quote(name)}), got ${typeof id === "string" ? quote(id) : describe(id)}`,
      "outputs.class_id",
    );
  }
  const result: NodeResultBase & ClassificationResult = {
    outputs: { class_name: chosen.name, class_id: chosen.id },
    inputs: response.inputs,
    process_data: response.process_data,
    raw: response,
  };
  const usage = parseUsage(context, reply, response.process_data.usage, "process_data.usage");
  if (usage) result.usage = usage;
  return result;
}
