import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Counts every name (values and types) @x/core's root exports, with the TypeScript compiler itself.
function exportedNames(entry: string): string[] {
  const file = fileURLToPath(new URL(entry, import.meta.url));
  const program = ts.createProgram([file], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2023,
    customConditions: ["@x/source"],
    noEmit: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`cannot read ${file}`);
  const symbol = checker.getSymbolAtLocation(source);
  if (!symbol) throw new Error(`${file} is not a module`);
  return checker
    .getExportsOfModule(symbol)
    .map((s) => s.name)
    .sort();
}

describe("@x/core", () => {
  const root = exportedNames("../../../packages/core/src/index.ts");
  const internal = new Set(exportedNames("../../../packages/core/src/internal.ts"));

  it("has a front door of at most 60 names", () => {
    expect(root.length).toBeGreaterThan(30);
    expect(root.length).toBeLessThanOrEqual(60);
  });

  it("exposes through @x/core/internal everything the front door has, and more", () => {
    expect(root.filter((name) => !internal.has(name))).toEqual([]);
    expect(internal.size).toBeGreaterThan(root.length);
  });

  it("keeps engine details out of the front door", () => {
    for (const name of [
      "endFrame",
      "invokeFrame",
      "TransactionClient",
      "InvocationEngine",
      "LineDecoder",
      "hasCode",
    ]) {
      expect(root).not.toContain(name);
    }
  });
});
