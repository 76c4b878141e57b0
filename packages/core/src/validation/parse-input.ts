import type { z } from "zod";
import { ValidationError } from "../errors/validation-error.js";
import { formatIssuePath, type IssuePathStyle } from "./issue-path.js";

/** Options of {@link parseInput}. */
export interface ParseInputOptions {
  /** Names the call in the message (`llm`, `invoke_tool request`): `what: problem`. */
  what?: string;
  /** Prepended to the issue path in `field`, for input that sits inside a larger value. */
  fieldPrefix?: string;
  /** How `field` is written: `dotted` (`docs.0.score`, the default) or `indexed` (`parameters[2].options`). */
  pathStyle?: IssuePathStyle;
}

/**
 * Validates caller input with `schema` and returns the parsed value. On failure the first issue becomes a
 * {@link ValidationError} whose `field` names what to fix; the whole zod error is its `cause`.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  options: ParseInputOptions = {},
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const problem = issue?.message ?? "invalid input";
  const field = formatIssuePath(issue?.path ?? [], {
    style: options.pathStyle ?? "dotted",
    ...(options.fieldPrefix === undefined ? {} : { prefix: options.fieldPrefix }),
  });
  throw new ValidationError(options.what === undefined ? problem : `${options.what}: ${problem}`, {
    cause: parsed.error,
    ...(field === undefined ? {} : { field }),
  });
}
