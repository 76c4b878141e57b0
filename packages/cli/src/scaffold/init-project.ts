import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ScaffoldError } from "../errors/scaffold-error.js";

/** Options of {@link initProject}. */
export interface InitOptions {
  /** Plugin name: 1-128 of `a-z 0-9 _ -` (the daemon's rule for `manifest.name`). */
  name: string;
  /** Folder to create. Default `./<name>`. */
  dir?: string;
  /** Manifest author: 1-64 of `a-z 0-9 _ -`. Default: the OS user name, cleaned up. */
  author?: string;
  /** Version range written for the `@x/*` dependencies. Default `^<this CLI's version>`. */
  sdkRange?: string;
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
// npm drops .gitignore from published tarballs, so templates keep dotfiles under other names.
const RENAMES: Readonly<Record<string, string>> = { _gitignore: ".gitignore", "env.example": ".env.example" };

/** Folder holding the project templates (next to `src/` and `dist/`). */
export function templatesDir(): string {
  return fileURLToPath(new URL("../../templates", import.meta.url));
}

/**
 * Scaffolds a tool plugin: package.json depending on `@x/core`, `@x/tool` (and `@x/testing`, `@x/cli` for
 * development), a tool written with `defineTool`/`defineToolProvider`, its unit test, the manifest in TypeScript,
 * an icon, tsconfig, `.gitignore` and `.env.example`. Refuses a bad name or a non-empty folder.
 */
export function initProject(options: InitOptions): InitResult {
  const name = options.name;
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
  const values: Record<string, string> = {
    __NAME__: name,
    __PROVIDER__: name,
    __AUTHOR__: author,
    __TITLE__: title(name),
    __CREATED_AT__: (options.createdAt ?? new Date()).toISOString().replace(/\.\d{3}Z$/, "Z"),
    __SDK_RANGE__: options.sdkRange ?? `^${cliVersion()}`,
  };
  const files: string[] = [];
  const copy = (from: string, to: string, relative: string) => {
    for (const entry of readdirSync(from).sort()) {
      const source = join(from, entry);
      const targetName = RENAMES[entry] ?? entry;
      const target = join(to, targetName);
      const rel = relative ? `${relative}/${targetName}` : targetName;
      if (statSync(source).isDirectory()) {
        mkdirSync(target, { recursive: true });
        copy(source, target, rel);
      } else {
        let text = readFileSync(source, "utf8");
        for (const [key, value] of Object.entries(values)) text = text.split(key).join(value);
        writeFileSync(target, text);
        files.push(rel);
      }
    }
  };
  mkdirSync(dir, { recursive: true });
  copy(join(templatesDir(), "tool"), dir, "");
  return { dir, files };
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

/** This CLI's version, from its package.json. */
export function cliVersion(): string {
  const path = fileURLToPath(new URL("../../package.json", import.meta.url));
  return (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;
}
