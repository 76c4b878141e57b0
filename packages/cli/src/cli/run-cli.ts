import { parseArgs } from "node:util";
import { DifyPluginError } from "@x/core";
import { checkPlugin } from "../check/check-plugin.js";
import { formatProblem } from "../check/problem.js";
import { runDev } from "../dev/run-dev.js";
import { packagePlugin } from "../package/package-plugin.js";
import { readProject } from "../project/project.js";
import { cliVersion, initProject } from "../scaffold/init-project.js";

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
  x-plugin init <name> [--dir <folder>] [--author <author>]
      Scaffold a tool plugin (tool, unit test, manifest, icon) that passes its own test.
  x-plugin check [--dir <project>]
      Validate the manifest and declarations as the daemon will, check every icon exists under _assets/,
      and check resource.permission enables exactly the reverse calls the code makes.
  x-plugin dev [--dir <project>]
      Run the plugin against Dify's remote-debugging port (REMOTE_INSTALL_URL, REMOTE_INSTALL_KEY from the
      environment or .env), showing what was registered, each request and each reverse call.
  x-plugin package [--dir <project>] [--out <folder>] [--max-size <bytes>] [--node-requirement <spec>] [--minify]
      Bundle the plugin and write <name>-<version>.difypkg, installable on a stock Dify.

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
  const dir = values.dir ?? cwd;
  const conditions = values.conditions
    ? {
        conditions: values.conditions
          .split(",")
          .map((c) => c.trim())
          .filter(Boolean),
      }
    : {};

  try {
    switch (command) {
      case "init": {
        const name = rest[0];
        if (!name) {
          io.err("x-plugin init: give the plugin a name, e.g. x-plugin init my-tools");
          return 2;
        }
        const result = initProject({
          name,
          ...(values.dir ? { dir: values.dir } : { dir: `${cwd}/${name}` }),
          ...(values.author ? { author: values.author } : {}),
        });
        io.out(`created ${result.dir}:`);
        for (const file of result.files) io.out(`  ${file}`);
        io.out(`next: cd ${result.dir} && npm install && npm test && npx x-plugin check`);
        return 0;
      }
      case "check": {
        const report = await checkPlugin(readProject(dir), conditions);
        for (const problem of report.problems)
          (problem.severity === "error" ? io.err : io.out)(formatProblem(problem));
        const manifest = report.loaded.manifest;
        if (!report.ok) {
          io.err(
            `✗ ${report.problems.filter((p) => p.severity === "error").length} error(s): fix them and run x-plugin check again`,
          );
          return 1;
        }
        io.out(
          `✓ ${String(manifest.author)}/${String(manifest.name)} ${String(manifest.version)} passes every check`,
        );
        return 0;
      }
      case "dev": {
        const result = await runDev(readProject(dir), {
          print: io.out,
          env: io.env ?? process.env,
          ...conditions,
          ...(io.signal ? { signal: io.signal } : {}),
        });
        return result.exitCode;
      }
      case "package": {
        const maxSize = values["max-size"] === undefined ? undefined : Number(values["max-size"]);
        if (maxSize !== undefined && !(Number.isInteger(maxSize) && maxSize > 0)) {
          io.err("x-plugin package: --max-size must be a positive number of bytes");
          return 2;
        }
        const result = await packagePlugin(readProject(dir), {
          ...conditions,
          ...(values.out ? { outDir: values.out } : {}),
          ...(maxSize === undefined ? {} : { maxSize }),
          ...(values["node-requirement"] ? { nodeRequirement: values["node-requirement"] } : {}),
          ...(values.minify ? { minify: true } : {}),
        });
        for (const warning of result.warnings) io.out(`warning: ${warning}`);
        io.out(`✓ wrote ${result.file} (${result.size} bytes, ${result.uncompressedSize} uncompressed):`);
        for (const file of result.files) io.out(`  ${file.path} (${file.size} bytes)`);
        io.out("");
        io.out(result.instructions);
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
    options: {
      dir: { type: "string" },
      author: { type: "string" },
      out: { type: "string" },
      "max-size": { type: "string" },
      "node-requirement": { type: "string" },
      minify: { type: "boolean" },
      conditions: { type: "string" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
}
