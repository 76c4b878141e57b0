import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** A README file to put in the package. */
export interface ReadmeFile {
  /** Path inside the package: `README.md`, or `readme/README_<lang>.md`. */
  path: string;
  /** Contents. */
  data: Buffer;
  /** True when there was no README.md in the project and this one was generated from the manifest. */
  generated: boolean;
}

// The daemon's `AvailableI18nReadme` (pkg/plugin_packager/decoder/helper.go): `README.md` at the package root is
// en_US and must exist; other languages are `readme/README_<lang>.md`, lang matching this pattern.
const LOCALISED_README = /^README_([a-z]{2}_[A-Za-z]{2,})\.md$/;

/**
 * The README files of a package, where the daemon's readme endpoint reads them: the project's `README.md` at the
 * package root (generated from the manifest and declarations when the project has none) and every
 * `readme/README_<lang>.md` (e.g. `README_zh_Hans.md`).
 */
export function packageReadmes(
  projectDir: string,
  manifest: Readonly<Record<string, unknown>>,
  declarations: ReadonlyMap<string, readonly object[]>,
): ReadmeFile[] {
  const files: ReadmeFile[] = [];
  const main = join(projectDir, "README.md");
  if (existsSync(main)) files.push({ path: "README.md", data: readFileSync(main), generated: false });
  else
    files.push({
      path: "README.md",
      data: Buffer.from(generatedReadme(manifest, declarations)),
      generated: true,
    });
  const folder = join(projectDir, "readme");
  if (existsSync(folder)) {
    for (const name of readdirSync(folder).sort()) {
      if (LOCALISED_README.test(name)) {
        files.push({ path: `readme/${name}`, data: readFileSync(join(folder, name)), generated: false });
      }
    }
  }
  return files;
}

function english(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "object" && value !== null) {
    const text = (value as { en_US?: unknown }).en_US;
    if (typeof text === "string") return text;
  }
  return undefined;
}

/** A README made from the manifest (label, description) and the declared tools and endpoints. */
export function generatedReadme(
  manifest: Readonly<Record<string, unknown>>,
  declarations: ReadonlyMap<string, readonly object[]>,
): string {
  const title = english(manifest.label) ?? String(manifest.name ?? "Plugin");
  const lines = [`# ${title}`, ""];
  const description = english(manifest.description);
  if (description) lines.push(description, "");
  lines.push(`Author: ${String(manifest.author ?? "")} · Version: ${String(manifest.version ?? "")}`, "");
  const provider = declarations.get("tool")?.[0] as { tools?: Array<Record<string, unknown>> } | undefined;
  if (provider?.tools?.length) {
    lines.push("## Tools", "");
    for (const tool of provider.tools) {
      const identity = tool.identity as { name?: unknown; label?: unknown } | undefined;
      const human = english((tool.description as { human?: unknown } | undefined)?.human);
      const label = english(identity?.label) ?? String(identity?.name ?? "");
      lines.push(`- **${label}**${human ? `: ${human}` : ""}`);
    }
    lines.push("");
  }
  const group = declarations.get("endpoint")?.[0] as
    | { endpoints?: Array<Record<string, unknown>> }
    | undefined;
  if (group?.endpoints?.length) {
    lines.push("## Endpoints", "");
    for (const endpoint of group.endpoints)
      lines.push(`- \`${String(endpoint.method ?? "")} ${String(endpoint.path ?? "")}\``);
    lines.push("");
  }
  return lines.join("\n");
}
