// The release path, for real: a Verdaccio registry on 127.0.0.1 (started and stopped here), a copy of this
// repository that gets one changeset (a patch of @x/tool), `pnpm version-packages` and `pnpm release` exactly as
// the README says, then installs by name and version in projects outside the workspace, with pnpm and npm.
// Packages are discovered from the workspace; nothing here lists them.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, run } from "../lib/exec.js";
import { stripSourceCondition } from "../lib/metadata.js";
import { download, type LocalRegistry, requestJson, startRegistry } from "../lib/registry.js";
import { listTarball, readFromTarball, tarballManifest } from "../lib/tarball.js";
import {
  copyRepository,
  listWorkspace,
  type Manifest,
  readManifest,
  repoRoot,
  type WorkspacePackage,
} from "../lib/workspace.js";

/** The one package the test's changeset bumps. */
const BUMPED = "@x/tool";
/** The packages a plugin author installs first (issue 21). */
const FIRST_INSTALL = ["@x/core", "@x/tool", "@x/testing"];
const CHANGESET_SUMMARY = "release-test: a patch of @x/tool alone.";
const DEPENDENCY_FIELDS = [
  "dependencies",
  "devDependencies",
  "peerDependencies",
  "optionalDependencies",
] as const;

/** A version as the registry serves it. */
type PublishedManifest = Manifest & { dist: { tarball: string; integrity: string } };
/** What the registry answers for `GET /<name>`. */
interface Packument {
  versions: Record<string, PublishedManifest>;
  "dist-tags": Record<string, string>;
}

let tmp = "";
let registry: LocalRegistry | undefined;
let copy = "";
let userconfig = "";
/** The workspace of the copy before `changeset version`. */
let workspace: WorkspacePackage[] = [];
let before = new Map<string, Snapshot>();
let after = new Map<string, Snapshot>();
let nextVersion = "";
const packuments = new Map<string, Packument>();
const tarballs = new Map<string, string>();

/** A package's package.json text and CHANGELOG.md text (or null), to compare around `changeset version`. */
interface Snapshot {
  manifest: string;
  changelog: string | null;
}

const publicPackages = () => workspace.filter((pkg) => !pkg.manifest.private);
const privatePackages = () => workspace.filter((pkg) => pkg.manifest.private);
/** The version each public package has once versioned (what must be on the registry). */
const releasedVersion = (pkg: WorkspacePackage) => (pkg.name === BUMPED ? nextVersion : pkg.manifest.version);
const env = (extra: NodeJS.ProcessEnv = {}) =>
  cleanEnv(repoRoot, { npm_config_userconfig: userconfig, ...extra });

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "x-release-test-"));
  registry = await step("start the registry", () => startRegistry(join(tmp, "registry")));
  // npm and pnpm read the registry's token from here, and nothing else of this machine's npm config.
  userconfig = join(tmp, "npmrc");
  writeFileSync(userconfig, `${registry.authPrefix}:_authToken=${registry.token}\n`);

  copy = join(tmp, "repo");
  await step("copy the repository", () => copyRepository(repoRoot, copy));
  await step("install the copy", () => installCopy(copy));
  workspace = await listWorkspace(copy);
  const bumped = workspace.find((pkg) => pkg.name === BUMPED);
  if (!bumped) throw new Error(`${BUMPED} is not in the workspace`);
  nextVersion = patchOf(bumped.manifest.version);

  // Only this test's changeset: the pending ones of the real repository are dropped in the copy.
  const changesetDir = join(copy, ".changeset");
  for (const file of readdirSync(changesetDir)) {
    if (file.endsWith(".md") && file !== "README.md") rmSync(join(changesetDir, file));
  }
  writeFileSync(
    join(changesetDir, "release-test-tool-patch.md"),
    `---\n"${BUMPED}": patch\n---\n\n${CHANGESET_SUMMARY}\n`,
  );
  before = snapshot(workspace);
  await step("pnpm version-packages", () =>
    run("pnpm", ["run", "version-packages"], { cwd: copy, env: env() }),
  );
  after = snapshot(workspace);

  // `pnpm release` as the README documents it: the registry from npm_config_registry, the token from npmrc.
  const url = registry.url;
  await step("pnpm release", () =>
    run("pnpm", ["release"], {
      cwd: copy,
      env: env({ npm_config_registry: url }),
      // Builds and publishes every package from a cold copy: minutes on a busy machine, so a wide budget.
      timeout: 600_000,
    }),
  );

  mkdirSync(join(tmp, "tarballs"));
  for (const pkg of workspace) {
    const res = await requestJson("GET", `${registry.url}${pkg.name.replace("/", "%2f")}`);
    if (res.status === 404) continue;
    if (res.status !== 200) throw new Error(`GET ${pkg.name} answered ${res.status}`);
    const packument = res.body as Packument;
    packuments.set(pkg.name, packument);
    const version = packument.versions[releasedVersion(pkg)];
    if (!version) continue;
    const file = join(tmp, "tarballs", `${pkg.name.replace("@", "").replace("/", "-")}.tgz`);
    writeFileSync(file, await download(version.dist.tarball));
    tarballs.set(pkg.name, file);
  }
  // The budget is the config's hookTimeout (vitest.config.ts): the sum of the steps' own timeouts above.
});

afterAll(async () => {
  // Pass or fail: the registry process ends and its storage goes with the rest of the scratch folder.
  await registry?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  if (registry) await expect(requestJson("GET", `${registry.url}-/ping`)).rejects.toThrow();
});

describe("changeset version (one changeset: a patch of @x/tool)", () => {
  it("bumps @x/tool alone, by a patch, and writes its CHANGELOG; every other package keeps its version", () => {
    const bumps = workspace
      .map((pkg) => [
        pkg.name,
        JSON.parse(before.get(pkg.dir)!.manifest).version,
        readManifest(pkg.path).version,
      ])
      .filter(([, from, to]) => from !== to);
    expect(bumps).toEqual([
      [BUMPED, workspace.find((pkg) => pkg.name === BUMPED)!.manifest.version, nextVersion],
    ]);

    const tool = workspace.find((pkg) => pkg.name === BUMPED)!;
    const changelog = after.get(tool.dir)!.changelog ?? "";
    expect(changelog).toContain(`## ${nextVersion}\n\n### Patch Changes\n\n`);
    expect(changelog).toContain(CHANGESET_SUMMARY);
    const otherChangelogs = workspace
      .filter(
        (pkg) => pkg.name !== BUMPED && before.get(pkg.dir)!.changelog !== after.get(pkg.dir)!.changelog,
      )
      .map((pkg) => pkg.name);
    expect(otherChangelogs).toEqual([]);
    expect(existsSync(join(copy, ".changeset/release-test-tool-patch.md"))).toBe(false);
  });

  it("leaves every dependent's range and version as they were: bare workspace:^ is pnpm's to resolve at publish", () => {
    // changesets (apply-release-plan) skips `workspace:^`, `workspace:~` and `workspace:*` when it updates
    // ranges, and bumps a dependent only when the new version leaves its range: `workspace:^` reads as
    // ^<old version>, which a patch never leaves (and devDependencies never bump). So with
    // `updateInternalDependencies: "patch"` the only edit is @x/tool's own version.
    const dependents = workspace.flatMap((pkg) =>
      DEPENDENCY_FIELDS.flatMap((field) => {
        const range = pkg.manifest[field]?.[BUMPED];
        return range === undefined ? [] : [{ pkg: pkg.name, field, range }];
      }),
    );
    expect(dependents.length).toBeGreaterThan(0);
    expect(dependents.filter((dep) => !/^workspace:[\^~*]$/.test(dep.range))).toEqual([]);
    const changedFiles = workspace
      .filter((pkg) => pkg.name !== BUMPED && before.get(pkg.dir)!.manifest !== after.get(pkg.dir)!.manifest)
      .map((pkg) => `${pkg.dir}/package.json`);
    expect(changedFiles).toEqual([]);
    const tool = workspace.find((pkg) => pkg.name === BUMPED)!;
    expect(JSON.parse(after.get(tool.dir)!.manifest)).toEqual({ ...tool.manifest, version: nextVersion });
  });
});

describe("pnpm release to the local registry", () => {
  it("publishes every public package once, at its version, none of the private ones, and tags each release", async () => {
    expect(publicPackages().length).toBeGreaterThan(0);
    const published = publicPackages().map((pkg) => {
      const packument = packuments.get(pkg.name);
      return [pkg.name, Object.keys(packument?.versions ?? {}), packument?.["dist-tags"].latest];
    });
    expect(published).toEqual(
      publicPackages().map((pkg) => [pkg.name, [releasedVersion(pkg)], releasedVersion(pkg)]),
    );
    expect(
      privatePackages()
        .filter((pkg) => packuments.has(pkg.name))
        .map((pkg) => pkg.name),
    ).toEqual([]);

    const { stdout } = await run("git", ["tag", "--list"], { cwd: copy, env: env() });
    const tags = stdout.split("\n").filter(Boolean).sort();
    expect(tags).toEqual(
      publicPackages()
        .map((pkg) => `${pkg.name}@${releasedVersion(pkg)}`)
        .sort(),
    );
  });

  it("publishes manifests with real ranges for workspace dependencies and without the @x/source condition", async () => {
    const versions = new Map(workspace.map((pkg) => [pkg.name, releasedVersion(pkg)]));
    for (const pkg of publicPackages()) {
      const manifest = await tarballManifest(tarballs.get(pkg.name)!);
      const text = JSON.stringify(manifest);
      expect(text, pkg.name).not.toContain("workspace:");
      expect(text, pkg.name).not.toContain('"@x/source"');
      expect(manifest.exports, pkg.name).toEqual(stripSourceCondition(pkg.manifest.exports ?? null));
      // pnpm publish turns workspace:^ into ^<version of that package at publish time>, and so on.
      for (const field of DEPENDENCY_FIELDS) {
        for (const [dep, range] of Object.entries(pkg.manifest[field] ?? {})) {
          const match = /^workspace:(.*)$/.exec(range);
          if (!match) continue;
          const version = versions.get(dep)!;
          const expected =
            match[1] === "*"
              ? version
              : match[1] === "^" || match[1] === "~"
                ? `${match[1]}${version}`
                : match[1];
          expect(`${pkg.name} ${field} ${dep} ${manifest[field]?.[dep]}`).toBe(
            `${pkg.name} ${field} ${dep} ${expected}`,
          );
        }
      }
    }
  });

  it("ships only package.json, README, CHANGELOG, LICENSE and the folders in `files`: no sources, tests or maps", async () => {
    for (const pkg of publicPackages()) {
      const listing = await listTarball(tarballs.get(pkg.name)!);
      const folders = (pkg.manifest.files ?? []).filter(
        (entry) => !entry.startsWith("!") && !entry.includes("."),
      );
      const stray = listing.filter(
        (file) =>
          !["package.json", "README.md", "CHANGELOG.md", "LICENSE"].includes(file) &&
          !folders.some((folder) => file.startsWith(`${folder}/`)),
      );
      expect(stray, pkg.name).toEqual([]);
      expect(
        listing.filter((file) => file.endsWith(".map") || /^dist\/.*\.test\./.test(file)),
        pkg.name,
      ).toEqual([]);
      expect(listing, pkg.name).toEqual(expect.arrayContaining(["package.json", "README.md", "LICENSE"]));
      expect(listing.includes("CHANGELOG.md"), pkg.name).toBe(existsSync(join(pkg.path, "CHANGELOG.md")));
      expect(await readFromTarball(tarballs.get(pkg.name)!, "LICENSE"), pkg.name).toBe(
        readFileSync(join(copy, "LICENSE"), "utf8"),
      );
    }
    const tool = tarballs.get(BUMPED)!;
    expect(await readFromTarball(tool, "CHANGELOG.md")).toContain(CHANGESET_SUMMARY);
  });

  it("passes publint (suggestions included) on every published tarball", async () => {
    const report: string[] = [];
    for (const pkg of publicPackages()) {
      const bytes = readFileSync(tarballs.get(pkg.name)!);
      const tarball = bytes.buffer.slice(
        bytes.byteOffset,
        bytes.byteOffset + bytes.byteLength,
      ) as ArrayBuffer;
      const { messages, pkg: manifest } = await publint({
        pack: { tarball },
        level: "suggestion",
        strict: true,
      });
      for (const message of messages)
        report.push(`${pkg.name}: ${message.type}: ${formatMessage(message, manifest)}`);
    }
    expect(report).toEqual([]);
  });

  it("passes @arethetypeswrong/cli (ESM-only profile: node16 from ESM and bundler) on every published tarball", async () => {
    // The packages are ESM only (`"type": "module"`, no require condition), so the profile leaves out
    // TypeScript's node10 resolution (no `exports` support, deprecated in TypeScript 6) and require() from CJS.
    const attw = attwBin();
    const report: string[] = [];
    for (const pkg of publicPackages()) {
      const { stdout } = await run(
        process.execPath,
        [attw, tarballs.get(pkg.name)!, "--profile", "esm-only", "--format", "json"],
        {
          cwd: tmp,
          env: env(),
          timeout: 120_000,
        },
      );
      const problems =
        (JSON.parse(stdout) as { problems?: Record<string, { resolutionKind?: string }[]> }).problems ?? {};
      for (const [kind, list] of Object.entries(problems)) {
        for (const problem of list) {
          if (problem.resolutionKind === "node10" || problem.resolutionKind === "node16-cjs") continue;
          report.push(`${pkg.name}: ${kind} ${JSON.stringify(problem)}`);
        }
      }
    }
    expect(report).toEqual([]);
  });
});

describe("a project outside the workspace, installing from the registry", () => {
  let app = "";

  it("installs @x/core, @x/tool and @x/testing by name and version, and nothing else of ours than they declare", async () => {
    app = join(tmp, "consumer");
    mkdirSync(app);
    writeFileSync(join(app, ".npmrc"), scopeRegistry());
    writeFileSync(
      join(app, "package.json"),
      `${JSON.stringify({ name: "consumer", private: true, type: "module" })}\n`,
    );
    const specs = FIRST_INSTALL.map((name) => `${name}@${versionOf(name)}`);
    await pnpmAdd(app, specs);
    expect(installedOurs(app)).toEqual(closure(FIRST_INSTALL));
  });

  it("runs the @x/testing README's complete unit test with vitest from the registry, and type-checks it", async () => {
    const example = readmeBlock(join(copy, "packages/testing/README.md"), "## A complete unit test");
    writeFileSync(join(app, "readme.test.ts"), example);
    // The example also imports packages beyond the first three (@x/node): add them, by name and version.
    const imported = [...new Set([...example.matchAll(/from "(@x\/[^"/]+)/g)].map((m) => m[1]!))];
    const more = imported.filter((name) => !FIRST_INSTALL.includes(name));
    await pnpmAdd(
      app,
      more.map((name) => `${name}@${versionOf(name)}`),
    );
    await pnpmAdd(
      app,
      ["vitest", "typescript", "@types/node"].map((name) => `${name}@${catalogRange(name)}`),
      true,
    );
    expect(installedOurs(app)).toEqual(closure([...FIRST_INSTALL, ...more]));

    const { stdout } = await run(join(app, "node_modules/.bin/vitest"), ["run"], { cwd: app, env: env() });
    expect(stdout).toMatch(/Tests\s+.*1 passed/);
    writeFileSync(
      join(app, "tsconfig.json"),
      `${JSON.stringify({
        compilerOptions: {
          module: "NodeNext",
          moduleResolution: "NodeNext",
          target: "ES2023",
          lib: ["ES2023"],
          types: ["node"],
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          verbatimModuleSyntax: true,
        },
        files: ["readme.test.ts"],
      })}\n`,
    );
    await run(join(app, "node_modules/.bin/tsc"), ["-p", "tsconfig.json"], { cwd: app, env: env() });
  });

  it("scaffolds with x-plugin init from the registry: npm resolves its ^ ranges there, its test passes, x-plugin package builds a .difypkg", async () => {
    await pnpmAdd(app, [`@x/cli@${versionOf("@x/cli")}`], true);
    const project = join(tmp, "my-tools");
    await run(
      join(app, "node_modules/.bin/x-plugin"),
      ["init", "my-tools", "--author", "acme", "--dir", project],
      {
        cwd: app,
        env: env(),
      },
    );
    const scaffold = readManifest(project);
    const ours = Object.entries({ ...scaffold.dependencies, ...scaffold.devDependencies }).filter(([name]) =>
      name.startsWith("@x/"),
    );
    expect(ours.length).toBeGreaterThan(0);
    // What the CLI prints next (`npm install && npm test`), with the scope pointed at the registry.
    writeFileSync(join(project, ".npmrc"), scopeRegistry());
    await run("npm", ["install", "--no-audit", "--no-fund"], { cwd: project, env: env() });
    for (const [name, range] of ours) {
      const installed = readManifest(join(project, "node_modules", name)).version;
      expect(`${name} ${range} → ${installed}`).toBe(`${name} ${range} → ${versionOf(name)}`);
    }
    const { stdout: tested } = await run("npm", ["test"], { cwd: project, env: env() });
    expect(tested).toMatch(/Tests\s+.*passed/);
    await run(join(project, "node_modules/.bin/x-plugin"), ["check"], { cwd: project, env: env() });
    await run(join(project, "node_modules/.bin/x-plugin"), ["package"], { cwd: project, env: env() });

    const archive = readdirSync(project).find((file) => file.endsWith(".difypkg"));
    expect(archive).toBe(`my-tools-${scaffold.version}.difypkg`);
    const { stdout: listing } = await run(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { readFileSync } from "node:fs"; import { readZip } from "@x/cli";
         const { files } = await readZip(readFileSync(${JSON.stringify(join(project, archive!))}));
         console.log(JSON.stringify(files.map((f) => f.path)));`,
      ],
      { cwd: project, env: env() },
    );
    expect(JSON.parse(listing)).toEqual(
      expect.arrayContaining([
        "manifest.yaml",
        "main.py",
        "requirements.txt",
        "plugin.mjs",
        "_assets/icon.svg",
      ]),
    );
  });
});

/** Runs one step of the setup and prints how long it took, so a slow CI run says where its time went. */
async function step<T>(name: string, body: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await body();
  } finally {
    console.log(`release-test: ${name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

/**
 * Installs the copy's dependencies from the store this repository was installed from (offline), or from the
 * registry if that store lacks some. The store is named explicitly: pnpm keeps one store per filesystem, and
 * the scratch folder may be on another one than the repository (then a default `--offline` finds an empty
 * store and the install goes to the network).
 */
async function installCopy(folder: string): Promise<void> {
  const { stdout } = await run("pnpm", ["store", "path"], { cwd: repoRoot, env: env(), timeout: 60_000 });
  const args = [
    "install",
    "--frozen-lockfile",
    "--config.confirmModulesPurge=false",
    "--reporter=append-only",
    `--store-dir=${stdout.trim()}`,
  ];
  try {
    await run("pnpm", [...args, "--offline"], { cwd: folder, env: env() });
  } catch (error) {
    console.log(
      `release-test: the offline install failed, trying the registry: ${(error as Error).message.split("\n")[0]}`,
    );
    await run("pnpm", [...args, "--prefer-offline", "--config.fetch-retries=1"], { cwd: folder, env: env() });
  }
}

/** `pnpm add` in a scratch project (not a workspace), failing fast on registry errors. */
async function pnpmAdd(folder: string, specs: string[], dev = false): Promise<void> {
  if (specs.length === 0) return;
  await run(
    "pnpm",
    ["add", ...(dev ? ["--save-dev"] : []), ...specs, "--reporter=append-only", "--config.fetch-retries=1"],
    { cwd: folder, env: env() },
  );
}

/** The `.npmrc` line that sends the @x scope, and only it, to the local registry. */
function scopeRegistry(): string {
  return `@x:registry=${registry!.url}\n`;
}

/** The released version of a workspace package. */
function versionOf(name: string): string {
  const pkg = workspace.find((candidate) => candidate.name === name);
  if (!pkg) throw new Error(`${name} is not in the workspace`);
  return releasedVersion(pkg);
}

/** `name@version` of every package of ours in a pnpm project's virtual store (direct or not). */
function installedOurs(folder: string): string[] {
  return readdirSync(join(folder, "node_modules/.pnpm"))
    .map((entry) => /^@x\+([^@]+)@([^_]+)/.exec(entry))
    .filter((match) => match !== null)
    .map((match) => `@x/${match[1]}@${match[2]}`)
    .sort();
}

/** The packages of ours that installing `names` brings, following the published manifests' dependencies. */
function closure(names: string[]): string[] {
  const seen = new Set<string>();
  const queue = [...names];
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const manifest = packuments.get(name)?.versions[versionOf(name)];
    if (!manifest) throw new Error(`${name}@${versionOf(name)} is not on the registry`);
    for (const field of ["dependencies", "peerDependencies", "optionalDependencies"] as const) {
      for (const dep of Object.keys(manifest[field] ?? {})) if (dep.startsWith("@x/")) queue.push(dep);
    }
  }
  return [...seen].map((name) => `${name}@${versionOf(name)}`).sort();
}

/** The version range `pnpm-workspace.yaml`'s catalog gives a tool, so the scratch project uses the same. */
function catalogRange(name: string): string {
  const text = readFileSync(join(copy, "pnpm-workspace.yaml"), "utf8");
  const catalog = text.slice(text.indexOf("\ncatalog:"));
  for (const line of catalog.split("\n").slice(2)) {
    if (!/^\s/.test(line)) break;
    const match = /^\s+"?([^":]+)"?:\s*(\S+)/.exec(line);
    if (match?.[1] === name) return match[2]!;
  }
  throw new Error(`pnpm-workspace.yaml's catalog has no ${name}`);
}

/** The first ```ts block after `marker` in a README (as tooling/readme-examples reads them). */
function readmeBlock(file: string, marker: string): string {
  const text = readFileSync(file, "utf8");
  const from = text.indexOf(marker);
  if (from === -1) throw new Error(`${file}: no "${marker}"`);
  const start = text.indexOf("```ts\n", from);
  const end = text.indexOf("\n```", start + 1);
  return text.slice(start + "```ts\n".length, end + 1);
}

/** package.json and CHANGELOG.md of every package, as text. */
function snapshot(packages: WorkspacePackage[]): Map<string, Snapshot> {
  return new Map(
    packages.map((pkg) => {
      const changelog = join(pkg.path, "CHANGELOG.md");
      return [
        pkg.dir,
        {
          manifest: readFileSync(join(pkg.path, "package.json"), "utf8"),
          changelog: existsSync(changelog) ? readFileSync(changelog, "utf8") : null,
        },
      ];
    }),
  );
}

/** `x.y.z` → `x.y.(z+1)`. */
function patchOf(version: string): string {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!match) throw new Error(`${BUMPED} has version ${version}, not x.y.z`);
  return `${match[1]}.${match[2]}.${Number(match[3]) + 1}`;
}

/** The @arethetypeswrong/cli entry point. */
function attwBin(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve("@arethetypeswrong/cli/package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { bin: Record<string, string> };
  return join(dirname(manifestPath), manifest.bin.attw!);
}
