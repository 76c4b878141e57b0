import type { ParameterInput, ParameterTypeInput } from "@x/protocol";
import { ExtractionFailedError } from "./errors/extraction-failed-error.js";
import type { NodeResultBase } from "./node-result.js";

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The options of a literal parameter as a union, or `string` when they are not known at compile time. */
type OptionsOf<P> = P extends { readonly options: readonly (infer O extends string)[] }
  ? [O] extends [never]
    ? string
    : O
  : string;

type ValueOfType<T extends ParameterTypeInput, P> = T extends "string" | "select"
  ? OptionsOf<P>
  : T extends "number"
    ? number
    : T extends "bool" | "boolean"
      ? boolean
      : T extends "array[string]"
        ? string[]
        : T extends "array[number]"
          ? number[]
          : T extends "array[object]"
            ? Record<string, unknown>[]
            : never;

/** The TypeScript type of one extracted parameter's value. */
export type ParameterValue<P extends ParameterInput> = ValueOfType<P["type"], P>;

type IsRequired<P> = P extends { readonly required: true } ? true : false;

/**
 * The typed `outputs` of a successful extraction: one key per parameter, optional unless `required: true`.
 * With a literal parameter list (the `const` type parameter of `invoke`, or `as const`) every key and value type
 * is exact; otherwise it degrades to a record of all possible value types.
 */
export type ExtractedOutputs<Ps extends readonly ParameterInput[]> = Simplify<
  {
    -readonly [P in Ps[number] as IsRequired<P> extends true ? P["name"] : never]: ParameterValue<P>;
  } & {
    -readonly [P in Ps[number] as IsRequired<P> extends true ? never : P["name"]]?: ParameterValue<P>;
  }
>;

/** Dify extracted every parameter. */
export interface ExtractionSuccess<Ps extends readonly ParameterInput[] = readonly ParameterInput[]>
  extends NodeResultBase {
  /** Discriminant: the extraction succeeded. */
  ok: true;
  /** The extracted values, checked against the parameter list; Dify's `__` keys are removed. */
  outputs: ExtractedOutputs<Ps>;
}

/** Dify ran the node but could not extract the parameters (`__is_success: 0`). */
export interface ExtractionFailure extends NodeResultBase {
  /** Discriminant: the extraction failed. */
  ok: false;
  /** Dify's reason (`outputs.__reason`). */
  reason: string;
  /** The underlying exception text (`outputs.__error`), when Dify gave one. */
  error?: string;
}

/** The result of a Parameter Extractor call: check `ok` before reading `outputs`. */
export type ExtractionResult<Ps extends readonly ParameterInput[] = readonly ParameterInput[]> =
  | ExtractionSuccess<Ps>
  | ExtractionFailure;

/** Returns the successful result, or throws {@link ExtractionFailedError} for a failed extraction. */
export function unwrapExtraction<Ps extends readonly ParameterInput[]>(
  result: ExtractionResult<Ps>,
): ExtractionSuccess<Ps> {
  if (!result.ok) throw new ExtractionFailedError(result);
  return result;
}
