import type { ClassInput } from "@x/protocol";
import type { NodeResultBase } from "./node-result.js";

/**
 * The class Dify chose, as a union over the classes given: narrowing `class_name` narrows `class_id` too.
 * With a non-literal class list both are plain strings.
 */
export type ClassifiedOutputs<Cs extends readonly ClassInput[]> = Cs[number] extends infer C
  ? C extends ClassInput
    ? { class_name: C["name"]; class_id: C["id"] }
    : never
  : never;

/** The result of a Question Classifier call. */
export interface ClassificationResult<Cs extends readonly ClassInput[] = readonly ClassInput[]>
  extends NodeResultBase {
  /** The chosen class (checked to be one of those offered). */
  outputs: ClassifiedOutputs<Cs>;
}
