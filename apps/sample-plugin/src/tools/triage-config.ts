import type { ModelConfigInput } from "@x/node";

/** The Question Classifier's classes; ids equal names so `class_id` reads well in Dify. */
export const CLASSES = [
  { id: "billing", name: "billing" },
  { id: "bug", name: "bug" },
  { id: "other", name: "other" },
] as const;

/** A class name. */
export type Category = (typeof CLASSES)[number]["name"];

/** What the Parameter Extractor pulls out of a billing message. */
export const BILLING_PARAMETERS = [
  {
    name: "invoice_id",
    type: "string",
    description: "The invoice number the customer refers to",
    required: true,
  },
  { name: "amount", type: "number", description: "The amount in question, if the customer gives one" },
] as const;

/** What the Parameter Extractor pulls out of a bug report. */
export const BUG_PARAMETERS = [
  { name: "product", type: "string", description: "The product or feature that misbehaves", required: true },
  {
    name: "severity",
    type: "select",
    description: "How badly the customer is affected",
    options: ["low", "medium", "high"],
    required: true,
  },
] as const;

/**
 * Maps the `model-selector` value (`{provider, model, mode, completion_params, ...}`) to a workflow node's model
 * (the same `{ provider, model }` reference); `completion_params` passes through unchanged. The node client
 * validates `mode`.
 */
export function nodeModel(value: ModelSelection): ModelConfigInput {
  return {
    provider: value.provider,
    model: value.model,
    mode: (value.mode ?? undefined) as ModelConfigInput["mode"],
    completion_params: value.completion_params ?? undefined,
  };
}

/** What {@link nodeModel} reads of a model selection: a tool parameter's or an endpoint setting's value. */
export interface ModelSelection {
  provider: string;
  model: string;
  mode?: string | null | undefined;
  completion_params?: Record<string, unknown> | null | undefined;
}
