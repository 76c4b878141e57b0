import type { Problem } from "../check/problem.js";
import type { ReverseCallUsage } from "./detect-usage.js";
import { isGranted, PERMISSION_FLAGS, type PermissionFlag } from "./permission-families.js";

/** Inputs of {@link checkPermissions}. */
export interface PermissionCheckInput {
  /** The manifest's `resource.permission` (may be absent). */
  permission: unknown;
  /** Reverse calls found in the source. */
  usages: readonly ReverseCallUsage[];
  /** Whether the plugin declares endpoints (they need `endpoint.enabled`). */
  declaresEndpoints: boolean;
  /** Manifest file named in problems, relative to the project. */
  manifestFile: string;
  /** Turns an absolute source path into a project-relative one. */
  relative: (path: string) => string;
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

/**
 * Compares the reverse calls the code makes with `resource.permission`: every family used must be enabled
 * (otherwise the daemon answers `permission denied, you need to enable <x> access in plugin manifest` at run
 * time), and nothing unused may be enabled (Dify shows the requested permissions to whoever installs it).
 */
export function checkPermissions(input: PermissionCheckInput): Problem[] {
  const problems: Problem[] = [];
  const used = new Map<PermissionFlag, ReverseCallUsage[]>();
  for (const usage of input.usages) used.set(usage.flag, [...(used.get(usage.flag) ?? []), usage]);

  for (const flag of PERMISSION_FLAGS) {
    const places = used.get(flag);
    const granted = isGranted(input.permission, flag);
    if (places && !granted) {
      const where = places
        .slice(0, 3)
        .map((u) => `${input.relative(u.file)}:${u.line} (${u.snippet})`)
        .join(", ");
      const fields = flag.startsWith("model.") ? `model.enabled and ${flag}` : flag;
      problems.push({
        severity: "error",
        file: input.manifestFile,
        field: `resource.permission.${flag}`,
        message: `set resource.permission.${fields} to true: ${where} ${places.length === 1 ? "makes" : "make"} this reverse call, and without it the daemon answers "permission denied, you need to enable ${DENIAL_NAME[flag]} access in plugin manifest"`,
      });
    } else if (!places && granted) {
      problems.push({
        severity: "error",
        file: input.manifestFile,
        field: `resource.permission.${flag}`,
        message: `remove resource.permission.${flag} (or set it to false): no code in src/ makes this reverse call, and a plugin should ask only for what it uses`,
      });
    }
  }

  const model = record(record(input.permission)?.model);
  const anyModelUsed = [...used.keys()].some((flag) => flag.startsWith("model."));
  if (model?.enabled === true && !anyModelUsed) {
    problems.push({
      severity: "error",
      file: input.manifestFile,
      field: "resource.permission.model.enabled",
      message: "remove resource.permission.model (or set enabled to false): no code in src/ calls a model",
    });
  }

  const endpoint = record(record(input.permission)?.endpoint)?.enabled === true;
  if (input.declaresEndpoints && !endpoint) {
    problems.push({
      severity: "error",
      file: input.manifestFile,
      field: "resource.permission.endpoint.enabled",
      message: "set resource.permission.endpoint.enabled to true: the plugin declares endpoints",
    });
  } else if (!input.declaresEndpoints && endpoint) {
    problems.push({
      severity: "error",
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
