/** Where and what to report for an error thrown while importing the plugin's modules. */
export interface LoadFailure {
  /** File to name: `src/tools/triage.ts`, or the entry when no project frame was found. */
  file: string;
  /** 1-based line in `file`, when known. */
  line?: number;
  /** The one field at fault, when the error names one. */
  field?: string;
  /** What is wrong (one line per issue when there are several, each with its field). */
  message: string;
}

/** Context of {@link describeLoadFailure}. */
export interface LoadFailureContext {
  /** The project position the error comes from, when known. */
  at?: { file: string; line: number };
  /** The entry module, named when no better position is known. */
  entryLabel: string;
  /** True when `at` is the `defineTool` call of the tool a provider error is about. */
  viaDefinition: boolean;
}

// Localised texts the SDK's builders take as a string or { en_US, ... }.
const I18N_FIELDS = new Set([
  "label",
  "description",
  "human",
  "human_description",
  "humanDescription",
  "placeholder",
  "help",
  "title",
]);

/**
 * Rewrites a zod "expected X, received undefined" into what to write: for a localised text the SDK's builders
 * accept, `is required: a string or { en_US: "..." }`; otherwise `is required (expected X)`.
 */
export function missingValueMessage(path: string, message: string, acceptsString = true): string {
  const missing = /expected (\w+), received undefined/.exec(message);
  if (!missing) return message;
  const last =
    path
      .split(/[.[\]]/)
      .filter(Boolean)
      .at(-1) ?? "";
  if (I18N_FIELDS.has(last)) {
    return acceptsString
      ? 'is required: a string or { en_US: "..." } (other locales such as zh_Hans are optional)'
      : 'is required: { en_US: "..." } (other locales such as zh_Hans are optional)';
  }
  return `is required (expected ${missing[1]})`;
}

/** Turns an import-time error into `file:line (field): message` parts, one line per issue it carries. */
export function describeLoadFailure(error: unknown, context: LoadFailureContext): LoadFailure {
  const where = context.at ? { file: context.at.file, line: context.at.line } : { file: context.entryLabel };
  const suffix =
    context.at && context.at.file !== context.entryLabel
      ? ` (raised while importing ${context.entryLabel})`
      : "";
  const err = error as { message?: unknown; field?: unknown; issues?: unknown } | null;
  const issues = Array.isArray(err?.issues)
    ? (err.issues as Array<{ path?: unknown; message?: unknown }>).filter(
        (issue) => typeof issue.path === "string" && typeof issue.message === "string",
      )
    : [];
  if (issues.length === 1) {
    const path = String(issues[0]?.path).replace(/^manifest\.?/, "");
    return {
      ...where,
      ...(path ? { field: path } : {}),
      message: `${missingValueMessage(path, String(issues[0]?.message))}${suffix}`,
    };
  }
  if (issues.length > 1) {
    const lines = issues.map((issue) => {
      const path = String(issue.path).replace(/^manifest\.?/, "");
      return `  - ${path ? `${path}: ` : ""}${missingValueMessage(path, String(issue.message))}`;
    });
    return { ...where, message: `${issues.length} problems${suffix}:\n${lines.join("\n")}` };
  }
  const text = typeof err?.message === "string" ? err.message : String(error);
  if (typeof err?.field === "string" && err.field !== "") {
    const field = context.viaDefinition ? err.field.replace(/^tools\[\d+\]\.?/, "") : err.field;
    const message = text.startsWith(`${err.field}: `) ? text.slice(err.field.length + 2) : text;
    return {
      ...where,
      field: field || err.field,
      message: `${missingValueMessage(field, message)}${suffix}`,
    };
  }
  return { ...where, message: `importing the module failed: ${text}${suffix}` };
}
