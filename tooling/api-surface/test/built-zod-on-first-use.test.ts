import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The built packages, as Node runs them from node_modules (no `@x/source` condition, a real child process):
// importing any library entry loads no zod module at all, and the first schema used loads zod, the same instance
// a plugin's own `import "zod"` gets. (issue 20: zod's import was ~50 ms of an empty plugin's start.)
const HERE = fileURLToPath(new URL("..", import.meta.url));

const ENTRIES = [
  "@x/protocol",
  "@x/core",
  "@x/core/internal",
  "@x/tool",
  "@x/node",
  "@x/model",
  "@x/model/openai-compatible",
  "@x/app",
  "@x/endpoint",
  "@x/agent",
  "@x/datasource",
  "@x/trigger",
  "@x/testing",
];

/** Runs an ES module script in a plain Node child that records every zod file it loads. */
function inChild(body: string): Record<string, unknown> {
  const script = `
    import { registerHooks } from "node:module";
    const zodFiles = [];
    registerHooks({
      load(url, context, next) {
        if (/\\/node_modules\\/(\\.pnpm\\/zod@[^/]+\\/node_modules\\/)?zod\\//.test(url)) zodFiles.push(url);
        return next(url, context);
      },
    });
    const result = {};
    ${body}
    process.stdout.write(JSON.stringify(result));
  `;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: HERE,
    encoding: "utf8",
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  return JSON.parse(out) as Record<string, unknown>;
}

describe("zod in the built packages", () => {
  it("is not loaded by importing any library entry", () => {
    const result = inChild(`
      for (const entry of ${JSON.stringify(ENTRIES)}) await import(entry);
      result.zodFiles = zodFiles.length;
    `);
    expect(result.zodFiles).toBe(0);
  });

  it('loads on the first schema used, validates, and is the instance `import "zod"` gives', () => {
    const result = inChild(`
      const { RequestFrameSchema } = await import("@x/protocol");
      const { z } = await import("@x/protocol/zod");
      result.before = zodFiles.length;
      const parsed = RequestFrameSchema.safeParse({ session_id: 7 });
      result.after = zodFiles.length;
      result.rejected = parsed.success === false;
      // What a plugin's own \`import "zod"\` gets (this package depends on the same zod as @x/protocol).
      const own = await import("zod");
      result.sameInstance = own.z.ZodType === z.ZodType && parsed.error instanceof own.z.ZodError;
    `);
    expect(result).toMatchObject({ before: 0, rejected: true, sameInstance: true });
    expect(result.after).toBeGreaterThan(0);
  });

  it("is loaded by the runtime in the quiet after start, before any request", () => {
    const result = inChild(`
      const { InMemoryTransport, Plugin, PluginRuntime, silentLogger } = await import("@x/core");
      const { plugin: transport } = InMemoryTransport.createLinkedPair();
      const runtime = new PluginRuntime({ plugin: new Plugin(), transport, logger: silentLogger });
      await runtime.start();
      result.atStart = zodFiles.length;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      result.later = zodFiles.length;
      await runtime.close();
    `);
    expect(result.atStart).toBe(0);
    expect(result.later).toBeGreaterThan(0);
  });
});
