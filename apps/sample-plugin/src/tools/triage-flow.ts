import type { SessionWith } from "@x/core";
import type { ExtractionResult, ModelConfigInput, workflowNodeExtension } from "@x/node";
import { runStep } from "../errors/step-failed-error.js";
import { BILLING_PARAMETERS, BUG_PARAMETERS, CLASSES } from "./triage-config.js";
import type { TriageReport } from "./triage-summary.js";

/** What the triage flow needs: a session with `session.workflowNode`. */
export type TriageSession = SessionWith<readonly [typeof workflowNodeExtension]>;

/** Options of {@link classifyAndExtract}. */
export interface TriageFlowOptions {
  /** The message to triage. */
  message: string;
  /** The LLM the Question Classifier and the Parameter Extractor run with. */
  model: ModelConfigInput;
  /** Stops the reverse calls. */
  signal?: AbortSignal;
}

/**
 * The heart of triage, shared by the `triage` tool and the `POST /triage` endpoint: the Question Classifier picks
 * billing, bug or other, then the Parameter Extractor pulls out that class's fields (nothing for `other`). The
 * report's `lookup` is empty; the tool fills it. A failed reverse call throws `StepFailedError` for its step.
 */
export async function classifyAndExtract(
  session: TriageSession,
  options: TriageFlowOptions,
): Promise<TriageReport> {
  const { message, model } = options;
  const callOptions = options.signal ? { signal: options.signal } : {};
  const classified = await runStep("classify", () =>
    session.workflowNode.questionClassifier.invoke({ classes: CLASSES, model, query: message }, callOptions),
  );
  const category = classified.outputs.class_name;
  let extraction: ExtractionResult | undefined;
  if (category === "billing" || category === "bug") {
    const parameters = category === "billing" ? BILLING_PARAMETERS : BUG_PARAMETERS;
    extraction = await runStep("extract", () =>
      session.workflowNode.parameterExtractor.invoke({ parameters, model, query: message }, callOptions),
    );
  }
  return {
    category,
    class_id: classified.outputs.class_id,
    extracted: extraction?.ok === true,
    fields: extraction?.ok ? { ...extraction.outputs } : null,
    reason: extraction && !extraction.ok ? extraction.reason : null,
    lookup: [],
  };
}
