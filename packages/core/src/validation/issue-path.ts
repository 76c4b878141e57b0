/** How an issue path is written: `dotted` → `docs.0.score`, `indexed` → `parameters[2].options`. */
export type IssuePathStyle = "dotted" | "indexed";

/** Options of {@link formatIssuePath}. */
export interface FormatIssuePathOptions {
  /** `dotted` (the default) or `indexed` (numeric segments as `[n]`). */
  style?: IssuePathStyle;
  /** A leading segment the path is relative to, e.g. `outputs.__usage`. */
  prefix?: string;
}

/**
 * Writes a zod issue path for an error message or a `field`: `["docs", 0, "score"]` → `docs.0.score`, or with
 * `style: "indexed"` → `docs[0].score`. Returns `undefined` for an empty path without a prefix.
 */
export function formatIssuePath(
  path: readonly PropertyKey[],
  options: FormatIssuePathOptions = {},
): string | undefined {
  const indexed = options.style === "indexed";
  let out = options.prefix ?? "";
  for (const key of path) {
    if (indexed && typeof key === "number") out += `[${key}]`;
    else out += out.length === 0 ? String(key) : `.${String(key)}`;
  }
  return out.length === 0 ? undefined : out;
}
