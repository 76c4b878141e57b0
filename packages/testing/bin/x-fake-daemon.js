#!/usr/bin/env node
// The `x-fake-daemon` command. Committed, not built: pnpm links a package's bin when the workspace is installed,
// before `pnpm build` has written dist/, and links nothing for a file that does not exist yet.
const entry = new URL("../dist/cli/x-fake-daemon.js", import.meta.url);
try {
  await import(entry.href);
} catch (error) {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes(entry.pathname)) {
    process.stderr.write("x-fake-daemon is not built: run `pnpm build` in the SDK repository first.\n");
    process.exit(1);
  }
  throw error;
}
