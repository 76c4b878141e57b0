import type { z } from "zod";
import type { RegistrationIssue } from "../errors/registration-invalid-error.js";
import { formatIssuePath } from "../validation/issue-path.js";

/** Turns zod issues into registration issues whose path starts with `prefix` (`manifest.meta.runner.language`). */
export function zodIssues(error: z.ZodError, prefix: string): RegistrationIssue[] {
  return error.issues.map((issue) => ({ path: joinPath(prefix, issue.path), message: issue.message }));
}

/** `tool`, `["tools", 0, "name"]` → `tool.tools[0].name`. */
export function joinPath(prefix: string, path: readonly PropertyKey[]): string {
  return formatIssuePath(path, { style: "indexed", prefix }) ?? "";
}
