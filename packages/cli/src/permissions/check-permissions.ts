import type { Problem, Severity } from "../check/problem.js";
import type { ReverseCallUsage } from "./detect-usage.js";
import { isGranted, PERMISSION_FLAGS, type PermissionFlag } from "./permission-families.js";

/**
 * How `check` treats permissions:
 * - `error` (default): a reverse call the code makes without its permission is an error (the daemon would
 *   answer "permission denied" at run time); a permission no call was seen for is a warning.
 * - `warn`: both are warnings (for a call the scan misreads, e.g. in dead code).
 * - `off`: permissions are not compared.
 */
export type PermissionCheckMode = "error" | "warn" | "off";

/** The `--permission-check` / `"x-plugin": { "permissionCheck" }` choices. */
export const PERMISSION_CHECK_MODES: readonly PermissionCheckMode[] = ["error", "warn", "off"];

/** Inputs of {@link checkPermissions}. */
export interface PermissionCheckInput {
  /** The manifest's `resource.permission` (may be absent). */
  permission: unknown;
  /** Reverse calls (and possible ones) found in the source. */
  usages: readonly ReverseCallUsage[];
  /** Whether the plugin declares endpoints (they need `endpoint.enabled`). */
  declaresEndpoints: boolean;
  /** Manifest file named in problems, relative to the project. */
  manifestFile: string;
  /** Turns an absolute source path into a project-relative one. */
  relative: (path: string) => string;
  /** Default `error`. */
  mode?: PermissionCheckMode;
  /** Flags the project says it uses where the scan cannot see (`"x-plugin": { "usesPermissions": [...] }`). */
  declaredUses?: readonly PermissionFlag[];
}

const DENIAL_NAME: Record<PermissionFlag, string> = {
  "tool.enabled": "tool",
  "node.enabled": "node",
  "app.enabled": "app",
  "storage.enabled": "storage",
  "model.llm": "llm",
  "model.text_embedding": "text-embedding",
  "model.rerank": "rerank",
  "model.tts": "tts",
  "model.speech2text": "speech2text",
  "model.moderation": "moderation",
};

const DECLARE_HINT =
  'If the plugin makes this call where the scan cannot see it, list the flag in package.json "x-plugin": { "usesPermissions": [...] } to say so.';

/**
 * Compares the reverse calls the code makes with `resource.permission`. A call seen without its permission is
 * an error (the daemon answers `permission denied, you need to enable <x> access in plugin manifest` at run time).
 * A permission with no call seen is only a warning: a static scan cannot prove a call is absent (the session may be
 * used through a variable or a helper), so it never blocks `package` on that.
 */
export function checkPermissions(input: PermissionCheckInput): Problem[] {
  const mode = input.mode ?? "error";
  if (mode === "off") return [];
  const missing: Severity = mode === "error" ? "error" : "warning";
  const problems: Problem[] = [];
  const byFlag = (kind: ReverseCallUsage["kind"]) => {
    const map = new Map<PermissionFlag, ReverseCallUsage[]>();
    for (const usage of input.usages) {
      if (usage.kind === kind) map.set(usage.flag, [...(map.get(usage.flag) ?? []), usage]);
    }
    return map;
  };
  const calls = byFlag("call");
  const aliases = byFlag("alias");
  const escapes = byFlag("escape");
  const declared = new Set(input.declaredUses ?? []);
  const where = (usages: readonly ReverseCallUsage[]) =>
    usages
      .slice(0, 3)
      .map((u) => `${input.relative(u.file)}:${u.line} (${u.snippet})`)
      .join(", ");

  for (const flag of PERMISSION_FLAGS) {
    const called = calls.get(flag) ?? [];
    const aliased = aliases.get(flag) ?? [];
    const granted = isGranted(input.permission, flag);
    const fields = flag.startsWith("model.") ? `model.enabled and ${flag}` : flag;
    const denial = `the daemon answers "permission denied, you need to enable ${DENIAL_NAME[flag]} access in plugin manifest"`;
    const field = `resource.permission.${flag}`;
    if ((called.length > 0 || declared.has(flag)) && !granted) {
      const source =
        called.length > 0
          ? `${where(called)} ${called.length === 1 ? "makes" : "make"} this reverse call`
          : 'package.json "x-plugin".usesPermissions lists it';
      problems.push({
        severity: missing,
        file: input.manifestFile,
        field,
        message: `set resource.permission.${fields} to true: ${source}, and without it ${denial}`,
      });
    } else if (called.length === 0 && !declared.has(flag) && aliased.length > 0 && !granted) {
      problems.push({
        severity: "warning",
        file: input.manifestFile,
        field,
        message: `${where(aliased)} takes the client into a variable; if the plugin calls it, set resource.permission.${fields} to true, or ${denial}`,
      });
    } else if (called.length === 0 && !declared.has(flag) && aliased.length === 0 && granted) {
      const escaped = escapes.get(flag) ?? [];
      const handedOn =
        escaped.length > 0 ? ` The session is handed on at ${where(escaped)}, where it may be used.` : "";
      problems.push({
        severity: "warning",
        file: input.manifestFile,
        field,
        message: `no call needing it was seen in src/; if none is made, remove resource.permission.${flag} (a plugin should ask only for what it uses).${handedOn} ${DECLARE_HINT}`,
      });
    }
  }

  const model = record(record(input.permission)?.model);
  const anyModelUse = [...calls.keys(), ...aliases.keys(), ...declared].some((flag) =>
    flag.startsWith("model."),
  );
  if (model?.enabled === true && !anyModelUse) {
    problems.push({
      severity: "warning",
      file: input.manifestFile,
      field: "resource.permission.model.enabled",
      message: `no model call was seen in src/; if none is made, remove resource.permission.model (or set enabled to false). ${DECLARE_HINT}`,
    });
  }

  const endpoint = record(record(input.permission)?.endpoint)?.enabled === true;
  if (input.declaresEndpoints && !endpoint) {
    problems.push({
      severity: missing,
      file: input.manifestFile,
      field: "resource.permission.endpoint.enabled",
      message: "set resource.permission.endpoint.enabled to true: the plugin declares endpoints",
    });
  } else if (!input.declaresEndpoints && endpoint) {
    problems.push({
      severity: "warning",
      file: input.manifestFile,
      field: "resource.permission.endpoint.enabled",
      message: "remove resource.permission.endpoint: the plugin declares no endpoints",
    });
  }
  return problems;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
