/** How bad a finding is: errors fail `check` and `package`, warnings are printed only. */
export type Severity = "error" | "warning";

/** One finding of `check`: the file and field to fix, and what is wrong. */
export interface Problem {
  /** `error` fails the check. */
  severity: Severity;
  /** File to edit, relative to the project (e.g. `src/manifest.ts`). */
  file: string;
  /** Dotted field inside that file (e.g. `resource.permission.model.llm`), when there is one. */
  field?: string;
  /** What is wrong and how to fix it. */
  message: string;
}

/** `file (field): message` — the one-line form printed by the CLI. */
export function formatProblem(problem: Problem): string {
  return `${problem.severity}: ${problem.file}${problem.field ? ` (${problem.field})` : ""}: ${problem.message}`;
}
