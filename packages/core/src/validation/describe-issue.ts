import { formatIssuePath, type IssuePathStyle } from "./issue-path.js";

/** The parts of a zod issue the SDK reports. */
export interface IssueLike {
  /** What is wrong, e.g. `expected string, received number`. */
  readonly message: string;
  /** Where, from the root of the checked value. */
  readonly path: readonly PropertyKey[];
}

/** The failure side of a `safeParse` result (a `ZodError`, or any validator's error with `issues`). */
export interface IssueList {
  /** The problems found, most relevant first. */
  readonly issues: readonly IssueLike[];
}

/** Options of {@link describeIssue}. */
export interface DescribeIssueOptions {
  /** What an issue at the root is about (`reply`, `frame`); without it a root issue is its message alone. */
  subject?: string;
  /** How the path is written (see {@link formatIssuePath}); `dotted` by default. */
  pathStyle?: IssuePathStyle;
  /** The text when there is no issue at all; `bad shape` by default. */
  fallback?: string;
}

/**
 * The first issue of a failed parse as `path: message` (`docs.0.score: expected number`), for error texts.
 * An issue at the root reads `subject: message` (or the message alone when no subject is given).
 */
export function describeIssue(error: IssueList, options: DescribeIssueOptions = {}): string {
  const issue = error.issues[0];
  if (!issue) return options.fallback ?? "bad shape";
  const where = formatIssuePath(issue.path, { style: options.pathStyle ?? "dotted" }) ?? options.subject;
  return where === undefined ? issue.message : `${where}: ${issue.message}`;
}
