import {
  AgentStrategyProviderDeclarationSchema,
  DatasourceProviderDeclarationSchema,
  DECLARATION_KINDS,
  type DeclarationKind,
  EndpointDeclarationSchema,
  EXCLUSIVE_DECLARATION_KINDS,
  MAX_ASSETS_BYTES,
  ModelProviderDeclarationSchema,
  PluginManifestSchema,
  ToolProviderDeclarationSchema,
  TriggerProviderDeclarationSchema,
} from "@x/protocol";
import type { z } from "zod";
import { RegistrationInvalidError, type RegistrationIssue } from "../errors/registration-invalid-error.js";
import { zodIssues } from "./zod-issues.js";

/** Declarations by kind: a `Plugin`'s `declarations()` map or a plain object. */
export type DeclarationsInput =
  | ReadonlyMap<DeclarationKind, readonly unknown[]>
  | Partial<Record<DeclarationKind, readonly unknown[]>>;

/** Asset files by name: a `Map` or a plain object of bytes. */
export type AssetsInput = ReadonlyMap<string, Uint8Array> | Readonly<Record<string, Uint8Array>>;

/** What {@link validateRegistration} checks: exactly what remote registration would send. */
export interface RegistrationInput {
  /** The `manifest_declaration` object. */
  manifest: unknown;
  /** Typed declarations by kind. */
  declarations: DeclarationsInput;
  /** Asset files (icons and others) by file name. */
  assets?: AssetsInput;
}

const SCHEMAS: Partial<Record<DeclarationKind, z.ZodType>> = {
  tool: ToolProviderDeclarationSchema,
  model: ModelProviderDeclarationSchema,
  endpoint: EndpointDeclarationSchema,
  agent_strategy: AgentStrategyProviderDeclarationSchema,
  datasource: DatasourceProviderDeclarationSchema,
  trigger: TriggerProviderDeclarationSchema,
};

/** Normalises declarations to a list of `[kind, items]` in registration order. */
export function declarationEntries(
  declarations: DeclarationsInput,
): Array<[DeclarationKind, readonly unknown[]]> {
  const get = (kind: DeclarationKind) =>
    declarations instanceof Map
      ? (declarations as ReadonlyMap<DeclarationKind, readonly unknown[]>).get(kind)
      : (declarations as Partial<Record<DeclarationKind, readonly unknown[]>>)[kind];
  const out: Array<[DeclarationKind, readonly unknown[]]> = [];
  for (const kind of DECLARATION_KINDS) {
    const items = get(kind);
    if (items && items.length > 0) out.push([kind, items]);
  }
  return out;
}

/** Normalises assets to `[name, bytes]` pairs. */
export function assetEntries(assets: AssetsInput | undefined): Array<[string, Uint8Array]> {
  if (!assets) return [];
  return assets instanceof Map
    ? [...(assets as ReadonlyMap<string, Uint8Array>).entries()]
    : Object.entries(assets as Readonly<Record<string, Uint8Array>>);
}

/**
 * Applies every rule the daemon applies when a plugin registers over remote debugging (§1.3.2, §9): the
 * manifest schema, the declaration schemas, the one-kind rule (only tool + endpoint combine), icons present as
 * assets, asset sizes. Returns the problems found, each naming its field; an empty list means the daemon
 * would accept the registration.
 */
export function validateRegistration(input: RegistrationInput): RegistrationIssue[] {
  const issues: RegistrationIssue[] = [];
  const manifest = PluginManifestSchema.safeParse(input.manifest);
  if (!manifest.success) issues.push(...zodIssues(manifest.error, "manifest"));

  const entries = declarationEntries(input.declarations);
  if (entries.length === 0) {
    issues.push({
      path: "declarations",
      message: "declare at least one tool, model, endpoint, agent_strategy, datasource or trigger provider",
    });
  }
  for (const [kind, items] of entries) {
    if (items.length > 1) {
      issues.push({
        path: kind,
        message: `${items.length} ${kind} declarations: the daemon keeps only the first, merge them into one provider`,
      });
    }
    const first = items[0];
    if (typeof first !== "object" || first === null || Array.isArray(first)) {
      issues.push({ path: kind, message: `the ${kind} declaration must be an object` });
      continue;
    }
    const schema = SCHEMAS[kind];
    const parsed = schema?.safeParse(first);
    if (parsed && !parsed.success) issues.push(...zodIssues(parsed.error, kind));
  }
  issues.push(...exclusivityIssues(entries.map(([kind]) => kind)));
  issues.push(...assetIssues(input, entries));
  return issues;
}

/** Like {@link validateRegistration}, but throws a {@link RegistrationInvalidError} listing every problem. */
export function assertValidRegistration(input: RegistrationInput): void {
  const issues = validateRegistration(input);
  if (issues.length > 0) throw new RegistrationInvalidError(issues);
}

function exclusivityIssues(kinds: readonly DeclarationKind[]): RegistrationIssue[] {
  if (kinds.length < 2) return [];
  if (!kinds.some((kind) => EXCLUSIVE_DECLARATION_KINDS.includes(kind))) return [];
  return [
    {
      path: "declarations",
      message: `a plugin may combine only tool and endpoint declarations, found ${kinds.join(" + ")}; split it into several plugins`,
    },
  ];
}

function assetIssues(
  input: RegistrationInput,
  entries: ReadonlyArray<[DeclarationKind, readonly unknown[]]>,
): RegistrationIssue[] {
  const issues: RegistrationIssue[] = [];
  const assets = new Map(assetEntries(input.assets));
  let base64Bytes = 0;
  for (const [name, bytes] of assets) {
    if (bytes.byteLength === 0)
      issues.push({ path: `assets.${name}`, message: "an asset must not be empty" });
    base64Bytes += Math.ceil(bytes.byteLength / 3) * 4;
  }
  if (base64Bytes > MAX_ASSETS_BYTES) {
    issues.push({
      path: "assets",
      message: `assets total ${base64Bytes} bytes (base64); the daemon allows 50 MiB`,
    });
  }
  for (const { path, file } of iconReferences(input.manifest, entries)) {
    if (!assets.has(file)) {
      issues.push({
        path,
        message: `icon "${file}" is not among the plugin's assets; add the file under that name`,
      });
    }
  }
  return issues;
}

/** Every icon file name the daemon will look up among the assets, with the field that names it. */
export function iconReferences(
  manifest: unknown,
  entries: ReadonlyArray<[DeclarationKind, readonly unknown[]]>,
): Array<{ path: string; file: string }> {
  const refs: Array<{ path: string; file: string }> = [];
  const add = (path: string, value: unknown) => {
    if (typeof value === "string" && value.length > 0) refs.push({ path, file: value });
  };
  const addI18n = (path: string, value: unknown) => {
    if (typeof value === "string") add(path, value);
    else if (isRecord(value))
      for (const [locale, file] of Object.entries(value)) add(`${path}.${locale}`, file);
  };
  if (isRecord(manifest)) {
    add("manifest.icon", manifest.icon);
    add("manifest.icon_dark", manifest.icon_dark);
  }
  for (const [kind, items] of entries) {
    const first = items[0];
    if (!isRecord(first)) continue;
    if (kind === "model") {
      for (const key of ["icon_small", "icon_large", "icon_small_dark", "icon_large_dark"])
        addI18n(`model.${key}`, first[key]);
      continue;
    }
    if (isRecord(first.identity)) {
      add(`${kind}.identity.icon`, first.identity.icon);
      add(`${kind}.identity.icon_dark`, first.identity.icon_dark);
    }
  }
  return refs;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
