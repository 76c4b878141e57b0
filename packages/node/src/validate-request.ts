import { ValidationError } from "@x/core";
import type { z } from "zod";

/**
 * Parses a request with its schema, turning the first problem into a {@link ValidationError} whose `field` is
 * a readable path such as `parameters[2].options`. The full zod error stays available as `cause`.
 */
export function validateRequest<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = formatPath(issue.path);
  return throwValidation(issue.message, field, parsed.error);
}

function throwValidation(message: string, field: string | undefined, cause: unknown): never {
  throw new ValidationError(message, field === undefined ? { cause } : { field, cause });
}

/** `["parameters", 2, "options"]` → `parameters[2].options`. */
export function formatPath(path: readonly PropertyKey[]): string | undefined {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out.length === 0 ? String(key) : `.${String(key)}`;
  }
  return out.length === 0 ? undefined : out;
}
