import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { lazySchema } from "../src/lazy-schema.js";

const SRC = fileURLToPath(new URL("../src/", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(dir, entry.name)]
        : [],
  );
}

function rootOf(expression: ts.Expression): ts.Expression {
  let node = expression;
  while (ts.isCallExpression(node) || ts.isPropertyAccessExpression(node) || ts.isNonNullExpression(node)) {
    node = node.expression;
  }
  return node;
}

/** Top-level `const X = z.…(…)` or `const X = SomeSchema.method(…)`: a schema built when the module loads. */
function eagerSchemas(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const init = declaration.initializer;
      if (!init || !ts.isIdentifier(declaration.name)) continue;
      if (!ts.isCallExpression(init) && !ts.isPropertyAccessExpression(init)) continue;
      const root = rootOf(init);
      if (!ts.isIdentifier(root)) continue;
      const zod = root.text === "z";
      const derived = root.text !== "lazySchema" && /Schema$/.test(root.text) && ts.isCallExpression(init);
      if (zod || derived) found.push(`${relative(SRC, file)}: ${declaration.name.text}`);
    }
  }
  return found;
}

describe("lazy schemas", () => {
  it("every top-level schema of @x/protocol is built on first use (wrap it in lazySchema(() => …))", () => {
    const eager = sources(SRC).flatMap(eagerSchemas);
    expect(eager).toEqual([]);
  });

  it("builds the schema once, on first use, and behaves as the schema itself", () => {
    let built = 0;
    const Schema = lazySchema(() => {
      built++;
      return z.object({ name: z.string() });
    });
    expect(built).toBe(0);
    expect(Schema.parse({ name: "a" })).toEqual({ name: "a" });
    expect(Schema.safeParse({ name: 1 }).success).toBe(false);
    expect(Schema instanceof z.ZodObject).toBe(true);
    expect(Object.keys(Schema.shape)).toEqual(["name"]);
    const Extended = Schema.extend({ age: z.number() });
    expect(Extended.parse({ name: "a", age: 1 })).toEqual({ name: "a", age: 1 });
    expect(z.object({ inner: Schema }).parse({ inner: { name: "b" } })).toEqual({ inner: { name: "b" } });
    expect(z.toJSONSchema(Schema)).toMatchObject({ type: "object", required: ["name"] });
    expect(built).toBe(1);
  });
});
