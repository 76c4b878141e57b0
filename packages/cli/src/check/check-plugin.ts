import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { validateRegistration } from "@x/core";
import { checkPermissions, type PermissionCheckMode } from "../permissions/check-permissions.js";
import { detectReverseCalls } from "../permissions/detect-usage.js";
import { missingValueMessage } from "../project/describe-load-failure.js";
import { type LoadedPlugin, loadPlugin, type ToolProviderSites } from "../project/load-plugin.js";
import { type PluginProject, projectPath } from "../project/project.js";
import { readAssets } from "../project/read-assets.js";
import { type ProjectFile, readProjectFiles } from "../project/read-project-files.js";
import type { Problem } from "./problem.js";

/** Options of {@link checkPlugin}. */
export interface CheckOptions {
  /** Extra export conditions for bundling (e.g. `["@x/source"]` inside this repository). */
  conditions?: readonly string[];
  /** An already loaded plugin (skips bundling). */
  loaded?: LoadedPlugin;
  /** How permissions are judged; overrides the project's `"x-plugin".permissionCheck`. Default `error`. */
  permissionCheck?: PermissionCheckMode;
}

/** What `check` found. */
export interface CheckReport {
  /** The loaded plugin. */
  loaded: LoadedPlugin;
  /** Asset files by name (the `_assets/` folder plus assets the plugin carries). */
  assets: ReadonlyMap<string, Uint8Array>;
  /** The files `"x-plugin".files` lists, which `package` carries at the same path. */
  files: readonly ProjectFile[];
  /** Every finding, errors first. */
  problems: Problem[];
  /** True when there is no error. */
  ok: boolean;
}

/**
 * Checks a plugin project the way the daemon will judge it: the manifest and declarations against the daemon's
 * rules (`validateRegistration` from @x/core), every icon present in `_assets/`, and `resource.permission`
 * matching the reverse calls the source makes. Each problem names the file and field to fix.
 */
export async function checkPlugin(project: PluginProject, options: CheckOptions = {}): Promise<CheckReport> {
  const loaded =
    options.loaded ??
    (await loadPlugin(project, options.conditions ? { conditions: options.conditions } : {}));
  const rel = (path: string) => projectPath(project, path);
  const manifestFile = rel(project.manifestFile);
  const assetsFolder = rel(project.assetsDir);

  const assets = new Map<string, Uint8Array>(readAssets(project.assetsDir));
  const carried = (loaded.plugin as { assets?: () => ReadonlyMap<string, Uint8Array> }).assets;
  if (typeof carried === "function") {
    for (const [name, bytes] of carried.call(loaded.plugin)) if (!assets.has(name)) assets.set(name, bytes);
  }

  const problems: Problem[] = [];
  const sources = sourceTexts(project.sourceDir);
  for (const issue of validateRegistration({
    manifest: loaded.manifest,
    declarations: loaded.declarations as never,
    assets,
  })) {
    problems.push(
      locateIssue(issue.path, issue.message, { manifestFile, assetsFolder, loaded, sources, rel }),
    );
  }

  const usages = detectReverseCalls(project.sourceDir);
  const resource = loaded.manifest.resource as { permission?: unknown } | undefined;
  problems.push(
    ...checkPermissions({
      permission: resource?.permission,
      usages,
      declaresEndpoints: (loaded.declarations.get("endpoint")?.length ?? 0) > 0,
      manifestFile,
      relative: rel,
      mode: options.permissionCheck ?? project.permissionCheck ?? "error",
      declaredUses: project.usesPermissions,
    }),
  );

  const carriedFiles = readProjectFiles(project);
  problems.push(...carriedFiles.problems);

  problems.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
  return {
    loaded,
    assets,
    files: carriedFiles.files,
    problems,
    ok: !problems.some((p) => p.severity === "error"),
  };
}

interface LocateContext {
  manifestFile: string;
  assetsFolder: string;
  loaded: LoadedPlugin;
  sources: ReadonlyMap<string, string>;
  rel: (path: string) => string;
}

// Turns a validator path (`manifest.resource.memory`, `tool.tools[0].description.llm`, `assets.icon.svg`) into the
// file a developer edits and the field inside it.
function locateIssue(path: string, rawMessage: string, context: LocateContext): Problem {
  // A raw declaration object takes { en_US } only; the SDK's builders also take a string, but then they have
  // already checked the field, so a missing text seen here comes from an object written by hand.
  const message = missingValueMessage(path, rawMessage, false);
  if (path === "manifest" || path.startsWith("manifest.")) {
    const field = path.slice("manifest.".length);
    return { severity: "error", file: context.manifestFile, ...(field ? { field } : {}), message };
  }
  if (path.startsWith("assets")) {
    return { severity: "error", file: context.assetsFolder, field: path.slice("assets.".length), message };
  }
  const kind = path.split(/[.[]/)[0] ?? "";
  const declaration = context.loaded.declarations.get(kind)?.[0] as Record<string, unknown> | undefined;
  if (declaration) {
    const providerName = (declaration.identity as { name?: string } | undefined)?.name;
    const sites = kind === "tool" ? sitesOf(context.loaded.toolSites, providerName) : undefined;
    const tool = /^tool\.tools\[(\d+)\](?:\.(.*))?$/.exec(path);
    if (tool) {
      const tools = declaration.tools as Array<{ identity?: { name?: string } }> | undefined;
      const name = tools?.[Number(tool[1])]?.identity?.name;
      const site = sites?.tools[Number(tool[1])];
      const file = site?.file ?? (name ? findDefiningFile(context.sources, name, "defineTool") : undefined);
      return {
        severity: "error",
        file: file ? `${context.rel(file)}${site ? `:${site.line}` : ""}` : context.manifestFile,
        field: `${name ? `tool "${name}"` : `tools[${tool[1]}]`}${tool[2] ? ` ${tool[2]}` : ""}`,
        message,
      };
    }
    const endpoint = /^endpoint\.endpoints\[(\d+)\](?:\.(.*))?$/.exec(path);
    if (endpoint) {
      // An endpoint: the file that calls defineEndpoint with its path.
      const endpoints = declaration.endpoints as Array<{ path?: unknown; method?: unknown }> | undefined;
      const route = endpoints?.[Number(endpoint[1])];
      const file =
        typeof route?.path === "string"
          ? findDefiningFile(context.sources, route.path, "defineEndpoint", "path")
          : undefined;
      const label = route
        ? `endpoint ${String(route.method)} ${String(route.path)}`
        : `endpoints[${endpoint[1]}]`;
      return {
        severity: "error",
        file: file ? context.rel(file) : context.manifestFile,
        field: `${label}${endpoint[2] ? ` ${endpoint[2]}` : ""}`,
        message,
      };
    }
    if (kind === "endpoint") {
      // The group's settings: the file that calls defineEndpointGroup (or defineEndpointSettings).
      const file =
        [...context.sources].find(([, text]) => text.includes("defineEndpointSettings("))?.[0] ??
        [...context.sources].find(([, text]) => text.includes("defineEndpointGroup("))?.[0];
      const field = path.slice(kind.length).replace(/^\./, "");
      return {
        severity: "error",
        file: file ? context.rel(file) : context.manifestFile,
        field: `endpoint group${field ? ` ${field}` : ""}`,
        message,
      };
    }
    const providerSite = sites?.provider;
    const file =
      providerSite?.file ??
      (providerName
        ? findDefiningFile(context.sources, providerName, kind === "tool" ? "defineToolProvider" : "define")
        : undefined);
    const field = path.slice(kind.length).replace(/^\./, "");
    return {
      severity: "error",
      file: file
        ? `${context.rel(file)}${providerSite ? `:${providerSite.line}` : ""}`
        : context.manifestFile,
      field: `${kind}${providerName ? ` "${providerName}"` : ""}${field ? ` ${field}` : ""}`,
      message,
    };
  }
  return { severity: "error", file: context.manifestFile, field: path, message };
}

// The recorded definition sites of the tool provider named `name` (the only one when there is one).
function sitesOf(
  sites: readonly ToolProviderSites[],
  name: string | undefined,
): ToolProviderSites | undefined {
  return sites.length === 1 ? sites[0] : sites.find((site) => site.name === name);
}

// The file whose source names `name` (`name: "greet"`, or `path: "/x"` with `key`), preferring one that calls
// `definer` (`defineTool(`).
function findDefiningFile(
  sources: ReadonlyMap<string, string>,
  name: string,
  definer: string,
  key = "name",
): string | undefined {
  const quoted = [`"${name}"`, `'${name}'`, `\`${name}\``];
  const named = new RegExp(`${key}\\s*:\\s*["'\`]${name.replace(/[-/.*+?^${}()|[\]\\]/g, "\\$&")}["'\`]`);
  let best: string | undefined;
  let fallback: string | undefined;
  for (const [file, text] of sources) {
    if (!quoted.some((q) => text.includes(q))) continue;
    if (named.test(text)) {
      if (text.includes(`${definer}(`)) return file;
      best ??= file;
    }
    fallback ??= file;
  }
  return best ?? fallback;
}

function sourceTexts(dir: string): Map<string, string> {
  const texts = new Map<string, string>();
  const walk = (folder: string) => {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.[cm]?[jt]sx?$/.test(name) && !/\.(test|spec)\./.test(name))
        texts.set(path, readFileSync(path, "utf8"));
    }
  };
  walk(dir);
  return texts;
}
