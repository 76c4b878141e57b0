import { stringify } from "yaml";
import { PluginLoadError } from "../../errors/plugin-load-error.js";
import type { LayoutFile } from "../package-layout.js";

/**
 * Writes one declaration kind into the package: pushes the YAML files it needs onto `files` and returns the paths
 * `manifest.plugins.<key>` lists (the daemon's `PluginDeclarationWithoutAdvancedFields.Plugins`,
 * `pkg/entities/plugin_entities/plugin_declaration.go`).
 */
export interface KindWriter {
  /** The `manifest.plugins` key this kind's files are listed under (`tools`, `endpoints`, `models`...). */
  manifestKey: string;
  /** Writes the files of `declaration` and returns the manifest entries. */
  write(declaration: Record<string, unknown>, context: KindWriteContext): string[];
}

/** What a {@link KindWriter} gets besides its declaration. */
export interface KindWriteContext {
  /** The manifest being built (read `name` from it; do not change it). */
  manifest: Readonly<Record<string, unknown>>;
  /** Manifest file to name in errors. */
  manifestFile: string;
  /** The package's files so far: push to it. */
  files: LayoutFile[];
}

/** YAML as the package stores it (no line folding). */
export function yaml(value: unknown): string {
  return stringify(value, { lineWidth: 0 });
}

/** A deep copy through JSON, so a writer may change what it writes. */
export function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Whether `value` is a plain object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `declaration.identity.name`, or a `PluginLoadError` saying which declaration lacks it. */
export function nameOf(declaration: Record<string, unknown>, what: string): string {
  const identity = declaration.identity;
  const name = isRecord(identity) ? identity.name : undefined;
  if (typeof name !== "string" || name === "") {
    throw new PluginLoadError("src", `a ${what} declaration has no identity.name`);
  }
  return name;
}

/** `name` made safe as a file name inside the package. */
export function safeFileName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_-]+/g, "_");
}
