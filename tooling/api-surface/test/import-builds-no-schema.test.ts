import { describe, expect, it, vi } from "vitest";

// A plugin pays at start for every zod schema a package builds while it loads, schema or not used (issue 20:
// startup). @x/protocol's lazy-schemas test sees `const X = z.…` at the top of a module; this one sees everything
// else (a helper such as `orNull(z.…)`, an object of shared fields spread into several schemas, a lookup table
// that reads `Schema.shape`): it counts every `z.<factory>(…)` call made while each library package loads.
const calls: string[] = [];

vi.mock("zod", async (importOriginal) => {
  const actual = await importOriginal<typeof import("zod")>();
  const counting = new Proxy(actual.z, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== "function" || typeof key !== "string") return value;
      return new Proxy(value, {
        apply(fn, self, args) {
          const caller = new Error().stack?.split("\n")[2]?.trim() ?? "?";
          calls.push(`z.${key}() ${caller.replace(/^at .*\/packages\//, "packages/")}`);
          return Reflect.apply(fn, self, args);
        },
      });
    },
  });
  return { ...actual, z: counting };
});

// Everything a plugin can import at start, and @x/testing (a test file pays for it at every run); @x/cli, a
// build tool, is left out.
const ENTRIES = {
  "@x/protocol": () => import("@x/protocol"),
  "@x/core": () => import("@x/core"),
  "@x/core/internal": () => import("@x/core/internal"),
  "@x/tool": () => import("@x/tool"),
  "@x/node": () => import("@x/node"),
  "@x/model": () => import("@x/model"),
  "@x/model/openai-compatible": () => import("@x/model/openai-compatible"),
  "@x/app": () => import("@x/app"),
  "@x/endpoint": () => import("@x/endpoint"),
  "@x/agent": () => import("@x/agent"),
  "@x/datasource": () => import("@x/datasource"),
  "@x/trigger": () => import("@x/trigger"),
  "@x/testing": () => import("@x/testing"),
};

describe("importing a library package", () => {
  it.each(Object.entries(ENTRIES))(
    "%s builds no zod schema (build it on first use: lazySchema(() => …) from @x/protocol)",
    async (_name, load) => {
      calls.length = 0;
      await load();
      expect(calls).toEqual([]);
    },
  );
});
