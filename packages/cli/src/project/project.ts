import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join, posix, relative, resolve } from "node:path";
import { PluginLoadError } from "../errors/plugin-load-error.js";
import { PERMISSION_CHECK_MODES, type PermissionCheckMode } from "../permissions/check-permissions.js";
import { PERMISSION_FLAGS, type PermissionFlag } from "../permissions/permission-families.js";

/** Where a plugin project keeps its parts. Read from `package.json` (`"x-plugin": {...}`) or the defaults. */
export interface PluginProject {
  /** Absolute project folder. */
  dir: string;
  /** Absolute path of the entry module, which exports the plugin (default `src/plugin.ts`). */
  entry: string;
  /** Absolute path of the assets folder, copied to `_assets/` (default `_assets`). */
  assetsDir: string;
  /** Absolute path of the manifest module when it is a separate file (`src/manifest.ts`), else the entry. */
  manifestFile: string;
  /** Absolute path of the source folder scanned for reverse calls (default `src`). */
  sourceDir: string;
  /** `name` from package.json. */
  packageName: string | undefined;
  /** `"x-plugin": { "permissionCheck" }` from package.json, when set. */
  permissionCheck?: PermissionCheckMode;
  /** `"x-plugin": { "usesPermissions" }` from package.json: flags used where the scan cannot see. */
  usesPermissions: readonly PermissionFlag[];
  /** `"x-plugin": { "files" }` from package.json: `/`-separated project paths `package` carries as they are. */
  files?: readonly string[];
}

/** Options under `"x-plugin"` in a plugin's package.json. */
export interface PluginProjectConfig {
  /** Entry module, relative to the project. */
  entry?: string;
  /** Assets folder, relative to the project. */
  assets?: string;
  /** Manifest module, relative to the project. */
  manifest?: string;
  /** How `check` treats permissions (`error`, `warn`, `off`); the `--permission-check` flag overrides it. */
  permissionCheck?: PermissionCheckMode;
  /**
   * Permission flags (`"node.enabled"`, `"model.llm"`, ...) the plugin uses in ways the source scan cannot see,
   * e.g. through a helper library: `check` counts them as used.
   */
  usesPermissions?: PermissionFlag[];
  /**
   * Files or folders, relative to the project, that the package carries at the same path (data the plugin reads
   * at run time, such as `"data"` or `"prompts/system.md"`); folders are taken whole.
   */
  files?: string[];
}

const DEFAULT_ENTRIES = ["src/plugin.ts", "src/index.ts", "src/plugin.js", "src/index.js"];

/** Reads the project in `dir` (the folder holding its package.json). */
export function readProject(dir: string): PluginProject {
  const root = resolve(dir);
  const packageJsonPath = join(root, "package.json");
  if (!existsSync(packageJsonPath)) {
    throw new PluginLoadError("package.json", `not found in ${root}; run x-plugin in the plugin's folder`);
  }
  let packageJson: { name?: unknown; "x-plugin"?: PluginProjectConfig };
  try {
    packageJson = JSON.parse(readFileSync(packageJsonPath, "utf8"));
  } catch (error) {
    throw new PluginLoadError("package.json", `is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const config = packageJson["x-plugin"] ?? {};
  if (config.permissionCheck !== undefined && !PERMISSION_CHECK_MODES.includes(config.permissionCheck)) {
    throw new PluginLoadError(
      "package.json",
      `"x-plugin".permissionCheck must be one of ${PERMISSION_CHECK_MODES.map((m) => `"${m}"`).join(", ")}`,
    );
  }
  const uses = config.usesPermissions ?? [];
  if (!Array.isArray(uses) || uses.some((flag) => !PERMISSION_FLAGS.includes(flag))) {
    throw new PluginLoadError(
      "package.json",
      `"x-plugin".usesPermissions must list flags among ${PERMISSION_FLAGS.map((f) => `"${f}"`).join(", ")}`,
    );
  }
  const files = projectFileList(config.files);
  const entryPath = config.entry ?? DEFAULT_ENTRIES.find((candidate) => existsSync(join(root, candidate)));
  if (!entryPath || !existsSync(join(root, entryPath))) {
    throw new PluginLoadError(
      config.entry ?? "src/plugin.ts",
      `entry module not found; create it (it must export the plugin) or set "x-plugin": { "entry": "..." } in package.json`,
    );
  }
  const entry = join(root, entryPath);
  const manifestPath =
    config.manifest ?? (existsSync(join(root, "src/manifest.ts")) ? "src/manifest.ts" : entryPath);
  return {
    dir: root,
    entry,
    assetsDir: join(root, config.assets ?? "_assets"),
    manifestFile: join(root, manifestPath),
    sourceDir: join(root, "src"),
    packageName: typeof packageJson.name === "string" ? packageJson.name : undefined,
    ...(config.permissionCheck ? { permissionCheck: config.permissionCheck } : {}),
    usesPermissions: uses,
    files,
  };
}

/**
 * `"x-plugin".files`, each path made `/`-separated and checked to stay inside the project: no absolute path, no
 * `..`, not the project itself.
 */
function projectFileList(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((entry) => typeof entry !== "string")) {
    throw new PluginLoadError(
      "package.json",
      `"x-plugin".files must be a list of paths relative to the project`,
    );
  }
  return (value as string[]).map((entry) => {
    const path = posix.normalize(entry.split("\\").join("/")).replace(/\/+$/, "");
    if (isAbsolute(entry) || path.startsWith("/") || /^[A-Za-z]:/.test(path)) {
      throw new PluginLoadError("package.json", `"x-plugin".files: ${entry} must be relative to the project`);
    }
    if (path === "." || path === "" || path === ".." || path.startsWith("../")) {
      throw new PluginLoadError(
        "package.json",
        `"x-plugin".files: ${entry} must name a file or folder inside the project`,
      );
    }
    return path;
  });
}

/** `path` relative to the project, `/`-separated, for messages. */
export function projectPath(project: PluginProject, path: string): string {
  return relative(project.dir, path).split("\\").join("/") || ".";
}
