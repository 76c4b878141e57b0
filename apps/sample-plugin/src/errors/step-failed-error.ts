import { InvocationError } from "@x/core";

/** The steps of the sample's tools that call back into Dify. */
export type TriageStep = "classify" | "extract" | "lookup" | "relay";

const STEP_LABELS: Record<TriageStep, string> = {
  classify: "Question Classifier",
  extract: "Parameter Extractor",
  lookup: "lookup tool",
  relay: "relayed tool",
};

/**
 * A reverse call of one step failed. The message names the step and carries the daemon's text verbatim
 * (`step "classify" (Question Classifier) failed: quota exceeded`), so the Dify user sees what went wrong where.
 * A plugin's own error: a plain `Error` subclass with its own code (the SDK's `DIFY_ERR_*` codes are the SDK's).
 */
export class StepFailedError extends Error {
  /** This plugin's code for the error. */
  readonly code = "SUPPORT_TRIAGE_STEP_FAILED";
  /** The step whose reverse call failed. */
  readonly step: TriageStep;
  /** The daemon's error text when the daemon answered with an error, otherwise undefined. */
  readonly daemonMessage: string | undefined;

  constructor(step: TriageStep, cause: unknown, target?: string) {
    const daemonMessage = InvocationError.isInstance(cause) ? cause.daemonMessage : undefined;
    const detail = daemonMessage ?? (cause instanceof Error ? cause.message : String(cause));
    const what = target === undefined ? STEP_LABELS[step] : `${STEP_LABELS[step]} ${target}`;
    super(`step "${step}" (${what}) failed: ${detail}`, { cause });
    this.name = "StepFailedError";
    this.step = step;
    this.daemonMessage = daemonMessage;
  }
}

/** Runs one step's reverse call, turning any failure into a {@link StepFailedError} for that step. */
export async function runStep<T>(step: TriageStep, call: () => Promise<T>, target?: string): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new StepFailedError(step, error, target);
  }
}
