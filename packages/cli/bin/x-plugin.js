#!/usr/bin/env node
// The `x-plugin` command. This launcher is committed, not built: pnpm links a package's bin when the workspace is
// installed, before `pnpm build` has written dist/, and links nothing for a file that does not exist yet.
// It also says at once when Node is too old, before any module that needs a newer Node is loaded.
const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `x-plugin needs Node.js 22.12 or newer, but ${process.execPath} is ${process.version}.\n` +
      "Install a current Node.js LTS (or switch with nvm, fnm or volta) and run the command again.\n",
  );
  process.exit(1);
}
const entry = new URL("../dist/bin.js", import.meta.url);
try {
  await import(entry.href);
} catch (error) {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes(entry.pathname)) {
    process.stderr.write(
      "x-plugin is not built: dist/bin.js is missing. In the SDK repository, run `pnpm build` first.\n",
    );
    process.exit(1);
  }
  throw error;
}
