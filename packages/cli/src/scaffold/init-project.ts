import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import { join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { ScaffoldError } from "../errors/scaffold-error.js";
import { cliVersion } from "./version.js";

/**
 * Plugin kinds `init` can scaffold. Each kind is one folder under `templates/` (`templates/tool/`); a kind is
 * added by adding its folder (a plugin that passes its own test and `check`) and its name here.
 */
export const PLUGIN_KINDS = ["tool", "endpoint", "agent-strategy", "model", "trigger", "datasource"] as const;

/** One scaffold kind (`--kind`). */
export type PluginKind = (typeof PLUGIN_KINDS)[number];

/** Options of {@link initProject}. */
export interface InitOptions {
  /** Plugin name: 1-128 of `a-z 0-9 _ -` (the daemon's rule for `manifest.name`). */
  name: string;
  /** What to scaffold. Default `tool`. */
  kind?: PluginKind;
  /** Folder to create. Default `./<name>`. */
  dir?: string;
  /** Manifest author: 1-64 of `a-z 0-9 _ -`. Default: the OS user name, cleaned up. */
  author?: string;
  /** Version range written for the `@x/*` dependencies. Default `^<this CLI's version>`. Ignored with `from`. */
  sdkRange?: string;
  /**
   * A folder of `pnpm pack` tarballs (`x-core-0.1.0.tgz`, `x-tool-…`, `x-testing-…`, `x-cli-…`, `x-protocol-…`, and
   * those of the kind's packages and their own `@x/*` dependencies): the `@x/*` dependencies become `file:` specs pointing at them (relative to the project), with `overrides` (npm) and
   * `pnpm.overrides` so the packages' own `@x/core` dependency resolves to the same tarball.
   */
  from?: string;
  /** `created_at` of the manifest. Default now. */
  createdAt?: Date;
}

/** What {@link initProject} created. */
export interface InitResult {
  /** Absolute project folder. */
  dir: string;
  /** Files written, relative to `dir`. */
  files: string[];
}

const NAME = /^[a-z0-9_-]{1,128}$/;
const AUTHOR = /^[a-z0-9_-]{1,64}$/;
// npm drops .gitignore from published tarballs, so templates keep dotfiles under other names. Markdown templates
// end in `.tmpl` so that Biome's Markdown formatter leaves their `__PLACEHOLDERS__` alone (it turns `__X__` into
// `**X**`).
const RENAMES: Readonly<Record<string, string>> = { _gitignore: ".gitignore", "env.example": ".env.example" };
const TEMPLATE_SUFFIX = ".tmpl";
const PLACEHOLDER = /__[A-Z][A-Z_]*__/g;
/**
 * The `@x/*` packages a scaffold of `kind` needs as tarballs: those its template's package.json names, and
 * `@x/protocol`, which every other SDK package depends on (the registry cannot serve it either).
 */
function sdkPackages(kind: PluginKind): string[] {
  const pkg = JSON.parse(readFileSync(join(templatesDir(), kind, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const names = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })
    .filter((name) => name.startsWith("@x/"))
    .map((name) => name.slice("@x/".length));
  const all = new Set([...names, "protocol"]);
  for (const name of all) for (const dependency of SDK_DEPENDENCIES[name] ?? []) all.add(dependency);
  return [...all];
}

/**
 * The `@x/*` packages an SDK package depends on besides `@x/core` and `@x/protocol` (which every template names):
 * a scaffold of `agent-strategy` also needs `@x/model` and `@x/tool` as tarballs, with overrides, because the
 * registry cannot serve them either. `test/scaffold.test.ts` keeps this equal to the packages' package.json.
 */
const SDK_DEPENDENCIES: Readonly<Record<string, readonly string[]>> = {
  agent: ["model", "tool"],
  datasource: ["tool"],
};

/** Folder holding the project templates (next to `src/` and `dist/`), one subfolder per {@link PluginKind}. */
export function templatesDir(): string {
  return fileURLToPath(new URL("../../templates", import.meta.url));
}

/**
 * Scaffolds a plugin of `kind` (default `tool`): package.json depending on `@x/core` and the kind's package
 * (`@x/tool`, `@x/endpoint`, `@x/agent`, `@x/model`, `@x/trigger`, `@x/datasource`; `@x/testing`, `@x/cli` for
 * development), one component (a tool, an endpoint, an agent strategy, a model provider with one LLM, a webhook
 * trigger with one event, an online-document datasource), its tests, the manifest in TypeScript, an icon, a
 * README, tsconfig, `.gitignore` and `.env.example`. Refuses a bad name or a non-empty folder, and a `from`
 * folder that lacks a tarball.
 */
export function initProject(options: InitOptions): InitResult {
  const name = options.name;
  const kind = options.kind ?? "tool";
  if (!PLUGIN_KINDS.includes(kind)) {
    throw new ScaffoldError(
      `kind ${JSON.stringify(kind)} is not available; choose one of ${PLUGIN_KINDS.join(", ")}`,
    );
  }
  if (!NAME.test(name)) {
    throw new ScaffoldError(
      `plugin name ${JSON.stringify(name)} is invalid: use 1-128 characters of a-z, 0-9, _ or - (Dify's rule for manifest.name)`,
    );
  }
  const author = options.author ?? defaultAuthor();
  if (!AUTHOR.test(author)) {
    throw new ScaffoldError(
      `author ${JSON.stringify(author)} is invalid: use 1-64 characters of a-z, 0-9, _ or -`,
    );
  }
  const dir = resolve(options.dir ?? name);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new ScaffoldError(`${dir} exists and is not empty: choose another folder (--dir) or name`);
  }
  const tarballs = options.from ? findTarballs(resolve(options.from), sdkPackages(kind)) : undefined;
  const values: Record<string, string> = {
    __NAME__: name,
    __PROVIDER__: name,
    __AUTHOR__: author,
    __TITLE__: title(name),
    __CREATED_AT__: (options.createdAt ?? new Date()).toISOString().replace(/\.\d{3}Z$/, "Z"),
    __SDK_RANGE__: options.sdkRange ?? `^${cliVersion()}`,
  };
  const files: string[] = [];
  const copy = (from: string, to: string, prefix: string) => {
    for (const entry of readdirSync(from).sort()) {
      const source = join(from, entry);
      const renamed = RENAMES[entry] ?? entry;
      const targetName = renamed.endsWith(TEMPLATE_SUFFIX)
        ? renamed.slice(0, -TEMPLATE_SUFFIX.length)
        : renamed;
      const target = join(to, targetName);
      const rel = prefix ? `${prefix}/${targetName}` : targetName;
      if (statSync(source).isDirectory()) {
        mkdirSync(target, { recursive: true });
        copy(source, target, rel);
      } else {
        const text = readFileSync(source, "utf8").replace(PLACEHOLDER, (key) => {
          const value = values[key];
          if (value === undefined)
            throw new Error(`internal error: template ${rel} uses unknown placeholder ${key}`);
          return value;
        });
        writeFileSync(target, text);
        files.push(rel);
      }
    }
  };
  mkdirSync(dir, { recursive: true });
  copy(join(templatesDir(), kind), dir, "");
  if (tarballs) useTarballs(join(dir, "package.json"), dir, tarballs);
  return { dir, files };
}

/** The newest `x-<name>-<version>.tgz` (`pnpm pack`'s name for `@x/<name>`) of each of `packages` in `folder`. */
function findTarballs(folder: string, packages: readonly string[]): Map<string, string> {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch (error) {
    throw new ScaffoldError(`--from ${folder}: ${(error as Error).message}`, { cause: error });
  }
  const found = new Map<string, string>();
  const missing: string[] = [];
  for (const pkg of packages) {
    const pattern = new RegExp(`^x-${pkg}-(\\d+)\\.(\\d+)\\.(\\d+)(?:-[\\w.]+)?\\.tgz$`);
    const candidates = names
      .map((file) => ({ file, version: pattern.exec(file)?.slice(1, 4).map(Number) }))
      .filter((c): c is { file: string; version: number[] } => c.version !== undefined)
      .sort((a, b) => compareVersions(b.version, a.version));
    const newest = candidates[0];
    if (newest) found.set(`@x/${pkg}`, join(folder, newest.file));
    else missing.push(`x-${pkg}-<version>.tgz`);
  }
  if (missing.length > 0) {
    throw new ScaffoldError(
      `--from ${folder} lacks ${missing.join(", ")}; make them in the SDK repository with: pnpm build && pnpm -r --filter "./packages/*" exec pnpm pack --pack-destination ${folder}`,
    );
  }
  return found;
}

function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

// Points every @x/* dependency at its tarball (`file:` relative to the project) and overrides the packages' own
// ranges for each other, which the registry cannot serve.
function useTarballs(
  packageJsonPath: string,
  projectDir: string,
  tarballs: ReadonlyMap<string, string>,
): void {
  const pkg = JSON.parse(readFileSync(packageJsonPath, "utf8")) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    overrides?: Record<string, string>;
    pnpm?: { overrides?: Record<string, string> };
  };
  const specs: Record<string, string> = {};
  for (const [name, file] of tarballs) {
    const path = relative(projectDir, file).split(sep).join("/");
    specs[name] = `file:${path.startsWith(".") ? path : `./${path}`}`;
  }
  for (const section of [pkg.dependencies, pkg.devDependencies]) {
    for (const name of Object.keys(section ?? {})) {
      const spec = specs[name];
      if (section && spec) section[name] = spec;
    }
  }
  pkg.overrides = { ...pkg.overrides, ...specs };
  pkg.pnpm = { ...pkg.pnpm, overrides: { ...pkg.pnpm?.overrides, ...specs } };
  writeFileSync(packageJsonPath, `${JSON.stringify(pkg, null, 2)}\n`);
}

function title(name: string): string {
  return name
    .split(/[-_]+/)
    .filter(Boolean)
    .map((word) => word[0]?.toUpperCase() + word.slice(1))
    .join(" ");
}

function defaultAuthor(): string {
  let user = "";
  try {
    user = userInfo().username;
  } catch {
    // No user database entry (some containers): fall back below.
  }
  const cleaned = user
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64);
  return cleaned || "author";
}

export { cliVersion };
