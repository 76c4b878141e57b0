import type { z } from "zod";
import type { RegistrationIssue } from "../errors/registration-invalid-error.js";

/** Turns zod issues into registration issues whose path starts with `prefix` (`manifest.meta.runner.language`). */
export function zodIssues(error: z.ZodError, prefix: string): RegistrationIssue[] {
  return error.issues.map((issue) => ({ path: joinPath(prefix, issue.path), message: issue.message }));
}

/** `tool`, `["tools", 0, "name"]` → `tool.tools[0].name`. */
export function joinPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out.length === 0 ? String(part) : `.${String(part)}`;
  }
  return out;
}
